// SPDX-License-Identifier: MIT
#include "mcsens/report/result_layouts.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace mcsens {

namespace {

using layout::Dimension;
using layout::Layout;
using layout::Type;
using layout::Values;

// The entries of a group that every object has: `get` always gives a value.
template <class T, class F>
auto always(F f) {
  return [f](const T& object) -> std::optional<Values> { return f(object); };
}

Layout<OutputSummary> make_histogram_layout() {
  using O = OutputSummary;
  Layout<O> h;
  h.dataset("edges", Type::float64, {{"edge"}}, "the bins' edges (bins + 1, increasing)",
            always<O>([](const O& o) { return Values::numbers(o.histogram_edges); }),
            [](O& o, const Values& v) { o.histogram_edges = v.float64; })
      .dataset("counts", Type::uint64, {{"bin"}}, "finite draws per bin",
               always<O>([](const O& o) { return Values::counts(o.histogram_counts); }),
               [](O& o, const Values& v) { o.histogram_counts = v.uint64; })
      .dataset("underflow", Type::uint64, {}, "finite draws below the first edge",
               always<O>([](const O& o) { return Values::count(o.underflow); }),
               [](O& o, const Values& v) { o.underflow = v.uint64[0]; })
      .dataset("overflow", Type::uint64, {}, "finite draws above the last edge",
               always<O>([](const O& o) { return Values::count(o.overflow); }),
               [](O& o, const Values& v) { o.overflow = v.uint64[0]; });
  return h;
}

Layout<OutputSummary> make_output_layout(const Layout<OutputSummary>& histogram) {
  using O = OutputSummary;
  // Written only when some draws are not finite (the moments leave them out).
  const auto when_nonfinite = [](const O& o) { return o.nonfinite > 0 && o.count > 0; };
  Layout<O> out;
  out.attribute("label", Type::string, "the output's label (its name when the config gives none)",
                always<O>([](const O& o) { return Values::text(o.label.empty() ? o.name : o.label); }),
                [](O& o, const Values& v) { o.label = v.string[0]; })
      .attribute("unit", Type::string, "its unit (may be empty)",
                 always<O>([](const O& o) { return Values::text(o.unit); }),
                 [](O& o, const Values& v) { o.unit = v.string[0]; })
      .attribute("expr", Type::string, "the expression it is computed by",
                 always<O>([](const O& o) { return Values::text(o.expr); }),
                 [](O& o, const Values& v) { o.expr = v.string[0]; })
      .dataset("moments", Type::float64, {{"moment", 6}},
               "mean, sd, skewness, excess kurtosis, min, max of the finite draws", always<O>([](const O& o) {
                 return Values::numbers({o.mean, o.sd, o.skewness, o.kurtosis, o.min, o.max});
               }),
               [](O& o, const Values& v) {
                 o.mean = v.float64[0];
                 o.sd = v.float64[1];
                 o.skewness = v.float64[2];
                 o.kurtosis = v.float64[3];
                 o.min = v.float64[4];
                 o.max = v.float64[5];
               })
      .dataset_attribute("moments", "names", Type::string, "the moments' names, in order", always<O>([](const O&) {
                           return Values::texts({"mean", "sd", "skewness", "kurtosis", "min", "max"});
                         }))
      .dataset_attribute("moments", "kurtosis", Type::string, "which kurtosis",
                         always<O>([](const O&) { return Values::text("excess (0 for a normal law)"); }))
      .dataset("mean_se", Type::float64, {}, "the standard error of the mean",
               always<O>([](const O& o) { return Values::number(o.mean_se); }),
               [](O& o, const Values& v) { o.mean_se = v.float64[0]; })
      .dataset_attribute("mean_se", "method", Type::string, "how mean_se is computed", always<O>([](const O& o) {
                           return Values::text(o.replicates > 0
                                                   ? "randomized QMC: sd of the replicate means / sqrt(replicates)"
                                                   : "iid: sd / sqrt(count)");
                         }))
      .dataset_attribute(
          "mean_se", "replicates", Type::int64, "randomized-QMC replicates behind it (0: i.i.d. draws)",
          always<O>([](const O& o) { return Values::integer(static_cast<std::int64_t>(o.replicates)); }),
          [](O& o, const Values& v) { o.replicates = static_cast<std::size_t>(std::max<std::int64_t>(0, v.int64[0])); },
          layout::Presence::always_since)
      .dataset("count", Type::uint64, {}, "finite draws", always<O>([](const O& o) { return Values::count(o.count); }),
               [](O& o, const Values& v) { o.count = v.uint64[0]; })
      .dataset("nonfinite", Type::uint64, {}, "draws that are NaN or infinite",
               always<O>([](const O& o) { return Values::count(o.nonfinite); }),
               [](O& o, const Values& v) { o.nonfinite = v.uint64[0]; })
      .dataset("quantiles", Type::float64, {{"row", 2}, {"quantile"}}, "row 0 the probabilities, row 1 the quantiles",
               always<O>([](const O& o) {
                 std::vector<double> rows = o.probabilities;
                 rows.insert(rows.end(), o.quantiles.begin(), o.quantiles.end());
                 return Values::table(std::move(rows), 2, o.probabilities.size());
               }),
               [](O& o, const Values& v) {
                 const auto k = static_cast<std::ptrdiff_t>(v.float64.size() / 2);
                 o.probabilities.assign(v.float64.begin(), v.float64.begin() + k);
                 o.quantiles.assign(v.float64.begin() + k, v.float64.end());
               })
      .dataset_attribute("quantiles", "method", Type::string, "the quantile estimator",
                         always<O>([](const O&) { return Values::text("DDSketch"); }))
      .dataset_attribute("quantiles", "relative_accuracy", Type::float64,
                         "the sketch's relative accuracy (its coarse layer)",
                         always<O>([](const O& o) { return Values::number(o.quantile_accuracy); }),
                         [](O& o, const Values& v) { o.quantile_accuracy = v.float64[0]; })
      .dataset(
          "quantile_errors", Type::float64, {{"quantile"}},
          "per level: a bound on |value - exact sample quantile of that rank| (pilot windows, else the DDSketch)",
          [](const O& o) -> std::optional<Values> {
            if (o.quantile_errors.empty()) return std::nullopt;
            return Values::numbers(o.quantile_errors);
          },
          [](O& o, const Values& v) { o.quantile_errors = v.float64; }, layout::Presence::optional)
      .dataset_attribute(
          "quantile_errors", "method", Type::string, "how the bounds are found",
          [](const O& o) -> std::optional<Values> {
            if (o.quantile_errors.empty()) return std::nullopt;
            return Values::text("DDSketch refined by pilot windows");
          },
          {}, layout::Presence::optional)
      .dataset_attribute(
          "moments", "note", Type::string, "with non-finite draws: what the moments leave out",
          [when_nonfinite](const O& o) -> std::optional<Values> {
            if (!when_nonfinite(o)) return std::nullopt;
            return Values::text(o.moments_note());
          },
          {}, layout::Presence::optional)
      .dataset_attribute(
          "moments", "nonfinite_share", Type::float64,
          "with non-finite draws: their share, nonfinite / (count + nonfinite)",
          [when_nonfinite](const O& o) -> std::optional<Values> {
            if (!when_nonfinite(o)) return std::nullopt;
            return Values::number(o.nonfinite_share());
          },
          {}, layout::Presence::optional)
      .dataset_attribute(
          "moments", "positive_infinite", Type::int64, "with non-finite draws: those that are +inf",
          [when_nonfinite](const O& o) -> std::optional<Values> {
            if (!when_nonfinite(o)) return std::nullopt;
            return Values::integer(static_cast<std::int64_t>(o.positive_infinite));
          },
          [](O& o, const Values& v) { o.positive_infinite = static_cast<std::uint64_t>(v.int64[0]); },
          layout::Presence::optional)
      .dataset_attribute(
          "moments", "negative_infinite", Type::int64, "with non-finite draws: those that are -inf",
          [when_nonfinite](const O& o) -> std::optional<Values> {
            if (!when_nonfinite(o)) return std::nullopt;
            return Values::integer(static_cast<std::int64_t>(o.negative_infinite));
          },
          [](O& o, const Values& v) { o.negative_infinite = static_cast<std::uint64_t>(v.int64[0]); },
          layout::Presence::optional)
      .group("histogram", "the finite draws' histogram", histogram);
  return out;
}

Layout<ClaimSummary> make_drivers_layout() {
  using C = ClaimSummary;
  const auto column = [](double DriverSummary::*field) {
    return always<C>([field](const C& c) {
      std::vector<double> v;
      for (const auto& d : c.drivers) v.push_back(d.*field);
      return Values::numbers(std::move(v));
    });
  };
  const auto store = [](double DriverSummary::*field) {
    return [field](C& c, const Values& v) {
      for (std::size_t i = 0; i < c.drivers.size() && i < v.float64.size(); ++i) c.drivers[i].*field = v.float64[i];
    };
  };
  Layout<C> d;
  d.dataset("names", Type::string, {{"input"}}, "the inputs, in the order of the parameters", always<C>([](const C& c) {
              std::vector<std::string> names;
              for (const auto& driver : c.drivers) names.push_back(driver.input);
              return Values::texts(std::move(names));
            }),
            [](C& c, const Values& v) {
              c.drivers.assign(v.string.size(), DriverSummary{});
              for (std::size_t i = 0; i < v.string.size(); ++i) c.drivers[i].input = v.string[i];
            })
      .dataset("ks_d", Type::float64, {{"input"}},
               "two-sample Kolmogorov-Smirnov distance between the input's draws where the claim holds and fails",
               column(&DriverSummary::ks_distance), store(&DriverSummary::ks_distance))
      .dataset("p_value", Type::float64, {{"input"}}, "the KS test's p-value", column(&DriverSummary::p_value),
               store(&DriverSummary::p_value))
      .dataset("holding_quantiles", Type::float64, {{"input"}, {"probability", 5}},
               "per input: its quantiles where the claim holds, at holding_probabilities", always<C>([](const C& c) {
                 std::vector<double> v;
                 for (const auto& driver : c.drivers) {
                   v.insert(v.end(), driver.holding_quantiles.begin(), driver.holding_quantiles.end());
                 }
                 return Values::table(std::move(v), c.drivers.size(), driver_probabilities().size());
               }),
               [](C& c, const Values& v) {
                 const std::size_t per = c.drivers.empty() ? 0 : v.float64.size() / c.drivers.size();
                 for (std::size_t i = 0; i < c.drivers.size(); ++i) {
                   const auto from = v.float64.begin() + static_cast<std::ptrdiff_t>(i * per);
                   c.drivers[i].holding_quantiles.assign(from, from + static_cast<std::ptrdiff_t>(per));
                 }
               })
      .dataset_attribute("holding_quantiles", "probabilities", Type::string, "the probabilities, as text",
                         always<C>([](const C&) { return Values::text("0.05 0.25 0.5 0.75 0.95"); }))
      .dataset("holding_probabilities", Type::float64, {{"probability", 5}}, "the probabilities of holding_quantiles",
               always<C>([](const C&) { return Values::numbers(driver_probabilities()); }))
      .attribute("method", Type::string, "the method and its reference", always<C>([](const C&) {
                   return Values::text(
                       "Monte Carlo filtering (Spear and Hornberger 1980): two-sample KS between draws where the "
                       "claim holds and where it fails");
                 }));
  return d;
}

Layout<ClaimSummary> make_claim_layout(const Layout<ClaimSummary>& drivers) {
  using C = ClaimSummary;
  const auto text = [](std::string C::*field) {
    return std::make_pair(always<C>([field](const C& c) { return Values::text(c.*field); }),
                          [field](C& c, const Values& v) { c.*field = v.string[0]; });
  };
  const auto [expr_get, expr_set] = text(&C::expr);
  const auto [text_get, text_set] = text(&C::text);
  const auto [verdict_get, verdict_set] = text(&C::verdict);
  const auto [interval_get, interval_set] = text(&C::interval_method);
  const auto count = [](std::uint64_t C::*field) {
    return std::make_pair(always<C>([field](const C& c) { return Values::count(c.*field); }),
                          [field](C& c, const Values& v) { c.*field = v.uint64[0]; });
  };
  const auto number = [](double C::*field) {
    return std::make_pair(always<C>([field](const C& c) { return Values::number(c.*field); }),
                          [field](C& c, const Values& v) { c.*field = v.float64[0]; });
  };
  const auto [p_get, p_set] = number(&C::probability);
  const auto [low_get, low_set] = number(&C::ci_low);
  const auto [high_get, high_set] = number(&C::ci_high);
  const auto [level_get, level_set] = number(&C::level);
  const auto [count_get, count_set] = count(&C::count);
  const auto [n_get, n_set] = count(&C::n);
  const auto [nonfinite_get, nonfinite_set] = count(&C::nonfinite);
  Layout<C> c;
  c.attribute("expr", Type::string, "the claim's expression", expr_get, expr_set)
      .attribute("text", Type::string, "what it says, in words", text_get, text_set)
      .attribute("verdict", Type::string, "the probability in words (docs/methods.md)", verdict_get, verdict_set)
      .attribute("interval", Type::string, "how the interval is computed: wilson, or rqmc-t", interval_get,
                 interval_set)
      .attribute("level", Type::float64, "the interval's confidence level", level_get, level_set)
      .dataset("probability", Type::float64, {}, "the share of draws where the claim holds", p_get, p_set)
      .dataset("ci_low", Type::float64, {}, "the interval's lower bound", low_get, low_set)
      .dataset("ci_high", Type::float64, {}, "the interval's upper bound", high_get, high_set)
      .dataset("count", Type::uint64, {}, "draws where it holds", count_get, count_set)
      .dataset("n", Type::uint64, {}, "draws where it is defined", n_get, n_set)
      .dataset("nonfinite", Type::uint64, {}, "draws where it is not defined (a NaN in its expression)", nonfinite_get,
               nonfinite_set)
      .group("drivers", "what drives the claim (Monte Carlo filtering): a baseline claim's, not a scenario's", drivers,
             [](const C& claim) { return !claim.drivers.empty(); });
  return c;
}

Layout<FeatureSummary> make_feature_layout(const Layout<OutputSummary>& output) {
  using F = FeatureSummary;
  Layout<F> f;
  f.embed<OutputSummary>(
       output, [](const F& feature) -> const OutputSummary& { return feature.stats; },
       [](F& feature) -> OutputSummary& { return feature.stats; })
      .dataset("not_found", Type::uint64, {}, "draws where the curve has no such feature (the same as nonfinite)",
               always<F>([](const F& feature) { return Values::count(feature.stats.nonfinite); }))
      .dataset(
          "at_edge", Type::uint64, {}, "draws whose feature lies at the grid's edge, counted apart like not_found",
          always<F>([](const F& feature) { return Values::count(feature.at_edge); }),
          [](F& feature, const Values& v) { feature.at_edge = v.uint64[0]; }, layout::Presence::always_since);
  return f;
}

Layout<CurveSummary> make_curve_layout(const Layout<FeatureSummary>& feature) {
  using C = CurveSummary;
  Layout<C> c;
  c.attribute("label", Type::string, "the curve's label (its name when the config gives none)",
              always<C>([](const C& curve) { return Values::text(curve.label.empty() ? curve.name : curve.label); }),
              [](C& curve, const Values& v) { curve.label = v.string[0]; })
      .attribute("x_name", Type::string, "the name of the swept input x",
                 always<C>([](const C& curve) { return Values::text(curve.x); }),
                 [](C& curve, const Values& v) { curve.x = v.string[0]; })
      .dataset("x", Type::float64, {{"point"}}, "the grid of x",
               always<C>([](const C& curve) { return Values::numbers(curve.grid); }),
               [](C& curve, const Values& v) { curve.grid = v.float64; })
      .dataset("band_probs", Type::float64, {{"band"}}, "the probabilities of the bands",
               always<C>([](const C& curve) { return Values::numbers(curve.band_probabilities); }),
               [](C& curve, const Values& v) { curve.band_probabilities = v.float64; })
      .dataset("bands", Type::float64, {{"band"}, {"point"}},
               "per band and grid point: that quantile of y over the draws", always<C>([](const C& curve) {
                 return Values::table(curve.bands, curve.band_probabilities.size(), curve.grid.size());
               }),
               [](C& curve, const Values& v) { curve.bands = v.float64; })
      .each<FeatureSummary>(
          "features", "<feature>", "the features of the curve, one group each: statistics over the draws", feature,
          &C::features, [](const FeatureSummary& f) { return f.stats.name; },
          [](FeatureSummary& f, const std::string& name) { f.stats.name = name; }, layout::Presence::always);
  return c;
}

}  // namespace

const layout::Layout<CurveSummary>& curve_layout() {
  static const Layout<FeatureSummary> feature = make_feature_layout(output_layout());
  static const Layout<CurveSummary> curve = make_curve_layout(feature);
  return curve;
}

const layout::Layout<ClaimSummary>& claim_layout() {
  static const Layout<ClaimSummary> drivers = make_drivers_layout();
  static const Layout<ClaimSummary> claim = make_claim_layout(drivers);
  return claim;
}

const layout::Layout<OutputSummary>& output_layout() {
  static const Layout<OutputSummary> histogram = make_histogram_layout();
  static const Layout<OutputSummary> output = make_output_layout(histogram);
  return output;
}

}  // namespace mcsens
