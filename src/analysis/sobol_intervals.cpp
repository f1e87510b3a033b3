// SPDX-License-Identifier: MIT
#include "analysis/sobol_intervals.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/students_t.hpp>

namespace mcsens::detail {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Type 7 quantile of sorted finite values.
double sorted_quantile(const std::vector<double>& v, double p) {
  const double h = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}
}  // namespace

void percentile_interval(std::vector<double>& replicates, double confidence, double& low, double& high) {
  replicates.erase(std::remove_if(replicates.begin(), replicates.end(), [](double x) { return !std::isfinite(x); }),
                   replicates.end());
  if (replicates.size() < 2) {
    low = high = kNaN;
    return;
  }
  std::sort(replicates.begin(), replicates.end());
  const double alpha = 1.0 - confidence;
  low = sorted_quantile(replicates, alpha / 2.0);
  high = sorted_quantile(replicates, 1.0 - alpha / 2.0);
}

void batch_means_interval(double point, const std::vector<double>& batch_values, double confidence, double& low,
                          double& high) {
  double mean = 0.0;
  std::size_t b = 0;
  for (double x : batch_values) {
    if (!std::isfinite(x)) continue;
    ++b;
    mean += (x - mean) / static_cast<double>(b);
  }
  if (b < 2 || !std::isfinite(point)) {
    low = high = kNaN;
    return;
  }
  double m2 = 0.0;
  for (double x : batch_values) {
    if (std::isfinite(x)) m2 += (x - mean) * (x - mean);
  }
  const double sd = std::sqrt(m2 / static_cast<double>(b - 1));
  const boost::math::students_t dist(static_cast<double>(b - 1));
  const double t = boost::math::quantile(dist, 0.5 + confidence / 2.0);
  const double half = t * sd / std::sqrt(static_cast<double>(b));
  low = point - half;
  high = point + half;
}

}  // namespace mcsens::detail
