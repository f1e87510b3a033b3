// SPDX-License-Identifier: MIT
// The resampling stream's draws against their laws: fixed seeds, tolerances of 5 standard errors or exact
// chi-square critical values at 1e-6.
#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "mcsens/rng/resampling_stream.hpp"

namespace mcsens {
namespace {

TEST(ResamplingStreamStats, UniformMean) {
  ResamplingStream g(3, 9, 0);
  double sum = 0.0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double u = g.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / n));
}

// Multiply-shift without rejection maps 4 words onto 3 values for n = 3 2^30 (and 2^64 / n for 3 2^62): the value
// 0 mod 3 would get half the draws. With rejection each residue gets a third.
TEST(ResamplingStreamStats, BelowIsUnbiasedWhereMultiplyShiftAloneIsNot) {
  const int n = 30000;
  const double se = std::sqrt(1.0 / 3.0 * 2.0 / 3.0 / n);
  ResamplingStream g(5, 1, 2);
  int zero32 = 0;
  int zero64 = 0;
  for (int i = 0; i < n; ++i) {
    const std::uint32_t x = g.below(3u << 30);
    ASSERT_LT(x, 3u << 30);
    zero32 += x % 3 == 0;
    const std::uint64_t y = g.below_u64(std::uint64_t{3} << 62);
    ASSERT_LT(y, std::uint64_t{3} << 62);
    zero64 += y % 3 == 0;
  }
  EXPECT_NEAR(static_cast<double>(zero32) / n, 1.0 / 3.0, 5.0 * se);
  EXPECT_NEAR(static_cast<double>(zero64) / n, 1.0 / 3.0, 5.0 * se);
  // Small n: every value appears, none outside.
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 7000; ++i) ++seen[g.below(7)];
  for (int c : seen) EXPECT_GT(c, 800);
  EXPECT_EQ(g.below(1), 0u);
  EXPECT_EQ(g.below_u64(1), 0u);
}

// 16-bit draws below n = 3 2^14 without rejection would give the value 0 mod 3 half the time (4 halves onto 3
// values); with it, a third. And a chi-square of all cells of n = 3001 at 1e-6.
TEST(ResamplingStreamStats, FillBelow16IsUniform) {
  const std::size_t n = 300000;
  std::vector<std::uint32_t> v(n);
  ResamplingStream(9, 1, 1).fill_below16(3u << 14, v.data(), n);
  std::size_t zero = 0;
  for (std::uint32_t x : v) zero += x % 3 == 0;
  EXPECT_NEAR(static_cast<double>(zero) / n, 1.0 / 3.0, 5.0 * std::sqrt(2.0 / 9.0 / n));
  ResamplingStream(9, 1, 2).fill_below16(3001, v.data(), n);
  std::vector<double> cells(3001, 0.0);
  for (std::uint32_t x : v) cells[x] += 1.0;
  const double expected = static_cast<double>(n) / 3001.0;
  double chi2 = 0.0;
  for (double c : cells) chi2 += (c - expected) * (c - expected) / expected;
  const boost::math::chi_squared_distribution<double> law(3000);
  EXPECT_LT(chi2, boost::math::quantile(boost::math::complement(law, 1e-6)));
}

double log_pmf(std::uint64_t n, double p, std::uint64_t k) {
  const double nd = static_cast<double>(n);
  const double kd = static_cast<double>(k);
  return std::lgamma(nd + 1.0) - std::lgamma(kd + 1.0) - std::lgamma(nd - kd + 1.0) + kd * std::log(p) +
         (nd - kd) * std::log1p(-p);
}

// Pearson's chi-square of `draws` binomial variates against the exact pmf, cells merged from the tails until each
// expects at least 20; the fixed seed makes it deterministic, and a correct sampler passes at the 1e-6 level
// (a wrong hat or acceptance test shifts the cells by far more than that allows at 2e5 draws).
void expect_binomial_fits(std::uint64_t n, double p, std::uint64_t seed) {
  SCOPED_TRACE(::testing::Message() << "n = " << n << ", p = " << p);
  const int draws = 200000;
  ResamplingStream g(seed, 99, n);
  std::vector<double> observed(n + 1, 0.0);
  double sum = 0.0;
  for (int i = 0; i < draws; ++i) {
    const std::uint64_t x = g.binomial(n, p);
    ASSERT_LE(x, n);
    observed[x] += 1.0;
    sum += static_cast<double>(x);
  }
  const double mean = static_cast<double>(n) * p;
  EXPECT_NEAR(sum / draws, mean, 5.0 * std::sqrt(mean * (1.0 - p) / draws));
  double chi2 = 0.0;
  int cells = 0;
  double cell_expected = 0.0;
  double cell_observed = 0.0;
  for (std::uint64_t k = 0; k <= n; ++k) {
    cell_expected += draws * std::exp(log_pmf(n, p, k));
    cell_observed += observed[k];
    if (cell_expected >= 20.0 && k < n) {
      chi2 += (cell_observed - cell_expected) * (cell_observed - cell_expected) / cell_expected;
      ++cells;
      cell_expected = 0.0;
      cell_observed = 0.0;
    }
  }
  chi2 += cell_expected > 0.0 ? (cell_observed - cell_expected) * (cell_observed - cell_expected) / cell_expected
                              : cell_observed;
  ++cells;
  ASSERT_GE(cells, 3);
  const boost::math::chi_squared_distribution<double> law(cells - 1);
  EXPECT_LT(chi2, boost::math::quantile(boost::math::complement(law, 1e-6))) << cells << " cells";
}

TEST(ResamplingStreamStats, BinomialFitsTheExactLawByInversionAndByRejection) {
  expect_binomial_fits(5, 0.3, 1);      // inversion
  expect_binomial_fits(40, 0.2, 2);     // inversion, n p = 8
  expect_binomial_fits(20, 0.5, 3);     // BTRS at its edge, n p = 10
  expect_binomial_fits(1000, 0.05, 4);  // BTRS, n p = 50
  expect_binomial_fits(100, 0.93, 5);   // by symmetry: inversion on 1 - p
  expect_binomial_fits(3000, 0.7, 6);   // by symmetry: BTRS on 1 - p
  // The bootstrap's case: a tile of 4096 out of 2^19 bases.
  expect_binomial_fits(std::uint64_t{1} << 19, 4096.0 / static_cast<double>(std::uint64_t{1} << 19), 7);
}

}  // namespace
}  // namespace mcsens
