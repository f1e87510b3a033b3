// SPDX-License-Identifier: MIT
#include "mcsens/report/result_layouts.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string>
#include <vector>

#include "mcsens/engine/run_state.hpp"
#include "mcsens/version.hpp"
#include "report/layout_parts.hpp"

namespace mcsens {

namespace {

using layout::always;
using layout::as_int;
using layout::bound_coordinate;
using layout::bounds;
using layout::Dimension;
using layout::input_coordinate;
using layout::Layout;
using layout::split_bounds;
using layout::Type;
using layout::Values;

// An optional entry's get and set for one field: written when the field is given (a text that is not empty, a
// number above 0: the config's or the command line's, which have no other "unset"), read back into it.
template <class T>
auto given(std::string T::*field) {
  return [field](const T& object) -> std::optional<Values> {
    if ((object.*field).empty()) return std::nullopt;
    return Values::text(object.*field);
  };
}
template <class T>
auto given(double T::*field) {
  return [field](const T& object) -> std::optional<Values> {
    if (!(object.*field > 0)) return std::nullopt;
    return Values::number(object.*field);
  };
}
template <class T>
auto into(std::string T::*field) {
  return [field](T& object, const Values& v) { object.*field = v.string[0]; };
}
template <class T>
auto into(double T::*field) {
  return [field](T& object, const Values& v) { object.*field = v.float64[0]; };
}

std::vector<std::string> moment_names() {
  return {"mean", "sd", "skewness", "kurtosis", "min", "max"};
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

// What an output's group says of it, scalar or array: its label, unit and expression.
Layout<OutputSummary>& output_texts(Layout<OutputSummary>& out) {
  using O = OutputSummary;
  return out
      .attribute("label", Type::string, "the output's label (its name when the config gives none)",
                 always<O>([](const O& o) { return Values::text(o.label.empty() ? o.name : o.label); }),
                 [](O& o, const Values& v) { o.label = v.string[0]; })
      .attribute("unit", Type::string, "its unit (may be empty)",
                 always<O>([](const O& o) { return Values::text(o.unit); }),
                 [](O& o, const Values& v) { o.unit = v.string[0]; })
      .attribute("expr", Type::string, "the expression it is computed by",
                 always<O>([](const O& o) { return Values::text(o.expr); }),
                 [](O& o, const Values& v) { o.expr = v.string[0]; });
}

Layout<OutputSummary> make_output_layout(const Layout<OutputSummary>& histogram) {
  using O = OutputSummary;
  // Written only when some draws are not finite (the moments leave them out).
  const auto when_nonfinite = [](const O& o) { return o.nonfinite > 0 && o.count > 0; };
  Layout<O> out;
  output_texts(out)
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
      .dataset_attribute("moments", "names", Type::string, "the moments' names, in order",
                         always<O>([](const O&) { return Values::texts(moment_names()); }))
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
      .dataset("moment", Type::string, {{"moment", 6}}, "coordinate: the moments' names",
               always<O>([](const O&) { return Values::texts(moment_names()); }), {}, layout::Presence::always_since)
      .dataset("row", Type::string, {{"row", 2}}, "coordinate: what the rows of quantiles hold",
               always<O>([](const O&) {
                 return Values::texts({"probability", "quantile"});
               }),
               {}, layout::Presence::always_since)
      .dataset("quantile", Type::float64, {{"quantile"}}, "coordinate: the quantiles' probabilities",
               always<O>([](const O& o) { return Values::numbers(o.probabilities); }), {},
               layout::Presence::always_since)
      .group("histogram", "the finite draws' histogram", histogram);
  return out;
}

// What the layouts of arrays (issue 35) share, for a T with one of `dimensions` and its `elements`.

// @dimension, the name of the dimension the elements lie along: only an array's group has it (what tells it from a
// scalar's), and read first it resolves "<dimension>" (dimension_name) in the entries after it.
template <class T>
Layout<T>& dimension_attribute(Layout<T>& l) {
  return l.attribute("dimension", Type::string, "the dimension the elements lie along (an array output's only)",
                     always<T>([](const T& x) { return Values::text(x.dimensions.at(0).name); }),
                     [](T& x, const Values& v) {
                       x.dimensions = {mcsens::Dimension{v.string[0], 0, {}}};
                     });
}

// The coordinate dataset named after the dimension: the values along it (Dimension::coordinate). Read back, it
// sizes the elements, each then prepared by `init(x, element)`.
template <class T, class Init>
Layout<T>& dimension_coordinate(Layout<T>& l, Init init) {
  return l.dataset("<dimension>", Type::float64, {{"<dimension>"}},
                   "coordinate: the values along the dimension (the model's, else 0, 1, ...)",
                   always<T>([](const T& x) {
                     std::vector<double> at(x.elements.size());
                     for (std::size_t i = 0; i < at.size(); ++i) at[i] = x.dimensions.at(0).coordinate(i);
                     return Values::numbers(std::move(at));
                   }),
                   [init](T& x, const Values& v) {
                     x.dimensions.at(0).size = v.float64.size();
                     x.dimensions.at(0).coordinates = v.float64;
                     x.elements.assign(v.float64.size(), {});
                     for (auto& e : x.elements) init(x, e);
                   });
}

// Layout::names for an array's group: "<dimension>" is its dimension's name.
template <class T>
std::string dimension_name(const T& x, const std::string& placeholder) {
  return placeholder == "<dimension>" && !x.dimensions.empty() ? x.dimensions[0].name : placeholder;
}

// A vector field of every element as rows of `cols` values, (T, cols), and back (the rows split evenly).
template <class E>
Values element_table(const std::vector<E>& elements, std::vector<double> E::*field, std::size_t cols) {
  std::vector<double> v;
  for (const E& e : elements) v.insert(v.end(), (e.*field).begin(), (e.*field).end());
  return Values::table(std::move(v), elements.size(), cols);
}

template <class E>
void assign_element_rows(std::vector<E>& elements, const Values& v, std::vector<double> E::*field) {
  const std::size_t k = elements.empty() ? 0 : v.float64.size() / elements.size();
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const auto from = v.float64.begin() + static_cast<std::ptrdiff_t>(i * k);
    (elements[i].*field).assign(from, from + static_cast<std::ptrdiff_t>(k));
  }
}

// The values of an array output's elements, one row per element: `row` appends an element's (1 or more).
template <class F>
std::vector<double> element_rows(const OutputSummary& o, F row) {
  std::vector<double> out;
  for (const OutputSummary& e : o.elements) row(e, out);
  return out;
}

// An array output of one dimension (issue 35): each element's statistics, element-major along the dimension the
// model names ("year"), whose values are the dataset of that name (a dimension scale: netCDF readers name the
// axis by it). @dimension comes first: read() resolves "<dimension>" by it, and it is what marks the group as an
// array output's. No histogram: the elements keep none.
Layout<OutputSummary> make_array_output_layout() {
  using O = OutputSummary;
  using E = std::vector<double>;
  const Dimension along{"<dimension>"};
  Layout<O> out;
  output_texts(out);
  dimension_attribute(out);
  dimension_coordinate(out, [](const O& o, O& e) { e.name = o.name; })
      .dataset(
          "moments", Type::float64, {along, {"moment", 6}},
          "per element: mean, sd, skewness, excess kurtosis, min, max of its finite draws", always<O>([](const O& o) {
            return Values::table(element_rows(o,
                                              [](const O& e, E& v) {
                                                v.insert(v.end(), {e.mean, e.sd, e.skewness, e.kurtosis, e.min, e.max});
                                              }),
                                 o.elements.size(), 6);
          }),
          [](O& o, const Values& v) {
            for (std::size_t i = 0; i < o.elements.size() && 6 * i + 5 < v.float64.size(); ++i) {
              O& e = o.elements[i];
              const double* m = &v.float64[6 * i];
              e.mean = m[0];
              e.sd = m[1];
              e.skewness = m[2];
              e.kurtosis = m[3];
              e.min = m[4];
              e.max = m[5];
            }
          })
      .dataset_attribute("moments", "names", Type::string, "the moments' names, in order",
                         always<O>([](const O&) { return Values::texts(moment_names()); }))
      .dataset_attribute("moments", "kurtosis", Type::string, "which kurtosis",
                         always<O>([](const O&) { return Values::text("excess (0 for a normal law)"); }))
      .dataset_attribute(
          "moments", "note", Type::string, "with non-finite draws: what the moments leave out",
          [](const O& o) -> std::optional<Values> {
            for (const O& e : o.elements) {
              if (e.nonfinite > 0) {
                return Values::text(
                    "each element's moments are over its finite draws (count); nonfinite counts "
                    "the others");
              }
            }
            return std::nullopt;
          },
          {}, layout::Presence::optional)
      .dataset("mean_se", Type::float64, {along}, "per element: the standard error of its mean",
               always<O>([](const O& o) {
                 return Values::numbers(element_rows(o, [](const O& e, E& v) { v.push_back(e.mean_se); }));
               }),
               [](O& o, const Values& v) {
                 for (std::size_t i = 0; i < o.elements.size() && i < v.float64.size(); ++i) {
                   o.elements[i].mean_se = v.float64[i];
                 }
               })
      .dataset_attribute("mean_se", "method", Type::string, "how mean_se is computed", always<O>([](const O& o) {
                           return Values::text(!o.elements.empty() && o.elements[0].replicates > 0
                                                   ? "randomized QMC: sd of the replicate means / sqrt(replicates)"
                                                   : "iid: sd / sqrt(count)");
                         }))
      .dataset_attribute(
          "mean_se", "replicates", Type::int64, "randomized-QMC replicates behind it (0: i.i.d. draws)",
          always<O>([](const O& o) {
            return Values::integer(static_cast<std::int64_t>(o.elements.empty() ? 0 : o.elements[0].replicates));
          }),
          [](O& o, const Values& v) {
            for (O& e : o.elements) e.replicates = static_cast<std::size_t>(std::max<std::int64_t>(0, v.int64[0]));
          })
      .dataset("count", Type::uint64, {along}, "per element: its finite draws", always<O>([](const O& o) {
                 std::vector<std::uint64_t> v;
                 for (const O& e : o.elements) v.push_back(e.count);
                 return Values::counts(std::move(v));
               }),
               [](O& o, const Values& v) {
                 for (std::size_t i = 0; i < o.elements.size() && i < v.uint64.size(); ++i) {
                   o.elements[i].count = v.uint64[i];
                 }
               })
      .dataset("nonfinite", Type::uint64, {along}, "per element: its draws that are NaN or infinite",
               always<O>([](const O& o) {
                 std::vector<std::uint64_t> v;
                 for (const O& e : o.elements) v.push_back(e.nonfinite);
                 return Values::counts(std::move(v));
               }),
               [](O& o, const Values& v) {
                 for (std::size_t i = 0; i < o.elements.size() && i < v.uint64.size(); ++i) {
                   o.elements[i].nonfinite = v.uint64[i];
                 }
               })
      .dataset(
          "quantile", Type::float64, {{"quantile"}}, "coordinate: the quantiles' probabilities",
          always<O>([](const O& o) { return Values::numbers(o.elements.empty() ? E{} : o.elements[0].probabilities); }),
          [](O& o, const Values& v) {
            for (O& e : o.elements) e.probabilities = v.float64;
          })
      .dataset("quantiles", Type::float64, {along, {"quantile"}},
               "per element: its quantiles at the probabilities of the coordinate quantile", always<O>([](const O& o) {
                 return element_table(o.elements, &O::quantiles,
                                      o.elements.empty() ? 0 : o.elements[0].quantiles.size());
               }),
               [](O& o, const Values& v) { assign_element_rows(o.elements, v, &O::quantiles); })
      .dataset_attribute("quantiles", "method", Type::string, "the quantile estimator",
                         always<O>([](const O&) { return Values::text("DDSketch"); }))
      .dataset_attribute("quantiles", "relative_accuracy", Type::float64,
                         "the sketch's relative accuracy (each element's, coarser than a scalar output's)",
                         always<O>([](const O& o) {
                           return Values::number(o.elements.empty() ? 0.0 : o.elements[0].quantile_accuracy);
                         }),
                         [](O& o, const Values& v) {
                           for (O& e : o.elements) e.quantile_accuracy = v.float64[0];
                         })
      .dataset(
          "quantile_errors", Type::float64, {along, {"quantile"}},
          "per element and level: a bound on |value - exact sample quantile of that rank| (the DDSketch's)",
          [](const O& o) -> std::optional<Values> {
            if (o.elements.empty() || o.elements[0].quantile_errors.empty()) return std::nullopt;
            return element_table(o.elements, &O::quantile_errors, o.elements[0].quantile_errors.size());
          },
          [](O& o, const Values& v) { assign_element_rows(o.elements, v, &O::quantile_errors); },
          layout::Presence::optional)
      .dataset("moment", Type::string, {{"moment", 6}}, "coordinate: the moments' names",
               always<O>([](const O&) { return Values::texts(moment_names()); }))
      .names(dimension_name<O>);
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
  const auto inputs = always<C>([](const C& c) {
    std::vector<std::string> names;
    for (const auto& driver : c.drivers) names.push_back(driver.input);
    return Values::texts(std::move(names));
  });
  Layout<C> d;
  d.dataset("names", Type::string, {{"input"}}, "the inputs, in the order of the parameters", inputs,
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
      .dataset("input", Type::string, {{"input"}}, "coordinate: the inputs (as names)", inputs, {},
               layout::Presence::always_since)
      .dataset("probability", Type::float64, {{"probability", 5}}, "coordinate: the probabilities of holding_quantiles",
               always<C>([](const C&) { return Values::numbers(driver_probabilities()); }), {},
               layout::Presence::always_since)
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
      .dataset(
          "failed", Type::uint64, {},
          "with failed draws: how many of the nonfinite draws the model failed (whether the claim held there is "
          "unknown)",
          [](const C& claim) -> std::optional<Values> {
            if (claim.failed == 0) return std::nullopt;
            return Values::count(claim.failed);
          },
          [](C& claim, const Values& v) { claim.failed = v.uint64[0]; }, layout::Presence::optional)
      .dataset(
          "probability_if_failed_fail", Type::float64, {},
          "with failed draws: the share of the defined and failed draws where it holds if it failed in every failed "
          "draw, count / (n + failed): the lowest the probability can be",
          [](const C& claim) -> std::optional<Values> {
            if (claim.failed == 0) return std::nullopt;
            return Values::number(claim.probability_if_failed_fail());
          },
          {}, layout::Presence::optional)
      .dataset(
          "probability_if_failed_hold", Type::float64, {},
          "with failed draws: the same if it held in every failed draw, (count + failed) / (n + failed): the highest",
          [](const C& claim) -> std::optional<Values> {
            if (claim.failed == 0) return std::nullopt;
            return Values::number(claim.probability_if_failed_hold());
          },
          {}, layout::Presence::optional)
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
      .attribute("unit", Type::string, "the unit of y (when the config gives one)", given(&C::unit), into(&C::unit),
                 layout::Presence::optional)
      .attribute("x_label", Type::string, "the label of x (when the config gives one)", given(&C::x_label),
                 into(&C::x_label), layout::Presence::optional)
      .attribute("x_unit", Type::string, "the unit of x (when the config gives one)", given(&C::x_unit),
                 into(&C::x_unit), layout::Presence::optional)
      .dataset("x", Type::float64, {{"x"}}, "the grid of x (the coordinate of the grid's points)",
               always<C>([](const C& curve) { return Values::numbers(curve.grid); }),
               [](C& curve, const Values& v) { curve.grid = v.float64; })
      .dataset("band_probs", Type::float64, {{"band"}}, "the probabilities of the bands",
               always<C>([](const C& curve) { return Values::numbers(curve.band_probabilities); }),
               [](C& curve, const Values& v) { curve.band_probabilities = v.float64; })
      .dataset("bands", Type::float64, {{"band"}, {"x"}}, "per band and grid point: that quantile of y over the draws",
               always<C>([](const C& curve) {
                 return Values::table(curve.bands, curve.band_probabilities.size(), curve.grid.size());
               }),
               [](C& curve, const Values& v) { curve.bands = v.float64; })
      .dataset("band", Type::float64, {{"band"}}, "coordinate: the probabilities of the bands",
               always<C>([](const C& curve) { return Values::numbers(curve.band_probabilities); }), {},
               layout::Presence::always_since)
      .each<FeatureSummary>(
          "features", "<feature>", "the features of the curve, one group each: statistics over the draws", feature,
          &C::features, [](const FeatureSummary& f) { return f.stats.name; },
          [](FeatureSummary& f, const std::string& name) { f.stats.name = name; }, layout::Presence::always);
  return c;
}

// Two rows (a lower and an upper bound per input) as one (2, k) dataset, and back.
Layout<SobolSummary> make_sobol_layout() {
  using S = SobolSummary;
  const auto second = [](const S& so) { return so.result.second_order; };
  Layout<S> l;
  l.dataset("names", Type::string, {{"input"}}, "the inputs of the columns",
            always<S>([](const S& so) { return Values::texts(so.inputs); }),
            [](S& so, const Values& v) {
              so.inputs = v.string;
              so.result.k = v.string.size();
            })
      .dataset("S1", Type::float64, {{"input"}}, "first-order indices",
               always<S>([](const S& so) { return Values::numbers(so.result.S1); }),
               [](S& so, const Values& v) { so.result.S1 = v.float64; })
      .dataset("S1_ci", Type::float64, {{"bound", 2}, {"input"}},
               "their interval: row 0 the lower, row 1 the upper bounds",
               always<S>([](const S& so) { return bounds(so.result.S1_low, so.result.S1_high); }),
               [](S& so, const Values& v) { split_bounds(v, so.result.S1_low, so.result.S1_high); })
      .dataset("ST", Type::float64, {{"input"}}, "total-order indices",
               always<S>([](const S& so) { return Values::numbers(so.result.ST); }),
               [](S& so, const Values& v) { so.result.ST = v.float64; })
      .dataset("ST_ci", Type::float64, {{"bound", 2}, {"input"}},
               "their interval: row 0 the lower, row 1 the upper bounds",
               always<S>([](const S& so) { return bounds(so.result.ST_low, so.result.ST_high); }),
               [](S& so, const Values& v) { split_bounds(v, so.result.ST_low, so.result.ST_high); })
      .dataset(
          "S2", Type::float64, {{"input"}, {"input_2"}},
          "with second_order: the second-order indices (NaN on the diagonal)",
          [second](const S& so) -> std::optional<Values> {
            if (!second(so)) return std::nullopt;
            return Values::table(so.result.S2, so.inputs.size(), so.inputs.size());
          },
          [](S& so, const Values& v) {
            so.result.second_order = true;
            so.result.S2 = v.float64;
          },
          layout::Presence::optional)
      .dataset(
          "S2_ci_low", Type::float64, {{"input"}, {"input_2"}}, "with second_order: their intervals' lower bounds",
          [second](const S& so) -> std::optional<Values> {
            if (!second(so)) return std::nullopt;
            return Values::table(so.result.S2_low, so.inputs.size(), so.inputs.size());
          },
          [](S& so, const Values& v) { so.result.S2_low = v.float64; }, layout::Presence::optional)
      .dataset(
          "S2_ci_high", Type::float64, {{"input"}, {"input_2"}}, "with second_order: their intervals' upper bounds",
          [second](const S& so) -> std::optional<Values> {
            if (!second(so)) return std::nullopt;
            return Values::table(so.result.S2_high, so.inputs.size(), so.inputs.size());
          },
          [](S& so, const Values& v) { so.result.S2_high = v.float64; }, layout::Presence::optional);
  input_coordinate(l);
  bound_coordinate(l);
  l.dataset(
       "input_2", Type::string, {{"input_2"}}, "with second_order: coordinate: the inputs again (S2's columns)",
       [second](const S& so) -> std::optional<Values> {
         if (!second(so)) return std::nullopt;
         return Values::texts(so.inputs);
       },
       {}, layout::Presence::optional)
      .attribute("N", Type::int64, "base samples",
                 always<S>([](const S& so) { return Values::integer(as_int(so.result.N)); }),
                 [](S& so, const Values& v) { so.result.N = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("nonfinite_bases", Type::int64, "base samples dropped because a model run was not finite",
                 always<S>([](const S& so) { return Values::integer(as_int(so.result.nonfinite_bases)); }),
                 [](S& so, const Values& v) { so.result.nonfinite_bases = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("evaluations", Type::int64, "model runs",
                 always<S>([](const S& so) { return Values::integer(as_int(so.evaluations)); }),
                 [](S& so, const Values& v) { so.evaluations = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("sampler", Type::string, "the design's sampler",
                 always<S>([](const S& so) { return Values::text(so.sampler); }),
                 [](S& so, const Values& v) { so.sampler = v.string[0]; })
      .attribute("confidence", Type::float64, "the intervals' level",
                 always<S>([](const S& so) { return Values::number(so.result.confidence); }),
                 [](S& so, const Values& v) { so.result.confidence = v.float64[0]; })
      .attribute("interval", Type::string, "how the intervals are computed: rqmc-t, batch-t or bootstrap",
                 always<S>([](const S& so) { return Values::text(so.result.interval_method); }),
                 [](S& so, const Values& v) { so.result.interval_method = v.string[0]; })
      .attribute("bootstrap_resamples", Type::int64, "the bootstrap's resamples (0 for the other intervals)",
                 always<S>([](const S& so) { return Values::integer(as_int(so.result.bootstrap_resamples)); }),
                 [](S& so, const Values& v) { so.result.bootstrap_resamples = static_cast<std::size_t>(v.int64[0]); })
      .attribute("batches", Type::int64, "the replicates or batches of rqmc-t and batch-t (0 for the bootstrap)",
                 always<S>([](const S& so) { return Values::integer(as_int(so.result.batches)); }),
                 [](S& so, const Values& v) { so.result.batches = static_cast<std::size_t>(v.int64[0]); })
      .attribute("estimator", Type::string, "the estimators, in one line", always<S>([](const S& so) {
                   const SobolResult& r = so.result;
                   return Values::text("S1: " + r.first_order_estimator + "; ST: " + r.total_order_estimator +
                                       (r.second_order ? "; S2: " + r.second_order_estimator : std::string()));
                 }))
      .attribute("first_order_estimator", Type::string, "S1's estimator",
                 always<S>([](const S& so) { return Values::text(so.result.first_order_estimator); }),
                 [](S& so, const Values& v) { so.result.first_order_estimator = v.string[0]; })
      .attribute("total_order_estimator", Type::string, "ST's estimator",
                 always<S>([](const S& so) { return Values::text(so.result.total_order_estimator); }),
                 [](S& so, const Values& v) { so.result.total_order_estimator = v.string[0]; })
      .attribute("second_order_estimator", Type::string, "S2's estimator",
                 always<S>([](const S& so) { return Values::text(so.result.second_order_estimator); }),
                 [](S& so, const Values& v) { so.result.second_order_estimator = v.string[0]; })
      .attribute("mean", Type::float64, "the mean of the target over the design's A and B points",
                 always<S>([](const S& so) { return Values::number(so.result.mean); }),
                 [](S& so, const Values& v) { so.result.mean = v.float64[0]; })
      .attribute("variance", Type::float64, "its variance, the indices' denominator",
                 always<S>([](const S& so) { return Values::number(so.result.variance); }),
                 [](S& so, const Values& v) { so.result.variance = v.float64[0]; })
      .attribute("zero_variance", Type::int64, "1 when the target does not vary (the indices are then 0)",
                 always<S>([](const S& so) { return Values::integer(so.result.zero_variance ? 1 : 0); }),
                 [](S& so, const Values& v) { so.result.zero_variance = v.int64[0] != 0; })
      .supplied("caveat", Type::string, "with [correlation] pairs: why the indices depend on the parameters' order");
  // The design's failed model runs by reason, as the root's failed_draws attributes count the draws'.
  l.embed<FailureCounts>(
      failures_layout(), [](const SobolSummary& s) -> const FailureCounts& { return s.failures; },
      [](SobolSummary& s) -> FailureCounts& { return s.failures; });
  return l;
}

// The Sobol' indices of an array output (issue 35, step 4): per element, along the dimension the output names
// (@dimension first, its coordinate dataset named after it), each index as (T, k) and its interval as (2, T, k);
// the design's settings once, as for a scalar target. No second order (refused for arrays).
Layout<SobolSummary> make_array_sobol_layout() {
  using S = SobolSummary;
  using R = SobolResult;
  const Dimension along{"<dimension>"};
  // (T, k) of an index, and (2, T, k) of its interval: all lower bounds first.
  const auto index = [](std::vector<double> R::*field) {
    return always<S>([field](const S& so) { return element_table(so.elements, field, so.inputs.size()); });
  };
  const auto store_index = [](std::vector<double> R::*field) {
    return [field](S& so, const Values& v) { assign_element_rows(so.elements, v, field); };
  };
  const auto interval = [](std::vector<double> R::*low, std::vector<double> R::*high) {
    return always<S>([low, high](const S& so) {
      std::vector<double> v;
      for (const R& e : so.elements) v.insert(v.end(), (e.*low).begin(), (e.*low).end());
      for (const R& e : so.elements) v.insert(v.end(), (e.*high).begin(), (e.*high).end());
      return Values{Type::float64, {2, so.elements.size(), so.inputs.size()}, std::move(v), {}, {}, {}, {}};
    });
  };
  const auto store_interval = [](std::vector<double> R::*low, std::vector<double> R::*high) {
    return [low, high](S& so, const Values& v) {
      const std::size_t k = so.inputs.size();
      const std::size_t half = so.elements.size() * k;
      for (std::size_t i = 0; i < so.elements.size() && half + (i + 1) * k <= v.float64.size(); ++i) {
        const auto from = v.float64.begin() + static_cast<std::ptrdiff_t>(i * k);
        so.elements[i].*low = std::vector<double>(from, from + static_cast<std::ptrdiff_t>(k));
        so.elements[i].*high =
            std::vector<double>(from + static_cast<std::ptrdiff_t>(half), from + static_cast<std::ptrdiff_t>(half + k));
      }
    };
  };
  // One number per element, and back.
  const auto per_element = [](auto get) {
    return always<S>([get](const S& so) {
      std::vector<double> v;
      for (const R& e : so.elements) v.push_back(get(e));
      return Values::numbers(std::move(v));
    });
  };
  const auto store_per_element = [](auto set) {
    return [set](S& so, const Values& v) {
      for (std::size_t i = 0; i < so.elements.size() && i < v.float64.size(); ++i) set(so.elements[i], v.float64[i]);
    };
  };
  const auto per_element_count = [](std::uint64_t R::*field) {
    return always<S>([field](const S& so) {
      std::vector<std::uint64_t> v;
      for (const R& e : so.elements) v.push_back(e.*field);
      return Values::counts(std::move(v));
    });
  };
  const auto store_per_element_count = [](std::uint64_t R::*field) {
    return [field](S& so, const Values& v) {
      for (std::size_t i = 0; i < so.elements.size() && i < v.uint64.size(); ++i) so.elements[i].*field = v.uint64[i];
    };
  };
  // What every element shares (the design's settings): the first element's.
  const auto shared = [](auto get) {
    return always<S>([get](const S& so) { return get(so.elements.empty() ? R{} : so.elements.front()); });
  };
  const auto store_shared = [](auto set) {
    return [set](S& so, const Values& v) {
      for (R& e : so.elements) set(e, v);
    };
  };
  Layout<S> l;
  dimension_attribute(l).dataset("names", Type::string, {{"input"}}, "the inputs of the columns",
                                 always<S>([](const S& so) { return Values::texts(so.inputs); }),
                                 [](S& so, const Values& v) { so.inputs = v.string; });
  dimension_coordinate(l, [](const S& so, R& e) { e.k = so.inputs.size(); })
      .dataset("S1", Type::float64, {along, {"input"}}, "first-order indices, per element", index(&R::S1),
               store_index(&R::S1))
      .dataset("S1_ci", Type::float64, {{"bound", 2}, along, {"input"}},
               "their intervals: [0] the lower, [1] the upper bounds", interval(&R::S1_low, &R::S1_high),
               store_interval(&R::S1_low, &R::S1_high))
      .dataset("ST", Type::float64, {along, {"input"}}, "total-order indices, per element", index(&R::ST),
               store_index(&R::ST))
      .dataset("ST_ci", Type::float64, {{"bound", 2}, along, {"input"}},
               "their intervals: [0] the lower, [1] the upper bounds", interval(&R::ST_low, &R::ST_high),
               store_interval(&R::ST_low, &R::ST_high))
      .dataset("S1_aggregated", Type::float64, {{"input"}},
               "first-order indices aggregated over the elements: sum_t V_t S1_t / sum_t V_t (Gamboa et al. 2014)",
               always<S>([](const S& so) { return Values::numbers(so.aggregated.S1); }),
               [](S& so, const Values& v) { so.aggregated.S1 = v.float64; })
      .dataset("S1_aggregated_ci", Type::float64, {{"bound", 2}, {"input"}},
               "their interval, from the aggregates of the elements' common replicates",
               always<S>([](const S& so) { return bounds(so.aggregated.S1_low, so.aggregated.S1_high); }),
               [](S& so, const Values& v) { split_bounds(v, so.aggregated.S1_low, so.aggregated.S1_high); })
      .dataset("ST_aggregated", Type::float64, {{"input"}},
               "total-order indices aggregated over the elements: sum_t V_t ST_t / sum_t V_t",
               always<S>([](const S& so) { return Values::numbers(so.aggregated.ST); }),
               [](S& so, const Values& v) { so.aggregated.ST = v.float64; })
      .dataset("ST_aggregated_ci", Type::float64, {{"bound", 2}, {"input"}},
               "their interval, from the aggregates of the elements' common replicates",
               always<S>([](const S& so) { return bounds(so.aggregated.ST_low, so.aggregated.ST_high); }),
               [](S& so, const Values& v) { split_bounds(v, so.aggregated.ST_low, so.aggregated.ST_high); })
      .attribute(
          "aggregated_note", Type::string, "why the aggregated intervals are NaN, when they are",
          [](const S& so) -> std::optional<Values> {
            if (so.aggregated.note.empty()) return std::nullopt;
            return Values::text(so.aggregated.note);
          },
          [](S& so, const Values& v) { so.aggregated.note = v.string[0]; }, layout::Presence::optional)
      .dataset("N", Type::uint64, {along}, "per element: the base samples used (the finite ones)",
               per_element_count(&R::N), store_per_element_count(&R::N))
      .dataset("nonfinite_bases", Type::uint64, {along},
               "per element: base samples dropped because a model run was not finite",
               per_element_count(&R::nonfinite_bases), store_per_element_count(&R::nonfinite_bases))
      .dataset("mean", Type::float64, {along}, "per element: its mean over the design's A and B points",
               per_element([](const R& e) { return e.mean; }), store_per_element([](R& e, double x) { e.mean = x; }))
      .dataset("variance", Type::float64, {along}, "per element: its variance, the indices' denominator",
               per_element([](const R& e) { return e.variance; }),
               store_per_element([](R& e, double x) { e.variance = x; }));
  input_coordinate(l);
  bound_coordinate(l);
  l.attribute("evaluations", Type::int64, "model runs",
              always<S>([](const S& so) { return Values::integer(as_int(so.evaluations)); }),
              [](S& so, const Values& v) { so.evaluations = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("sampler", Type::string, "the design's sampler",
                 always<S>([](const S& so) { return Values::text(so.sampler); }),
                 [](S& so, const Values& v) { so.sampler = v.string[0]; })
      .attribute("confidence", Type::float64, "the intervals' level",
                 shared([](const R& e) { return Values::number(e.confidence); }),
                 store_shared([](R& e, const Values& v) { e.confidence = v.float64[0]; }))
      .attribute("interval", Type::string, "how the intervals are computed: rqmc-t, batch-t or bootstrap",
                 shared([](const R& e) { return Values::text(e.interval_method); }),
                 store_shared([](R& e, const Values& v) { e.interval_method = v.string[0]; }))
      .attribute(
          "bootstrap_resamples", Type::int64,
          "the bootstrap's resamples (0 for the other intervals), the same resamples for every element",
          shared([](const R& e) { return Values::integer(as_int(e.bootstrap_resamples)); }),
          store_shared([](R& e, const Values& v) { e.bootstrap_resamples = static_cast<std::size_t>(v.int64[0]); }))
      .attribute("batches", Type::int64, "the replicates or batches of rqmc-t and batch-t (0 for the bootstrap)",
                 shared([](const R& e) { return Values::integer(as_int(e.batches)); }),
                 store_shared([](R& e, const Values& v) { e.batches = static_cast<std::size_t>(v.int64[0]); }))
      .attribute("first_order_estimator", Type::string, "S1's estimator",
                 shared([](const R& e) { return Values::text(e.first_order_estimator); }),
                 store_shared([](R& e, const Values& v) { e.first_order_estimator = v.string[0]; }))
      .attribute("total_order_estimator", Type::string, "ST's estimator",
                 shared([](const R& e) { return Values::text(e.total_order_estimator); }),
                 store_shared([](R& e, const Values& v) { e.total_order_estimator = v.string[0]; }))
      .supplied("caveat", Type::string, "with [correlation] pairs: why the indices depend on the parameters' order")
      .names(dimension_name<S>);
  // The design's failed model runs by reason, as the root's failed_draws attributes count the draws'.
  l.embed<FailureCounts>(
      failures_layout(), [](const SobolSummary& s) -> const FailureCounts& { return s.failures; },
      [](SobolSummary& s) -> FailureCounts& { return s.failures; });
  return l;
}

Layout<MorrisSummary> make_morris_layout() {
  using M = MorrisSummary;
  Layout<M> l;
  l.dataset("names", Type::string, {{"input"}}, "the inputs of the columns",
            always<M>([](const M& mo) { return Values::texts(mo.inputs); }),
            [](M& mo, const Values& v) {
              mo.inputs = v.string;
              mo.result.k = v.string.size();
            })
      .dataset("mu", Type::float64, {{"input"}}, "mean elementary effect",
               always<M>([](const M& mo) { return Values::numbers(mo.result.mu); }),
               [](M& mo, const Values& v) { mo.result.mu = v.float64; })
      .dataset("mu_star", Type::float64, {{"input"}}, "mean absolute elementary effect (Campolongo et al. 2007)",
               always<M>([](const M& mo) { return Values::numbers(mo.result.mu_star); }),
               [](M& mo, const Values& v) { mo.result.mu_star = v.float64; })
      .dataset("sigma", Type::float64, {{"input"}}, "sd of the elementary effects",
               always<M>([](const M& mo) { return Values::numbers(mo.result.sigma); }),
               [](M& mo, const Values& v) { mo.result.sigma = v.float64; })
      .dataset("mu_star_ci", Type::float64, {{"bound", 2}, {"input"}}, "mu_star's interval: rows lower, upper",
               always<M>([](const M& mo) { return bounds(mo.result.mu_star_low, mo.result.mu_star_high); }),
               [](M& mo, const Values& v) { split_bounds(v, mo.result.mu_star_low, mo.result.mu_star_high); })
      .dataset("effects", Type::uint64, {{"input"}}, "finite elementary effects per input", always<M>([](const M& mo) {
                 return Values::counts(std::vector<std::uint64_t>(mo.result.effects.begin(), mo.result.effects.end()));
               }),
               [](M& mo, const Values& v) { mo.result.effects.assign(v.uint64.begin(), v.uint64.end()); });
  input_coordinate(l);
  bound_coordinate(l);
  l.attribute("trajectories", Type::int64, "trajectories used",
              always<M>([](const M& mo) { return Values::integer(as_int(mo.result.trajectories)); }),
              [](M& mo, const Values& v) { mo.result.trajectories = static_cast<std::size_t>(v.int64[0]); })
      .attribute("levels", Type::int64, "grid levels",
                 always<M>([](const M& mo) { return Values::integer(mo.levels); }),
                 [](M& mo, const Values& v) { mo.levels = static_cast<int>(v.int64[0]); })
      .attribute("confidence", Type::float64, "the interval's level",
                 always<M>([](const M& mo) { return Values::number(mo.result.confidence); }),
                 [](M& mo, const Values& v) { mo.result.confidence = v.float64[0]; })
      .attribute("interval", Type::string, "how the interval is computed",
                 always<M>([](const M& mo) { return Values::text(mo.result.interval_method); }),
                 [](M& mo, const Values& v) { mo.result.interval_method = v.string[0]; })
      .supplied("caveat", Type::string, "with [correlation] pairs: why the effects depend on the parameters' order");
  // The design's failed model runs by reason, as the root's failed_draws attributes count the draws'.
  l.embed<FailureCounts>(
      failures_layout(), [](const MorrisSummary& s) -> const FailureCounts& { return s.failures; },
      [](MorrisSummary& s) -> FailureCounts& { return s.failures; });
  return l;
}

Layout<ShapleySummary> make_shapley_layout() {
  using H = ShapleySummary;
  Layout<H> l;
  l.dataset("names", Type::string, {{"input"}}, "the inputs of the columns",
            always<H>([](const H& sh) { return Values::texts(sh.inputs); }),
            [](H& sh, const Values& v) {
              sh.inputs = v.string;
              sh.result.k = v.string.size();
            })
      .dataset("effects", Type::float64, {{"input"}}, "Shapley effects: shares of the variance, summing to 1",
               always<H>([](const H& sh) { return Values::numbers(sh.result.effects); }),
               [](H& sh, const Values& v) { sh.result.effects = v.float64; })
      .dataset("effects_low", Type::float64, {{"input"}}, "their interval's lower bounds",
               always<H>([](const H& sh) { return Values::numbers(sh.result.effects_low); }),
               [](H& sh, const Values& v) { sh.result.effects_low = v.float64; })
      .dataset("effects_high", Type::float64, {{"input"}}, "their interval's upper bounds",
               always<H>([](const H& sh) { return Values::numbers(sh.result.effects_high); }),
               [](H& sh, const Values& v) { sh.result.effects_high = v.float64; });
  input_coordinate(l);
  l.attribute("inputs", Type::string, "the inputs, as an attribute too",
              always<H>([](const H& sh) { return Values::texts(sh.inputs); }))
      .attribute("method", Type::string, "exact (every subset) or random (permutations)",
                 always<H>([](const H& sh) { return Values::text(sh.result.method); }),
                 [](H& sh, const Values& v) { sh.result.method = v.string[0]; })
      .attribute("items", Type::int64, "outer points (exact) or permutations (random) used",
                 always<H>([](const H& sh) { return Values::integer(as_int(sh.result.items)); }),
                 [](H& sh, const Values& v) { sh.result.items = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("failed_items", Type::int64, "items dropped because the target was not finite",
                 always<H>([](const H& sh) { return Values::integer(as_int(sh.result.failed)); }),
                 [](H& sh, const Values& v) { sh.result.failed = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("inner", Type::int64, "conditional draws per subset",
                 always<H>([](const H& sh) { return Values::integer(as_int(sh.result.inner)); }),
                 [](H& sh, const Values& v) { sh.result.inner = static_cast<std::size_t>(v.int64[0]); })
      .attribute("evaluations", Type::int64, "model runs",
                 always<H>([](const H& sh) { return Values::integer(as_int(sh.evaluations)); }),
                 [](H& sh, const Values& v) { sh.evaluations = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("variance", Type::float64, "Var(Y)",
                 always<H>([](const H& sh) { return Values::number(sh.result.variance); }),
                 [](H& sh, const Values& v) { sh.result.variance = v.float64[0]; })
      .attribute("confidence", Type::float64, "the interval's level",
                 always<H>([](const H& sh) { return Values::number(sh.result.confidence); }),
                 [](H& sh, const Values& v) { sh.result.confidence = v.float64[0]; })
      .attribute("interval", Type::string, "how the interval is computed (batch means)",
                 always<H>([](const H& sh) { return Values::text(sh.result.interval_method); }),
                 [](H& sh, const Values& v) { sh.result.interval_method = v.string[0]; })
      .attribute("blocks", Type::int64, "blocks of items the interval is computed over",
                 always<H>([](const H& sh) { return Values::integer(as_int(sh.result.blocks)); }),
                 [](H& sh, const Values& v) { sh.result.blocks = static_cast<std::size_t>(v.int64[0]); });
  // The design's failed model runs by reason, as the root's failed_draws attributes count the draws'.
  l.embed<FailureCounts>(
      failures_layout(), [](const ShapleySummary& s) -> const FailureCounts& { return s.failures; },
      [](ShapleySummary& s) -> FailureCounts& { return s.failures; });
  return l;
}

Layout<RegressionSummary> make_regression_layout() {
  using R = RegressionSummary;
  Layout<R> l;
  l.dataset("names", Type::string, {{"input"}}, "the inputs of the columns",
            always<R>([](const R& re) { return Values::texts(re.inputs); }),
            [](R& re, const Values& v) {
              re.inputs = v.string;
              re.result.k = v.string.size();
            })
      .dataset("src", Type::float64, {{"input"}}, "standardized regression coefficients",
               always<R>([](const R& re) { return Values::numbers(re.result.src); }),
               [](R& re, const Values& v) { re.result.src = v.float64; })
      .dataset("prcc", Type::float64, {{"input"}}, "partial rank correlation coefficients",
               always<R>([](const R& re) { return Values::numbers(re.result.prcc); }),
               [](R& re, const Values& v) { re.result.prcc = v.float64; });
  input_coordinate(l);
  l.attribute("r_squared", Type::float64, "R^2 of the linear model behind the SRC",
              always<R>([](const R& re) { return Values::number(re.result.r_squared); }),
              [](R& re, const Values& v) { re.result.r_squared = v.float64[0]; })
      .attribute("n", Type::int64, "rows used",
                 always<R>([](const R& re) { return Values::integer(as_int(re.result.n)); }),
                 [](R& re, const Values& v) { re.result.n = static_cast<std::size_t>(v.int64[0]); })
      .attribute("dropped_rows", Type::int64, "rows with a non-finite input or output",
                 always<R>([](const R& re) { return Values::integer(as_int(re.result.dropped_rows)); }),
                 [](R& re, const Values& v) { re.result.dropped_rows = static_cast<std::size_t>(v.int64[0]); });
  return l;
}

// failed_draws and its reported and unwritten parts whenever the model failed a draw (as before programs could
// fail), an external program's reasons (failed_draws_timeout, ...) only where that reason failed a draw.
Layout<FailureCounts> make_failures_layout() {
  using F = FailureCounts;
  Layout<F> l;
  l.attribute(
      "failed_draws", Type::int64, "with failed draws: how many the model failed (their outputs are NaN)",
      [](const F& f) -> std::optional<Values> {
        if (f.total() == 0) return std::nullopt;
        return Values::integer(static_cast<std::int64_t>(f.total()));
      },
      {}, layout::Presence::optional);
  for (const FailureReason& r : failure_reasons()) {
    std::uint64_t F::*const field = r.count;
    const bool always_with_failures = field == &F::reported || field == &F::unwritten;
    l.attribute(
        std::string("failed_draws_") + r.name, Type::int64, r.meaning,
        [field, always_with_failures](const F& f) -> std::optional<Values> {
          if (f.total() == 0 || (!always_with_failures && f.*field == 0)) return std::nullopt;
          return Values::integer(static_cast<std::int64_t>(f.*field));
        },
        [field](F& f, const Values& v) { f.*field = static_cast<std::uint64_t>(v.int64[0]); },
        layout::Presence::optional);
  }
  return l;
}

Layout<ScenarioSummary> make_scenario_layout(const Layout<FailureCounts>& failures) {
  using S = ScenarioSummary;
  const auto output_name = [](const OutputSummary& o) { return o.name; };
  const auto set_output_name = [](OutputSummary& o, const std::string& name) { o.name = name; };
  Layout<S> l;
  l.attribute("text", Type::string, "what the scenario is, in words",
              always<S>([](const S& sc) { return Values::text(sc.text); }),
              [](S& sc, const Values& v) { sc.text = v.string[0]; })
      .attribute("changes", Type::string, "the parameters it changes, comma-separated", always<S>([](const S& sc) {
                   std::string changes;
                   for (const auto& n : sc.overridden) changes += (changes.empty() ? "" : ",") + n;
                   return Values::text(changes);
                 }),
                 [](S& sc, const Values& v) {
                   const std::string& changes = v.string[0];
                   for (std::size_t start = 0; start < changes.size();) {
                     const std::size_t end = std::min(changes.find(',', start), changes.size());
                     sc.overridden.push_back(changes.substr(start, end - start));
                     start = end + 1;
                   }
                 })
      .embed<FailureCounts>(
          failures, [](const S& sc) -> const FailureCounts& { return sc.failures; },
          [](S& sc) -> FailureCounts& { return sc.failures; })
      .each<OutputSummary>("outputs", "<output>", "every output under the scenario, on the same draws", output_layout(),
                           &S::outputs, output_name, set_output_name, layout::Presence::always, {},
                           layout::Alternative<OutputSummary>{&array_output_layout(),
                                                              [](const OutputSummary& o) { return o.is_array(); },
                                                              "dimension", "<array output>"})
      .each<ClaimSummary>(
          "claims", "<claim>", "every claim under the scenario", claim_layout(), &S::claims,
          [](const ClaimSummary& c) { return c.name; }, [](ClaimSummary& c, const std::string& name) { c.name = name; })
      .each<CurveSummary>(
          "curves", "<curve>", "every curve under the scenario", curve_layout(), &S::curves,
          [](const CurveSummary& c) { return c.name; }, [](CurveSummary& c, const std::string& name) { c.name = name; })
      .each<OutputSummary>("delta", "<output>", "per output: scenario - baseline, draw by draw (common random numbers)",
                           output_layout(), &S::deltas, output_name, set_output_name, layout::Presence::always, {},
                           layout::Alternative<OutputSummary>{&array_output_layout(),
                                                              [](const OutputSummary& o) { return o.is_array(); },
                                                              "dimension", "<array output>"})
      .subgroup_attribute("delta", "meaning", Type::string, "what the paired changes are", always<S>([](const S&) {
                            return Values::text("scenario - baseline for the same draws (common random numbers)");
                          }));
  return l;
}

Layout<RankingSummary> make_ranking_layout() {
  using R = RankingSummary;
  const auto square = [](const std::vector<double> R::*field) {
    return always<R>([field](const R& r) { return Values::table(r.*field, r.scenarios.size(), r.scenarios.size()); });
  };
  Layout<R> l;
  l.dataset("ranking", Type::float64, {{"ranking_contender"}, {"ranking_rival"}},
            "P(contender i is better than contender j): a larger value, or a smaller one when lower_is_better",
            square(&R::probability), [](R& r, const Values& v) { r.probability = v.float64; })
      .dataset_attribute("ranking", "names", Type::string, "the contenders, in order",
                         always<R>([](const R& r) { return Values::texts(r.scenarios); }))
      .dataset_attribute("ranking", "output", Type::string, "the output they are ranked by",
                         always<R>([](const R& r) { return Values::text(r.output); }),
                         [](R& r, const Values& v) { r.output = v.string[0]; })
      .dataset_attribute("ranking", "meaning", Type::string, "what the matrix holds", always<R>([](const R& r) {
                           return Values::text(r.lower_is_better
                                                   ? "P(scenario i gives a smaller value than scenario j)"
                                                   : "P(scenario i gives a larger value than scenario j)");
                         }))
      .dataset_attribute(
          "ranking", "include_baseline", Type::int64, "1 when the baseline is the first contender",
          always<R>([](const R& r) { return Values::integer(r.include_baseline ? 1 : 0); }),
          [](R& r, const Values& v) { r.include_baseline = v.int64[0] != 0; }, layout::Presence::always_since)
      .dataset_attribute(
          "ranking", "lower_is_better", Type::int64, "1 when the smaller value is the better",
          always<R>([](const R& r) { return Values::integer(r.lower_is_better ? 1 : 0); }),
          [](R& r, const Values& v) { r.lower_is_better = v.int64[0] != 0; }, layout::Presence::always_since)
      .dataset("ranking_ci_low", Type::float64, {{"ranking_contender"}, {"ranking_rival"}},
               "its Wilson intervals' lower bounds", square(&R::ci_low),
               [](R& r, const Values& v) { r.ci_low = v.float64; })
      .dataset("ranking_ci_high", Type::float64, {{"ranking_contender"}, {"ranking_rival"}},
               "its Wilson intervals' upper bounds", square(&R::ci_high),
               [](R& r, const Values& v) { r.ci_high = v.float64; })
      .dataset("ranking_names", Type::string, {{"ranking_contender"}}, "the contenders, in order",
               always<R>([](const R& r) { return Values::texts(r.scenarios); }),
               [](R& r, const Values& v) { r.scenarios = v.string; })
      .dataset("ranking_contender", Type::string, {{"ranking_contender"}}, "coordinate: the contenders of the rows (i)",
               always<R>([](const R& r) { return Values::texts(r.scenarios); }), {}, layout::Presence::always_since)
      .dataset("ranking_rival", Type::string, {{"ranking_rival"}}, "coordinate: the contenders of the columns (j)",
               always<R>([](const R& r) { return Values::texts(r.scenarios); }), {}, layout::Presence::always_since);
  return l;
}

}  // namespace

std::string created_utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

namespace {

Layout<Results> make_root_layout() {
  using R = Results;
  const auto text = [](std::string R::*field) {
    return std::make_pair(always<R>([field](const R& r) { return Values::text(r.*field); }),
                          [field](R& r, const Values& v) { r.*field = v.string[0]; });
  };
  const auto [title_get, title_set] = text(&R::title);
  const auto [name_get, name_set] = text(&R::config_name);
  const auto [sampler_get, sampler_set] = text(&R::sampler);
  const auto [stop_get, stop_set] = text(&R::stop_reason);
  Layout<R> l;
  l.attribute("mcsens_version", Type::string, "the version of mcsens that wrote the file",
              always<R>([](const R&) { return Values::text(version()); }),
              [](R& r, const Values& v) { r.version = v.string[0]; })
      .attribute(
          "format_version", Type::int64,
          "the layout's version: 2 since dimension scales (files without it are version 1)",
          always<R>([](const R&) { return Values::integer(result_format_version); }),
          [](R& r, const Values& v) { r.format_version = static_cast<int>(v.int64[0]); },
          layout::Presence::always_since)
      .attribute("git_commit", Type::string, "its git commit",
                 always<R>([](const R&) { return Values::text(git_commit()); }),
                 [](R& r, const Values& v) { r.git_commit = v.string[0]; })
      .attribute("created_utc", Type::string, "when the file was written (UTC, ISO 8601)",
                 always<R>([](const R&) { return Values::text(created_utc_now()); }),
                 [](R& r, const Values& v) { r.created_utc = v.string[0]; })
      .attribute("title", Type::string, "the config's title", title_get, title_set)
      .attribute("config", Type::string, "the config's whole text",
                 always<R>([](const R& r) { return Values::text(r.config_text); }),
                 [](R& r, const Values& v) { r.config_text = v.string[0]; })
      .attribute("config_name", Type::string, "where the config came from (its path, or the built-in default)",
                 name_get, name_set)
      .attribute("overrides", Type::string, "the --set overrides, in order (a list of strings)",
                 always<R>([](const R& r) { return Values::texts(r.overrides); }),
                 [](R& r, const Values& v) { r.overrides = v.string; })
      .attribute("seed", Type::int64, "the seed", always<R>([](const R& r) { return Values::integer(as_int(r.seed)); }),
                 [](R& r, const Values& v) { r.seed = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("samples", Type::int64, "the uncertainty draws",
                 always<R>([](const R& r) { return Values::integer(as_int(r.samples)); }),
                 [](R& r, const Values& v) { r.samples = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("sampler", Type::string, "the uncertainty draws' sampler: mc, sobol or lhs", sampler_get, sampler_set)
      .attribute("threads", Type::int64, "threads per rank (the numbers do not depend on it)",
                 always<R>([](const R& r) { return Values::integer(r.threads); }),
                 [](R& r, const Values& v) { r.threads = static_cast<int>(v.int64[0]); })
      .attribute("ranks", Type::int64, "MPI ranks (the numbers do not depend on it)",
                 always<R>([](const R& r) { return Values::integer(r.ranks); }),
                 [](R& r, const Values& v) { r.ranks = static_cast<int>(v.int64[0]); })
      .attribute("wall_seconds", Type::float64, "the run's wall time",
                 always<R>([](const R& r) { return Values::number(r.wall_seconds); }),
                 [](R& r, const Values& v) { r.wall_seconds = v.float64[0]; })
      .attribute("chunk_size", Type::int64, "draws per chunk, the unit of the fixed merge order",
                 always<R>([](const R& r) { return Values::integer(as_int(r.chunk_size)); }),
                 [](R& r, const Values& v) { r.chunk_size = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute(
          "notes", Type::string, "notes on the run, one per line (e.g. analyses the config asks for that it skipped)",
          always<R>([](const R& r) {
            std::string notes;
            for (const auto& note : r.notes) notes += (notes.empty() ? "" : "\n") + note;
            return Values::text(notes);
          }),
          [](R& r, const Values& v) {
            const std::string& notes = v.string[0];
            for (std::size_t start = 0; start < notes.size();) {
              const std::size_t end = std::min(notes.find('\n', start), notes.size());
              r.notes.push_back(notes.substr(start, end - start));
              start = end + 1;
            }
          },
          layout::Presence::always_since)
      .attribute("stop_reason", Type::string, "why the draws stopped where they did (-n, or --until's verdict)",
                 stop_get, stop_set, layout::Presence::always_since)
      .attribute(
          "machine", Type::string,
          "the machine that ran it: CPU model, logical CPUs, operating system (merged shards: the merging one)",
          always<R>([](const R& r) { return Values::text(r.machine); }),
          [](R& r, const Values& v) { r.machine = v.string[0]; }, layout::Presence::always_since)
      .attribute("until_relative_se", Type::float64, "--until's se target (written when the run had one)",
                 given(&R::until_relative_se), into(&R::until_relative_se), layout::Presence::optional)
      .attribute("until_ci_half_width", Type::float64, "--until's ci target (written when the run had one)",
                 given(&R::until_ci_half_width), into(&R::until_ci_half_width), layout::Presence::optional);
  return l;
}

// The groups after /parameters: every analysis's results, the kept draws and the run state.
Layout<Results> make_contents_layout(const Layout<FailureCounts>& failures, const Layout<Results>& ranking,
                                     const Layout<Results>& sensitivity, const Layout<Results>& samples,
                                     const Layout<Results>& resume) {
  using R = Results;
  Layout<R> l;
  l.embed<FailureCounts>(
       failures, [](const R& r) -> const FailureCounts& { return r.failures; },
       [](R& r) -> FailureCounts& { return r.failures; })
      .each<OutputSummary>(
          "outputs", "<output>", "every output: moments, quantiles, histogram", output_layout(), &R::outputs,
          [](const OutputSummary& o) { return o.name; }, [](OutputSummary& o, const std::string& n) { o.name = n; },
          layout::Presence::optional, {},
          layout::Alternative<OutputSummary>{&array_output_layout(),
                                             [](const OutputSummary& o) { return o.is_array(); }, "dimension",
                                             "<array output>"})
      .each<ClaimSummary>(
          "claims", "<claim>", "every claim: its probability and what drives it", claim_layout(), &R::claims,
          [](const ClaimSummary& c) { return c.name; }, [](ClaimSummary& c, const std::string& n) { c.name = n; })
      .each<CurveSummary>(
          "curves", "<curve>", "every response curve: bands and features", curve_layout(), &R::curves,
          [](const CurveSummary& c) { return c.name; }, [](CurveSummary& c, const std::string& n) { c.name = n; })
      .each<ScenarioSummary>(
          "scenarios", "<scenario>", "every scenario, on the same draws as the baseline", scenario_layout(),
          &R::scenarios, [](const ScenarioSummary& sc) { return sc.name; },
          [](ScenarioSummary& sc, const std::string& n) { sc.name = n; }, layout::Presence::optional,
          [](const std::string& child) { return child.rfind("ranking", 0) != 0; })
      .group("scenarios", "every scenario, on the same draws as the baseline", ranking,
             [](const R& r) { return r.has_ranking; })
      .group("sensitivity", "sensitivity indices, per method and target", sensitivity,
             [](const R& r) {
               return !(r.sobol.empty() && r.morris.empty() && r.regression.empty() && r.shapley.empty());
             })
      .group("samples", "with --keep-samples: the first draws, inputs and outputs", samples,
             [](const R& r) { return r.kept.rows > 0; })
      .group("resume", "the finished work in flat form: what run --resume needs to extend this result", resume);
  return l;
}

// The ranking inside /scenarios (ranking_layout() on Results::ranking).
Layout<Results> make_ranking_in_results() {
  Layout<Results> l;
  l.embed<RankingSummary>(
      ranking_layout(), [](const Results& r) -> const RankingSummary& { return r.ranking; },
      [](Results& r) -> RankingSummary& {
        r.has_ranking = true;
        return r.ranking;
      });
  return l;
}

// The run's caveat in each target's group of `method`: sobol_layout() and morris_layout() list it as supplied.
void write_caveat(h5::Group& sens, const std::string& method, const std::string& caveat) {
  if (caveat.empty() || !sens.exists(method)) return;
  h5::Group group = sens.open_group(method);
  for (const auto& target : group.children()) group.set_attribute("caveat", caveat, target);
}

void read_caveat(const h5::Group& sens, const std::string& method, Results& r) {
  if (!sens.exists(method)) return;
  const h5::Group group = sens.open_group(method);
  for (const auto& target : group.children()) {
    if (group.has_attribute("caveat", target)) r.sensitivity_caveat = group.string_attribute("caveat", target);
  }
}

Layout<Results> make_sensitivity_layout() {
  using R = Results;
  Layout<R> l;
  l.each<SobolSummary>(
       "sobol", "<target>", "Sobol' indices of each target (an output or a claim's indicator)", sobol_layout(),
       &R::sobol, [](const SobolSummary& x) { return x.target; },
       [](SobolSummary& x, const std::string& n) { x.target = n; }, layout::Presence::optional, {},
       layout::Alternative<SobolSummary>{&array_sobol_layout(), [](const SobolSummary& x) { return x.is_array(); },
                                         "dimension", "<array target>"})
      .each<MorrisSummary>(
          "morris", "<target>", "Morris elementary effects of each target", morris_layout(), &R::morris,
          [](const MorrisSummary& x) { return x.target; }, [](MorrisSummary& x, const std::string& n) { x.target = n; })
      .custom(
          [](h5::Group& g, const R& r) {
            write_caveat(g, "sobol", r.sensitivity_caveat);
            write_caveat(g, "morris", r.sensitivity_caveat);
          },
          [](const h5::Group& g, R& r) {
            read_caveat(g, "sobol", r);
            read_caveat(g, "morris", r);
          })
      .each<ShapleySummary>(
          "shapley", "<target>", "Shapley effects of each target", shapley_layout(), &R::shapley,
          [](const ShapleySummary& x) { return x.target; },
          [](ShapleySummary& x, const std::string& n) { x.target = n; })
      .each<RegressionSummary>(
          "regression", "<target>", "SRC and PRCC of each target", regression_layout(), &R::regression,
          [](const RegressionSummary& x) { return x.target; },
          [](RegressionSummary& x, const std::string& n) { x.target = n; });
  return l;
}

Layout<Results> make_samples_layout() {
  using R = Results;
  // The first kept.rows rows of a (rows, width) block (the buffers may hold more).
  const auto rows = [](const std::vector<double>& v, std::uint64_t n, std::size_t width) {
    return Values::table(std::vector<double>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n * width)),
                         static_cast<std::size_t>(n), width);
  };
  Layout<R> l;
  l.dataset("inputs", Type::float64, {{"draw"}, {"input"}}, "the first draws' inputs",
            always<R>([rows](const R& r) { return rows(r.kept.inputs, r.kept.rows, r.kept.input_names.size()); }),
            [](R& r, const Values& v) {
              r.kept.inputs = v.float64;
              r.kept.rows = v.shape.empty() ? 0 : v.shape[0];
            })
      .dataset_attribute("inputs", "names", Type::string, "the inputs of the columns",
                         always<R>([](const R& r) { return Values::texts(r.kept.input_names); }))
      .dataset("outputs", Type::float64, {{"draw"}, {"output"}}, "their outputs",
               always<R>([rows](const R& r) { return rows(r.kept.outputs, r.kept.rows, r.kept.output_names.size()); }),
               [](R& r, const Values& v) { r.kept.outputs = v.float64; })
      .dataset_attribute("outputs", "names", Type::string, "the outputs of the columns",
                         always<R>([](const R& r) { return Values::texts(r.kept.output_names); }))
      .dataset("input_names", Type::string, {{"input"}}, "the inputs of the columns",
               always<R>([](const R& r) { return Values::texts(r.kept.input_names); }),
               [](R& r, const Values& v) { r.kept.input_names = v.string; })
      .dataset("output_names", Type::string, {{"output"}}, "the outputs of the columns",
               always<R>([](const R& r) { return Values::texts(r.kept.output_names); }),
               [](R& r, const Values& v) { r.kept.output_names = v.string; })
      .dataset("input", Type::string, {{"input"}}, "coordinate: the inputs (as names)",
               always<R>([](const R& r) { return Values::texts(r.kept.input_names); }), {},
               layout::Presence::always_since)
      .dataset("output", Type::string, {{"output"}}, "coordinate: the outputs (as names)",
               always<R>([](const R& r) { return Values::texts(r.kept.output_names); }), {},
               layout::Presence::always_since);
  return l;
}

Layout<Results> make_resume_layout() {
  using R = Results;
  Layout<R> l;
  l.dataset("state", Type::uint8, {{"byte"}}, "the run state (opaque bytes, checksummed)",
            always<R>([](const R& r) { return Values::bytes(encode_run_state(r.state)); }))
      .dataset_attribute("state", "format", Type::string, "what the bytes are", always<R>([](const R&) {
                           return Values::text("mcsens run state (see docs/cluster.md); opaque");
                         }));
  return l;
}

Layout<ParameterRecord> make_parameter_layout() {
  using P = ParameterRecord;
  Layout<P> l;
  l.attribute("label", Type::string, "the parameter's label (its name when the config gives none)",
              always<P>([](const P& p) { return Values::text(p.label); }),
              [](P& p, const Values& v) { p.label = v.string[0]; })
      .attribute("unit", Type::string, "its unit (may be empty)",
                 always<P>([](const P& p) { return Values::text(p.unit); }),
                 [](P& p, const Values& v) { p.unit = v.string[0]; })
      .attribute("dist", Type::string, "its distribution's kind, or constant",
                 always<P>([](const P& p) { return Values::text(p.dist); }),
                 [](P& p, const Values& v) {
                   p.dist = v.string[0];
                   p.constant = p.dist == "constant";
                 })
      .attribute(
          "value", Type::float64, "a constant's value",
          [](const P& p) -> std::optional<Values> {
            if (!p.constant) return std::nullopt;
            return Values::number(p.value);
          },
          [](P& p, const Values& v) { p.value = v.float64[0]; }, layout::Presence::optional)
      .attribute(
          "description", Type::string, "the distribution, in words",
          [](const P& p) -> std::optional<Values> {
            if (p.constant) return std::nullopt;
            return Values::text(p.description);
          },
          [](P& p, const Values& v) { p.description = v.string[0]; }, layout::Presence::optional)
      .custom(
          [](h5::Group& g, const P& p) {
            for (const auto& [key, value] : p.parameters) g.set_attribute(key, value);
          },
          [](const h5::Group& g, P& p) {
            // Every other attribute is one of the distribution's parameters, in the order written.
            for (const auto& key : g.attribute_names()) {
              if (key == "label" || key == "unit" || key == "dist" || key == "value" || key == "description") continue;
              p.parameters.emplace_back(key, g.double_attribute(key));
            }
          })
      .supplied("<distribution's parameter>", Type::float64,
                "the distribution's parameters, one attribute each (mean, sd, low, high, ...)");
  return l;
}

}  // namespace

ParameterRecord parameter_record(const ParameterSpace& space, std::size_t p) {
  ParameterRecord r;
  const ParameterSpec& spec = space.spec(p);
  r.name = space.names()[p];
  r.label = spec.label.empty() ? spec.name : spec.label;
  r.unit = spec.unit;
  r.constant = space.is_constant(p);
  if (r.constant) {
    r.dist = "constant";
    r.value = space.constant_value(p);
    return r;
  }
  const Distribution* d = space.distribution(p);
  r.dist = d->kind();
  r.description = d->describe();
  r.parameters = d->parameters();
  return r;
}

const layout::Layout<ParameterRecord>& parameter_layout() {
  static const Layout<ParameterRecord> l = make_parameter_layout();
  return l;
}

const layout::Layout<Results>& root_layout() {
  static const Layout<Results> l = make_root_layout();
  return l;
}

const layout::Layout<Results>& contents_layout() {
  static const Layout<Results> ranking = make_ranking_in_results();
  static const Layout<Results> sensitivity = make_sensitivity_layout();
  static const Layout<Results> samples = make_samples_layout();
  static const Layout<Results> resume = make_resume_layout();
  static const Layout<Results> l = make_contents_layout(failures_layout(), ranking, sensitivity, samples, resume);
  return l;
}

std::vector<layout::SchemaLine> result_schema() {
  std::vector<layout::SchemaLine> lines;
  root_layout().list("", lines);
  lines.push_back(
      layout::SchemaLine{"parameters/", layout::Type::float64, {}, "every parameter, as the run used it", true, true});
  lines.push_back(
      layout::SchemaLine{"parameters/<parameter>/", layout::Type::float64, {}, "one parameter", false, true});
  parameter_layout().list("parameters/<parameter>/", lines);
  contents_layout().list("", lines);
  return lines;
}

std::string result_schema_table() {
  return schema_table(result_schema());
}

std::string schema_table(const std::vector<layout::SchemaLine>& lines) {
  const auto type_name = [](layout::Type t) {
    switch (t) {
      case layout::Type::float64:
        return "float64";
      case layout::Type::uint64:
        return "uint64";
      case layout::Type::int64:
        return "int64";
      case layout::Type::string:
        return "string";
      case layout::Type::uint8:
        return "uint8";
    }
    return "";
  };
  std::string out =
      "| path | type | dimensions | in every file | meaning |\n"
      "|---|---|---|---|---|\n";
  for (const auto& line : lines) {
    const bool attribute = line.path.find('@') != std::string::npos;
    std::string dims;
    if (line.group) {
      dims = "group";
    } else if (attribute) {
      dims = "attribute";
    } else if (line.dims.empty()) {
      dims = "scalar";
    } else {
      for (std::size_t i = 0; i < line.dims.size(); ++i) {
        dims += (i ? ", " : "") + line.dims[i].name;
        if (line.dims[i].size) dims += "(" + std::to_string(line.dims[i].size) + ")";
      }
    }
    std::string meaning;  // a '|' would end the table's cell
    for (const char c : line.meaning) meaning += c == '|' ? std::string("\\|") : std::string(1, c);
    out += "| `/" + line.path + "` | " + (line.group ? "" : type_name(line.type)) + " | " + dims + " | " +
           (line.always ? "yes" : "") + " | " + meaning + " |\n";
  }
  return out;
}

const layout::Layout<FailureCounts>& failures_layout() {
  static const Layout<FailureCounts> l = make_failures_layout();
  return l;
}

const layout::Layout<ScenarioSummary>& scenario_layout() {
  static const Layout<ScenarioSummary> l = make_scenario_layout(failures_layout());
  return l;
}

const layout::Layout<RankingSummary>& ranking_layout() {
  static const Layout<RankingSummary> l = make_ranking_layout();
  return l;
}

const layout::Layout<SobolSummary>& sobol_layout() {
  static const Layout<SobolSummary> l = make_sobol_layout();
  return l;
}

const layout::Layout<MorrisSummary>& morris_layout() {
  static const Layout<MorrisSummary> l = make_morris_layout();
  return l;
}

const layout::Layout<ShapleySummary>& shapley_layout() {
  static const Layout<ShapleySummary> l = make_shapley_layout();
  return l;
}

const layout::Layout<RegressionSummary>& regression_layout() {
  static const Layout<RegressionSummary> l = make_regression_layout();
  return l;
}

const layout::Layout<FeatureSummary>& feature_layout() {
  static const Layout<FeatureSummary> feature = make_feature_layout(output_layout());
  return feature;
}

const layout::Layout<CurveSummary>& curve_layout() {
  static const Layout<CurveSummary> curve = make_curve_layout(feature_layout());
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

const layout::Layout<SobolSummary>& array_sobol_layout() {
  static const Layout<SobolSummary> l = make_array_sobol_layout();
  return l;
}

const layout::Layout<OutputSummary>& array_output_layout() {
  static const Layout<OutputSummary> output = make_array_output_layout();
  return output;
}

}  // namespace mcsens
