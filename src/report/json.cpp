// SPDX-License-Identifier: MIT
#include "mcsens/report/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "covered_fields.hpp"
#include "mcsens/report/json_text.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "mcsens/report/uncovered.hpp"

// The JSON document of a result (`run --json`, `show --json`; docs/cli.md, "The JSON document"). Version 2 holds
// everything the result file holds but the kept draws and the run state; every key of version 1 is kept as it was.
namespace mcsens {

namespace {

// The elements of a Values as JSON text, in storage order (row-major).
std::vector<std::string> elements(const layout::Values& v) {
  std::vector<std::string> out;
  switch (v.type) {
    case layout::Type::float64:
      for (double x : v.float64) out.push_back(json::number(x));
      break;
    case layout::Type::uint64:
      for (std::uint64_t n : v.uint64) out.push_back(std::to_string(n));
      break;
    case layout::Type::int64:
      for (std::int64_t n : v.int64) out.push_back(std::to_string(n));
      break;
    case layout::Type::string:
      for (const std::string& t : v.string) out.push_back(json::quoted(t));
      break;
    case layout::Type::uint8:
      for (std::uint8_t b : v.uint8) out.push_back(std::to_string(b));
      break;
  }
  return out;
}

// Axis `axis` of `shape` as a list, its elements taken from `items` from `next` on.
std::string nested(const std::vector<std::string>& items, const std::vector<std::size_t>& shape, std::size_t axis,
                   std::size_t& next) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape[axis]; ++i) {
    out += i ? ", " : "";
    if (axis + 1 < shape.size()) {
      out += nested(items, shape, axis + 1, next);
    } else {
      out += next < items.size() ? items[next++] : "null";
    }
  }
  return out + "]";
}

}  // namespace

std::string json_value(const layout::Values& content) {
  const std::vector<std::string> items = elements(content);
  if (content.shape.empty()) return items.empty() ? "null" : items.front();
  std::size_t next = 0;
  return nested(items, content.shape, 0, next);
}

namespace {

std::string count(std::uint64_t n) {
  return std::to_string(n);
}

std::string boolean(bool b) {
  return b ? "true" : "false";
}

// An object written key by key: {"a": 1, "b": [2]}, its values already JSON text. A key written twice (a field of
// the file written under its path where the document has a key of that name) is a bug of this writer.
class Object {
 public:
  Object& add(const std::string& key, const std::string& value) {
    if (!keys_.insert(key).second) throw std::logic_error("JSON document: the key \"" + key + "\" twice");
    text_ += (text_.empty() ? "" : ", ") + json::quoted(key) + ": " + value;
    return *this;
  }
  // The entries of `object` that `covered` does not cover, each under its path (mcsens/report/uncovered.hpp).
  template <class T>
  Object& add_uncovered(const layout::Layout<T>& l, const T& object, const layout::Covered& covered) {
    for (const layout::Entry& e : layout::uncovered(l, object, covered)) add(e.path, json_value(e.content));
    return *this;
  }
  std::string str() const { return "{" + text_ + "}"; }

 private:
  std::string text_;
  std::set<std::string> keys_;
};

// {"name": value, ...} of items in their order, each on its own line at `indent`.
template <class T, class Name, class Value>
std::string keyed(const std::vector<T>& items, Name name, Value value, const std::string& indent) {
  if (items.empty()) return "{}";
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += std::string(i ? "," : "") + "\n" + indent + "  " + json::quoted(name(items[i])) + ": " + value(items[i]);
  }
  return out + "\n" + indent + "}";
}

std::string counts(const std::vector<std::uint64_t>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + count(v[i]);
  return out + "]";
}

// A quantile's value: an infinite one is a value ("inf", "-inf"), not a missing one (null).
std::string quantile_value(double v) {
  return std::isinf(v) ? (v > 0 ? "\"inf\"" : "\"-inf\"") : json::number(v);
}

// {"0.05": q, ...}: keys are the probabilities as version 1 printed them (ostream's default format).
std::string by_probability(const std::vector<double>& probabilities, const std::vector<double>& values,
                           bool quantiles) {
  std::string out = "{";
  for (std::size_t q = 0; q < probabilities.size() && q < values.size(); ++q) {
    char key[32];
    std::snprintf(key, sizeof key, "%g", probabilities[q]);
    out +=
        (q ? ", " : "") + json::quoted(key) + ": " + (quantiles ? quantile_value(values[q]) : json::number(values[q]));
  }
  return out + "}";
}

// The statistics of an output's draws (an output, under a scenario, a paired change, a curve's feature).
Object statistics(const OutputSummary& o) {
  Object out;
  out.add("count", count(o.count))
      .add("nonfinite", count(o.nonfinite))
      .add("mean", json::number(o.mean))
      .add("mean_se", json::number(o.mean_se))
      .add("mean_se_replicates", count(o.replicates))
      .add("sd", json::number(o.sd))
      .add("skewness", json::number(o.skewness))
      .add("kurtosis", json::number(o.kurtosis))
      .add("min", json::number(o.min))
      .add("max", json::number(o.max))
      .add("quantiles", by_probability(o.probabilities, o.quantiles, true));
  if (o.quantile_errors.size() == o.probabilities.size()) {
    out.add("quantile_errors", by_probability(o.probabilities, o.quantile_errors, false));
  }
  out.add("quantile_relative_accuracy", json::number(o.quantile_accuracy))
      .add("positive_infinite", count(o.positive_infinite))
      .add("negative_infinite", count(o.negative_infinite));
  if (o.nonfinite > 0 && o.count > 0) {
    out.add("nonfinite_share", json::number(o.nonfinite_share())).add("moments_note", json::quoted(o.moments_note()));
  }
  out.add("histogram", Object()
                           .add("edges", json::number_list(o.histogram_edges))
                           .add("counts", counts(o.histogram_counts))
                           .add("underflow", count(o.underflow))
                           .add("overflow", count(o.overflow))
                           .str());
  out.add_uncovered(output_layout(), o, covered::output());
  return out;
}

// [value(item), ...] of `items`, on one line: an array output's statistics along its dimension.
template <class T, class F>
std::string list_of(const std::vector<T>& items, F value) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + value(items[i]);
  return out + "]";
}

// An array output (issue 35): its texts, its dimension and coordinates, then each statistic as a list along the
// dimension, under the key a scalar output has it (the quantiles and their bounds keyed by probability, each a list).
std::string array_output_json(const OutputSummary& o) {
  const auto along = [&o](auto value) { return list_of(o.elements, value); };
  const auto numbers = [&along](double OutputSummary::*field) {
    return along([field](const OutputSummary& e) { return json::number(e.*field); });
  };
  const auto counted = [&along](std::uint64_t OutputSummary::*field) {
    return along([field](const OutputSummary& e) { return count(e.*field); });
  };
  // {"0.05": [q at each element], ...}
  const auto by_level = [&o, &along](bool quantiles) {
    const std::vector<double>& levels = o.elements.empty() ? std::vector<double>{} : o.elements[0].probabilities;
    std::string out = "{";
    for (std::size_t q = 0; q < levels.size(); ++q) {
      char key[32];
      std::snprintf(key, sizeof key, "%g", levels[q]);
      out += (q ? ", " : "") + json::quoted(key) + ": " + along([q, quantiles](const OutputSummary& e) {
               return quantiles ? quantile_value(e.quantiles.at(q)) : json::number(e.quantile_errors.at(q));
             });
    }
    return out + "}";
  };
  const Dimension& d = o.dimensions.at(0);
  std::vector<double> coordinates(o.elements.size());
  for (std::size_t i = 0; i < coordinates.size(); ++i) coordinates[i] = d.coordinate(i);
  const OutputSummary first = o.elements.empty() ? OutputSummary{} : o.elements[0];
  Object out;
  out.add("label", json::quoted(o.label.empty() ? o.name : o.label))
      .add("unit", json::quoted(o.unit))
      .add("expr", json::quoted(o.expr))
      .add("dimension", json::quoted(d.name))
      .add("coordinates", json::number_list(coordinates))
      .add("count", counted(&OutputSummary::count))
      .add("nonfinite", counted(&OutputSummary::nonfinite))
      .add("mean", numbers(&OutputSummary::mean))
      .add("mean_se", numbers(&OutputSummary::mean_se))
      .add("mean_se_replicates", count(first.replicates))
      .add("sd", numbers(&OutputSummary::sd))
      .add("skewness", numbers(&OutputSummary::skewness))
      .add("kurtosis", numbers(&OutputSummary::kurtosis))
      .add("min", numbers(&OutputSummary::min))
      .add("max", numbers(&OutputSummary::max))
      .add("quantiles", by_level(true));
  if (!first.quantile_errors.empty()) out.add("quantile_errors", by_level(false));
  out.add("quantile_relative_accuracy", json::number(first.quantile_accuracy));
  out.add_uncovered(array_output_layout(), o, covered::array_output(o));
  return out.str();
}

std::string output_json(const OutputSummary& o) {
  if (o.is_array()) return array_output_json(o);
  Object head;
  // The label as the file holds it: the name when the config gives none.
  head.add("label", json::quoted(o.label.empty() ? o.name : o.label))
      .add("unit", json::quoted(o.unit))
      .add("expr", json::quoted(o.expr));
  const std::string rest = statistics(o).str();
  return head.str().substr(0, head.str().size() - 1) + ", " + rest.substr(1);
}

std::string curve_json(const CurveSummary& c, const std::string& indent) {
  std::vector<std::string> bands;
  const std::size_t points = c.grid.size();
  for (std::size_t b = 0; b < c.band_probabilities.size(); ++b) {
    const auto from = c.bands.begin() + static_cast<std::ptrdiff_t>(std::min(c.bands.size(), b * points));
    const auto to = c.bands.begin() + static_cast<std::ptrdiff_t>(std::min(c.bands.size(), (b + 1) * points));
    bands.push_back(json::number_list(std::vector<double>(from, to)));
  }
  std::string band_rows = "[";
  for (std::size_t b = 0; b < bands.size(); ++b) band_rows += (b ? ", " : "") + bands[b];
  band_rows += "]";
  const auto feature = [](const FeatureSummary& f) {
    const OutputSummary& st = f.stats;
    Object head;
    head.add("median", json::number(st.quantile(0.5)))
        .add("q05", json::number(st.quantile(0.05)))
        .add("q95", json::number(st.quantile(0.95)))
        .add("mean", json::number(st.mean))
        .add("not_found", count(st.nonfinite))
        .add("at_edge", count(f.at_edge))
        .add("statistics", statistics(st).str());
    head.add_uncovered(feature_layout(), f, covered::feature(f));  // statistics() has the output's
    return head.str();
  };
  Object o;
  o.add("x", json::quoted(c.x)).add("points", count(points));
  // The axis texts, when the config gives them ([[curves]] unit, x_label, x_unit).
  if (!c.unit.empty()) o.add("unit", json::quoted(c.unit));
  if (!c.x_label.empty()) o.add("x_label", json::quoted(c.x_label));
  if (!c.x_unit.empty()) o.add("x_unit", json::quoted(c.x_unit));
  return o
      .add("features", keyed(
                           c.features, [](const FeatureSummary& f) { return f.stats.name; }, feature, indent + "  "))
      .add("label", json::quoted(c.label.empty() ? c.name : c.label))
      .add("grid", json::number_list(c.grid))
      .add("band_probabilities", json::number_list(c.band_probabilities))
      .add("bands", band_rows)
      .add_uncovered(curve_layout(), c, covered::curve())
      .str();
}

// The draws a model failed, by reason (Results::failures).
std::string failures_json(const FailureCounts& f) {
  Object o;
  o.add("total", count(f.total()));
  for (const FailureReason& r : failure_reasons()) o.add(r.name, count(f.*r.count));
  return o.str();
}

// A scenario's array output: the keys of a scalar's entry, each a list along the dimension, then the statistics of
// the output and of the paired change as array_output_json gives them.
std::string scenario_array_json(const OutputSummary& out, const OutputSummary* delta) {
  const auto numbers = [](const OutputSummary& o, auto value) {
    return list_of(o.elements, [&value](const OutputSummary& e) { return json::number(value(e)); });
  };
  Object entry;
  entry.add("mean", numbers(out, [](const OutputSummary& e) { return e.mean; }))
      .add("mean_se", numbers(out, [](const OutputSummary& e) { return e.mean_se; }));
  if (delta != nullptr) {
    entry.add("delta_mean", numbers(*delta, [](const OutputSummary& e) { return e.mean; }))
        .add("delta_mean_se", numbers(*delta, [](const OutputSummary& e) { return e.mean_se; }))
        .add("delta_q05", numbers(*delta, [](const OutputSummary& e) { return e.quantile(0.05); }))
        .add("delta_q95", numbers(*delta, [](const OutputSummary& e) { return e.quantile(0.95); }));
  }
  entry.add("statistics", array_output_json(out));
  if (delta != nullptr) entry.add("delta", array_output_json(*delta));
  return entry.str();
}

std::string scenario_json(const ScenarioSummary& sc, const std::string& indent) {
  std::string outputs = "{";
  for (std::size_t o = 0; o < sc.outputs.size(); ++o) {
    const OutputSummary& out = sc.outputs[o];
    if (out.is_array()) {
      outputs += std::string(o ? "," : "") + "\n" + indent + "    " + json::quoted(out.name) + ": " +
                 scenario_array_json(out, o < sc.deltas.size() ? &sc.deltas[o] : nullptr);
      continue;
    }
    Object entry;
    entry.add("mean", json::number(out.mean)).add("mean_se", json::number(out.mean_se));
    if (o < sc.deltas.size()) {
      const OutputSummary& d = sc.deltas[o];
      entry.add("delta_mean", json::number(d.mean))
          .add("delta_mean_se", json::number(d.mean_se))
          .add("delta_q05", json::number(d.quantile(0.05)))
          .add("delta_q95", json::number(d.quantile(0.95)));
    }
    entry.add("statistics", statistics(out).str());
    if (o < sc.deltas.size()) entry.add("delta", statistics(sc.deltas[o]).str());
    outputs += std::string(o ? "," : "") + "\n" + indent + "    " + json::quoted(out.name) + ": " + entry.str();
  }
  outputs += sc.outputs.empty() ? "}" : "\n" + indent + "  }";
  std::string changes = "[";
  for (std::size_t i = 0; i < sc.overridden.size(); ++i) changes += (i ? ", " : "") + json::quoted(sc.overridden[i]);
  return Object()
      .add("text", json::quoted(sc.text))
      .add("failed_draws", failures_json(sc.failures))
      .add("outputs", outputs)
      .add("claims", keyed(
                         sc.claims, [](const ClaimSummary& c) { return c.name; }, claim_json, indent + "  "))
      .add("curves", keyed(
                         sc.curves, [](const CurveSummary& c) { return c.name; },
                         [&](const CurveSummary& c) { return curve_json(c, indent + "    "); }, indent + "  "))
      .add("changes", changes + "]")
      .add_uncovered(scenario_layout(), sc, covered::scenario())
      .str();
}

std::string ranking_json(const Results& s) {
  if (!s.has_ranking) return "null";
  const RankingSummary& r = s.ranking;
  return Object()
      .add("output", json::quoted(r.output))
      .add("include_baseline", boolean(r.include_baseline))
      .add("lower_is_better", boolean(r.lower_is_better))
      .add("scenarios", json::quoted_list(r.scenarios))
      .add("probability", json::number_list(r.probability))
      .add("ci_low", json::number_list(r.ci_low))
      .add("ci_high", json::number_list(r.ci_high))
      .add_uncovered(ranking_layout(), r, covered::ranking())
      .str();
}

// The Sobol' indices of an array output (issue 35): its dimension and coordinates, then each index as a list per
// element of lists per input ("S1": [[S1 of each input at the first element], ...]), each count and moment as a
// list along the dimension, the design's settings once.
std::string array_sobol_json(const SobolSummary& so, const std::string& caveat) {
  using R = SobolResult;
  const auto along = [&so](auto value) { return list_of(so.elements, value); };
  const auto nested = [&along](std::vector<double> R::*field) {
    return along([field](const R& e) { return json::number_list(e.*field); });
  };
  const mcsens::Dimension& d = so.dimensions.at(0);
  std::vector<double> coordinates(so.elements.size());
  for (std::size_t i = 0; i < coordinates.size(); ++i) coordinates[i] = d.coordinate(i);
  const R first = so.elements.empty() ? R{} : so.elements.front();
  Object out;
  out.add("inputs", json::quoted_list(so.inputs))
      .add("dimension", json::quoted(d.name))
      .add("coordinates", json::number_list(coordinates))
      .add("N", along([](const R& e) { return count(e.N); }))
      .add("interval", json::quoted(first.interval_method))
      .add("S1", nested(&R::S1))
      .add("S1_low", nested(&R::S1_low))
      .add("S1_high", nested(&R::S1_high))
      .add("ST", nested(&R::ST))
      .add("ST_low", nested(&R::ST_low))
      .add("ST_high", nested(&R::ST_high))
      .add("S1_aggregated", json::number_list(so.aggregated.S1))
      .add("S1_aggregated_low", json::number_list(so.aggregated.S1_low))
      .add("S1_aggregated_high", json::number_list(so.aggregated.S1_high))
      .add("ST_aggregated", json::number_list(so.aggregated.ST))
      .add("ST_aggregated_low", json::number_list(so.aggregated.ST_low))
      .add("ST_aggregated_high", json::number_list(so.aggregated.ST_high));
  if (!so.aggregated.note.empty()) out.add("aggregated_note", json::quoted(so.aggregated.note));
  if (!caveat.empty()) out.add("caveat", json::quoted(caveat));
  out.add("nonfinite_bases", along([](const R& e) { return count(e.nonfinite_bases); }))
      .add("evaluations", count(so.evaluations))
      .add("sampler", json::quoted(so.sampler))
      .add("confidence", json::number(first.confidence))
      .add("batches", count(first.batches))
      .add("bootstrap_resamples", count(first.bootstrap_resamples))
      .add("first_order_estimator", json::quoted(first.first_order_estimator))
      .add("total_order_estimator", json::quoted(first.total_order_estimator))
      .add("mean", along([](const R& e) { return json::number(e.mean); }))
      .add("variance", along([](const R& e) { return json::number(e.variance); }))
      .add_uncovered(array_sobol_layout(), so, covered::array_sobol(so));
  return out.str();
}

std::string sobol_json(const SobolSummary& so, const std::string& caveat) {
  if (so.is_array()) return array_sobol_json(so, caveat);
  const SobolResult& r = so.result;
  Object out;
  out.add("inputs", json::quoted_list(so.inputs))
      .add("N", count(r.N))
      .add("interval", json::quoted(r.interval_method))
      .add("S1", json::number_list(r.S1))
      .add("S1_low", json::number_list(r.S1_low))
      .add("S1_high", json::number_list(r.S1_high))
      .add("ST", json::number_list(r.ST))
      .add("ST_low", json::number_list(r.ST_low))
      .add("ST_high", json::number_list(r.ST_high));
  if (r.second_order) {
    // k x k row-major, i < j filled (NaN elsewhere, printed as null).
    out.add("S2", json::number_list(r.S2))
        .add("S2_low", json::number_list(r.S2_low))
        .add("S2_high", json::number_list(r.S2_high));
  }
  if (!caveat.empty()) out.add("caveat", json::quoted(caveat));
  out.add("nonfinite_bases", count(r.nonfinite_bases))
      .add("evaluations", count(so.evaluations))
      .add("sampler", json::quoted(so.sampler))
      .add("confidence", json::number(r.confidence))
      .add("batches", count(r.batches))
      .add("bootstrap_resamples", count(r.bootstrap_resamples))
      .add("first_order_estimator", json::quoted(r.first_order_estimator))
      .add("total_order_estimator", json::quoted(r.total_order_estimator))
      .add("second_order_estimator", json::quoted(r.second_order_estimator))
      .add("mean", json::number(r.mean))
      .add("variance", json::number(r.variance))
      .add("zero_variance", boolean(r.zero_variance))
      .add_uncovered(sobol_layout(), so, covered::sobol());
  return out.str();
}

std::string morris_json(const MorrisSummary& mo, const std::string& caveat) {
  const MorrisResult& r = mo.result;
  Object out;
  out.add("inputs", json::quoted_list(mo.inputs))
      .add("mu", json::number_list(r.mu))
      .add("mu_star", json::number_list(r.mu_star))
      .add("sigma", json::number_list(r.sigma));
  if (!caveat.empty()) out.add("caveat", json::quoted(caveat));
  std::vector<std::uint64_t> effects(r.effects.begin(), r.effects.end());
  out.add("mu_star_low", json::number_list(r.mu_star_low))
      .add("mu_star_high", json::number_list(r.mu_star_high))
      .add("effects", counts(effects))
      .add("trajectories", count(r.trajectories))
      .add("levels", std::to_string(mo.levels))
      .add("confidence", json::number(r.confidence))
      .add("interval", json::quoted(r.interval_method))
      .add_uncovered(morris_layout(), mo, covered::morris());
  return out.str();
}

std::string regression_json(const RegressionSummary& re) {
  const RegressionResult& r = re.result;
  return Object()
      .add("inputs", json::quoted_list(re.inputs))
      .add("src", json::number_list(r.src))
      .add("prcc", json::number_list(r.prcc))
      .add("r_squared", json::number(r.r_squared))
      .add("n", count(r.n))
      .add("dropped_rows", count(r.dropped_rows))
      .add_uncovered(regression_layout(), re, covered::regression())
      .str();
}

std::string shapley_json(const ShapleySummary& sh) {
  const ShapleyResult& r = sh.result;
  return Object()
      .add("inputs", json::quoted_list(sh.inputs))
      .add("method", json::quoted(r.method))
      .add("items", count(r.items))
      .add("inner", count(r.inner))
      .add("evaluations", count(sh.evaluations))
      .add("variance", json::number(r.variance))
      .add("interval", json::quoted(r.interval_method))
      .add("confidence", json::number(r.confidence))
      .add("effects", json::number_list(r.effects))
      .add("effects_low", json::number_list(r.effects_low))
      .add("effects_high", json::number_list(r.effects_high))
      .add("failed_items", count(r.failed))
      .add("blocks", count(r.blocks))
      .add_uncovered(shapley_layout(), sh, covered::shapley())
      .str();
}

std::string parameter_json(const ParameterRecord& p) {
  Object out;
  out.add("label", json::quoted(p.label)).add("unit", json::quoted(p.unit)).add("dist", json::quoted(p.dist));
  if (p.constant) {
    out.add("value", json::number(p.value));
  } else {
    out.add("description", json::quoted(p.description));
    Object values;
    for (const auto& [key, value] : p.parameters) values.add(key, json::number(value));
    out.add("parameters", values.str());
  }
  out.add_uncovered(parameter_layout(), p, covered::parameter());
  return out.str();
}

}  // namespace

std::string claim_json(const ClaimSummary& c) {
  Object out;
  out.add("text", json::quoted(c.text))
      .add("expr", json::quoted(c.expr))
      .add("probability", json::number(c.probability))
      .add("ci_low", json::number(c.ci_low))
      .add("ci_high", json::number(c.ci_high))
      .add("level", json::number(c.level))
      .add("interval", json::quoted(c.interval_method))
      .add("count", count(c.count))
      .add("n", count(c.n))
      .add("nonfinite", count(c.nonfinite))
      .add("verdict", json::quoted(c.verdict));
  // Strongest first (the console's order); each with its quantiles where the claim holds.
  std::string drivers = "[";
  const auto order = c.ranked_drivers();
  for (std::size_t r = 0; r < order.size(); ++r) {
    const auto& d = c.drivers[order[r]];
    drivers += (r ? ", " : "") + Object()
                                     .add("input", json::quoted(d.input))
                                     .add("ks_distance", json::number(d.ks_distance))
                                     .add("p_value", json::number(d.p_value))
                                     .add("holding_quantiles", json::number_list(d.holding_quantiles))
                                     .str();
  }
  out.add("drivers", drivers + "]");
  if (!c.drivers.empty()) out.add("holding_probabilities", json::number_list(driver_probabilities()));
  out.add_uncovered(claim_layout(), c, covered::claim());
  return out.str();
}

void print_json(std::ostream& out, const Results& s, const std::vector<ParameterRecord>& parameters) {
  std::set<std::string> keys;
  const auto line = [&](const std::string& key, const std::string& value, bool last = false) {
    if (!keys.insert(key).second) throw std::logic_error("JSON document: the key \"" + key + "\" twice");
    out << "  " << json::quoted(key) << ": " << value << (last ? "\n" : ",\n");
  };
  out << "{\n";
  line("json_version", std::to_string(kJsonVersion));
  line("mcsens_version", json::quoted(s.version));
  line("git_commit", json::quoted(s.git_commit));
  line("title", json::quoted(s.title));
  line("config", json::quoted(s.config_name));
  line("output_file", json::quoted(s.output_path));
  line("samples", count(s.samples));
  line("seed", count(s.seed));
  line("sampler", json::quoted(s.sampler));
  line("threads", std::to_string(s.threads));
  line("ranks", std::to_string(s.ranks));
  line("wall_seconds", json::number(s.wall_seconds));
  line("machine", json::quoted(s.machine));
  line("failed_draws", failures_json(s.failures));
  line("outputs", keyed(
                      s.outputs, [](const OutputSummary& o) { return o.name; }, output_json, "  "));
  line("claims", keyed(
                     s.claims, [](const ClaimSummary& c) { return c.name; }, claim_json, "  "));
  line("curves", keyed(
                     s.curves, [](const CurveSummary& c) { return c.name; },
                     [](const CurveSummary& c) { return curve_json(c, "    "); }, "  "));
  line("scenarios", keyed(
                        s.scenarios, [](const ScenarioSummary& sc) { return sc.name; },
                        [](const ScenarioSummary& sc) { return scenario_json(sc, "    "); }, "  "));
  line("ranking", ranking_json(s));
  const std::string& caveat = s.sensitivity_caveat;
  const std::string sensitivity =
      Object()
          .add("sobol", keyed(
                            s.sobol, [](const SobolSummary& x) { return x.target; },
                            [&](const SobolSummary& x) { return sobol_json(x, caveat); }, "  "))
          .add("morris", keyed(
                             s.morris, [](const MorrisSummary& x) { return x.target; },
                             [&](const MorrisSummary& x) { return morris_json(x, caveat); }, "  "))
          .add("regression",
               keyed(
                   s.regression, [](const RegressionSummary& x) { return x.target; }, regression_json, "  "))
          .add("shapley", keyed(
                              s.shapley, [](const ShapleySummary& x) { return x.target; }, shapley_json, "  "))
          .str();
  line("sensitivity", sensitivity);
  line("notes", json::quoted_list(s.notes));
  line("format_version", std::to_string(s.format_version > 0 ? s.format_version : result_format_version));
  line("created_utc", s.created_utc.empty() ? "null" : json::quoted(s.created_utc));
  line("stop_reason", json::quoted(s.stop_reason));
  // --until's targets: null without them, a target not given as null.
  const auto target = [](double t) { return t > 0 ? json::number(t) : std::string("null"); };
  line("until", s.until_relative_se > 0 || s.until_ci_half_width > 0
                    ? Object().add("se", target(s.until_relative_se)).add("ci", target(s.until_ci_half_width)).str()
                    : "null");
  line("config_text", json::quoted(s.config_text));
  line("overrides", json::quoted_list(s.overrides));
  line("chunk_size", count(s.chunk_size));
  line("kept_draws", count(s.kept.rows));
  // The root's entries that no key above covers, and the contents' (failures, the ranking's group, ...).
  auto extra = layout::uncovered(root_layout(), s, covered::root());
  for (auto& entry : layout::uncovered(contents_layout(), s, covered::root())) extra.push_back(std::move(entry));
  line("parameters",
       keyed(
           parameters, [](const ParameterRecord& p) { return p.name; }, parameter_json, "  "),
       extra.empty());
  for (std::size_t i = 0; i < extra.size(); ++i) {
    line(extra[i].path, json_value(extra[i].content), i + 1 == extra.size());
  }
  out << "}\n";
}

}  // namespace mcsens
