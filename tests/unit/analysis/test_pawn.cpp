// SPDX-License-Identifier: MIT
// PAWN indices from given data (pawn_indices) on cases worked by hand, its invariances, and its noise floor.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "mcsens/analysis/pawn.hpp"

namespace mcsens {
namespace {

TEST(Pawn, PublishedDistancesWorkedByHand) {
  // 8 rows, 2 classes of 4 by x: y = x, so the lower class holds the 4 smallest outputs. Its CDF reaches 1 at the
  // 4th output, where the overall CDF is 4/8: KS = 1/2 for both classes; median = mean = max = 1/2.
  std::vector<double> x = {3, 1, 4, 1.5, 5, 9, 2, 6};
  const std::vector<double> y = x;
  const Pawn p = pawn_indices(x.data(), 8, 1, y.data(), 2);
  EXPECT_DOUBLE_EQ(p.published_median[0], 0.5);
  EXPECT_DOUBLE_EQ(p.published_mean[0], 0.5);
  EXPECT_DOUBLE_EQ(p.published_max[0], 0.5);
  // Cross-fitted. In x order the outputs are 1 1.5 2 3 | 4 5 6 9; half 0 (even positions) is 1 2 4 6, half 1 is
  // 1.5 3 5 9. Lower class: half 0's distance F_half - F_class peaks first at y = 2 (2/4 - 2/2 = -1/2); half 1 reads
  // there 1/4 - 1/2, times the sign -1: 1/4. Half 1's peaks at y = 3 (2/4 - 1); half 0 reads 2/4 - 1 there: 1/2.
  // The class's value is (1/4 + 1/2) / 2 = 3/8, and the upper class's by symmetry too.
  EXPECT_DOUBLE_EQ(p.median[0], 0.375);
  EXPECT_DOUBLE_EQ(p.max[0], 0.375);
  EXPECT_EQ(p.classes, 2u);
}

TEST(Pawn, SeesTheOutputOnlyThroughItsOrder) {
  std::vector<double> x, y, transformed;
  for (int r = 0; r < 1000; ++r) {
    const double a = std::fmod(0.5 + 0.6180339887498949 * r, 1.0);
    const double b = std::fmod(0.5 + 0.4142135623730951 * (r * r % 7919), 1.0);
    x.insert(x.end(), {a, b});
    y.push_back(a + 0.3 * b * b);
    transformed.push_back(std::exp(3 * y.back()));
  }
  const Pawn p = pawn_indices(x.data(), 1000, 2, y.data());
  const Pawn q = pawn_indices(x.data(), 1000, 2, transformed.data());
  EXPECT_EQ(p.median, q.median);
  EXPECT_EQ(p.published_max, q.published_max);
  EXPECT_GT(p.median[0], p.median[1]);
}

TEST(Pawn, TiedOutputsStepTheCdfsTogether) {
  // y in {0, 1}, 1 exactly when x > median: the CDFs are read only after a run of ties, at y = 0 (overall 1/2,
  // class 1 or 0) and y = 1 (both 1), so every class is at 1/2 whatever the order of the tied rows.
  std::vector<double> x, y;
  for (int r = 0; r < 400; ++r) {
    x.push_back(r * 7 % 400);  // 0..399 in another order
    y.push_back(x.back() >= 200 ? 1.0 : 0.0);
  }
  const Pawn p = pawn_indices(x.data(), 400, 1, y.data());
  EXPECT_NEAR(p.published_median[0], 0.5, 1e-12);
  EXPECT_NEAR(p.published_max[0], 0.5, 1e-12);
}

TEST(Pawn, NoiseFloorOfAnInputWithoutInfluence) {
  // 0.8276 sqrt((1 - p) / m_c): 10 classes of 6553.6 draws.
  EXPECT_NEAR(pawn_null_level(65536, 10, kKolmogorovMedian), 0.8275735551899059 * std::sqrt(0.9 / 6553.6), 1e-15);
}

TEST(Pawn, NonFiniteRowsAreLeftOutAndTooFewRowsGiveNaN) {
  std::vector<double> x, y;
  for (int r = 0; r < 60; ++r) {
    x.push_back(r);
    y.push_back(std::sin(r));
  }
  x.push_back(std::numeric_limits<double>::quiet_NaN());
  y.push_back(1);
  const Pawn p = pawn_indices(x.data(), 61, 1, y.data());
  EXPECT_EQ(p.n, 60u);
  EXPECT_EQ(p.dropped_rows, 1u);
  EXPECT_FALSE(std::isnan(p.median[0]));
  EXPECT_TRUE(std::isnan(pawn_indices(x.data(), 39, 1, y.data()).median[0]));  // 10 classes need 40 rows
  EXPECT_FALSE(std::isnan(pawn_indices(x.data(), 40, 1, y.data()).median[0]));
}

}  // namespace
}  // namespace mcsens
