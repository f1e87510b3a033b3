// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/stats/proportion.hpp"
#include "unit/codec_test_support.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(ProportionCounter, CountsSuccessesTrialsAndNonFinite) {
  ProportionCounter p;
  EXPECT_TRUE(std::isnan(p.probability()));
  const std::vector<double> x = {1.0, 0.0, kNaN, 1.0, 0.0, 0.0, 2.0, std::numeric_limits<double>::infinity()};
  p.add(x.data(), x.size());
  EXPECT_EQ(p.successes(), 3u);
  EXPECT_EQ(p.trials(), 6u);
  EXPECT_EQ(p.nonfinite(), 2u);
  EXPECT_DOUBLE_EQ(p.probability(), 0.5);

  ProportionCounter q;
  q.add(x.data(), 3);
  q.merge(p);
  EXPECT_EQ(q.successes(), 4u);
  EXPECT_EQ(q.trials(), 8u);
  EXPECT_EQ(q.nonfinite(), 3u);

  const std::vector<std::uint8_t> flat = test::encoded(q);
  const ProportionCounter back = test::decoded<ProportionCounter>(flat);
  EXPECT_EQ(back.successes(), 4u);
  EXPECT_EQ(back.trials(), 8u);
  EXPECT_EQ(back.nonfinite(), 3u);
  test::expect_truncations_throw<ProportionCounter>(flat);
  test::expect_damage_is_refused_or_harmless<ProportionCounter>(flat);
  std::vector<std::uint8_t> bad = flat;
  const std::uint64_t successes = 9;  // more than the 8 trials
  std::memcpy(bad.data() + 8, &successes, sizeof successes);
  EXPECT_THROW(test::decoded<ProportionCounter>(bad), CorruptState);
}

TEST(ProportionIntervals, NormalQuantile) {
  EXPECT_NEAR(normal_two_sided_z(0.95), 1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_two_sided_z(0.99), 2.5758293035489004, 1e-13);
  EXPECT_THROW(normal_two_sided_z(1.0), Error);
  EXPECT_THROW(normal_two_sided_z(0.0), Error);
}

// Newcombe (1998), Statistics in Medicine 17:857, Table I, methods 3 (Wilson score) and 5 (Clopper-Pearson
// exact), printed to 4 decimals; the 1e-9 values were computed from the closed form (Wilson) and by bisection
// on the exact binomial tail with integer binomial coefficients (Clopper-Pearson).
struct Case {
  std::uint64_t x, n;
  double wilson_low, wilson_high, exact_low, exact_high;      // Newcombe, 4 decimals
  double wilson_low9, wilson_high9, exact_low9, exact_high9;  // computed
};

TEST(ProportionIntervals, NewcombeTableOne) {
  const Case cases[] = {
      {81, 263, 0.2553, 0.3662, 0.2527, 0.3676, 0.2552885198782743, 0.3662095769828001, 0.25273674558527104,
       0.3676219226013514},
      {15, 148, 0.0624, 0.1605, 0.0578, 0.1617, 0.06238639953073629, 0.160487241723308, 0.05784401008344858,
       0.16165049034947904},
      {0, 20, 0.0, 0.1611, 0.0, 0.1684, 0.0, 0.1611251580528193, 0.0, 0.1684334709830853},
      {1, 29, 0.0061, 0.1718, 0.0009, 0.1776, 0.006113214292762653, 0.17175521879320282, 0.0008726468835799639,
       0.1776442954887229},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.x) + "/" + std::to_string(c.n));
    const Interval w = wilson_interval(c.x, c.n);
    const Interval e = clopper_pearson_interval(c.x, c.n);
    EXPECT_NEAR(w.low, c.wilson_low, 5e-5);
    EXPECT_NEAR(w.high, c.wilson_high, 5e-5);
    EXPECT_NEAR(e.low, c.exact_low, 5e-5);
    EXPECT_NEAR(e.high, c.exact_high, 5e-5);
    EXPECT_NEAR(w.low, c.wilson_low9, 1e-12);
    EXPECT_NEAR(w.high, c.wilson_high9, 1e-12);
    EXPECT_NEAR(e.low, c.exact_low9, 1e-9);
    EXPECT_NEAR(e.high, c.exact_high9, 1e-9);
  }
}

// Newcombe (1998), Stat. Med. 17:873-890, Table II, method 10 (hybrid score from Wilson intervals), 4 decimals.
TEST(ProportionIntervals, NewcombeDifferenceTableTwo) {
  const struct {
    std::uint64_t x1, n1, x2, n2;
    double low, high;
  } cases[] = {{56, 70, 48, 80, 0.0524, 0.3339}, {9, 10, 3, 10, 0.1705, 0.8090}};
  for (const auto& c : cases) {
    const double p1 = static_cast<double>(c.x1) / c.n1, p2 = static_cast<double>(c.x2) / c.n2;
    const Difference d = newcombe_difference(p1, wilson_interval(c.x1, c.n1), p2, wilson_interval(c.x2, c.n2));
    EXPECT_DOUBLE_EQ(d.value, p1 - p2);
    EXPECT_NEAR(d.low, c.low, 5e-5);
    EXPECT_NEAR(d.high, c.high, 5e-5);
  }
}

TEST(ProportionIntervals, EdgeCases) {
  // x = 0: the exact upper end solves (1 - p)^n = alpha / 2, i.e. 1 - (alpha/2)^(1/n).
  for (std::uint64_t n : {1u, 7u, 20u, 1000u}) {
    const Interval e = clopper_pearson_interval(0, n, 0.95);
    EXPECT_EQ(e.low, 0.0);
    EXPECT_NEAR(e.high, 1.0 - std::pow(0.025, 1.0 / static_cast<double>(n)), 1e-12);
    const Interval all = clopper_pearson_interval(n, n, 0.95);
    EXPECT_EQ(all.high, 1.0);
    EXPECT_NEAR(all.low, std::pow(0.025, 1.0 / static_cast<double>(n)), 1e-12);
    const Interval w0 = wilson_interval(0, n);
    EXPECT_EQ(w0.low, 0.0);
    const double z = normal_two_sided_z(0.95);
    EXPECT_NEAR(w0.high, z * z / (static_cast<double>(n) + z * z), 1e-14);  // Wilson upper end at x = 0
    const Interval w1 = wilson_interval(n, n);
    EXPECT_EQ(w1.high, 1.0);
    EXPECT_NEAR(w1.low, 1.0 - w0.high, 1e-14);
  }
  const Interval none = wilson_interval(0, 0);
  EXPECT_TRUE(std::isnan(none.low) && std::isnan(none.high));
  const Interval none_exact = clopper_pearson_interval(0, 0);
  EXPECT_TRUE(std::isnan(none_exact.low) && std::isnan(none_exact.high));
}

// Exact coverage, summed over the binomial law (no sampling): Clopper-Pearson never covers less than the level
// (its defining property), and Wilson's coverage stays near the level (Brown, Cai and DasGupta 2001, Fig. 4:
// within about 0.93 to 0.97 for n = 50 away from p near 0 or 1).
TEST(ProportionIntervals, ExactCoverage) {
  const std::uint64_t n = 50;
  for (double p = 0.05; p < 0.96; p += 0.01) {
    double exact = 0.0;
    double wilson = 0.0;
    for (std::uint64_t x = 0; x <= n; ++x) {
      const double k = static_cast<double>(x);
      const double pmf = std::exp(std::lgamma(51.0) - std::lgamma(k + 1.0) - std::lgamma(51.0 - k) + k * std::log(p) +
                                  (50.0 - k) * std::log1p(-p));
      const Interval e = clopper_pearson_interval(x, n);
      const Interval w = wilson_interval(x, n);
      exact += (e.low <= p && p <= e.high) ? pmf : 0.0;
      wilson += (w.low <= p && p <= w.high) ? pmf : 0.0;
    }
    EXPECT_GE(exact, 0.95 - 1e-12) << "p = " << p;
    EXPECT_GT(wilson, 0.92) << "p = " << p;
    EXPECT_LT(wilson, 0.98) << "p = " << p;
  }
}

TEST(LikelihoodWords, BoundariesAsListed) {
  EXPECT_EQ(likelihood_words(1.0), "virtually certain");
  EXPECT_EQ(likelihood_words(0.99), "virtually certain");
  EXPECT_EQ(likelihood_words(0.9899), "very likely");
  EXPECT_EQ(likelihood_words(0.90), "very likely");
  EXPECT_EQ(likelihood_words(0.8999), "likely");
  EXPECT_EQ(likelihood_words(0.66), "likely");
  EXPECT_EQ(likelihood_words(0.6599), "about as likely as not");
  EXPECT_EQ(likelihood_words(0.5), "about as likely as not");
  EXPECT_EQ(likelihood_words(0.3301), "about as likely as not");
  EXPECT_EQ(likelihood_words(0.33), "unlikely");
  EXPECT_EQ(likelihood_words(0.1001), "unlikely");
  EXPECT_EQ(likelihood_words(0.10), "very unlikely");
  EXPECT_EQ(likelihood_words(0.0101), "very unlikely");
  EXPECT_EQ(likelihood_words(0.01), "exceptionally unlikely");
  EXPECT_EQ(likelihood_words(0.0), "exceptionally unlikely");
  EXPECT_EQ(likelihood_words(kNaN), "undetermined");
}

}  // namespace
}  // namespace mcsens
