// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/stats/histogram.hpp"
#include "mcsens/stats/quantile_sketch.hpp"
#include "unit/codec_test_support.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Histogram, BinsEdgesUnderAndOverflow) {
  Histogram h(0.0, 1.0, 4);
  EXPECT_EQ(h.bins(), 4u);
  EXPECT_EQ(h.edges(), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
  // low goes in bin 0, an inner edge in the bin above it, high in the last bin; NaN and inf are ignored.
  const std::vector<double> x = {0.0, 0.1, 0.25, 0.3, 0.5, 0.74, 0.75, 0.99, 1.0, -0.01, 1.01, -5, kNaN, kInf, -kInf};
  h.add(x.data(), x.size());
  EXPECT_EQ(h.counts(), (std::vector<std::uint64_t>{2, 2, 2, 3}));
  EXPECT_EQ(h.underflow(), 2u);
  EXPECT_EQ(h.overflow(), 1u);
}

TEST(Histogram, MatchesDirectBinningOnRandomData) {
  std::mt19937_64 engine(5);
  std::normal_distribution<double> law(0.3, 1.2);
  std::vector<double> x(5000);
  for (double& v : x) v = law(engine);
  Histogram h(-2.0, 3.0, 37);
  h.add(x.data(), x.size());
  std::vector<std::uint64_t> expected(37, 0);
  std::uint64_t under = 0;
  std::uint64_t over = 0;
  for (double v : x) {
    if (v < -2.0) {
      ++under;
    } else if (v > 3.0) {
      ++over;
    } else {
      ++expected[std::min<std::size_t>(36, static_cast<std::size_t>(std::floor((v + 2.0) * (37.0 / 5.0))))];
    }
  }
  EXPECT_EQ(h.counts(), expected);
  EXPECT_EQ(h.underflow(), under);
  EXPECT_EQ(h.overflow(), over);
}

TEST(Histogram, MergeAddsCountsAndChecksEdges) {
  const std::vector<double> x = {0.1, 0.2, 0.9, 2.0, -1.0, 0.55};
  Histogram whole(0.0, 1.0, 10);
  whole.add(x.data(), x.size());
  Histogram a(0.0, 1.0, 10);
  Histogram b(0.0, 1.0, 10);
  a.add(x.data(), 2);
  b.add(x.data() + 2, x.size() - 2);
  Histogram empty;
  empty.merge(a);  // a default histogram adopts the edges of the first merged one
  empty.merge(b);
  EXPECT_EQ(empty.counts(), whole.counts());
  EXPECT_EQ(empty.underflow(), 1u);
  EXPECT_EQ(empty.overflow(), 1u);
  Histogram other(0.0, 2.0, 10);
  EXPECT_THROW(a.merge(other), std::logic_error);
}

TEST(Histogram, EncodeRoundTripAndBadRange) {
  Histogram h(-1.5, 2.5, 8);
  const std::vector<double> x = {-2, -1, 0, 1, 2, 3};
  h.add(x.data(), x.size());
  const std::vector<std::uint8_t> flat = test::encoded(h);
  const Histogram back = test::decoded<Histogram>(flat);
  EXPECT_EQ(test::encoded(back), flat);
  EXPECT_EQ(back.counts(), h.counts());
  EXPECT_EQ(back.underflow(), 1u);
  EXPECT_EQ(back.overflow(), 1u);
  EXPECT_EQ(test::encoded(test::decoded<Histogram>(test::encoded(Histogram{}))), test::encoded(Histogram{}));
  test::expect_truncations_throw<Histogram>(flat);
  test::expect_damage_is_refused_or_harmless<Histogram>(flat);
  std::vector<std::uint8_t> bad = flat;
  const double high = -2.0;  // high below low
  std::memcpy(bad.data() + 16, &high, sizeof high);
  EXPECT_THROW(test::decoded<Histogram>(bad), CorruptState);
  EXPECT_THROW(Histogram(1.0, 1.0, 3), Error);
  EXPECT_THROW(Histogram(0.0, 1.0, 0), Error);
  EXPECT_THROW(Histogram(0.0, kInf, 3), Error);
}

TEST(Histogram, AutomaticRangeFromPilot) {
  std::mt19937_64 engine(9);
  std::normal_distribution<double> law(10.0, 2.0);
  std::vector<double> x(20000);
  for (double& v : x) v = law(engine);
  QuantileSketch pilot;
  pilot.add(x.data(), x.size());
  const Histogram h = automatic_histogram(pilot, 50);
  const double q_low = pilot.quantile(0.001);
  const double q_high = pilot.quantile(0.999);
  EXPECT_DOUBLE_EQ(h.low(), q_low - 0.05 * (q_high - q_low));
  EXPECT_DOUBLE_EQ(h.high(), q_high + 0.05 * (q_high - q_low));
  EXPECT_EQ(h.bins(), 50u);
  Histogram filled = h;
  filled.add(x.data(), x.size());
  EXPECT_LE(filled.underflow() + filled.overflow(), 40u);  // at most 0.1 % each side of 20000

  QuantileSketch constant;
  const std::vector<double> c(100, 4.0);
  constant.add(c.data(), c.size());
  const Histogram hc = automatic_histogram(constant, 10);
  EXPECT_LT(hc.low(), 4.0);
  EXPECT_GT(hc.high(), 4.0);
  QuantileSketch zero;
  const std::vector<double> z(10, 0.0);
  zero.add(z.data(), z.size());
  EXPECT_EQ(automatic_histogram(zero, 10).low(), -0.5);
  EXPECT_EQ(automatic_histogram(QuantileSketch(), 10).high(), 1.0);
}

}  // namespace
}  // namespace mcsens

namespace mcsens {
namespace {

// Issue 23, class 4: ranges at the edges of the double range.
TEST(HistogramEdges, RangeWiderThanTheDoubleRangeIsBinnedInHalves) {
  Histogram h(-1.7e308, 1.7e308, 4);
  const std::vector<double> expected = {-1.7e308, -0.85e308, 0.0, 0.85e308, 1.7e308};
  ASSERT_EQ(h.edges().size(), expected.size());
  // Within 4 ulps: the halved steps round differently with and without FMA contraction.
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_DOUBLE_EQ(h.edges()[i], expected[i]) << i;
  const std::vector<double> x = {-1.7e308, -1e308, -0.85e308, -1e300, 0.0, 1e300, 0.85e308, 1.7e308, -1.71e308};
  h.add(x.data(), x.size());
  EXPECT_EQ(h.counts(), (std::vector<std::uint64_t>{2, 2, 2, 2}));
  EXPECT_EQ(h.underflow(), 1u);  // -1.71e308
  EXPECT_EQ(h.overflow(), 0u);
}

TEST(HistogramEdges, AutomaticRangesStayFiniteAtTheEdges) {
  // A pilot spanning +-1.7e308 (its range overflows): finite edges covering the pilot.
  QuantileSketch wide;
  std::vector<double> x;
  for (int i = 0; i <= 1000; ++i) x.push_back(2 * (-0.85e308 + 1.7e308 * (i / 1000.0)));
  wide.add(x.data(), x.size());
  const Histogram a = automatic_histogram(wide, 10);
  for (double e : a.edges()) EXPECT_TRUE(std::isfinite(e));
  EXPECT_LE(a.low(), wide.quantile(0.001));
  EXPECT_GE(a.high(), wide.quantile(0.999));
  // Every draw equal to 1e308 (an output "1e308 + a"): q_low + q_high overflows; [v/2, 3v/2] = [5e307, 1.5e308].
  QuantileSketch constant;
  const std::vector<double> c(100, 1e308);
  constant.add(c.data(), c.size());
  const Histogram b = automatic_histogram(constant, 10);
  // (The sketch's quantiles are within its relative accuracy, 1e-3, of 1e308.)
  EXPECT_NEAR(b.low(), 0.5e308, 1e305);
  EXPECT_NEAR(b.high(), 1.5e308, 2e305);
  // Near the largest double, 3v/2 is clamped to it.
  QuantileSketch top;
  const std::vector<double> t(100, 1.7e308);
  top.add(t.data(), t.size());
  EXPECT_EQ(automatic_histogram(top, 10).high(), std::numeric_limits<double>::max());
  // A subnormal constant: half of it is no width at all, so v +- 0.5.
  QuantileSketch tiny;
  const std::vector<double> s(100, 5e-324);
  tiny.add(s.data(), s.size());
  const Histogram d = automatic_histogram(tiny, 10);
  EXPECT_LT(d.low(), 0.0);
  EXPECT_GT(d.high(), 0.0);
}

}  // namespace
}  // namespace mcsens
