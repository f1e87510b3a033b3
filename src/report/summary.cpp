// SPDX-License-Identifier: MIT
#include "mcsens/report/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "mcsens/stats/proportion.hpp"
#include "mcsens/version.hpp"

namespace mcsens {

const std::vector<double>& reported_quantile_probabilities() {
  static const std::vector<double> probabilities = {0.001, 0.01, 0.025, 0.05,  0.1,  0.25, 0.5,
                                                    0.75,  0.9,  0.95,  0.975, 0.99, 0.999};
  return probabilities;
}

double OutputSummary::quantile(double p) const {
  for (size_t i = 0; i < probabilities.size(); ++i) {
    if (std::abs(probabilities[i] - p) < 1e-12) return quantiles[i];
  }
  return std::nan("");
}

RunSummary summarize(const Problem& problem, const RunOptions& options, const UncertaintyResult& result) {
  RunSummary s;
  const ProblemSpec& spec = problem.spec();
  s.title = spec.title;
  s.config_name = spec.source_name;
  s.version = version();
  s.git_commit = git_commit();
  s.samples = result.draws;
  s.seed = options.seed;
  s.sampler = sampler_name(options.sampler);
  s.threads = result.threads;
  s.wall_seconds = result.seconds;
  for (size_t o = 0; o < spec.outputs.size(); ++o) {
    const auto& acc = result.state.outputs[o];
    OutputSummary out;
    out.name = spec.outputs[o].expr.name;
    out.label = spec.outputs[o].label;
    out.unit = spec.outputs[o].unit;
    out.expr = spec.outputs[o].expr.text;
    out.count = acc.moments.count();
    out.nonfinite = acc.moments.nonfinite();
    out.mean = acc.moments.mean();
    out.mean_se = acc.moments.mean_se();
    out.sd = acc.moments.sd();
    out.skewness = acc.moments.skewness();
    out.kurtosis = acc.moments.kurtosis();
    out.min = acc.moments.min();
    out.max = acc.moments.max();
    out.probabilities = reported_quantile_probabilities();
    for (double p : out.probabilities) out.quantiles.push_back(acc.sketch.quantile(p));
    s.outputs.push_back(std::move(out));
  }
  for (size_t c = 0; c < spec.claims.size(); ++c) {
    const auto& counter = result.state.claims[c];
    ClaimSummary claim;
    claim.name = spec.claims[c].name;
    claim.expr = spec.claims[c].expr.text;
    claim.text = spec.claims[c].text;
    claim.count = counter.successes();
    claim.n = counter.trials();
    claim.nonfinite = counter.nonfinite();
    claim.probability = counter.probability();
    const Interval ci = wilson_interval(claim.count, claim.n, claim.level);
    claim.ci_low = ci.low;
    claim.ci_high = ci.high;
    claim.verdict = likelihood_words(claim.probability);
    s.claims.push_back(std::move(claim));
  }
  return s;
}

namespace {

// Four significant digits, switching to scientific notation for very large or small magnitudes.
std::string num(double x, int digits = 4) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buffer[64];
  const double a = std::abs(x);
  if (a != 0.0 && (a < 1e-3 || a >= 1e6)) {
    std::snprintf(buffer, sizeof buffer, "%.*e", digits - 1, x);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, x);
  }
  return buffer;
}

std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  const int len = static_cast<int>(digits.size());
  for (int i = 0; i < len; ++i) {
    out += digits[static_cast<size_t>(i)];
    if ((len - i - 1) % 3 == 0 && i + 1 < len) out += ',';
  }
  return out;
}

std::string pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}
std::string lpad(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

// A probability with enough decimals to show how far it is from 0 or 1 (0.99997 rather than 1.0000).
std::string probability_text(double p, double low, double high) {
  double closest = std::min({p, 1 - p, low, 1 - high});
  int decimals = 4;
  while (decimals < 7 && closest > 0 && closest < 0.5 * std::pow(10.0, -decimals + 1)) ++decimals;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, p);
  return buffer;
}

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

}  // namespace

void print_summary(std::ostream& out, const RunSummary& s) {
  out << "mcsens " << s.version << (s.title.empty() ? "" : ": " + s.title) << "\n";
  out << thousands(s.samples) << " draws (" << s.sampler << ", seed " << s.seed << "), " << s.threads
      << (s.threads == 1 ? " thread" : " threads");
  if (s.ranks > 1) out << " x " << s.ranks << " ranks";
  out << ", " << num(s.wall_seconds, 3) << " s";
  if (!s.output_path.empty()) out << " -> " << s.output_path;
  out << "\n";

  size_t name_width = 6;
  for (const auto& o : s.outputs) name_width = std::max(name_width, o.name.size());
  out << "\n"
      << pad("output", name_width) << "  " << pad("mean ± se", 24) << lpad("sd", 11) << lpad("q05", 11)
      << lpad("median", 11) << lpad("q95", 11) << lpad("non-finite", 12) << "\n";
  for (const auto& o : s.outputs) {
    out << pad(o.name, name_width) << "  " << pad(num(o.mean, 5) + " ± " + num(o.mean_se, 2), 24) << lpad(num(o.sd), 11)
        << lpad(num(o.quantile(0.05)), 11) << lpad(num(o.quantile(0.5)), 11) << lpad(num(o.quantile(0.95)), 11)
        << lpad(thousands(o.nonfinite), 12) << "\n";
  }
  if (!s.claims.empty()) {
    size_t claim_width = 5;
    for (const auto& c : s.claims) claim_width = std::max(claim_width, c.name.size());
    out << "\n" << pad("claim", claim_width) << "  " << lpad("P", 9) << "  " << pad("95% interval", 24) << "verdict\n";
    for (const auto& c : s.claims) {
      const std::string p = probability_text(c.probability, c.ci_low, c.ci_high);
      const std::string ci = "[" + probability_text(c.ci_low, c.ci_low, c.ci_high) + ", " +
                             probability_text(c.ci_high, c.ci_low, c.ci_high) + "]";
      out << pad(c.name, claim_width) << "  " << lpad(p, 9) << "  " << pad(ci, 24) << c.verdict << "\n";
      out << pad("", claim_width) << "    " << c.text;
      if (c.nonfinite > 0) out << "  (" << thousands(c.nonfinite) << " draws undefined)";
      out << "\n";
    }
  }
  for (const auto& note : s.notes) out << "\nnote: " << note << "\n";
}

void print_json(std::ostream& out, const RunSummary& s) {
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
  out << "  \"outputs\": {";
  for (size_t i = 0; i < s.outputs.size(); ++i) {
    const auto& o = s.outputs[i];
    out << (i ? "," : "") << "\n    " << json_string(o.name) << ": {";
    out << "\"label\": " << json_string(o.label) << ", \"expr\": " << json_string(o.expr);
    out << ", \"count\": " << o.count << ", \"nonfinite\": " << o.nonfinite;
    out << ", \"mean\": " << json_number(o.mean) << ", \"mean_se\": " << json_number(o.mean_se);
    out << ", \"sd\": " << json_number(o.sd) << ", \"skewness\": " << json_number(o.skewness);
    out << ", \"kurtosis\": " << json_number(o.kurtosis) << ", \"min\": " << json_number(o.min);
    out << ", \"max\": " << json_number(o.max) << ", \"quantiles\": {";
    for (size_t q = 0; q < o.probabilities.size(); ++q) {
      out << (q ? ", " : "") << "\"" << o.probabilities[q] << "\": " << json_number(o.quantiles[q]);
    }
    out << "}}";
  }
  out << "\n  },\n  \"claims\": {";
  for (size_t i = 0; i < s.claims.size(); ++i) {
    const auto& c = s.claims[i];
    out << (i ? "," : "") << "\n    " << json_string(c.name) << ": {";
    out << "\"text\": " << json_string(c.text) << ", \"expr\": " << json_string(c.expr);
    out << ", \"probability\": " << json_number(c.probability) << ", \"ci_low\": " << json_number(c.ci_low);
    out << ", \"ci_high\": " << json_number(c.ci_high) << ", \"level\": " << json_number(c.level);
    out << ", \"interval\": " << json_string(c.interval_method) << ", \"count\": " << c.count << ", \"n\": " << c.n;
    out << ", \"nonfinite\": " << c.nonfinite << ", \"verdict\": " << json_string(c.verdict) << "}";
  }
  out << "\n  },\n  \"notes\": [";
  for (size_t i = 0; i < s.notes.size(); ++i) out << (i ? ", " : "") << json_string(s.notes[i]);
  out << "]\n}\n";
}

}  // namespace mcsens
