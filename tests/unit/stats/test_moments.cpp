// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/stats/moments.hpp"
#include "unit/codec_test_support.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<std::uint8_t> serialized(const Moments& m) {
  return test::encoded(m);
}

bool same_bits(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  return a == b;
}

TEST(Moments, EmptyIsNaN) {
  Moments m;
  EXPECT_EQ(m.count(), 0u);
  EXPECT_TRUE(std::isnan(m.mean()));
  EXPECT_TRUE(std::isnan(m.variance()));
  EXPECT_TRUE(std::isnan(m.sd()));
  EXPECT_TRUE(std::isnan(m.skewness()));
  EXPECT_TRUE(std::isnan(m.kurtosis()));
  EXPECT_TRUE(std::isnan(m.min()));
  EXPECT_TRUE(std::isnan(m.max()));
  EXPECT_TRUE(std::isnan(m.mean_se()));
  m.add(nullptr, 0);
  EXPECT_EQ(m.count(), 0u);
}

TEST(Moments, SingleValue) {
  Moments m;
  const double x = 2.5;
  m.add(&x, 1);
  EXPECT_EQ(m.mean(), 2.5);
  EXPECT_TRUE(std::isnan(m.variance()));
  EXPECT_EQ(m.min(), 2.5);
  EXPECT_EQ(m.max(), 2.5);
}

// {1, 2, 3, 4}: mean 2.5, centred values +-0.5, +-1.5: M2 = 5, M3 = 0, M4 = 2 (0.0625 + 5.0625) = 10.25, so
// variance 5/3, g1 = 0, g2 = 4 * 10.25 / 25 - 3 = -1.36.
TEST(Moments, SmallExactCase) {
  Moments m;
  const std::vector<double> x = {1, 2, 3, 4};
  m.add(x.data(), x.size());
  EXPECT_EQ(m.count(), 4u);
  EXPECT_DOUBLE_EQ(m.mean(), 2.5);
  EXPECT_DOUBLE_EQ(m.variance(), 5.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.sd(), std::sqrt(5.0 / 3.0));
  EXPECT_NEAR(m.skewness(), 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(m.kurtosis(), -1.36);
  EXPECT_EQ(m.min(), 1.0);
  EXPECT_EQ(m.max(), 4.0);
  EXPECT_DOUBLE_EQ(m.mean_se(), std::sqrt(5.0 / 3.0) / 2.0);
}

// {0, 0, 0, 1}: mean 1/4, M2 = 3/16 + 9/16 = 3/4, M3 = 3 (-1/64) + 27/64 = 24/64, M4 = 3/256 + 81/256 = 84/256.
// g1 = 2 (3/8) / (3/4)^1.5 = 1.1547005383792515 (2/sqrt(3)); g2 = 4 (84/256) / (9/16) - 3 = -2/3.
TEST(Moments, SkewedExactCase) {
  Moments m;
  const std::vector<double> x = {0, 0, 0, 1};
  m.add(x.data(), x.size());
  EXPECT_DOUBLE_EQ(m.skewness(), 2.0 / std::sqrt(3.0));
  EXPECT_DOUBLE_EQ(m.kurtosis(), -2.0 / 3.0);
}

TEST(Moments, ConstantDataHasZeroSpreadAndUndefinedShape) {
  Moments m;
  const std::vector<double> x(37, 3.25);
  m.add(x.data(), x.size());
  EXPECT_EQ(m.mean(), 3.25);
  EXPECT_EQ(m.variance(), 0.0);
  EXPECT_TRUE(std::isnan(m.skewness()));
  EXPECT_TRUE(std::isnan(m.kurtosis()));
}

// Issue 32 class 5: a constant that is not a sum of exact binary fractions (0.1) has its mean exactly and sd 0 after
// block adds and merges (the running sums used to give 0.10000000000000037 and an sd of 3.6e-16), near the double
// range too (1e300, whose scaled sums gave a NaN sd).
TEST(Moments, ConstantsKeepTheirExactMeanThroughMerges) {
  for (const double c : {0.1, -7.3e-5, 1e300}) {
    Moments total;
    for (int block = 0; block < 50; ++block) {
      const std::vector<double> x(1000 + block, c);
      Moments m;
      m.add(x.data(), x.size());
      total.merge(m);
    }
    EXPECT_EQ(total.mean(), c);
    EXPECT_EQ(total.sd(), 0.0);
    EXPECT_EQ(total.variance(), 0.0);
    EXPECT_EQ(total.mean_se(), 0.0);
    EXPECT_TRUE(std::isnan(total.skewness()));
  }
}

TEST(Moments, NonFiniteCountedAndExcluded) {
  Moments with;
  const std::vector<double> x = {1, kNaN, 2, kInf, 3, -kInf, 4, kNaN, 10};
  with.add(x.data(), x.size());
  Moments clean;
  const std::vector<double> y = {1, 2, 3, 4, 10};
  clean.add(y.data(), y.size());
  EXPECT_EQ(with.count(), 5u);
  EXPECT_EQ(with.nonfinite(), 4u);
  EXPECT_EQ(clean.nonfinite(), 0u);
  EXPECT_DOUBLE_EQ(with.mean(), clean.mean());
  EXPECT_DOUBLE_EQ(with.variance(), clean.variance());
  EXPECT_DOUBLE_EQ(with.skewness(), clean.skewness());
  EXPECT_DOUBLE_EQ(with.kurtosis(), clean.kurtosis());
  EXPECT_EQ(with.min(), 1.0);
  EXPECT_EQ(with.max(), 10.0);

  Moments only_bad;
  const std::vector<double> z = {kNaN, kInf};
  only_bad.add(z.data(), z.size());
  EXPECT_EQ(only_bad.count(), 0u);
  EXPECT_EQ(only_bad.nonfinite(), 2u);
  EXPECT_TRUE(std::isnan(only_bad.mean()));
  only_bad.merge(clean);
  EXPECT_EQ(only_bad.nonfinite(), 2u);
  EXPECT_EQ(only_bad.mean(), clean.mean());
}

std::vector<double> lognormal_sample(std::size_t n, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::lognormal_distribution<double> law(1.0, 0.8);
  std::vector<double> x(n);
  for (double& v : x) v = law(engine);
  return x;
}

void expect_close(double a, double b, double relative) {
  EXPECT_LE(std::fabs(a - b), relative * std::fabs(b));
}

TEST(Moments, MergeOfHalvesEqualsOnePass) {
  const std::vector<double> x = lognormal_sample(10001, 7);
  Moments whole;
  whole.add(x.data(), x.size());
  Moments a;
  Moments b;
  a.add(x.data(), 4567);
  b.add(x.data() + 4567, x.size() - 4567);
  a.merge(b);
  EXPECT_EQ(a.count(), whole.count());
  expect_close(a.mean(), whole.mean(), 1e-14);
  expect_close(a.variance(), whole.variance(), 1e-13);
  expect_close(a.skewness(), whole.skewness(), 1e-12);
  expect_close(a.kurtosis(), whole.kurtosis(), 1e-12);
  EXPECT_EQ(a.min(), whole.min());
  EXPECT_EQ(a.max(), whole.max());

  // Many small blocks (the engine's pattern) agree too, and a shifted sample keeps its variance (no
  // cancellation: the two-pass block and the pairwise merge never form sum x^2 - n mean^2).
  Moments blocks;
  Moments shifted;
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] + 1e9;
  for (std::size_t i = 0; i < x.size(); i += 100) {
    const std::size_t m = std::min<std::size_t>(100, x.size() - i);
    blocks.add(x.data() + i, m);
    shifted.add(y.data() + i, m);
  }
  expect_close(blocks.mean(), whole.mean(), 1e-14);
  expect_close(blocks.variance(), whole.variance(), 1e-13);
  expect_close(blocks.skewness(), whole.skewness(), 1e-12);
  expect_close(blocks.kurtosis(), whole.kurtosis(), 1e-12);
  expect_close(shifted.variance(), whole.variance(), 1e-6);
}

// Against a plain two-pass computation in long double, for block sizes that exercise the vector body, the
// remainder and tiny blocks, with and without non-finite values: guards the vectorized kernels.
TEST(Moments, MatchesLongDoubleReference) {
  for (std::size_t n : {1u, 2u, 3u, 5u, 7u, 8u, 9u, 15u, 16u, 17u, 31u, 33u, 64u, 65u, 1000u, 4099u}) {
    for (bool with_nonfinite : {false, true}) {
      std::vector<double> x = lognormal_sample(n, static_cast<unsigned>(n));
      if (with_nonfinite) {
        for (std::size_t i = 0; i < n; i += 3) x[i] = (i % 2 == 0) ? kNaN : -kInf;
      }
      long double sum = 0;
      std::uint64_t count = 0;
      double lo = kInf;
      double hi = -kInf;
      for (double v : x) {
        if (!std::isfinite(v)) continue;
        sum += v;
        ++count;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      Moments m;
      m.add(x.data(), x.size());
      SCOPED_TRACE("n = " + std::to_string(n) + (with_nonfinite ? " with non-finite" : ""));
      ASSERT_EQ(m.count(), count);
      EXPECT_EQ(m.nonfinite(), n - count);
      if (count == 0) continue;
      const long double mean = sum / count;
      long double m2 = 0;
      long double m3 = 0;
      long double m4 = 0;
      for (double v : x) {
        if (!std::isfinite(v)) continue;
        const long double d = v - mean;
        m2 += d * d;
        m3 += d * d * d;
        m4 += d * d * d * d;
      }
      expect_close(m.mean(), static_cast<double>(mean), 1e-14);
      EXPECT_EQ(m.min(), lo);
      EXPECT_EQ(m.max(), hi);
      if (count < 3) continue;
      expect_close(m.variance(), static_cast<double>(m2 / (count - 1)), 1e-13);
      expect_close(m.skewness(),
                   static_cast<double>(std::sqrt(static_cast<long double>(count)) * m3 / std::pow(m2, 1.5L)), 1e-11);
      expect_close(m.kurtosis() + 3.0, static_cast<double>(count * m4 / (m2 * m2)), 1e-12);
    }
  }
}

TEST(Moments, SameSequenceGivesSameBits) {
  const std::vector<double> x = lognormal_sample(5000, 11);
  auto run = [&x]() {
    Moments total;
    for (std::size_t i = 0; i < x.size(); i += 333) {
      Moments chunk;
      chunk.add(x.data() + i, std::min<std::size_t>(333, x.size() - i));
      total.merge(chunk);
    }
    return total;
  };
  EXPECT_TRUE(same_bits(serialized(run()), serialized(run())));
}

TEST(Moments, EncodeRoundTripIsBitIdentical) {
  std::vector<double> x = lognormal_sample(1000, 3);
  x[10] = kNaN;
  Moments m;
  m.add(x.data(), x.size());
  const std::vector<std::uint8_t> flat = serialized(m);
  const Moments back = test::decoded<Moments>(flat);
  EXPECT_TRUE(same_bits(serialized(back), flat));
  EXPECT_EQ(back.count(), 999u);
  EXPECT_EQ(back.nonfinite(), 1u);
  // Decoded states merge to the same bits as the originals.
  Moments left = m;
  left.merge(m);
  Moments left_back = back;
  left_back.merge(test::decoded<Moments>(flat));
  EXPECT_TRUE(same_bits(serialized(left), serialized(left_back)));
  EXPECT_TRUE(same_bits(serialized(test::decoded<Moments>(serialized(Moments{}))), serialized(Moments{})));
}

TEST(Moments, TruncatedOrDamagedStatesThrowCorruptState) {
  const std::vector<double> x = lognormal_sample(100, 4);
  Moments m;
  m.add(x.data(), x.size());
  const std::vector<std::uint8_t> flat = serialized(m);
  test::expect_truncations_throw<Moments>(flat);
  EXPECT_GT(test::expect_damage_is_refused_or_harmless<Moments>(flat), 8u * 3u);
  // Inconsistent values: min above max, a negative M2, statistics without values.
  auto with = [&](std::size_t offset, double v) {
    std::vector<std::uint8_t> b = flat;
    std::memcpy(b.data() + offset, &v, sizeof v);
    return b;
  };
  EXPECT_THROW(test::decoded<Moments>(with(8 + 16 + 8, -1.0)), CorruptState);    // M2
  EXPECT_THROW(test::decoded<Moments>(with(8 + 16 + 32, 1e300)), CorruptState);  // min > max
  EXPECT_THROW(test::decoded<Moments>(with(8 + 16 + 32, kInf)), CorruptState);   // min not finite
  std::vector<std::uint8_t> empty = serialized(Moments{});
  const double one = 1.0;
  std::memcpy(empty.data() + 8 + 16, &one, sizeof one);  // a mean without values
  EXPECT_THROW(test::decoded<Moments>(empty), CorruptState);
}

}  // namespace
}  // namespace mcsens

namespace mcsens {
namespace {

// Issue 23, class 4: values near the double range. {1, 2, 3, 4} times a power of ten has the exact statistics of
// SmallExactCase scaled: mean 2.5 s, sd sqrt(5/3) s, g1 = 0, g2 = -1.36.
void expect_scaled_small_case(const Moments& m, double s) {
  EXPECT_EQ(m.count(), 4u);
  EXPECT_DOUBLE_EQ(m.mean(), 2.5 * s);
  EXPECT_DOUBLE_EQ(m.sd(), std::sqrt(5.0 / 3.0) * s);
  EXPECT_NEAR(m.skewness(), 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(m.kurtosis(), -1.36);
  EXPECT_DOUBLE_EQ(m.mean_se(), std::sqrt(5.0 / 3.0) / 2.0 * s);
}

TEST(MomentsEdges, ValuesNear1e300KeepFiniteStatistics) {
  Moments m;
  const std::vector<double> x = {1e300, 2e300, 3e300, 4e300};
  m.add(x.data(), x.size());
  expect_scaled_small_case(m, 1e300);
  EXPECT_TRUE(std::isinf(m.variance()));  // 1.67e600 is beyond the double range; the sd is not
  // The same values one at a time (merges of single values) and through the flat form.
  Moments one;
  for (double v : x) one.add(&v, 1);
  expect_scaled_small_case(one, 1e300);
  expect_scaled_small_case(test::decoded<Moments>(test::encoded(one)), 1e300);
}

TEST(MomentsEdges, TinyValuesKeepTheirFourthPowers) {
  // (1e-200)^4 underflows to 0 in plain arithmetic, which made the kurtosis -3.
  Moments m;
  const std::vector<double> x = {1e-200, 2e-200, 3e-200, 4e-200};
  m.add(x.data(), x.size());
  expect_scaled_small_case(m, 1e-200);
}

TEST(MomentsEdges, SumsThatOverflowAndSpreadsBeyondTheDoubleRange) {
  // 65536 values alternating 1.5e308 and 1.7e308: their sum overflows. Mean 1.6e308, sd 1e307 (n / (n - 1))^0.5.
  std::vector<double> x(65536);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = i % 2 == 0 ? 1.5e308 : 1.7e308;
  Moments m;
  m.add(x.data(), x.size());
  const double n = static_cast<double>(x.size());
  // Within the rounding of 65536 additions (relative 1e-11).
  EXPECT_NEAR(m.mean(), 1.6e308, 1.6e297);
  EXPECT_NEAR(m.sd(), 1e307 * std::sqrt(n / (n - 1)), 1e297);
  EXPECT_NEAR(m.skewness(), 0.0, 1e-9);
  EXPECT_NEAR(m.kurtosis(), -2.0, 1e-9);  // a two-point law with equal weights
  // -1e308 and 1e308 alternating: x - mean overflows nowhere, but max - min does. Mean 0, sd 1e308 (n/(n-1))^0.5.
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = i % 2 == 0 ? -1e308 : 1e308;
  Moments w;
  w.add(x.data(), x.size());
  EXPECT_EQ(w.mean(), 0.0);
  EXPECT_NEAR(w.sd(), 1e308 * std::sqrt(n / (n - 1)), 1e296);
  EXPECT_NEAR(w.kurtosis(), -2.0, 1e-9);
  // Two blocks far apart merged: 100 values at -1e308, 100 at 1e308 (each block has no spread of its own).
  Moments a, b;
  const std::vector<double> lo(100, -1e308), hi(100, 1e308);
  a.add(lo.data(), lo.size());
  b.add(hi.data(), hi.size());
  a.merge(b);
  EXPECT_EQ(a.mean(), 0.0);
  EXPECT_NEAR(a.sd(), 1e308 * std::sqrt(200.0 / 199.0), 1e296);
  EXPECT_EQ(a.min(), -1e308);
  EXPECT_EQ(a.max(), 1e308);
}

TEST(MomentsEdges, OrdinaryValuesKeepTheirBits) {
  // A scale is used only outside [2^-128, 2^128]; inside, the state is the plain one: the same bits as a
  // reference computed by the plain formulas (mean and M2 of {1, 2, 3, 4} are exact in binary).
  Moments m;
  const std::vector<double> x = {1, 2, 3, 4};
  m.add(x.data(), x.size());
  EXPECT_EQ(m.mean(), 2.5);
  EXPECT_EQ(m.variance(), 5.0 / 3.0);
  EXPECT_EQ(m.sd(), std::sqrt(5.0 / 3.0));
}

}  // namespace
}  // namespace mcsens
