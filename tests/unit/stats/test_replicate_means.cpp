// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "mcsens/stats/replicate_means.hpp"
#include "unit/codec_test_support.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> values(std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = std::sin(0.37 * static_cast<double>(i)) + 0.001 * static_cast<double>(i);
  return x;
}

// Value i belongs to replicate i mod R; the means and the standard error are those of the replicate means,
// computed here directly.
TEST(ReplicateMeans, MeansAndStandardErrorOfInterleavedReplicates) {
  const std::size_t R = 4;
  auto x = values(103);
  x[6] = kNaN;  // replicate 2 loses one value
  ReplicateMeans m(R);
  m.add(x.data(), x.size(), 0);
  std::vector<double> sum(R, 0.0), count(R, 0.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) continue;
    sum[i % R] += x[i];
    count[i % R] += 1;
  }
  double grand = 0;
  for (std::size_t r = 0; r < R; ++r) {
    EXPECT_EQ(m.count(r), static_cast<std::uint64_t>(count[r]));
    EXPECT_NEAR(m.mean(r), sum[r] / count[r], 1e-14);
    grand += sum[r] / count[r] / R;
  }
  double ss = 0;
  for (std::size_t r = 0; r < R; ++r) ss += (sum[r] / count[r] - grand) * (sum[r] / count[r] - grand);
  const double se = std::sqrt(ss / (R - 1) / R);
  EXPECT_NEAR(m.standard_error(), se, 1e-14);
  // t_{3, 0.975} = 3.182446305284263 (scipy.stats.t.ppf(0.975, 3)).
  const Interval ci = m.t_interval(1.0, 0.95);
  EXPECT_NEAR(ci.high - 1.0, 3.182446305284263 * se, 1e-12);
  EXPECT_NEAR(1.0 - ci.low, 3.182446305284263 * se, 1e-12);
}

TEST(ReplicateMeans, IndicatorsCountLikeAProportion) {
  const std::vector<double> x = {1, 0, 2, kNaN, 0, 0, 1, std::numeric_limits<double>::infinity()};
  ReplicateMeans m(2);
  m.add_indicators(x.data(), x.size(), 1);  // draw 1 is first: replicate 1
  EXPECT_EQ(m.count(1), 4u);                // draws 1, 3, 5, 7: values 1, 2, 0, 1 (2 is a success)
  EXPECT_EQ(m.count(0), 2u);                // draws 2, 4, 6, 8: values 0, NaN, 0, inf (not trials)
  EXPECT_DOUBLE_EQ(m.mean(1), 0.75);
  EXPECT_DOUBLE_EQ(m.mean(0), 0.0);
}

// Any split into consecutive pieces merged in order gives the same bits as one pass.
TEST(ReplicateMeans, PiecesMergeToTheSameBits) {
  const auto x = values(10000);
  ReplicateMeans whole(32);
  whole.add(x.data(), x.size(), 0);
  ReplicateMeans left(32), right(32), tail(32);
  left.add(x.data(), 4097, 0);
  right.add(x.data() + 4097, 3001, 4097);
  tail.add(x.data() + 7098, x.size() - 7098, 7098);
  right.merge(tail);
  left.merge(right);
  for (std::size_t r = 0; r < 32; ++r) {
    EXPECT_EQ(left.count(r), whole.count(r));
    EXPECT_NEAR(left.mean(r), whole.mean(r), 1e-13);  // the sums are rounded at other points
  }
  // The same cut twice: identical bits (a fixed merge tree is deterministic).
  ReplicateMeans again(32);
  again.add(x.data(), 4097, 0);
  ReplicateMeans again_right(32), again_tail(32);
  again_right.add(x.data() + 4097, 3001, 4097);
  again_tail.add(x.data() + 7098, x.size() - 7098, 7098);
  again_right.merge(again_tail);
  again.merge(again_right);
  EXPECT_EQ(test::encoded(again), test::encoded(left));
}

TEST(ReplicateMeans, FewerThanTwoReplicatesHaveNoError) {
  ReplicateMeans none;
  EXPECT_TRUE(std::isnan(none.standard_error()));
  ReplicateMeans m(4);
  const double one = 2.0;
  m.add(&one, 1, 0);
  EXPECT_TRUE(std::isnan(m.standard_error()));
  EXPECT_TRUE(std::isnan(m.t_interval(2.0, 0.95).low));
  EXPECT_THROW(ReplicateMeans(2048), std::invalid_argument);
}

TEST(ReplicateMeans, RoundTripAndDamage) {
  const auto x = values(500);
  ReplicateMeans m(8);
  m.add(x.data(), x.size(), 3);
  const auto bytes = test::encoded(m);
  EXPECT_EQ(test::encoded(test::decoded<ReplicateMeans>(bytes)), bytes);
  test::expect_truncations_throw<ReplicateMeans>(bytes);
  test::expect_damage_is_refused_or_harmless<ReplicateMeans>(bytes);
  EXPECT_EQ(test::encoded(test::decoded<ReplicateMeans>(test::encoded(ReplicateMeans{}))),
            test::encoded(ReplicateMeans{}));
}

}  // namespace
}  // namespace mcsens
