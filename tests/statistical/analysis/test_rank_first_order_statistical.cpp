// SPDX-License-Identifier: MIT
// The rank-based first-order estimator (Gamboa, Klein & Lagnoux 2022) from one i.i.d. sample against exact indices,
// with fixed seeds: Ishigami (S1 = 0.3139, 0.4424, 0: Ishigami & Homma 1990; Saltelli et al. 2008, The Primer,
// sec. 4.3), the G-function (Saltelli & Sobol' 1995: V_i = 1/(3 (1 + a_i)^2)) and an additive model of equally
// spread terms (S_i = a_i^2 / sum a_j^2). The tolerance is 5 standard errors, each estimated from 16 independent
// batches of the same size (the spread of their estimates / sqrt(16) is that of the whole sample's), plus the
// estimator's O(1/n) bias, bounded here by 10/n.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "mcsens/analysis/rank_first_order.hpp"
#include "mcsens/analysis/reference_problems.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kRows = std::size_t{1} << 18;
constexpr std::size_t kBatches = 16;

// n rows of k U(0, 1) inputs (row-major) and the model's output on each, from one seed.
template <class Model>
void sample(std::size_t n, std::size_t k, std::uint64_t seed, Model model, std::vector<double>& u,
            std::vector<double>& y) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  u.resize(n * k);
  y.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < k; ++i) u[r * k + i] = uniform(rng);
    y[r] = model(&u[r * k]);
  }
}

// Checks every input's estimate against `exact` within 5 batch standard errors + 10 / n.
void expect_near_exact(const std::vector<double>& u, const std::vector<double>& y, std::size_t k,
                       const std::vector<double>& exact) {
  const RankFirstOrder whole = rank_first_order(u.data(), kRows, k, y.data());
  ASSERT_EQ(whole.n, kRows);
  const std::size_t m = kRows / kBatches;
  std::vector<std::vector<double>> batches;
  for (std::size_t b = 0; b < kBatches; ++b) {
    batches.push_back(rank_first_order(u.data() + b * m * k, m, k, y.data() + b * m).S1);
  }
  for (std::size_t i = 0; i < k; ++i) {
    double mean = 0;
    for (const auto& s : batches) mean += s[i] / kBatches;
    double ss = 0;
    for (const auto& s : batches) ss += (s[i] - mean) * (s[i] - mean);
    const double se = std::sqrt(ss / (kBatches - 1)) / std::sqrt(static_cast<double>(kBatches));
    EXPECT_LT(se, 0.01) << "input " << i;  // the test must be able to fail
    EXPECT_NEAR(whole.S1[i], exact[i], 5 * se + 10.0 / kRows) << "input " << i << ", se " << se;
  }
}

TEST(RankFirstOrderStatistical, Ishigami) {
  std::vector<double> u, y;
  sample(
      kRows, 3, 2022, [](const double* x) { return ishigami(x); }, u, y);
  expect_near_exact(u, y, 3, ishigami_indices().S1);
}

TEST(RankFirstOrderStatistical, GFunction) {
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
  std::vector<double> u, y;
  sample(
      kRows, a.size(), 1995, [&](const double* x) { return g_function(x, a); }, u, y);
  expect_near_exact(u, y, a.size(), g_function_indices(a).S1);
}

TEST(RankFirstOrderStatistical, AdditiveModelOfEquallySpreadTerms) {
  // y = sum a_i g(u_i) with one g for every input (g(u) = erf(2 u - 1)): the terms are independent with one variance,
  // so S_i = a_i^2 / sum a_j^2 = (1, 4, 0, 0.25) / 5.25 exactly, whatever g is.
  const std::vector<double> a = {1, 2, 0, 0.5};
  std::vector<double> u, y;
  sample(
      kRows, a.size(), 1987,
      [&](const double* x) {
        double s = 0;
        for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * std::erf(2 * x[i] - 1);
        return s;
      },
      u, y);
  std::vector<double> exact;
  for (double ai : a) exact.push_back(ai * ai / 5.25);
  expect_near_exact(u, y, a.size(), exact);
}

}  // namespace
}  // namespace mcsens
