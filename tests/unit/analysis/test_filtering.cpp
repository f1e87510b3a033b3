// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "mcsens/analysis/filtering.hpp"
#include "mcsens/error.hpp"
#include "unit/codec_test_support.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Filtering, KolmogorovSurvivalKnownValues) {
  // The asymptotic critical values of the Kolmogorov-Smirnov statistic, sqrt(n) D > c(alpha) with c = 1.22, 1.36,
  // 1.63, 1.95 at alpha = 0.10, 0.05, 0.01, 0.001 (Smirnov 1948, Ann. Math. Stat. 19:279, table; Massey 1951,
  // JASA 46:68). Their exact values solve Q_KS(c) = alpha; the rounded table entries give the values printed there.
  EXPECT_NEAR(kolmogorov_q(1.36), 0.049486, 1e-6);
  EXPECT_NEAR(kolmogorov_q(1.63), 0.0098464, 1e-7);
  EXPECT_NEAR(kolmogorov_q(1.2238478702170825), 0.10, 1e-6);
  EXPECT_NEAR(kolmogorov_q(1.3580986393225505), 0.05, 1e-6);
  EXPECT_NEAR(kolmogorov_q(1.6276236115189502), 0.01, 1e-7);
  EXPECT_NEAR(kolmogorov_q(1.9494746035043750), 0.001, 1e-7);
  // The Kolmogorov CDF K(1) = 0.7300003 and K(0.5) = 0.0360548 (Smirnov 1948 table): Q = 1 - K, across the switch
  // between the two series at 1.18.
  EXPECT_NEAR(kolmogorov_q(1.0), 1.0 - 0.7300003, 2e-7);
  EXPECT_NEAR(kolmogorov_q(0.5), 1.0 - 0.0360548, 2e-7);
  EXPECT_NEAR(kolmogorov_q(1.18 - 1e-12), kolmogorov_q(1.18 + 1e-12), 1e-11);
  EXPECT_EQ(kolmogorov_q(0.0), 1.0);
  EXPECT_EQ(kolmogorov_q(-1.0), 1.0);
  EXPECT_NEAR(kolmogorov_q(0.1), 1.0, 1e-15);
  EXPECT_EQ(kolmogorov_q(40.0), 0.0);
  double previous = 1.0;
  for (double lambda = 0.05; lambda < 3.0; lambda += 0.01) {
    const double q = kolmogorov_q(lambda);
    EXPECT_LE(q, previous + 1e-15) << lambda;
    previous = q;
  }
}

TEST(Filtering, TwoSamplePValueUsesEffectiveSizeAndStephensCorrection) {
  // n1 = n2 = 200: ne = 100, lambda = (10 + 0.12 + 0.011) D.
  EXPECT_NEAR(ks_two_sample_p_value(0.13, 200, 200), kolmogorov_q(10.131 * 0.13), 1e-15);
  EXPECT_TRUE(std::isnan(ks_two_sample_p_value(0.5, 0, 10)));
  EXPECT_EQ(ks_two_sample_p_value(0.0, 10, 10), 1.0);
}

TEST(Filtering, ExactCountsDistanceAndQuantilesOnATinySample) {
  // One input on [0, 10] with 10 bins. Holding: 1.5, 2.5, 3.5, 4.5; failing: 5.5, 6.5, 12 (overflow), -1 (underflow).
  FilteringAccumulator acc(1, {{0.0, 10.0}}, 10);
  const std::vector<double> x = {1.5, 5.5, 2.5, 6.5, 3.5, 12.0, 4.5, -1.0, 7.0};
  const std::vector<double> ind = {1, 0, 1, 0, 1, 0, 2.0, 0, kNaN};  // any non-zero value holds; NaN skipped
  const double* cols[] = {x.data()};
  acc.add(cols, ind.data(), x.size());
  EXPECT_EQ(acc.n_hold(), 4u);
  EXPECT_EQ(acc.n_fail(), 4u);
  EXPECT_EQ(acc.n_skipped(), 1u);
  EXPECT_EQ(acc.counts(0, false)[0], 1u);   // underflow
  EXPECT_EQ(acc.counts(0, false)[11], 1u);  // overflow
  EXPECT_EQ(acc.counts(0, true)[2], 1u);    // 1.5 in bin [1, 2)
  const auto r = acc.result({0.0, 0.25, 0.5, 1.0});
  ASSERT_EQ(r.inputs.size(), 1u);
  // F_hold reaches 1 at 5 while F_fail is 1/4 (the underflow): D = 3/4.
  EXPECT_DOUBLE_EQ(r.inputs[0].ks_distance, 0.75);
  EXPECT_DOUBLE_EQ(r.inputs[0].p_value, ks_two_sample_p_value(0.75, 4, 4));
  // Continuous ranks 0, 1, 2, 4 of four values each alone in a unit bin: the quantile moves linearly through bins.
  EXPECT_DOUBLE_EQ(r.inputs[0].hold_quantiles[0], 1.0);
  EXPECT_DOUBLE_EQ(r.inputs[0].hold_quantiles[1], 2.0);
  EXPECT_DOUBLE_EQ(r.inputs[0].hold_quantiles[2], 3.0);
  EXPECT_DOUBLE_EQ(r.inputs[0].hold_quantiles[3], 5.0);
}

TEST(Filtering, QuantilesInTheTailsAreInfinite) {
  FilteringAccumulator acc(1, {{0.0, 1.0}}, 4);
  const std::vector<double> x = {-5.0, 0.3, 0.6, 9.0};
  const std::vector<double> ind = {1, 1, 1, 1};
  const double* cols[] = {x.data()};
  acc.add(cols, ind.data(), x.size());
  const auto r = acc.result({0.1, 0.5, 0.9});
  EXPECT_EQ(r.inputs[0].hold_quantiles[0], -std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(r.inputs[0].hold_quantiles[1], 0.5);  // rank 2 = the top of the bin [0.25, 0.5) holding 0.3
  EXPECT_EQ(r.inputs[0].hold_quantiles[2], std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(r.inputs[0].ks_distance));  // no failing draws
  EXPECT_TRUE(std::isnan(r.inputs[0].p_value));
}

TEST(Filtering, NonFiniteInputValuesAreLeftOutOfThatInputOnly) {
  FilteringAccumulator acc(2, {{0.0, 1.0}, {0.0, 1.0}}, 10);
  const std::vector<double> a = {0.1, kNaN, 0.7}, b = {0.2, 0.3, 0.4};
  const std::vector<double> ind = {1, 0, 1};
  const double* cols[] = {a.data(), b.data()};
  acc.add(cols, ind.data(), 3);
  const auto r = acc.result();
  EXPECT_EQ(r.inputs[0].n_fail, 0u);
  EXPECT_EQ(r.inputs[1].n_fail, 1u);
  EXPECT_EQ(r.n_fail, 1u);
}

TEST(Filtering, MergeSerializeAndRanking) {
  FilteringAccumulator whole(2, {{0.0, 1.0}, {-1.0, 1.0}}, 20), left(2, {{0.0, 1.0}, {-1.0, 1.0}}, 20),
      right(2, {{0.0, 1.0}, {-1.0, 1.0}}, 20);
  std::vector<double> a(100), b(100), ind(100);
  for (int i = 0; i < 100; ++i) {
    a[i] = std::fmod(0.37 * i, 1.0);
    b[i] = std::sin(1.3 * i);
    ind[i] = b[i] > 0.2 ? 1.0 : 0.0;
  }
  const double* cols[] = {a.data(), b.data()};
  whole.add(cols, ind.data(), 100);
  const double* first[] = {a.data(), b.data()};
  const double* second[] = {a.data() + 60, b.data() + 60};
  left.add(first, ind.data(), 60);
  right.add(second, ind.data() + 60, 40);
  right.merge(left);  // order does not matter for integer counts
  const std::vector<std::uint8_t> s1 = test::encoded(whole);
  EXPECT_EQ(s1, test::encoded(right));
  const auto restored = test::decoded<FilteringAccumulator>(s1);
  EXPECT_EQ(s1, test::encoded(restored));
  const auto r = whole.result();
  EXPECT_DOUBLE_EQ(r.inputs[1].ks_distance, 1.0);  // b separates the groups completely
  EXPECT_EQ(rank_by_ks_distance(r), (std::vector<std::size_t>{1, 0}));

  FilteringAccumulator other(2, {{0.0, 1.0}, {-1.0, 2.0}}, 20);
  EXPECT_THROW(whole.merge(other), Error);
  test::expect_truncations_throw<FilteringAccumulator>(s1);
  test::expect_damage_is_refused_or_harmless<FilteringAccumulator>(s1);
  // Counts beyond a group's draws, a range that is not one, and the empty accumulator.
  std::vector<std::uint8_t> bad = s1;
  const std::uint64_t many = 1000;
  std::memcpy(bad.data() + bad.size() - 8, &many, sizeof many);
  EXPECT_THROW(test::decoded<FilteringAccumulator>(bad), CorruptState);
  bad = s1;
  const double low = 5.0;  // above high = 1
  std::memcpy(bad.data() + 6 * 8 + 8, &low, sizeof low);
  EXPECT_THROW(test::decoded<FilteringAccumulator>(bad), CorruptState);
  const std::vector<std::uint8_t> empty = test::encoded(FilteringAccumulator{});
  EXPECT_EQ(test::encoded(test::decoded<FilteringAccumulator>(empty)), empty);
}

TEST(Filtering, RankingPutsNaNLast) {
  FilteringResult r;
  r.inputs.resize(4);
  r.inputs[0].ks_distance = 0.2;
  r.inputs[1].ks_distance = kNaN;
  r.inputs[2].ks_distance = 0.9;
  r.inputs[3].ks_distance = 0.2;
  EXPECT_EQ(rank_by_ks_distance(r), (std::vector<std::size_t>{2, 0, 3, 1}));
}

TEST(Filtering, RejectsBadConfiguration) {
  EXPECT_THROW(FilteringAccumulator(2, {{0.0, 1.0}}), Error);
  EXPECT_THROW(FilteringAccumulator(1, {{1.0, 1.0}}), Error);
  EXPECT_THROW(FilteringAccumulator(1, {{0.0, kNaN}}), Error);
  EXPECT_THROW(FilteringAccumulator(1, {{0.0, 1.0}}, 0), Error);
  FilteringAccumulator ok(1, {{0.0, 1.0}});
  EXPECT_THROW(ok.result({1.5}), Error);
}

}  // namespace
}  // namespace mcsens
