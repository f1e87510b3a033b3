// SPDX-License-Identifier: MIT
#include "mcsens/engine/results.hpp"

#include <algorithm>
#include <cmath>

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

const std::vector<double>& driver_probabilities() {
  static const std::vector<double> probabilities = {0.05, 0.25, 0.5, 0.75, 0.95};
  return probabilities;
}

std::vector<std::size_t> ClaimSummary::ranked_drivers() const {
  std::vector<std::size_t> order(drivers.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const double da = std::isnan(drivers[a].ks_distance) ? -1 : drivers[a].ks_distance;
    const double db = std::isnan(drivers[b].ks_distance) ? -1 : drivers[b].ks_distance;
    return da > db;
  });
  return order;
}

}  // namespace mcsens
