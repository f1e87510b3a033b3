// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <set>

#include "mcsens/analysis/morris.hpp"
#include "mcsens/analysis/reference_problems.hpp"
#include "unit/codec_test_support.hpp"

namespace mcsens {
namespace {

TEST(MorrisDesign, DeltaAndLevels) {
  EXPECT_DOUBLE_EQ(morris_delta(4), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(morris_unit_level(0, 4), 0.125);
  EXPECT_DOUBLE_EQ(morris_unit_level(3, 4), 0.875);
  // The Morris step of p/2 levels is 1/2 in u for every p.
  for (int p : {2, 4, 6, 8}) EXPECT_DOUBLE_EQ(morris_unit_level(p / 2, p) - morris_unit_level(0, p), 0.5);
  EXPECT_THROW(morris_delta(3), std::invalid_argument);
  EXPECT_THROW(morris_trajectory(1, 0, 3, 5), std::invalid_argument);
}

TEST(MorrisDesign, EachStepMovesOneInputByHalfAndAllMoveOnce) {
  const std::size_t k = 6;
  for (int p : {4, 6, 8}) {
    for (std::uint64_t index = 0; index < 50; ++index) {
      const MorrisTrajectory t = morris_trajectory(123, index, k, p);
      ASSERT_EQ(t.points.size(), (k + 1) * k);
      std::set<std::size_t> moved;
      for (std::size_t s = 0; s < k; ++s) {
        std::size_t changed = 0;
        for (std::size_t i = 0; i < k; ++i) {
          const double a = t.points[s * k + i];
          const double b = t.points[(s + 1) * k + i];
          EXPECT_GT(a, 0.0);
          EXPECT_LT(a, 1.0);
          if (a != b) {
            ++changed;
            EXPECT_EQ(i, t.order[s]);
            EXPECT_DOUBLE_EQ(b - a, 0.5 * t.direction[i]);
            moved.insert(i);
          }
        }
        EXPECT_EQ(changed, 1U);
      }
      EXPECT_EQ(moved.size(), k);
      // Every coordinate is on the stratum-centre grid (l + 0.5)/p.
      for (double u : t.points) {
        const double l = u * p - 0.5;
        EXPECT_NEAR(l, std::round(l), 1e-12);
      }
    }
  }
  // Addressed by index: the same (seed, index) gives the same trajectory, another index another one.
  EXPECT_EQ(morris_trajectory(5, 17, k, 4).points, morris_trajectory(5, 17, k, 4).points);
  EXPECT_NE(morris_trajectory(5, 17, k, 4).points, morris_trajectory(5, 18, k, 4).points);
}

TEST(MorrisAccumulator, LinearFunctionGivesExactEffects) {
  // y = sum c_i u_i: every EE_i = c_i (the u step is 1/2), so mu = c_i, mu* = |c_i|, sigma = 0.
  const std::vector<double> c = {1.0, -2.0, 0.5, 0.0};
  MorrisAccumulator left(4);
  MorrisAccumulator right(4);
  for (std::uint64_t i = 0; i < 40; ++i) {
    const MorrisTrajectory t = morris_trajectory(9, i, 4, 4);
    std::vector<double> y(5);
    for (std::size_t s = 0; s < 5; ++s) y[s] = linear_model(t.points.data() + s * 4, c);
    (i < 15 ? left : right).add(t, y.data());
  }
  const std::vector<std::uint8_t> flat = test::encoded(right);
  EXPECT_THROW(test::decoded<MorrisAccumulator>(flat, flat.size() - 1), CorruptState);
  left.merge(test::decoded<MorrisAccumulator>(flat));
  const MorrisResult r = left.estimate(0.95, 3, 200);
  EXPECT_EQ(r.trajectories, 40U);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(r.mu[i], c[i], 1e-12);
    EXPECT_NEAR(r.mu_star[i], std::abs(c[i]), 1e-12);
    EXPECT_NEAR(r.sigma[i], 0.0, 1e-12);
    EXPECT_NEAR(r.mu_star_low[i], std::abs(c[i]), 1e-12);
    EXPECT_NEAR(r.mu_star_high[i], std::abs(c[i]), 1e-12);
    EXPECT_EQ(r.effects[i], 40U);
  }
}

TEST(MorrisAccumulator, EncodeRoundTripAndDamage) {
  MorrisAccumulator acc(3);
  for (std::uint64_t i = 0; i < 6; ++i) {
    const MorrisTrajectory t = morris_trajectory(4, i, 3, 4);
    std::vector<double> y = {1.0, 2.0 + static_cast<double>(i), i == 2 ? std::nan("") : 0.5, 3.0};
    acc.add(t, y.data());
  }
  const std::vector<std::uint8_t> flat = test::encoded(acc);
  const MorrisAccumulator back = test::decoded<MorrisAccumulator>(flat);
  EXPECT_EQ(test::encoded(back), flat);
  const MorrisResult a = acc.estimate(0.9, 7, 100, 1);
  const MorrisResult b = back.estimate(0.9, 7, 100, 1);
  EXPECT_EQ(test::encoded_bits(a.mu_star_low), test::encoded_bits(b.mu_star_low));
  EXPECT_EQ(test::encoded_bits(a.mu_star_high), test::encoded_bits(b.mu_star_high));
  test::expect_truncations_throw<MorrisAccumulator>(flat);
  test::expect_damage_is_refused_or_harmless<MorrisAccumulator>(flat);
  std::vector<std::uint8_t> bad = flat;
  const std::uint64_t k = 5;  // 18 effects are not whole trajectories of 5
  std::memcpy(bad.data() + 8, &k, sizeof k);
  EXPECT_THROW(test::decoded<MorrisAccumulator>(bad), CorruptState);
  const std::uint64_t zero = 0;
  std::memcpy(bad.data() + 8, &zero, sizeof zero);
  EXPECT_THROW(test::decoded<MorrisAccumulator>(bad), CorruptState);
}

TEST(MorrisAccumulator, BootstrapIsIndependentOfThreadCount) {
  const std::size_t k = 5;
  MorrisAccumulator acc(k);
  for (std::uint64_t i = 0; i < 37; ++i) {
    const MorrisTrajectory t = morris_trajectory(12, i, k, 4);
    std::vector<double> y(k + 1);
    for (std::size_t s = 0; s <= k; ++s) {
      const double* u = t.points.data() + s * k;
      y[s] = std::sin(6.0 * u[0]) + u[1] * u[2] * u[2] + 0.1 * u[3];
    }
    acc.add(t, y.data());
  }
  const MorrisResult one = acc.estimate(0.95, 21, 333, 1);
  for (int threads : {2, 3, 0}) {
    SCOPED_TRACE(threads);
    const MorrisResult r = acc.estimate(0.95, 21, 333, threads);
    EXPECT_EQ(test::encoded_bits(r.mu_star_low), test::encoded_bits(one.mu_star_low));
    EXPECT_EQ(test::encoded_bits(r.mu_star_high), test::encoded_bits(one.mu_star_high));
    EXPECT_EQ(test::encoded_bits(r.mu_star), test::encoded_bits(one.mu_star));
  }
  EXPECT_NE(one.mu_star_low, acc.estimate(0.95, 22, 333, 1).mu_star_low);
  for (std::size_t i = 0; i < k; ++i) {
    EXPECT_LE(one.mu_star_low[i], one.mu_star[i]) << i;
    EXPECT_GE(one.mu_star_high[i], one.mu_star[i]) << i;
  }
}

TEST(MorrisAccumulator, NonFiniteOutputDropsOnlyItsEffects) {
  MorrisAccumulator acc(2);
  const MorrisTrajectory t = morris_trajectory(1, 0, 2, 4);
  const double y[3] = {1.0, std::nan(""), 2.0};  // both effects touch point 1
  acc.add(t, y);
  const double z[3] = {1.0, 2.0, 4.0};
  acc.add(t, z);
  const MorrisResult r = acc.estimate(0.9, 1, 50);
  EXPECT_EQ(r.effects[0], 1U);
  EXPECT_EQ(r.effects[1], 1U);
  EXPECT_TRUE(std::isnan(r.sigma[0]));
}

TEST(MorrisDesign, CampolongoSelectionReturnsDistinctSpreadTrajectories) {
  const std::vector<std::uint64_t> sel = campolongo_select(77, 60, 10, 4, 4);
  ASSERT_EQ(sel.size(), 10U);
  EXPECT_EQ(std::set<std::uint64_t>(sel.begin(), sel.end()).size(), 10U);
  for (std::uint64_t s : sel) EXPECT_LT(s, 60U);
  // The selected set is more spread than the first 10 candidates (the objective of Campolongo et al. 2007).
  auto spread = [](const std::vector<std::uint64_t>& ids) {
    double total = 0.0;
    for (std::size_t a = 0; a < ids.size(); ++a) {
      for (std::size_t b = a + 1; b < ids.size(); ++b) {
        const MorrisTrajectory ta = morris_trajectory(77, ids[a], 4, 4);
        const MorrisTrajectory tb = morris_trajectory(77, ids[b], 4, 4);
        double d = 0.0;
        for (std::size_t p = 0; p < 5; ++p) {
          for (std::size_t q = 0; q < 5; ++q) {
            double s = 0.0;
            for (std::size_t i = 0; i < 4; ++i) s += std::pow(ta.points[p * 4 + i] - tb.points[q * 4 + i], 2);
            d += std::sqrt(s);
          }
        }
        total += d * d;
      }
    }
    return total;
  };
  EXPECT_GT(spread(sel), spread({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_THROW(campolongo_select(1, 5, 6, 2, 4), std::invalid_argument);
}

}  // namespace
}  // namespace mcsens
