// SPDX-License-Identifier: MIT
#include "cli/data_analysis_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mcsens/report/console.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/json_text.hpp"

namespace mcsens::cli {
namespace {

std::string fixed(double x, int decimals) {
  if (std::isnan(x)) return "nan";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, x);
  return text;
}

// text padded on the left (right = true) or on the right to `width` characters.
std::string pad(const std::string& text, std::size_t width, bool right) {
  if (text.size() >= width) return text;
  const std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

constexpr std::size_t kCell = 25;  // "-0.011 [-0.021, -0.001]" and a space

// A p-value to two significant digits, or "<1e-16" below what a double near 1 resolves.
std::string p_value(double p) {
  if (std::isnan(p)) return "nan";
  if (p < 1e-16) return "<1e-16";
  char text[32];
  std::snprintf(text, sizeof text, p < 0.001 ? "%.1e" : "%.3f", p);
  return text;
}

std::string with_interval(double value, double low, double high) {
  return fixed(value, 3) + " [" + fixed(low, 3) + ", " + fixed(high, 3) + "]";
}

// "name": [...], "name_low": [...], "name_high": [...]
std::string interval_fields(const std::string& name, const IndexInterval& index) {
  return json::quoted(name) + ": " + json::number_list(index.value) + ", " + json::quoted(name + "_low") + ": " +
         json::number_list(index.low) + ", " + json::quoted(name + "_high") + ": " + json::number_list(index.high);
}

// How a bias-corrected index's interval was made (DataAnalysis).
std::string corrected_interval(double confidence) {
  return "\"confidence\": " + json::number(confidence) +
         ", \"interval\": \"batches-t-bias-corrected\", \"batches\": 16";
}

}  // namespace

void print_data_analysis(std::ostream& out, const DataAnalysisFile& file) {
  const DataAnalysisFile& data = file;
  const std::vector<DataAnalysis>& analyses = file.analyses;
  out << "mcsens analyze: " << data.data << ", " << data.rows << " rows, " << data.inputs.size() << " inputs, "
      << data.outputs.size() << (data.outputs.size() == 1 ? " output\n" : " outputs\n");
  if (!data.sampler.empty()) {
    out << "  the first draws a run kept (--keep-samples), from its " << data.sampler << " sampler"
        << (data.sampler == "mc" ? "" : ": the intervals treat them as independent draws") << "\n";
  }
  if (!data.checked_against.empty()) {
    out << "  inputs checked against the distributions of " << data.checked_against << ": "
        << (data.warnings.empty() ? std::string("none contradicts them")
                                  : std::to_string(data.warnings.size()) + " contradict them (warnings above)")
        << "\n";
  }
  if (!data.left_out.empty()) {
    out << "  left out, held at one value by the run:";
    for (const std::string& name : data.left_out) out << " " << name;
    out << "\n";
  }
  std::size_t w = 5;
  for (const std::string& name : data.inputs) w = std::max(w, name.size());
  for (const DataAnalysis& a : analyses) {
    out << "\nsensitivity of " << a.output << " from " << a.rank.n << " rows ("
        << static_cast<int>(a.confidence * 100 + 0.5) << " % intervals over 16 batches of the rows):\n"
        << "  S1     first-order index by ranks (Gamboa, Klein & Lagnoux 2022)\n"
        << "  delta  Borgonovo's moment-independent measure (" << a.delta_sample.classes
        << " classes; Plischke, Borgonovo & Smith 2013)\n"
        << "  PAWN   median Kolmogorov-Smirnov distance over " << a.pawn_sample.classes
        << " classes (Pianosi & Wagener 2015, 2018), cross-fitted\n"
        << "  HSIC   R2_HSIC (Da Veiga 2015) from " << a.hsic.n
        << " rows, and the p-value of its test of independence (Gretton et al. 2008)\n"
        << "  SRC, PRCC from " << a.regression.n << " rows (R^2 " << fixed(a.regression.r_squared, 3) << ")\n";
    out << "  " << pad("input", w, true);
    for (const char* title : {"S1", "delta", "PAWN", "HSIC"}) out << "  " << pad(title, kCell, false);
    out << pad("p", 9, true) << pad("SRC", 8, true) << pad("PRCC", 8, true) << "\n";
    std::vector<std::size_t> order(data.inputs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t p, std::size_t q) {
      const double a1 = std::isnan(a.rank.S1[p]) ? -1e300 : a.rank.S1[p];
      const double a2 = std::isnan(a.rank.S1[q]) ? -1e300 : a.rank.S1[q];
      return a1 > a2;
    });
    for (std::size_t i : order) {
      out << "  " << pad(data.inputs[i], w, true) << "  "
          << pad(with_interval(a.rank.S1[i], a.S1_low[i], a.S1_high[i]), kCell, false) << "  "
          << pad(with_interval(a.delta.value[i], a.delta.low[i], a.delta.high[i]), kCell, false) << "  "
          << pad(with_interval(a.pawn_median.value[i], a.pawn_median.low[i], a.pawn_median.high[i]), kCell, false)
          << "  " << pad(with_interval(a.hsic.r2[i], a.hsic_low[i], a.hsic_high[i]), kCell, false)
          << pad(p_value(a.hsic.p_value[i]), 9, true) << pad(fixed(a.regression.src[i], 3), 8, true)
          << pad(fixed(a.regression.prcc[i], 3), 8, true) << "\n";
    }
    if (a.rank.dropped_rows > 0) {
      out << "  (" << a.rank.dropped_rows << " rows with a non-finite input or output left out)\n";
    }
  }
  print_claims(out, file.claims, 0);
}

void print_data_analysis_json(std::ostream& out, const DataAnalysisFile& file) {
  const DataAnalysisFile& data = file;
  const std::vector<DataAnalysis>& analyses = file.analyses;
  out << "{\n  \"data\": " << json::quoted(data.data);
  if (!data.sampler.empty()) out << ",\n  \"sampler\": " << json::quoted(data.sampler);
  if (!data.left_out.empty()) out << ",\n  \"left_out\": " << json::quoted_list(data.left_out);
  if (!data.checked_against.empty()) {
    out << ",\n  \"checked_against\": " << json::quoted(data.checked_against)
        << ",\n  \"warnings\": " << json::quoted_list(data.warnings);
  }
  out << ",\n  \"rows\": " << data.rows << ",\n  \"inputs\": " << json::quoted_list(data.inputs)
      << ",\n  \"outputs\": {";
  for (std::size_t o = 0; o < analyses.size(); ++o) {
    const DataAnalysis& a = analyses[o];
    out << (o ? ",\n" : "\n") << "    " << json::quoted(a.output)
        << ": {\"rank_first_order\": {\"S1\": " << json::number_list(a.rank.S1)
        << ", \"S1_low\": " << json::number_list(a.S1_low) << ", \"S1_high\": " << json::number_list(a.S1_high)
        << ", \"confidence\": " << json::number(a.confidence)
        << ", \"interval\": \"batches-t\", \"batches\": 16, \"n\": " << a.rank.n
        << ", \"dropped_rows\": " << a.rank.dropped_rows << "}, \"delta\": {" << interval_fields("delta", a.delta)
        << ", " << corrected_interval(a.confidence)
        << ", \"delta_uncorrected\": " << json::number_list(a.delta_sample.delta)
        << ", \"classes\": " << a.delta_sample.classes << ", \"n\": " << a.delta_sample.n
        << ", \"dropped_rows\": " << a.delta_sample.dropped_rows << "}, \"pawn\": {"
        << interval_fields("median", a.pawn_median) << ", " << interval_fields("mean", a.pawn_mean) << ", "
        << interval_fields("max", a.pawn_max) << ", " << corrected_interval(a.confidence)
        << ", \"published_median\": " << json::number_list(a.pawn_sample.published_median)
        << ", \"published_mean\": " << json::number_list(a.pawn_sample.published_mean)
        << ", \"published_max\": " << json::number_list(a.pawn_sample.published_max)
        << ", \"published_null_median\": " << json::number(a.pawn_null_median)
        << ", \"classes\": " << a.pawn_sample.classes << ", \"n\": " << a.pawn_sample.n
        << ", \"dropped_rows\": " << a.pawn_sample.dropped_rows
        << "}, \"hsic\": {\"r2\": " << json::number_list(a.hsic.r2) << ", \"r2_low\": " << json::number_list(a.hsic_low)
        << ", \"r2_high\": " << json::number_list(a.hsic_high) << ", \"confidence\": " << json::number(a.confidence)
        << ", \"interval\": \"batches-t\", \"batches\": 16, \"hsic\": " << json::number_list(a.hsic.hsic)
        << ", \"p_value\": " << json::number_list(a.hsic.p_value) << ", \"n\": " << a.hsic.n
        << ", \"dropped_rows\": " << a.hsic.dropped_rows
        << "}, \"regression\": {\"src\": " << json::number_list(a.regression.src)
        << ", \"prcc\": " << json::number_list(a.regression.prcc)
        << ", \"r_squared\": " << json::number(a.regression.r_squared) << ", \"n\": " << a.regression.n
        << ", \"dropped_rows\": " << a.regression.dropped_rows << "}}";
  }
  out << "\n  }";
  if (!file.claims.empty()) {
    out << ",\n  \"claims\": {";
    for (std::size_t c = 0; c < file.claims.size(); ++c) {
      out << (c ? ",\n" : "\n") << "    " << json::quoted(file.claims[c].name) << ": " << claim_json(file.claims[c]);
    }
    out << "\n  }";
  }
  out << "\n}\n";
}

}  // namespace mcsens::cli
