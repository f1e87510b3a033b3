// SPDX-License-Identifier: MIT
#include "mcsens/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace mcsens {

int edit_distance(const std::string& a, const std::string& b) {
  const size_t n = a.size();
  const size_t m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);  // transposition
      }
    }
  }
  return d[n][m];
}

namespace {

// Names other languages (Excel, R, Python/NumPy, C, MATLAB) give to a function or constant of the model
// language: too far from it for an edit distance ("ln" is two edits from "log"). An alias is proposed only when
// its target is among the candidates, so it never shows up for keys or sections.
struct Alias {
  const char* name;  // lower case; matched case-insensitively
  const char* target;
  const char* note;  // said after the suggestion, or nullptr
};

constexpr Alias kAliases[] = {
    {"ln", "log", "log is the natural logarithm"},
    {"loge", "log", "log is the natural logarithm"},
    {"power", "pow", "or write x^y"},
    {"ceiling", "ceil", nullptr},
    {"sigmoid", "logistic", nullptr},
    {"expit", "logistic", nullptr},
    {"plogis", "logistic", nullptr},
    {"inv_logit", "logistic", nullptr},
    {"pnorm", "normcdf", "the standard normal CDF"},
    {"phi", "normcdf", "the standard normal CDF"},
    {"normsdist", "normcdf", "the standard normal CDF"},
    {"ifelse", "if", "or write c ? a : b"},
    {"iif", "if", "or write c ? a : b"},
    {"where", "if", "or write c ? a : b"},
    {"clip", "clamp", nullptr},
    {"minimum", "min", nullptr},
    {"maximum", "max", nullptr},
    {"m_pi", "pi", nullptr},
};

std::string lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The alias entry for `name` whose target is a candidate, or nullptr.
const Alias* alias_for(const std::string& name, const std::vector<std::string>& candidates) {
  const std::string key = lower(name);
  for (const Alias& alias : kAliases) {
    if (key == alias.name && contains(candidates, alias.target)) return &alias;
  }
  return nullptr;
}

}  // namespace

std::string closest_name(const std::string& name, const std::vector<std::string>& candidates) {
  // The same name in other letter case (LN, Exp, PI) first, then a known alias, then a typo.
  const std::string key = lower(name);
  for (const auto& candidate : candidates) {
    if (candidate != name && lower(candidate) == key) return candidate;
  }
  if (const Alias* alias = alias_for(name, candidates)) return alias->target;
  // A typo changes at most a third of a name (at least one edit, at most three).
  const int limit = std::clamp(static_cast<int>(name.size()) / 3, 1, 3);
  std::string best;
  int best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const int distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  const std::string best = closest_name(name, candidates);
  if (best.empty()) return std::string();
  const Alias* alias = alias_for(name, candidates);
  const bool by_alias = alias != nullptr && best == alias->target && alias->note != nullptr;
  return " (did you mean '" + best + "'?" + (by_alias ? std::string(" ") + alias->note : std::string()) + ")";
}

}  // namespace mcsens
