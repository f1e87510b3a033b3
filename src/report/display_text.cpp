// SPDX-License-Identifier: MIT
#include "report/display_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mcsens/analysis/sobol.hpp"

namespace mcsens::display {

std::string num(double x, int digits) {
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

std::string probability_text(double p, double low, double high) {
  double closest = std::min({p, 1 - p, low, 1 - high});
  int decimals = 4;
  while (decimals < 7 && closest > 0 && closest < 0.5 * std::pow(10.0, -decimals + 1)) ++decimals;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, p);
  return buffer;
}

std::string with_interval(double value, double low, double high) {
  const double half = (high - low) / 2;
  std::string text;
  if (std::isfinite(value) && std::isfinite(half) && half > 0 && std::abs(value) < 1e4 && std::abs(low) < 1e4 &&
      std::abs(high) < 1e4 && half >= 1e-9) {
    const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(half))) + 1, 3, 10);
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%.*f [%.*f, %.*f]", decimals, value, decimals, low, decimals, high);
    text = buffer;
  } else {
    text = num(value, 3) + " [" + num(low, 2) + ", " + num(high, 2) + "]";
  }
  if (not_distinguishable_from_zero(low, high)) text += " ~0";
  return text;
}

std::string failure_reasons_text(const FailureCounts& f) {
  std::string reasons;
  for (const FailureReason& r : failure_reasons()) {
    if (f.*r.count == 0) continue;
    reasons += (reasons.empty() ? "" : ", ") + thousands(f.*r.count) + " " + r.console;
  }
  return reasons;
}

std::size_t run_replicates(const Results& r) {
  if (r.outputs.empty()) return 0;
  const OutputSummary& o = r.outputs.front();
  return o.is_array() ? (o.elements.empty() ? 0 : o.elements.front().replicates) : o.replicates;
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

}  // namespace mcsens::display
