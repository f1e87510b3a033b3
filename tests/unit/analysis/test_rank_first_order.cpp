// SPDX-License-Identifier: MIT
// The rank-based first-order estimator (Gamboa, Klein & Lagnoux 2022) on cases worked by hand: its formula, that it
// depends on the data and not on the rows' order, and how it treats non-finite rows, ties and a constant output.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "mcsens/analysis/rank_first_order.hpp"

namespace mcsens {
namespace {

TEST(RankFirstOrder, FourRowsWorkedByHand) {
  // x = 1..4 and y = x: m = 2.5, centred y -1.5 -0.5 0.5 1.5, variance 5/4; neighbours' products
  // 0.75 - 0.25 + 0.75 = 1.25 over n - 1 = 3: S = (1.25 / 3) / 1.25 = 1/3. The input z = 3, 4, 2, 1 orders y as
  // 4, 3, 1, 2: products (1.5)(0.5) + (0.5)(-1.5) + (-1.5)(-0.5) = 0.75, S = (0.75 / 3) / 1.25 = 1/5.
  const std::vector<double> x = {1, 3, 2, 4, 3, 2, 4, 1};  // rows (x, z)
  const std::vector<double> y = {1, 2, 3, 4};
  const RankFirstOrder r = rank_first_order(x.data(), 4, 2, y.data());
  ASSERT_EQ(r.S1.size(), 2u);
  EXPECT_DOUBLE_EQ(r.S1[0], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.S1[1], 0.2);
  EXPECT_EQ(r.n, 4u);
  EXPECT_EQ(r.dropped_rows, 0u);
}

TEST(RankFirstOrder, TheRowsOrderDoesNotMatter) {
  std::vector<double> x, y;
  for (int i = 0; i < 200; ++i) {
    const double a = std::sin(1.7 * i);
    const double b = std::cos(0.37 * i * i);
    x.insert(x.end(), {a, b});
    y.push_back(a * a + 0.3 * b);
  }
  const RankFirstOrder forward = rank_first_order(x.data(), 200, 2, y.data());
  std::vector<double> xr, yr;
  for (int i = 199; i >= 0; --i) {
    xr.insert(xr.end(), {x[2 * i], x[2 * i + 1]});
    yr.push_back(y[i]);
  }
  const RankFirstOrder backward = rank_first_order(xr.data(), 200, 2, yr.data());
  // Distinct x: the same sorted order, the same neighbours; only the sums' rounding may differ.
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(forward.S1[i], backward.S1[i], 1e-13);
}

TEST(RankFirstOrder, NonFiniteRowsAreLeftOutAndCounted) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> x = {1, nan, 2, 3, 4, 5};
  const std::vector<double> y = {1, 7, 2, 3, 4, std::numeric_limits<double>::infinity()};
  const RankFirstOrder r = rank_first_order(x.data(), 6, 1, y.data());
  EXPECT_EQ(r.n, 4u);  // rows x = 1, 2, 3, 4
  EXPECT_EQ(r.dropped_rows, 2u);
  EXPECT_DOUBLE_EQ(r.S1[0], 1.0 / 3.0);  // the worked case above
}

TEST(RankFirstOrder, AConstantOutputOrTooFewRowsGiveNaN) {
  const std::vector<double> x = {1, 2, 3, 4};
  const std::vector<double> flat = {5, 5, 5, 5};
  EXPECT_TRUE(std::isnan(rank_first_order(x.data(), 4, 1, flat.data()).S1[0]));
  EXPECT_TRUE(std::isnan(rank_first_order(x.data(), 2, 1, x.data()).S1[0]));
}

}  // namespace
}  // namespace mcsens
