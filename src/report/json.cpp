// SPDX-License-Identifier: MIT
#include "mcsens/report/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "mcsens/stats/proportion.hpp"
#include "mcsens/version.hpp"

namespace mcsens {

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// JSON has no NaN or infinity: they are written as null.
std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return buffer;
}

void json_curves(std::ostream& out, const std::vector<CurveSummary>& curves, const std::string& indent) {
  out << "{";
  for (size_t i = 0; i < curves.size(); ++i) {
    const auto& c = curves[i];
    out << (i ? "," : "") << "\n"
        << indent << "  " << json_string(c.name) << ": {\"x\": " << json_string(c.x)
        << ", \"points\": " << c.grid.size() << ", \"features\": {";
    for (size_t f = 0; f < c.features.size(); ++f) {
      const auto& st = c.features[f].stats;
      out << (f ? ", " : "") << json_string(st.name) << ": {\"median\": " << json_number(st.quantile(0.5))
          << ", \"q05\": " << json_number(st.quantile(0.05)) << ", \"q95\": " << json_number(st.quantile(0.95))
          << ", \"mean\": " << json_number(st.mean) << ", \"not_found\": " << st.nonfinite
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
  out << "  \"mcsens_version\": " << json_string(s.version) << ",\n";
  out << "  \"git_commit\": " << json_string(s.git_commit) << ",\n";
  out << "  \"title\": " << json_string(s.title) << ",\n";
  out << "  \"config\": " << json_string(s.config_name) << ",\n";
  out << "  \"output_file\": " << json_string(s.output_path) << ",\n";
  out << "  \"samples\": " << s.samples << ",\n";
  out << "  \"seed\": " << s.seed << ",\n";
  out << "  \"sampler\": " << json_string(s.sampler) << ",\n";
  out << "  \"threads\": " << s.threads << ",\n";
  out << "  \"ranks\": " << s.ranks << ",\n";
  out << "  \"wall_seconds\": " << json_number(s.wall_seconds) << ",\n";
  out << "  \"failed_draws\": " << json_failures(s.failures) << ",\n";
  out << "  \"outputs\": {";
  for (size_t i = 0; i < s.outputs.size(); ++i) {
    const auto& o = s.outputs[i];
    out << (i ? "," : "") << "\n    " << json_string(o.name) << ": {";
    out << "\"label\": " << json_string(o.label) << ", \"expr\": " << json_string(o.expr);
    out << ", \"count\": " << o.count << ", \"nonfinite\": " << o.nonfinite;
    out << ", \"mean\": " << json_number(o.mean) << ", \"mean_se\": " << json_number(o.mean_se);
    out << ", \"mean_se_replicates\": " << o.replicates;
    out << ", \"sd\": " << json_number(o.sd) << ", \"skewness\": " << json_number(o.skewness);
    out << ", \"kurtosis\": " << json_number(o.kurtosis) << ", \"min\": " << json_number(o.min);
    out << ", \"max\": " << json_number(o.max) << ", \"quantiles\": {";
    for (size_t q = 0; q < o.probabilities.size(); ++q) {
      // An infinite quantile is a value ("inf", "-inf"), not a missing one (null).
      const double v = o.quantiles[q];
      out << (q ? ", " : "") << "\"" << o.probabilities[q]
          << "\": " << (std::isinf(v) ? (v > 0 ? std::string("\"inf\"") : std::string("\"-inf\"")) : json_number(v));
    }
    out << "}";
    if (o.quantile_errors.size() == o.probabilities.size()) {
      out << ", \"quantile_errors\": {";
      for (size_t q = 0; q < o.probabilities.size(); ++q) {
        out << (q ? ", " : "") << "\"" << o.probabilities[q] << "\": " << json_number(o.quantile_errors[q]);
      }
      out << "}";
    }
    out << ", \"positive_infinite\": " << o.positive_infinite << ", \"negative_infinite\": " << o.negative_infinite;
    if (o.nonfinite > 0 && o.count > 0) {
      out << ", \"nonfinite_share\": " << json_number(o.nonfinite_share())
          << ", \"moments_note\": " << json_string(o.moments_note());
    }
    out << "}";
  }
  out << "\n  },\n  \"claims\": {";
  for (size_t i = 0; i < s.claims.size(); ++i) {
    const auto& c = s.claims[i];
    out << (i ? "," : "") << "\n    " << json_string(c.name) << ": {";
    out << "\"text\": " << json_string(c.text) << ", \"expr\": " << json_string(c.expr);
    out << ", \"probability\": " << json_number(c.probability) << ", \"ci_low\": " << json_number(c.ci_low);
    out << ", \"ci_high\": " << json_number(c.ci_high) << ", \"level\": " << json_number(c.level);
    out << ", \"interval\": " << json_string(c.interval_method) << ", \"count\": " << c.count << ", \"n\": " << c.n;
    out << ", \"nonfinite\": " << c.nonfinite << ", \"verdict\": " << json_string(c.verdict);
    out << ", \"drivers\": [";
    const auto order = c.ranked_drivers();
    for (size_t r = 0; r < order.size(); ++r) {
      const auto& d = c.drivers[order[r]];
      out << (r ? ", " : "") << "{\"input\": " << json_string(d.input)
          << ", \"ks_distance\": " << json_number(d.ks_distance) << ", \"p_value\": " << json_number(d.p_value) << "}";
    }
    out << "]}";
  }
  out << "\n  },\n  \"curves\": ";
  json_curves(out, s.curves, "  ");
  out << ",\n  \"scenarios\": {";
  for (size_t i = 0; i < s.scenarios.size(); ++i) {
    const auto& sc = s.scenarios[i];
    out << (i ? "," : "") << "\n    " << json_string(sc.name) << ": {\"text\": " << json_string(sc.text)
        << ", \"failed_draws\": " << json_failures(sc.failures) << ", \"outputs\": {";
    for (size_t o = 0; o < sc.outputs.size(); ++o) {
      out << (o ? ", " : "") << json_string(sc.outputs[o].name) << ": {\"mean\": " << json_number(sc.outputs[o].mean)
          << ", \"mean_se\": " << json_number(sc.outputs[o].mean_se)
          << ", \"delta_mean\": " << json_number(sc.deltas[o].mean)
          << ", \"delta_mean_se\": " << json_number(sc.deltas[o].mean_se)
          << ", \"delta_q05\": " << json_number(sc.deltas[o].quantile(0.05))
          << ", \"delta_q95\": " << json_number(sc.deltas[o].quantile(0.95)) << "}";
    }
    out << "}, \"claims\": {";
    for (size_t c = 0; c < sc.claims.size(); ++c) {
      out << (c ? ", " : "") << json_string(sc.claims[c].name)
          << ": {\"probability\": " << json_number(sc.claims[c].probability)
          << ", \"ci_low\": " << json_number(sc.claims[c].ci_low)
          << ", \"ci_high\": " << json_number(sc.claims[c].ci_high) << "}";
    }
    out << "}, \"curves\": ";
    json_curves(out, sc.curves, "      ");
    out << "}";
  }
  out << "\n  },\n  \"ranking\": ";
  if (s.has_ranking) {
    out << "{\"output\": " << json_string(s.ranking.output)
        << ", \"include_baseline\": " << (s.ranking.include_baseline ? "true" : "false")
        << ", \"lower_is_better\": " << (s.ranking.lower_is_better ? "true" : "false") << ", \"scenarios\": [";
    for (size_t i = 0; i < s.ranking.scenarios.size(); ++i)
      out << (i ? ", " : "") << json_string(s.ranking.scenarios[i]);
    out << "], \"probability\": [";
    for (size_t i = 0; i < s.ranking.probability.size(); ++i)
      out << (i ? ", " : "") << json_number(s.ranking.probability[i]);
    out << "]}";
  } else {
    out << "null";
  }
  out << ",\n  \"sensitivity\": {\"sobol\": {";
  const auto array = [&](const std::vector<double>& v) {
    std::string text = "[";
    for (size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + json_number(v[i]);
    return text + "]";
  };
  const auto names = [&](const std::vector<std::string>& v) {
    std::string text = "[";
    for (size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + json_string(v[i]);
    return text + "]";
  };
  for (size_t i = 0; i < s.sobol.size(); ++i) {
    const auto& r = s.sobol[i].result;
    out << (i ? "," : "") << "\n    " << json_string(s.sobol[i].target) << ": {\"inputs\": " << names(s.sobol[i].inputs)
        << ", \"N\": " << r.N << ", \"interval\": " << json_string(r.interval_method) << ", \"S1\": " << array(r.S1)
        << ", \"S1_low\": " << array(r.S1_low) << ", \"S1_high\": " << array(r.S1_high) << ", \"ST\": " << array(r.ST)
        << ", \"ST_low\": " << array(r.ST_low) << ", \"ST_high\": " << array(r.ST_high);
    if (r.second_order) {
      // k x k row-major, i < j filled (NaN elsewhere, printed as null).
      out << ", \"S2\": " << array(r.S2) << ", \"S2_low\": " << array(r.S2_low)
          << ", \"S2_high\": " << array(r.S2_high);
    }
    if (!s.sensitivity_caveat.empty()) out << ", \"caveat\": " << json_string(s.sensitivity_caveat);
    out << "}";
  }
  out << "}, \"morris\": {";
  for (size_t i = 0; i < s.morris.size(); ++i) {
    const auto& r = s.morris[i].result;
    out << (i ? "," : "") << "\n    " << json_string(s.morris[i].target)
        << ": {\"inputs\": " << names(s.morris[i].inputs) << ", \"mu\": " << array(r.mu)
        << ", \"mu_star\": " << array(r.mu_star) << ", \"sigma\": " << array(r.sigma);
    if (!s.sensitivity_caveat.empty()) out << ", \"caveat\": " << json_string(s.sensitivity_caveat);
    out << "}";
  }
  out << "}, \"regression\": {";
  for (size_t i = 0; i < s.regression.size(); ++i) {
    const auto& r = s.regression[i].result;
    out << (i ? "," : "") << "\n    " << json_string(s.regression[i].target)
        << ": {\"inputs\": " << names(s.regression[i].inputs) << ", \"src\": " << array(r.src)
        << ", \"prcc\": " << array(r.prcc) << ", \"r_squared\": " << json_number(r.r_squared) << "}";
  }
  out << "}, \"shapley\": {";
  for (size_t i = 0; i < s.shapley.size(); ++i) {
    const auto& r = s.shapley[i].result;
    out << (i ? "," : "") << "\n    " << json_string(s.shapley[i].target)
        << ": {\"inputs\": " << names(s.shapley[i].inputs) << ", \"method\": " << json_string(r.method)
        << ", \"items\": " << r.items << ", \"inner\": " << r.inner << ", \"evaluations\": " << s.shapley[i].evaluations
        << ", \"variance\": " << json_number(r.variance) << ", \"interval\": " << json_string(r.interval_method)
        << ", \"confidence\": " << json_number(r.confidence) << ", \"effects\": " << array(r.effects)
        << ", \"effects_low\": " << array(r.effects_low) << ", \"effects_high\": " << array(r.effects_high) << "}";
  }
  out << "}}";
  out << ",\n  \"notes\": [";
  for (size_t i = 0; i < s.notes.size(); ++i) out << (i ? ", " : "") << json_string(s.notes[i]);
  out << "]\n}\n";
}

}  // namespace mcsens
