// SPDX-License-Identifier: MIT
#include "mcsens/report/json.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "mcsens/report/json_text.hpp"
#include "mcsens/stats/proportion.hpp"
#include "mcsens/version.hpp"

namespace mcsens {

namespace {

void json_curves(std::ostream& out, const std::vector<CurveSummary>& curves, const std::string& indent) {
  out << "{";
  for (size_t i = 0; i < curves.size(); ++i) {
    const auto& c = curves[i];
    out << (i ? "," : "") << "\n"
        << indent << "  " << json::quoted(c.name) << ": {\"x\": " << json::quoted(c.x)
        << ", \"points\": " << c.grid.size() << ", \"features\": {";
    for (size_t f = 0; f < c.features.size(); ++f) {
      const auto& st = c.features[f].stats;
      out << (f ? ", " : "") << json::quoted(st.name) << ": {\"median\": " << json::number(st.quantile(0.5))
          << ", \"q05\": " << json::number(st.quantile(0.05)) << ", \"q95\": " << json::number(st.quantile(0.95))
          << ", \"mean\": " << json::number(st.mean) << ", \"not_found\": " << st.nonfinite
          << ", \"at_edge\": " << c.features[f].at_edge << "}";
    }
    out << "}}";
  }
  out << (curves.empty() ? "}" : "\n" + indent + "}");
}

// The draws a model failed, by reason (Results::failures).
std::string json_failures(const FailureCounts& f) {
  return "{\"total\": " + std::to_string(f.total()) + ", \"reported\": " + std::to_string(f.reported) +
         ", \"unwritten\": " + std::to_string(f.unwritten) + "}";
}

}  // namespace

void print_json(std::ostream& out, const Results& s) {
  out << "{\n";
  out << "  \"mcsens_version\": " << json::quoted(s.version) << ",\n";
  out << "  \"git_commit\": " << json::quoted(s.git_commit) << ",\n";
  out << "  \"title\": " << json::quoted(s.title) << ",\n";
  out << "  \"config\": " << json::quoted(s.config_name) << ",\n";
  out << "  \"output_file\": " << json::quoted(s.output_path) << ",\n";
  out << "  \"samples\": " << s.samples << ",\n";
  out << "  \"seed\": " << s.seed << ",\n";
  out << "  \"sampler\": " << json::quoted(s.sampler) << ",\n";
  out << "  \"threads\": " << s.threads << ",\n";
  out << "  \"ranks\": " << s.ranks << ",\n";
  out << "  \"wall_seconds\": " << json::number(s.wall_seconds) << ",\n";
  out << "  \"failed_draws\": " << json_failures(s.failures) << ",\n";
  out << "  \"outputs\": {";
  for (size_t i = 0; i < s.outputs.size(); ++i) {
    const auto& o = s.outputs[i];
    out << (i ? "," : "") << "\n    " << json::quoted(o.name) << ": {";
    out << "\"label\": " << json::quoted(o.label) << ", \"expr\": " << json::quoted(o.expr);
    out << ", \"count\": " << o.count << ", \"nonfinite\": " << o.nonfinite;
    out << ", \"mean\": " << json::number(o.mean) << ", \"mean_se\": " << json::number(o.mean_se);
    out << ", \"mean_se_replicates\": " << o.replicates;
    out << ", \"sd\": " << json::number(o.sd) << ", \"skewness\": " << json::number(o.skewness);
    out << ", \"kurtosis\": " << json::number(o.kurtosis) << ", \"min\": " << json::number(o.min);
    out << ", \"max\": " << json::number(o.max) << ", \"quantiles\": {";
    for (size_t q = 0; q < o.probabilities.size(); ++q) {
      // An infinite quantile is a value ("inf", "-inf"), not a missing one (null).
      const double v = o.quantiles[q];
      out << (q ? ", " : "") << "\"" << o.probabilities[q]
          << "\": " << (std::isinf(v) ? (v > 0 ? std::string("\"inf\"") : std::string("\"-inf\"")) : json::number(v));
    }
    out << "}";
    if (o.quantile_errors.size() == o.probabilities.size()) {
      out << ", \"quantile_errors\": {";
      for (size_t q = 0; q < o.probabilities.size(); ++q) {
        out << (q ? ", " : "") << "\"" << o.probabilities[q] << "\": " << json::number(o.quantile_errors[q]);
      }
      out << "}";
    }
    out << ", \"positive_infinite\": " << o.positive_infinite << ", \"negative_infinite\": " << o.negative_infinite;
    if (o.nonfinite > 0 && o.count > 0) {
      out << ", \"nonfinite_share\": " << json::number(o.nonfinite_share())
          << ", \"moments_note\": " << json::quoted(o.moments_note());
    }
    out << "}";
  }
  out << "\n  },\n  \"claims\": {";
  for (size_t i = 0; i < s.claims.size(); ++i) {
    const auto& c = s.claims[i];
    out << (i ? "," : "") << "\n    " << json::quoted(c.name) << ": {";
    out << "\"text\": " << json::quoted(c.text) << ", \"expr\": " << json::quoted(c.expr);
    out << ", \"probability\": " << json::number(c.probability) << ", \"ci_low\": " << json::number(c.ci_low);
    out << ", \"ci_high\": " << json::number(c.ci_high) << ", \"level\": " << json::number(c.level);
    out << ", \"interval\": " << json::quoted(c.interval_method) << ", \"count\": " << c.count << ", \"n\": " << c.n;
    out << ", \"nonfinite\": " << c.nonfinite << ", \"verdict\": " << json::quoted(c.verdict);
    out << ", \"drivers\": [";
    const auto order = c.ranked_drivers();
    for (size_t r = 0; r < order.size(); ++r) {
      const auto& d = c.drivers[order[r]];
      out << (r ? ", " : "") << "{\"input\": " << json::quoted(d.input)
          << ", \"ks_distance\": " << json::number(d.ks_distance) << ", \"p_value\": " << json::number(d.p_value)
          << "}";
    }
    out << "]}";
  }
  out << "\n  },\n  \"curves\": ";
  json_curves(out, s.curves, "  ");
  out << ",\n  \"scenarios\": {";
  for (size_t i = 0; i < s.scenarios.size(); ++i) {
    const auto& sc = s.scenarios[i];
    out << (i ? "," : "") << "\n    " << json::quoted(sc.name) << ": {\"text\": " << json::quoted(sc.text)
        << ", \"failed_draws\": " << json_failures(sc.failures) << ", \"outputs\": {";
    for (size_t o = 0; o < sc.outputs.size(); ++o) {
      out << (o ? ", " : "") << json::quoted(sc.outputs[o].name) << ": {\"mean\": " << json::number(sc.outputs[o].mean)
          << ", \"mean_se\": " << json::number(sc.outputs[o].mean_se)
          << ", \"delta_mean\": " << json::number(sc.deltas[o].mean)
          << ", \"delta_mean_se\": " << json::number(sc.deltas[o].mean_se)
          << ", \"delta_q05\": " << json::number(sc.deltas[o].quantile(0.05))
          << ", \"delta_q95\": " << json::number(sc.deltas[o].quantile(0.95)) << "}";
    }
    out << "}, \"claims\": {";
    for (size_t c = 0; c < sc.claims.size(); ++c) {
      out << (c ? ", " : "") << json::quoted(sc.claims[c].name)
          << ": {\"probability\": " << json::number(sc.claims[c].probability)
          << ", \"ci_low\": " << json::number(sc.claims[c].ci_low)
          << ", \"ci_high\": " << json::number(sc.claims[c].ci_high) << "}";
    }
    out << "}, \"curves\": ";
    json_curves(out, sc.curves, "      ");
    out << "}";
  }
  out << "\n  },\n  \"ranking\": ";
  if (s.has_ranking) {
    out << "{\"output\": " << json::quoted(s.ranking.output)
        << ", \"include_baseline\": " << (s.ranking.include_baseline ? "true" : "false")
        << ", \"lower_is_better\": " << (s.ranking.lower_is_better ? "true" : "false") << ", \"scenarios\": [";
    for (size_t i = 0; i < s.ranking.scenarios.size(); ++i)
      out << (i ? ", " : "") << json::quoted(s.ranking.scenarios[i]);
    out << "], \"probability\": [";
    for (size_t i = 0; i < s.ranking.probability.size(); ++i)
      out << (i ? ", " : "") << json::number(s.ranking.probability[i]);
    out << "]}";
  } else {
    out << "null";
  }
  out << ",\n  \"sensitivity\": {\"sobol\": {";
  const auto array = [&](const std::vector<double>& v) {
    std::string text = "[";
    for (size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + json::number(v[i]);
    return text + "]";
  };
  const auto names = [&](const std::vector<std::string>& v) {
    std::string text = "[";
    for (size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + json::quoted(v[i]);
    return text + "]";
  };
  for (size_t i = 0; i < s.sobol.size(); ++i) {
    const auto& r = s.sobol[i].result;
    out << (i ? "," : "") << "\n    " << json::quoted(s.sobol[i].target)
        << ": {\"inputs\": " << names(s.sobol[i].inputs) << ", \"N\": " << r.N
        << ", \"interval\": " << json::quoted(r.interval_method) << ", \"S1\": " << array(r.S1)
        << ", \"S1_low\": " << array(r.S1_low) << ", \"S1_high\": " << array(r.S1_high) << ", \"ST\": " << array(r.ST)
        << ", \"ST_low\": " << array(r.ST_low) << ", \"ST_high\": " << array(r.ST_high);
    if (r.second_order) {
      // k x k row-major, i < j filled (NaN elsewhere, printed as null).
      out << ", \"S2\": " << array(r.S2) << ", \"S2_low\": " << array(r.S2_low)
          << ", \"S2_high\": " << array(r.S2_high);
    }
    if (!s.sensitivity_caveat.empty()) out << ", \"caveat\": " << json::quoted(s.sensitivity_caveat);
    out << "}";
  }
  out << "}, \"morris\": {";
  for (size_t i = 0; i < s.morris.size(); ++i) {
    const auto& r = s.morris[i].result;
    out << (i ? "," : "") << "\n    " << json::quoted(s.morris[i].target)
        << ": {\"inputs\": " << names(s.morris[i].inputs) << ", \"mu\": " << array(r.mu)
        << ", \"mu_star\": " << array(r.mu_star) << ", \"sigma\": " << array(r.sigma);
    if (!s.sensitivity_caveat.empty()) out << ", \"caveat\": " << json::quoted(s.sensitivity_caveat);
    out << "}";
  }
  out << "}, \"regression\": {";
  for (size_t i = 0; i < s.regression.size(); ++i) {
    const auto& r = s.regression[i].result;
    out << (i ? "," : "") << "\n    " << json::quoted(s.regression[i].target)
        << ": {\"inputs\": " << names(s.regression[i].inputs) << ", \"src\": " << array(r.src)
        << ", \"prcc\": " << array(r.prcc) << ", \"r_squared\": " << json::number(r.r_squared) << "}";
  }
  out << "}, \"shapley\": {";
  for (size_t i = 0; i < s.shapley.size(); ++i) {
    const auto& r = s.shapley[i].result;
    out << (i ? "," : "") << "\n    " << json::quoted(s.shapley[i].target)
        << ": {\"inputs\": " << names(s.shapley[i].inputs) << ", \"method\": " << json::quoted(r.method)
        << ", \"items\": " << r.items << ", \"inner\": " << r.inner << ", \"evaluations\": " << s.shapley[i].evaluations
        << ", \"variance\": " << json::number(r.variance) << ", \"interval\": " << json::quoted(r.interval_method)
        << ", \"confidence\": " << json::number(r.confidence) << ", \"effects\": " << array(r.effects)
        << ", \"effects_low\": " << array(r.effects_low) << ", \"effects_high\": " << array(r.effects_high) << "}";
  }
  out << "}}";
  out << ",\n  \"notes\": [";
  for (size_t i = 0; i < s.notes.size(); ++i) out << (i ? ", " : "") << json::quoted(s.notes[i]);
  out << "]\n}\n";
}

}  // namespace mcsens
