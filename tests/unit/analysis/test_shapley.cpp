// SPDX-License-Identifier: MIT
// Shapley effects: the estimator's pieces against exact values (Shapley 1953 weights, the conditional normal in
// closed form, games whose Shapley values are known), and the accumulator's merge and flat form.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "mcsens/analysis/shapley.hpp"
#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens {

// |u|! (k - |u| - 1)! / k!, e.g. k = 3: 1/3, 1/6, 1/3; the weights of the subsets without j sum to 1.
TEST(Shapley, WeightsAreShapleys) {
  EXPECT_DOUBLE_EQ(shapley_weight(3, 0), 1.0 / 3);
  EXPECT_DOUBLE_EQ(shapley_weight(3, 1), 1.0 / 6);
  EXPECT_DOUBLE_EQ(shapley_weight(3, 2), 1.0 / 3);
  EXPECT_DOUBLE_EQ(shapley_weight(5, 2), 2.0 * 2.0 / 120.0);
  for (std::size_t k = 1; k <= 12; ++k) {
    double total = 0.0;
    double binom = 1.0;  // binom(k - 1, s)
    for (std::size_t s = 0; s < k; ++s) {
      total += binom * shapley_weight(k, s);
      binom = binom * static_cast<double>(k - 1 - s) / static_cast<double>(s + 1);
    }
    EXPECT_NEAR(total, 1.0, 1e-14) << k;
  }
}

// An additive game c(u) = sum_{i in u} a_i has Shapley values a_i; the unanimity game of {0, 2} (c(u) = 1 when u
// holds both) splits 1 equally between 0 and 2 (Shapley 1953's axioms).
TEST(Shapley, ExactNumeratorsOfKnownGames) {
  const std::size_t k = 4;
  const double a[k] = {0.5, 1.0, 2.0, 0.25};
  std::vector<double> additive(1u << k), unanimity(1u << k);
  for (std::size_t m = 0; m < additive.size(); ++m) {
    for (std::size_t i = 0; i < k; ++i) {
      if (m & (1u << i)) additive[m] += a[i];
    }
    unanimity[m] = (m & 5u) == 5u ? 1.0 : 0.0;
  }
  std::vector<double> out(k);
  shapley_exact_numerators(k, additive.data(), out.data());
  for (std::size_t i = 0; i < k; ++i) EXPECT_NEAR(out[i], a[i], 1e-14) << i;
  shapley_exact_numerators(k, unanimity.data(), out.data());
  EXPECT_NEAR(out[0], 0.5, 1e-15);
  EXPECT_NEAR(out[1], 0.0, 1e-15);
  EXPECT_NEAR(out[2], 0.5, 1e-15);
  EXPECT_NEAR(out[3], 0.0, 1e-15);
}

// Averaged over all k! permutations, the permutation numerators are the exact Shapley values.
TEST(Shapley, PermutationNumeratorsAverageToTheExactOnes) {
  const std::size_t k = 4;
  std::vector<double> cost(1u << k);
  for (std::size_t m = 1; m < cost.size(); ++m) cost[m] = std::sqrt(static_cast<double>(m)) + (m & 3u ? 0.3 : 0.0);
  std::vector<double> exact(k), sum(k, 0.0), out(k), prefix(k);
  shapley_exact_numerators(k, cost.data(), exact.data());
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  int count = 0;
  do {
    std::size_t mask = 0;
    for (std::size_t j = 0; j + 1 < k; ++j) {
      mask |= 1u << order[j];
      prefix[j] = cost[mask];
    }
    shapley_permutation_numerators(order.data(), k, prefix.data(), cost.back(), out.data());
    EXPECT_NEAR(std::accumulate(out.begin(), out.end(), 0.0), cost.back(), 1e-14);
    for (std::size_t i = 0; i < k; ++i) sum[i] += out[i];
    ++count;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(count, 24);
  for (std::size_t i = 0; i < k; ++i) EXPECT_NEAR(sum[i] / count, exact[i], 1e-14) << i;
  EXPECT_NEAR(std::accumulate(exact.begin(), exact.end(), 0.0), cost.back(), 1e-14);
}

// Bivariate normal, correlation r: z1 | z0 ~ N(r z0, 1 - r^2). Trivariate: the textbook formulas of the partial
// regression (Anderson 2003, Theorem 2.5.1) worked out by hand for C = [[1, a, b], [a, 1, c], [b, c, 1]] holding z0.
TEST(Shapley, ConditionalNormalInClosedForm) {
  const double r = 0.6;
  const GaussianConditional two({1, r, r, 1}, 2, {1});
  const double z[2] = {1.5, 99.0};
  double mean[1];
  two.conditional_mean(z, mean);
  EXPECT_NEAR(mean[0], r * 1.5, 1e-15);
  double out[2] = {1.5, 0.0};
  const double eta[1] = {1.0};
  two.draw(mean, eta, out);
  EXPECT_NEAR(out[1], r * 1.5 + std::sqrt(1 - r * r), 1e-15);
  EXPECT_EQ(out[0], 1.5);

  const double a = 0.5, b = -0.3, c = 0.2;
  const GaussianConditional three({1, a, b, a, 1, c, b, c, 1}, 3, {1, 2});
  const double z3[3] = {2.0, 0.0, 0.0};
  double m3[2];
  three.conditional_mean(z3, m3);
  EXPECT_NEAR(m3[0], a * 2.0, 1e-15);
  EXPECT_NEAR(m3[1], b * 2.0, 1e-15);
  // Conditional covariance [[1 - a^2, c - a b], [c - a b, 1 - b^2]]: its Cholesky factor applied to unit vectors.
  double o1[3] = {2, 0, 0}, o2[3] = {2, 0, 0};
  const double zero[2] = {0, 0};
  const double e1[2] = {1, 0}, e2[2] = {0, 1};
  three.draw(zero, e1, o1);
  three.draw(zero, e2, o2);
  const double v11 = o1[1] * o1[1] + o2[1] * o2[1];
  const double v12 = o1[1] * o1[2] + o2[1] * o2[2];
  const double v22 = o1[2] * o1[2] + o2[2] * o2[2];
  EXPECT_NEAR(v11, 1 - a * a, 1e-15);
  EXPECT_NEAR(v12, c - a * b, 1e-15);
  EXPECT_NEAR(v22, 1 - b * b, 1e-15);
  EXPECT_THROW(GaussianConditional({1, 1, 1, 1}, 2, {1}), std::invalid_argument);
}

// Effects are sums of numerators over the sum of c(all): they sum to 1 and do not depend on how items were split
// before merging (the same additions in the same order); the flat form round-trips to the bit.
TEST(Shapley, AccumulatorMergesAndRoundTrips) {
  const std::size_t k = 3, blocks = 4;
  ShapleyAccumulator whole(k, blocks), left(k, blocks), right(k, blocks);
  for (int item = 0; item < 40; ++item) {
    const double n[3] = {1.0 + 0.01 * item, 0.5 * std::sin(item), 0.25};
    const double full = n[0] + n[1] + n[2];
    const std::size_t block = static_cast<std::size_t>(item) * blocks / 40;
    whole.add(block, n, full);
    (item < 17 ? left : right).add(block, n, full);
  }
  whole.add_failed(3);
  right.add_failed(3);
  left.merge(right);
  const ShapleyResult a = whole.estimate(0.95), b = left.estimate(0.95);
  EXPECT_EQ(a.items, 40u);
  EXPECT_EQ(a.failed, 1u);
  double total = 0.0;
  for (std::size_t j = 0; j < k; ++j) {
    total += a.effects[j];
    EXPECT_NEAR(a.effects[j], b.effects[j], 1e-15);
    EXPECT_LE(a.effects_low[j], a.effects[j]);
    EXPECT_GE(a.effects_high[j], a.effects[j]);
  }
  EXPECT_NEAR(total, 1.0, 1e-14);
  ByteWriter w;
  whole.encode(w);
  ByteReader r(w.bytes().data(), w.bytes().size(), "test");
  const ShapleyResult c = ShapleyAccumulator::decode(r).estimate(0.95);
  r.finish();
  for (std::size_t j = 0; j < k; ++j) {
    EXPECT_EQ(c.effects[j], a.effects[j]);
    EXPECT_EQ(c.effects_low[j], a.effects_low[j]);
  }
  std::vector<std::uint8_t> bytes = w.bytes();
  bytes.resize(bytes.size() - 3);
  ByteReader truncated(bytes.data(), bytes.size(), "test");
  EXPECT_THROW(ShapleyAccumulator::decode(truncated), CorruptState);
}

// A target that does not vary (every c(u) = 0): no shares to give, every effect and bound NaN.
TEST(Shapley, ConstantTargetHasUndefinedEffects) {
  ShapleyAccumulator acc(2, 2);
  const double zero[2] = {0.0, 0.0};
  for (std::size_t i = 0; i < 10; ++i) acc.add(i / 5, zero, 0.0);
  const ShapleyResult r = acc.estimate(0.95);
  EXPECT_EQ(r.items, 10u);
  EXPECT_EQ(r.variance, 0.0);
  for (std::size_t j = 0; j < 2; ++j) {
    EXPECT_TRUE(std::isnan(r.effects[j]));
    EXPECT_TRUE(std::isnan(r.effects_low[j]));
    EXPECT_TRUE(std::isnan(r.effects_high[j]));
  }
}

}  // namespace mcsens
