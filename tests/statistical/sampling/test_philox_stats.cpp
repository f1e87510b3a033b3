// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "mcsens/rng/philox.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kN = 1000000;

std::vector<double> stream(std::uint64_t seed, std::uint64_t first, std::uint32_t dim) {
  std::vector<double> x(kN);
  philox_fill_uniform(seed, first, kN, dim, x.data());
  return x;
}

// For U(0, 1): mean 1/2, variance 1/12, and the sample variance has variance (mu4 - sigma^4) / N with
// mu4 = 1/80. A correlation of independent streams has standard error 1/sqrt(N) (each product term has variance
// (1/12)^2, normalized by the variance 1/12 squared).
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - 0.5) * (b[i] - 0.5);
  return s / static_cast<double>(a.size()) * 12.0;
}

TEST(PhiloxStats, MeanVarianceAndCorrelationsAtFiveStandardErrors) {
  const double n = static_cast<double>(kN);
  const double se_mean = std::sqrt(1.0 / 12.0 / n);
  const double se_var = std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / n);
  const double se_corr = 1.0 / std::sqrt(n);
  const auto base = stream(20240611, 0, 0);
  for (const auto& [seed, first, dim] : {std::tuple<std::uint64_t, std::uint64_t, std::uint32_t>{20240611, 0, 0},
                                         {20240612, 0, 0},
                                         {20240611, 0, 1},
                                         {20240611, kN, 0},
                                         {1ULL << 40, 7, 12345}}) {
    const auto x = stream(seed, first, dim);
    double mean = 0;
    for (double v : x) mean += v;
    mean /= n;
    double var = 0;
    for (double v : x) var += (v - 0.5) * (v - 0.5);
    var /= n;
    EXPECT_LT(std::fabs(mean - 0.5), 5 * se_mean) << seed << " " << first << " " << dim;
    EXPECT_LT(std::fabs(var - 1.0 / 12.0), 5 * se_var) << seed << " " << first << " " << dim;
    // Lag 1 and lag 2 autocorrelations: lag 1 crosses the two halves of one Philox block.
    for (std::size_t lag : {1, 2, 17}) {
      double s = 0;
      for (std::size_t i = 0; i + lag < kN; ++i) s += (x[i] - 0.5) * (x[i + lag] - 0.5);
      EXPECT_LT(std::fabs(s / (n - static_cast<double>(lag)) * 12.0), 5 * se_corr) << "lag " << lag;
    }
    if (!(seed == 20240611 && first == 0 && dim == 0)) {
      EXPECT_LT(std::fabs(correlation(base, x)), 5 * se_corr) << seed << " " << first << " " << dim;
    }
  }
}

// Pearson's chi-square over 1000 equal bins: chi2 with 999 degrees of freedom, mean 999 and sd sqrt(2 * 999).
TEST(PhiloxStats, ChiSquareUniformityOnAThousandBins) {
  for (std::uint32_t dim : {0u, 1u, 99u}) {
    const auto x = stream(77, 0, dim);
    std::vector<double> count(1000, 0);
    for (double v : x) count[static_cast<std::size_t>(v * 1000)] += 1;
    const double expected = static_cast<double>(kN) / 1000;
    double chi2 = 0;
    for (double c : count) chi2 += (c - expected) * (c - expected) / expected;
    EXPECT_LT(std::fabs(chi2 - 999), 5 * std::sqrt(2 * 999.0)) << "dim " << dim;
  }
}

}  // namespace
}  // namespace mcsens
