// SPDX-License-Identifier: MIT
// HSIC from given data (hsic_indices) against an independent implementation of the same formulas with dense
// matrices (NumPy and SciPy: Song et al. 2012's unbiased HSIC, Gretton et al. 2008's gamma test), its invariances,
// and how it treats rows it cannot use.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "mcsens/analysis/hsic.hpp"

namespace mcsens {
namespace {

// 50 rows: x1, x2 from fixed irrational rotations, y = x1 + 0.3 sin(6 x1) + 0.05 x2.
void rows(std::vector<double>& x, std::vector<double>& y) {
  for (int r = 0; r < 50; ++r) {
    const double a = std::fmod(0.5 + 0.6180339887498949 * r, 1.0);
    const double b = std::fmod(0.5 + 0.4142135623730951 * (r * r % 7919), 1.0);
    x.insert(x.end(), {a, b});
    y.push_back(a + 0.3 * std::sin(6 * a) + 0.05 * b);
  }
}

TEST(Hsic, AgreesWithDenseMatrices) {
  // NumPy: K = exp(-(z_i - z_j)^2 / 2) of the standardised columns; HSIC_u, R2 = HSIC_u(K, L) / sqrt(HSIC_u(K, K)
  // HSIC_u(L, L)); n HSIC_b = sum(HKH * HLH) / n against scipy.stats.gamma.sf with the sample's mean and variance.
  std::vector<double> x, y;
  rows(x, y);
  const HsicIndices h = hsic_indices(x.data(), 50, 2, y.data());
  EXPECT_NEAR(h.r2[0], 0.24887918060129938, 1e-12);
  EXPECT_NEAR(h.hsic[0], 0.01664216980099451, 1e-14);
  EXPECT_NEAR(h.p_value[0], 0.0005446576066091179, 1e-12);
  EXPECT_NEAR(h.r2[1], -0.0009071927228431571, 1e-12);
  EXPECT_NEAR(h.hsic[1], -5.868376817034005e-05, 1e-14);
  EXPECT_NEAR(h.p_value[1], 0.4131148884915282, 1e-10);
  EXPECT_EQ(h.n, 50u);
}

TEST(Hsic, ScaleAndShiftOfAColumnChangeNothing) {
  std::vector<double> x, y;
  rows(x, y);
  std::vector<double> moved = y;
  for (double& v : moved) v = 1e3 * v - 7;
  const HsicIndices a = hsic_indices(x.data(), 50, 2, y.data());
  const HsicIndices b = hsic_indices(x.data(), 50, 2, moved.data());
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(a.r2[i], b.r2[i], 1e-12);
}

TEST(Hsic, NonFiniteRowsAreLeftOutAndDegenerateDataGiveNaN) {
  std::vector<double> x, y;
  rows(x, y);
  x.insert(x.end(), {std::numeric_limits<double>::infinity(), 0.5});
  y.push_back(1);
  const HsicIndices h = hsic_indices(x.data(), 51, 2, y.data());
  EXPECT_EQ(h.n, 50u);
  EXPECT_EQ(h.dropped_rows, 1u);
  EXPECT_NEAR(h.r2[0], 0.24887918060129938, 1e-12);
  const std::vector<double> flat(50, 3.0);
  EXPECT_TRUE(std::isnan(hsic_indices(x.data(), 50, 2, flat.data()).r2[0]));
  EXPECT_TRUE(std::isnan(hsic_indices(x.data(), 7, 2, y.data()).r2[0]));
}

}  // namespace
}  // namespace mcsens
