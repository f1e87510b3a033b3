// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "mcsens/analysis/pairwise_ranking.hpp"
#include "mcsens/error.hpp"
#include "unit/codec_test_support.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(PairwiseRanking, IdenticalScenariosNeverBeatEachOther) {
  const std::vector<double> a = {0.3, 1.2, -4.0, 7.5};
  PairwiseRanking r(2);
  const double* v[] = {a.data(), a.data()};
  r.add(v, a.size());
  EXPECT_EQ(r.probability(0, 1), 0.0);
  EXPECT_EQ(r.probability(1, 0), 0.0);
  EXPECT_EQ(r.probability(0, 0), 0.0);
  EXPECT_EQ(r.compared(0, 1), 4u);
  EXPECT_EQ(r.compared(1, 0), 4u);
}

TEST(PairwiseRanking, ShiftedScenarioAlwaysWins) {
  std::vector<double> base(50), up(50), down(50);
  for (int i = 0; i < 50; ++i) {
    base[i] = std::cos(0.7 * i);
    up[i] = base[i] + 1.0;
    down[i] = base[i] - 1e-9;
  }
  PairwiseRanking r(3);
  const double* v[] = {base.data(), up.data(), down.data()};
  r.add(v, 50);
  EXPECT_EQ(r.probability(1, 0), 1.0);
  EXPECT_EQ(r.probability(0, 1), 0.0);
  EXPECT_EQ(r.probability(0, 2), 1.0);
  EXPECT_EQ(r.probability(1, 2), 1.0);
  EXPECT_EQ(r.wins(1, 0), 50u);
  const auto m = r.probability_matrix();
  EXPECT_EQ(m[1 * 3 + 0], 1.0);
  EXPECT_EQ(m[0 * 3 + 1], 0.0);
  // All 50 of 50: the Wilson interval's upper end is 1 and its lower end n / (n + z^2).
  const auto ci = r.interval(1, 0);
  EXPECT_DOUBLE_EQ(ci.high, 1.0);
  const double z = 1.959963984540054;
  EXPECT_NEAR(ci.low, 50.0 / (50.0 + z * z), 1e-12);
}

TEST(PairwiseRanking, LowerIsBetterCountsSmallerValuesAsWins) {
  const std::vector<double> a = {1.0, 2.0, 3.0, 4.0, kNaN}, b = {2.0, 2.0, 1.0, 0.0, 1.0};
  const double* v[] = {a.data(), b.data()};
  PairwiseRanking higher(2), lower(2);
  higher.add(v, a.size());
  lower.add(v, a.size(), true);
  // a < b on draw 0, a = b on draw 1 (a tie: nobody wins), a > b on draws 2 and 3, draw 4 skipped.
  EXPECT_EQ(higher.wins(0, 1), 2u);
  EXPECT_EQ(higher.wins(1, 0), 1u);
  EXPECT_EQ(lower.wins(0, 1), 1u);
  EXPECT_EQ(lower.wins(1, 0), 2u);
  EXPECT_EQ(lower.compared(0, 1), 4u);
  EXPECT_EQ(lower.skipped(0, 1), 1u);
  EXPECT_EQ(lower.probability(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(lower.probability(1, 0), 0.5);
}

TEST(PairwiseRanking, NonFinitePairsAreSkippedAndCounted) {
  const std::vector<double> a = {1.0, kNaN, 3.0, 4.0}, b = {0.0, 5.0, std::numeric_limits<double>::infinity(), 5.0},
                            c = {2.0, 2.0, 2.0, 2.0};
  PairwiseRanking r(3);
  const double* v[] = {a.data(), b.data(), c.data()};
  r.add(v, 4);
  EXPECT_EQ(r.compared(0, 1), 2u);  // draws 0 and 3
  EXPECT_EQ(r.skipped(0, 1), 2u);
  EXPECT_EQ(r.skipped(1, 0), 2u);
  EXPECT_DOUBLE_EQ(r.probability(0, 1), 0.5);
  EXPECT_EQ(r.compared(0, 2), 3u);
  EXPECT_DOUBLE_EQ(r.probability(0, 2), 2.0 / 3.0);
  EXPECT_EQ(r.compared(1, 1), 3u);
  EXPECT_EQ(r.skipped(1, 1), 1u);
  PairwiseRanking empty(2);
  EXPECT_TRUE(std::isnan(empty.probability(0, 1)));
  EXPECT_TRUE(std::isnan(empty.interval(0, 1).low));
}

TEST(PairwiseRanking, MergeAndSerializeAreExact) {
  std::vector<double> a(40), b(40);
  for (int i = 0; i < 40; ++i) {
    a[i] = std::sin(1.1 * i);
    b[i] = std::sin(2.3 * i);
  }
  PairwiseRanking whole(2), first(2), second(2);
  const double* v[] = {a.data(), b.data()};
  const double* v1[] = {a.data() + 25, b.data() + 25};
  whole.add(v, 40);
  first.add(v, 25);
  second.add(v1, 15);
  second.merge(first);
  const std::vector<std::uint8_t> s1 = test::encoded(whole);
  EXPECT_EQ(s1, test::encoded(second));
  EXPECT_EQ(s1, test::encoded(test::decoded<PairwiseRanking>(s1)));
  EXPECT_THROW(whole.merge(PairwiseRanking(3)), Error);
  test::expect_truncations_throw<PairwiseRanking>(s1);
  test::expect_damage_is_refused_or_harmless<PairwiseRanking>(s1);
  // Layout: tag, S, wins (length, 4 values), compared (length, 4 values), skipped (length, 4 values).
  std::vector<std::uint8_t> bad = s1;
  const std::uint64_t more = 41;  // wins[0][1] above the 40 comparisons
  std::memcpy(bad.data() + 8 * 4, &more, sizeof more);
  EXPECT_THROW(test::decoded<PairwiseRanking>(bad), CorruptState);
  bad = s1;
  const std::uint64_t one = 1;  // compared[1][0]: below the diagonal
  std::memcpy(bad.data() + 8 * 10, &one, sizeof one);
  EXPECT_THROW(test::decoded<PairwiseRanking>(bad), CorruptState);
  const std::vector<std::uint8_t> empty = test::encoded(PairwiseRanking{});
  EXPECT_EQ(test::encoded(test::decoded<PairwiseRanking>(empty)), empty);
}

TEST(PairwiseRanking, WilsonIntervalPublishedValues) {
  // Newcombe 1998, Stat. Med. 17:857, Table I, method 3 (Wilson score): 81/263 -> [0.2553, 0.3662].
  // Scenario 0 beats scenario 1 in 81 of 263 draws.
  std::vector<double> first(263), second(263);
  for (size_t d = 0; d < 263; ++d) {
    first[d] = d < 81 ? 1.0 : 0.0;
    second[d] = 0.5;
  }
  const double* values[2] = {first.data(), second.data()};
  PairwiseRanking ranking(2);
  ranking.add(values, 263);
  const auto a = ranking.interval(0, 1, 0.95);
  EXPECT_NEAR(a.low, 0.2553, 5e-5);
  EXPECT_NEAR(a.high, 0.3662, 5e-5);
  const auto b = ranking.interval(1, 0, 0.95);  // 182 of 263
  EXPECT_NEAR(b.low, 1 - 0.3662, 5e-5);
  EXPECT_NEAR(b.high, 1 - 0.2553, 5e-5);
}

}  // namespace
}  // namespace mcsens
