// SPDX-License-Identifier: MIT
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "mcsens/config/config.hpp"

namespace mcsens {

std::uint64_t parse_count(const std::string& text, const std::string& what) {
  const auto bad = [&](const std::string& why) {
    return Error(what + ": '" + text + "' is not a number of draws" + why +
                 " (write e.g. 1000000, 1_000_000, 1e6, 10M, 2^20)");
  };
  std::string s;
  for (char c : text) {
    if (c != '_' && c != ' ') s += c;
  }
  if (s.empty()) throw bad("");
  double value = 0.0;
  const auto caret = s.find('^');
  if (caret != std::string::npos) {
    char* end = nullptr;
    errno = 0;
    const long base = std::strtol(s.c_str(), &end, 10);
    if (end != s.c_str() + caret || errno != 0) throw bad("");
    const char* exp_start = s.c_str() + caret + 1;
    const long exponent = std::strtol(exp_start, &end, 10);
    if (end == exp_start || *end != '\0' || errno != 0 || base < 2 || exponent < 0 || exponent > 63) throw bad("");
    value = std::pow(static_cast<double>(base), static_cast<double>(exponent));
  } else {
    double scale = 1.0;
    switch (s.back()) {
      case 'k':
      case 'K':
        scale = 1e3;
        break;
      case 'M':
        scale = 1e6;
        break;
      case 'G':
      case 'B':
        scale = 1e9;
        break;
      case 'T':
        scale = 1e12;
        break;
      default:
        break;
    }
    if (scale != 1.0) s.pop_back();
    if (s.empty() || s[0] == '-' || s[0] == '+') throw bad("");
    // Decimal only: strtod would also take hexadecimal (0x10), inf and nan, which the docs do not promise.
    if (s.find_first_not_of("0123456789.eE+-") != std::string::npos) throw bad("");
    char* end = nullptr;
    errno = 0;
    value = std::strtod(s.c_str(), &end) * scale;
    if (end == s.c_str() || *end != '\0' || errno != 0) throw bad("");
  }
  if (!std::isfinite(value) || value < 1.0) throw bad(" (it must be at least 1)");
  if (value != std::floor(value)) throw bad(" (it must be a whole number)");
  if (value > 9.2e18) throw bad(" (it is too large)");
  return static_cast<std::uint64_t>(value);
}

}  // namespace mcsens
