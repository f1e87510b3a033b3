// SPDX-License-Identifier: MIT
#include "mcsens/study/data_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "mcsens/analysis/filtering.hpp"

namespace mcsens {
namespace {

std::string short_number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}

}  // namespace

std::vector<DistributionCheck> check_declared_distributions(const DataColumns& data, const ParameterSpace& space,
                                                            const std::string& config_name) {
  std::vector<DistributionCheck> checks;
  const std::size_t k = data.inputs.size();
  const std::vector<std::string>& names = space.names();
  for (std::size_t i = 0; i < k; ++i) {
    const auto at = std::find(names.begin(), names.end(), data.inputs[i]);
    if (at == names.end()) continue;
    const auto p = static_cast<std::size_t>(at - names.begin());
    std::vector<double> values;
    for (std::size_t r = 0; r < data.rows; ++r) {
      const double v = data.x[r * k + i];
      if (std::isfinite(v)) values.push_back(v);
    }
    DistributionCheck check;
    check.column = data.inputs[i];
    check.n = values.size();
    const Distribution* law = space.distribution(p);
    if (law == nullptr) {
      // A constant: the column should hold its value only.
      const double value = space.spec(p).constant.value_or(0.0);
      check.declared = "constant " + short_number(value);
      const auto off = std::count_if(values.begin(), values.end(), [value](double v) { return v != value; });
      // The share of values that are not the constant stands in for the distance.
      check.ks_distance = values.empty() ? 0 : static_cast<double>(off) / static_cast<double>(values.size());
      check.p_value = off == 0 ? 1 : 0;
      check.contradicts = off > 0;
    } else {
      check.declared = law->describe();
      std::sort(values.begin(), values.end());
      const auto n = static_cast<double>(values.size());
      double d = 0;
      for (std::size_t r = 0; r < values.size(); ++r) {
        const double f = law->cdf(values[r]);
        d = std::max({d, static_cast<double>(r + 1) / n - f, f - static_cast<double>(r) / n});
      }
      check.ks_distance = d;
      // Stephens (1970): Q_KS((sqrt(n) + 0.12 + 0.11 / sqrt(n)) D), as the two-sample form in filtering.hpp.
      check.p_value = values.empty() ? 1 : kolmogorov_q((std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n)) * d);
      check.contradicts = check.p_value < kDistributionWarningLevel;
    }
    if (check.contradicts && law == nullptr) {
      check.warning = "column '" + check.column + "' is not the " + check.declared + " of " + config_name + ": " +
                      short_number(check.ks_distance * 100) + " % of its " + std::to_string(check.n) +
                      " values differ from it";
    } else if (check.contradicts) {
      check.warning = "column '" + check.column + "' does not look drawn from " + check.declared + ", its law in " +
                      config_name + ": KS distance " + short_number(check.ks_distance) + " over " +
                      std::to_string(check.n) + " values (p " +
                      (check.p_value < 1e-16 ? std::string("< 1e-16") : "= " + short_number(check.p_value)) +
                      "); the indices assume the rows are draws of the inputs' declared law";
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace mcsens
