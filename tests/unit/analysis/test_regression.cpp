// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "mcsens/analysis/regression.hpp"

namespace mcsens {
namespace {

double sd_of(const std::vector<double>& v) {
  double mean = 0.0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

TEST(Regression, AverageRanksWithTies) {
  const std::vector<double> v = {3.0, 1.0, 3.0, 2.0, 3.0};
  EXPECT_EQ(average_ranks(v.data(), v.size()), (std::vector<double>{4.0, 1.0, 4.0, 2.0, 4.0}));
}

TEST(Regression, LinearModelGivesExactSrcAndUnitPrcc) {
  // y = sum c_i x_i exactly: least squares recovers b = c, so SRC_i = c_i sd_i / sd_y and R^2 = 1. PRCC: y is a
  // monotone function of x_i given the others, so |PRCC| is large, but below 1: the rank transform bends the exact
  // linear relation (rank(y) is not linear in the ranks of normal x), here |PRCC| is about 0.89-0.93.
  const std::size_t n = 2000;
  const std::size_t k = 3;
  const std::vector<double> c = {2.0, -1.0, 0.5};
  std::mt19937_64 g(5);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> x(n * k);
  std::vector<double> y(n);
  std::vector<std::vector<double>> cols(k, std::vector<double>(n));
  for (std::size_t r = 0; r < n; ++r) {
    y[r] = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
      const double v = (i + 1.0) * normal(g) + 10.0 * i;
      x[r * k + i] = v;
      cols[i][r] = v;
      y[r] += c[i] * v;
    }
  }
  const RegressionResult res = regression_indices(x.data(), n, k, y.data());
  EXPECT_EQ(res.n, n);
  EXPECT_NEAR(res.r_squared, 1.0, 1e-12);
  for (std::size_t i = 0; i < k; ++i) {
    EXPECT_NEAR(res.src[i], c[i] * sd_of(cols[i]) / sd_of(y), 1e-10) << i;
    EXPECT_GT(std::abs(res.prcc[i]), 0.85) << i;
    EXPECT_EQ(res.prcc[i] > 0, c[i] > 0) << i;
  }
}

TEST(Regression, ConstantInputIsNaNAndNonFiniteRowsAreDropped) {
  const std::size_t n = 500;
  std::mt19937_64 g(8);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> x(n * 3);
  std::vector<double> y(n);
  for (std::size_t r = 0; r < n; ++r) {
    x[r * 3 + 0] = u(g);
    x[r * 3 + 1] = 4.0;  // a constant parameter
    x[r * 3 + 2] = u(g);
    y[r] = std::exp(x[r * 3 + 0]) + 0.1 * x[r * 3 + 2] + 0.01 * u(g);
  }
  y[7] = std::nan("");
  const RegressionResult res = regression_indices(x.data(), n, 3, y.data());
  EXPECT_EQ(res.dropped_rows, 1U);
  EXPECT_TRUE(std::isnan(res.src[1]));
  EXPECT_TRUE(std::isnan(res.prcc[1]));
  EXPECT_GT(res.src[0], res.src[2]);
  EXPECT_GT(res.prcc[0], 0.99);
  EXPECT_GT(res.prcc[2], 0.5);

  // Constant output: everything NaN, no crash.
  const std::vector<double> flat(n, 2.0);
  const RegressionResult none = regression_indices(x.data(), n, 3, flat.data());
  for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(std::isnan(none.src[i]) && std::isnan(none.prcc[i]));
  EXPECT_TRUE(std::isnan(none.r_squared));
}

TEST(Regression, PrccSeesMonotoneNonlinearEffectsThatSrcUnderstates) {
  // y = exp(8 x1) + x2 with x ~ U(0,1): strongly monotone in x1, so PRCC_1 ~ 1 while the linear R^2 < 1.
  const std::size_t n = 3000;
  std::mt19937_64 g(21);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> x(n * 2);
  std::vector<double> y(n);
  for (std::size_t r = 0; r < n; ++r) {
    x[2 * r] = u(g);
    x[2 * r + 1] = u(g);
    y[r] = std::exp(8.0 * x[2 * r]) + x[2 * r + 1];
  }
  const RegressionResult res = regression_indices(x.data(), n, 2, y.data());
  EXPECT_LT(res.r_squared, 0.9);
  EXPECT_GT(res.prcc[0], 0.99);
  EXPECT_GT(res.prcc[1], 0.0);
}

}  // namespace
}  // namespace mcsens
