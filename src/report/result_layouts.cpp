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

}  // namespace

const layout::Layout<OutputSummary>& output_layout() {
  static const Layout<OutputSummary> histogram = make_histogram_layout();
  static const Layout<OutputSummary> output = make_output_layout(histogram);
  return output;
}

}  // namespace mcsens
