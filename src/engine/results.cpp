// SPDX-License-Identifier: MIT
#include "mcsens/engine/results.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

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

double OutputSummary::nonfinite_share() const {
  const std::uint64_t all = count + nonfinite;
  return all == 0 ? 0.0 : static_cast<double>(nonfinite) / static_cast<double>(all);
}

// E.g. "mean, sd and the other moments are over the finite draws only: 16 % of the draws are not finite
// (32,000 +inf); the quantiles include the infinite draws".
std::string OutputSummary::moments_note() const {
  if (nonfinite == 0) return "";
  const std::uint64_t nan = nonfinite - std::min(nonfinite, positive_infinite + negative_infinite);
  char share[32];
  std::snprintf(share, sizeof share, "%.3g", 100.0 * nonfinite_share());
  std::string parts;
  const auto part = [&parts](std::uint64_t n, const char* what) {
    if (n == 0) return;
    if (!parts.empty()) parts += ", ";
    parts += std::to_string(n) + " " + what;
  };
  part(positive_infinite, "+inf");
  part(negative_infinite, "-inf");
  part(nan, "NaN");
  std::string note =
      std::string("moments over the finite draws only: ") + share + " % of the draws are not finite (" + parts + ")";
  if (positive_infinite + negative_infinite > 0) note += "; the quantiles include the infinite draws";
  if (nan > 0)
    note += (positive_infinite + negative_infinite > 0 ? ", not NaN" : "; NaN draws are left out everywhere");
  return note;
}

const std::vector<double>& driver_probabilities() {
  static const std::vector<double> probabilities = {0.05, 0.25, 0.5, 0.75, 0.95};
  return probabilities;
}

double ClaimSummary::probability_if_failed_fail() const {
  const std::uint64_t all = n + failed;
  return all > 0 ? static_cast<double>(count) / static_cast<double>(all) : std::nan("");
}

double ClaimSummary::probability_if_failed_hold() const {
  const std::uint64_t all = n + failed;
  return all > 0 ? static_cast<double>(count + failed) / static_cast<double>(all) : std::nan("");
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
