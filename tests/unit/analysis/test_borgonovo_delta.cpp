// SPDX-License-Identifier: MIT
// Borgonovo's delta from given data (borgonovo_delta) on cases whose answer is known without estimation: it sees the
// output only through its ranks, an input that fixes the output moves its distribution all the way, and it counts
// the rows it leaves out. Its agreement with exact values is in tests/statistical.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "mcsens/analysis/borgonovo_delta.hpp"

namespace mcsens {
namespace {

// n rows of two inputs from fixed irrational rotations (deterministic, well spread) and y = 3 x1 + x2^2.
void rows(std::size_t n, std::vector<double>& x, std::vector<double>& y) {
  x.clear();
  y.clear();
  for (std::size_t r = 0; r < n; ++r) {
    const double a = std::fmod(0.5 + 0.6180339887498949 * static_cast<double>(r), 1.0);
    const double b = std::fmod(0.5 + 0.4142135623730951 * static_cast<double>(r * r % 7919), 1.0);
    x.insert(x.end(), {a, b});
    y.push_back(3 * a + b * b);
  }
}

TEST(BorgonovoDelta, SeesTheOutputOnlyThroughItsRanks) {
  std::vector<double> x, y;
  rows(3000, x, y);
  std::vector<double> transformed;
  for (double v : y) transformed.push_back(std::exp(v) - 7);  // increasing
  const BorgonovoDelta a = borgonovo_delta(x.data(), 3000, 2, y.data());
  const BorgonovoDelta b = borgonovo_delta(x.data(), 3000, 2, transformed.data());
  ASSERT_EQ(a.delta.size(), 2u);
  EXPECT_EQ(a.delta, b.delta);  // bit for bit: the same normal scores
  EXPECT_EQ(a.classes, 15u);    // ceil(3000^(1/3)) = ceil(14.42)
  EXPECT_GT(a.delta[0], a.delta[1]);
}

TEST(BorgonovoDelta, AnInputThatFixesTheOutputMovesItAllTheWay) {
  // y = x: given x the output is one value, at total variation 1 from its distribution; the estimate reaches most of
  // it (the classes' and pieces' widths smooth it), and an unrelated input stays near 0.
  std::vector<double> x, y;
  rows(20000, x, y);
  for (std::size_t r = 0; r < 20000; ++r) y[r] = x[2 * r];
  const BorgonovoDelta d = borgonovo_delta(x.data(), 20000, 2, y.data());
  EXPECT_GT(d.delta[0], 0.9);
  EXPECT_LE(d.delta[0], 1.0);
  EXPECT_LT(std::abs(d.delta[1]), 0.03);
}

TEST(BorgonovoDelta, NonFiniteRowsAreLeftOutAndCounted) {
  std::vector<double> x, y;
  rows(500, x, y);
  const BorgonovoDelta clean = borgonovo_delta(x.data(), 500, 2, y.data());
  // Appending rows with a NaN input or an infinite output changes nothing but the count.
  x.insert(x.end(), {std::numeric_limits<double>::quiet_NaN(), 0.5, 0.5, 0.5});
  y.insert(y.end(), {1.0, std::numeric_limits<double>::infinity()});
  const BorgonovoDelta holes = borgonovo_delta(x.data(), 502, 2, y.data());
  EXPECT_EQ(holes.n, 500u);
  EXPECT_EQ(holes.dropped_rows, 2u);
  EXPECT_EQ(holes.delta, clean.delta);
}

TEST(BorgonovoDelta, AConstantOutputOrTooFewRowsGiveNaN) {
  std::vector<double> x, y;
  rows(100, x, y);
  const std::vector<double> flat(100, 2.5);
  for (double d : borgonovo_delta(x.data(), 100, 2, flat.data()).delta) EXPECT_TRUE(std::isnan(d));
  for (double d : borgonovo_delta(x.data(), 15, 2, y.data()).delta) EXPECT_TRUE(std::isnan(d));
  for (double d : borgonovo_delta(x.data(), 16, 2, y.data()).delta) EXPECT_FALSE(std::isnan(d));
}

TEST(BorgonovoDelta, ADiscreteOutputKeepsOneScorePerValue) {
  // y in {0, 1} (a claim's indicator), true when x1 > 0.5: given x1 the outcome is certain, so delta_1 is the total
  // variation between a point mass and Bernoulli(1/2), 1/2; tied outputs share a score and land in one bin.
  std::vector<double> x, y;
  rows(20000, x, y);
  for (std::size_t r = 0; r < 20000; ++r) y[r] = x[2 * r] > 0.5 ? 1.0 : 0.0;
  const BorgonovoDelta d = borgonovo_delta(x.data(), 20000, 2, y.data());
  EXPECT_NEAR(d.delta[0], 0.5, 0.02);
  EXPECT_LT(std::abs(d.delta[1]), 0.02);
}

}  // namespace
}  // namespace mcsens
