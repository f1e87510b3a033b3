// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "mcsens/analysis/filtering.hpp"

namespace mcsens {
namespace {

// 99.9 % point of the Kolmogorov distribution: Q_KS(1.9495) = 0.001 (Smirnov 1948 table; see the unit test).
constexpr double kLambda999 = 1.9494746035043750;

double critical_distance(std::uint64_t n1, std::uint64_t n2) {
  const double ne = static_cast<double>(n1) * static_cast<double>(n2) / static_cast<double>(n1 + n2);
  return kLambda999 / (std::sqrt(ne) + 0.12 + 0.11 / std::sqrt(ne));
}

struct Draws {
  std::vector<std::vector<double>> x;
  std::vector<const double*> columns;
};

Draws uniform_draws(std::size_t k, std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Draws d;
  d.x.assign(k, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) d.x[j][i] = u(rng);
  for (const auto& c : d.x) d.columns.push_back(c.data());
  return d;
}

TEST(FilteringStatistical, ThresholdClaimNamesItsInputExactly) {
  // Claim x1 > 0.5 on four independent U(0, 1) inputs. Holding x1 ~ U(0.5, 1), failing x1 ~ U(0, 0.5): the supports
  // are disjoint, so the holding-vs-failing KS distance is exactly 1 (the CDFs are 0 and 1 at 0.5, a bin edge).
  // (Against the whole sample it would be 0.5; we compare the two groups, as Spear and Hornberger 1980 do.)
  // The other inputs are independent of the claim: their D is a KS null statistic, below the 99.9 % critical value.
  const std::size_t n = 100000;
  const auto d = uniform_draws(4, n, 20261127);
  std::vector<double> ind(n);
  for (std::size_t i = 0; i < n; ++i) ind[i] = d.x[0][i] > 0.5 ? 1.0 : 0.0;
  const std::vector<std::pair<double, double>> ranges(4, {0.0, 1.0});
  FilteringAccumulator acc(4, ranges, 1000);
  acc.add(d.columns.data(), ind.data(), n);
  const std::vector<double> probs = {0.05, 0.25, 0.5, 0.75, 0.95};
  const auto r = acc.result(probs);
  EXPECT_EQ(r.n_hold + r.n_fail, n);
  // n_hold ~ Binomial(n, 1/2): within 5 standard errors.
  EXPECT_NEAR(static_cast<double>(r.n_hold), 0.5 * n, 5.0 * std::sqrt(0.25 * n));
  EXPECT_DOUBLE_EQ(r.inputs[0].ks_distance, 1.0);
  EXPECT_LT(r.inputs[0].p_value, 1e-100);
  const double crit = critical_distance(r.n_hold, r.n_fail);
  for (std::size_t j = 1; j < 4; ++j) {
    EXPECT_LT(r.inputs[j].ks_distance, crit) << "x" << j + 1;
    EXPECT_GT(r.inputs[j].p_value, 0.001) << "x" << j + 1;
  }
  EXPECT_EQ(rank_by_ks_distance(r)[0], 0u);
  // Holding quantiles of x1 are 0.5 + 0.5 p. The sample quantile's standard error is sqrt(p (1 - p) / n_hold) / f
  // with density f = 2; the bin width 1e-3 bounds the interpolation error.
  for (std::size_t q = 0; q < probs.size(); ++q) {
    const double p = probs[q];
    const double se = std::sqrt(p * (1.0 - p) / static_cast<double>(r.n_hold)) / 2.0;
    EXPECT_NEAR(r.inputs[0].hold_quantiles[q], 0.5 + 0.5 * p, 5.0 * se + 1e-3) << "p = " << p;
  }

  // Merging the two halves gives identical counts.
  FilteringAccumulator a(4, ranges, 1000), b(4, ranges, 1000);
  std::vector<const double*> tail;
  for (const auto* c : d.columns) tail.push_back(c + n / 2);
  a.add(d.columns.data(), ind.data(), n / 2);
  b.add(tail.data(), ind.data() + n / 2, n - n / 2);
  a.merge(b);
  for (std::size_t j = 0; j < 4; ++j)
    for (bool hold : {true, false})
      for (std::size_t k = 0; k < 1002; ++k) ASSERT_EQ(a.counts(j, hold)[k], acc.counts(j, hold)[k]);
  EXPECT_EQ(a.n_hold(), acc.n_hold());
  EXPECT_EQ(a.n_fail(), acc.n_fail());
}

TEST(FilteringStatistical, SumClaimSplitsTwoInputsEvenly) {
  // Claim x1 + x2 > 1: the holding density of x1 is 2x, the failing one 2(1 - x), so F_hold = x^2 and
  // F_fail = 2x - x^2 differ by at most 1/2 (at x = 1/2, a bin edge): D = 0.5 for x1 and x2, and x3 is inert.
  // The estimate of F_hold(1/2) - F_fail(1/2) has standard error sqrt(3/16 (1/n1 + 1/n2)).
  const std::size_t n = 100000;
  const auto d = uniform_draws(3, n, 4242);
  std::vector<double> ind(n);
  for (std::size_t i = 0; i < n; ++i) ind[i] = d.x[0][i] + d.x[1][i] > 1.0 ? 1.0 : 0.0;
  FilteringAccumulator acc(3, std::vector<std::pair<double, double>>(3, {0.0, 1.0}), 1000);
  acc.add(d.columns.data(), ind.data(), n);
  const auto r = acc.result();
  const double se = std::sqrt(3.0 / 16.0 * (1.0 / r.n_hold + 1.0 / r.n_fail));
  // The maximum over x can only exceed the value at 1/2; allow the null-level excess on the upper side.
  EXPECT_GT(r.inputs[0].ks_distance, 0.5 - 5.0 * se);
  EXPECT_LT(r.inputs[0].ks_distance, 0.5 + 5.0 * se + critical_distance(r.n_hold, r.n_fail));
  EXPECT_GT(r.inputs[1].ks_distance, 0.5 - 5.0 * se);
  EXPECT_LT(r.inputs[1].ks_distance, 0.5 + 5.0 * se + critical_distance(r.n_hold, r.n_fail));
  EXPECT_LT(r.inputs[2].ks_distance, critical_distance(r.n_hold, r.n_fail));
  EXPECT_EQ(rank_by_ks_distance(r)[2], 2u);
}

}  // namespace
}  // namespace mcsens
