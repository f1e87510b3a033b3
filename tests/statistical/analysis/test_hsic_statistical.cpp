// SPDX-License-Identifier: MIT
// R2_HSIC and the HSIC test of independence (hsic_indices, as analyze_data reports them) against exact values, with
// fixed seeds. For standardised jointly normal X and Y with correlation rho and Gaussian kernels of bandwidth 1, every
// term of HSIC is a Gaussian integral, E[exp(-z'Az/2)] = det(I + C A)^(-1/2) for z ~ N(0, C):
//
//   HSIC(rho) = (9 - 4 rho^2)^(-1/2) + 1/3 - (9/4 - rho^2/4)^(-1/2),
//
// (E[k l] over the differences, N(0, 2 Sigma); E[k] E[l] = 3^(-1/2) 3^(-1/2); and twice E[E_X' k E_Y' l], where
// E_X' k(x, X') = 2^(-1/2) exp(-x^2 / 4)), 0 at rho = 0; R2_HSIC = HSIC(rho) / HSIC(1). In y = sum a_j x_j with
// independent standard normal inputs, rho_i = a_i / sqrt(V). The tolerance is 5 standard errors from the interval.
// The test's level: under independence its p-values should be uniform, so about 5 % fall below 0.05.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <random>
#include <vector>

#include "linear_gaussian_data.hpp"
#include "mcsens/analysis/hsic.hpp"
#include "mcsens/stats/replicate_means.hpp"
#include "mcsens/study/data_analysis.hpp"

namespace mcsens {
namespace {

using test_data::linear_gaussian;

double exact_hsic(double rho) {
  return 1 / std::sqrt(9 - 4 * rho * rho) + 1.0 / 3 - 1 / std::sqrt(2.25 - rho * rho / 4);
}

TEST(HsicStatistical, ExactValuesWorkedByHand) {
  EXPECT_DOUBLE_EQ(exact_hsic(0), 0);
  // rho = 1: 5^(-1/2) + 1/3 - 2^(-1/2).
  EXPECT_NEAR(exact_hsic(1), 0.07344014764674367, 1e-15);
}

void expect_exact(const std::vector<double>& a, std::uint64_t seed) {
  const DataAnalysis analysis = analyze_data(linear_gaussian(a, 1 << 16, seed)).front();
  EXPECT_EQ(analysis.hsic.n, kHsicSampleCap);
  double v = 0;
  for (double ai : a) v += ai * ai;
  const double t = student_t_quantile(15, 0.975);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double exact = exact_hsic(a[i] / std::sqrt(v)) / exact_hsic(1);
    const double se = (analysis.hsic_high[i] - analysis.hsic_low[i]) / (2 * t);
    EXPECT_LT(se, 0.02) << "input " << i;  // the test must be able to fail
    EXPECT_NEAR(analysis.hsic.r2[i], exact, 5 * se) << "input " << i << ", se " << se << ", exact " << exact;
    if (a[i] != 0) {
      EXPECT_LT(analysis.hsic.p_value[i], 1e-10) << "input " << i;
    }
  }
}

TEST(HsicStatistical, LinearGaussianModel) {
  expect_exact({1, 2, 0}, 2005);
}
TEST(HsicStatistical, LinearGaussianModelOtherCoefficients) {
  expect_exact({0.5, 1, 3}, 2015);
}

TEST(HsicStatistical, TheTestHoldsItsLevelUnderIndependence) {
  // 300 samples of 400 rows, y = x1 + 2 x2 and an independent x3: how often x3's p-value falls below 0.05. With a
  // level of 0.05 that count is Binomial(300, 0.05), mean 15, sd 3.8; between 3 and 33 (4.7 sd) otherwise with
  // probability below 1e-5.
  int rejected = 0;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    const DataColumns data = linear_gaussian({1, 2, 0}, 400, 9000 + seed);
    const HsicIndices h = hsic_indices(data.x.data(), data.rows, 3, data.y[0].data());
    rejected += h.p_value[2] < 0.05;
    EXPECT_LT(h.p_value[1], 1e-6);
  }
  std::cout << "independent input rejected at 0.05 in " << rejected << " of 300 samples\n";
  EXPECT_GE(rejected, 3);
  EXPECT_LE(rejected, 33);
}

TEST(HsicStatistical, IntervalsCoverOverSeeds) {
  // 60 samples of 1024 rows of y = 0.5 x1 + x2 + 3 x3: 180 intervals of 95 %; fewer than 162 covering (4.6 sd below
  // 171) would happen with probability below 1e-5.
  const std::vector<double> a = {0.5, 1, 3};
  const double v = 10.25;
  int covered = 0;
  for (std::uint64_t seed = 0; seed < 60; ++seed) {
    const DataAnalysis analysis = analyze_data(linear_gaussian(a, 1024, 7000 + seed)).front();
    for (std::size_t i = 0; i < 3; ++i) {
      const double exact = exact_hsic(a[i] / std::sqrt(v)) / exact_hsic(1);
      covered += analysis.hsic_low[i] <= exact && exact <= analysis.hsic_high[i];
    }
  }
  std::cout << "95 % intervals of R2_HSIC covering the exact value: " << covered << " / 180\n";
  EXPECT_GE(covered, 162);
}

}  // namespace
}  // namespace mcsens
