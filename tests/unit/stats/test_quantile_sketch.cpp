// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/stats/quantile_sketch.hpp"
#include "unit/codec_test_support.hpp"

namespace mcsens {
namespace detail {
double sketch_log2(double a);
}

namespace {

const std::vector<double> kProbabilities = {0.0, 0.001, 0.01, 0.025, 0.05,  0.1,  0.25,  0.3,    0.5,
                                            0.6, 0.75,  0.9,  0.95,  0.975, 0.99, 0.999, 0.9999, 1.0};

// The contract: the returned p-quantile is within alpha |q| of q = the sorted sample's value of rank
// floor(p (n - 1)), for |q| > kMinMagnitude (the slack 1e-12 covers the rounding of the representative).
void expect_within_bound(const QuantileSketch& sketch, std::vector<double> sample, const std::string& what) {
  std::sort(sample.begin(), sample.end());
  ASSERT_EQ(sketch.count(), sample.size()) << what;
  for (double p : kProbabilities) {
    const auto rank = static_cast<std::size_t>(std::floor(p * static_cast<double>(sample.size() - 1)));
    const double q = sample[rank];
    const double estimate = sketch.quantile(p);
    if (std::isinf(q)) {
      EXPECT_EQ(estimate, q) << what << " p = " << p;
    } else if (std::fabs(q) <= QuantileSketch::kMinMagnitude) {
      EXPECT_EQ(estimate, 0.0) << what << " p = " << p;
    } else {
      EXPECT_LE(std::fabs(estimate - q), sketch.alpha() * std::fabs(q) * (1.0 + 1e-12))
          << what << " p = " << p << " exact " << q << " sketch " << estimate;
    }
  }
}

QuantileSketch sketch_of(const std::vector<double>& x, double alpha = QuantileSketch::kDefaultAlpha) {
  QuantileSketch s(alpha);
  s.add(x.data(), x.size());
  return s;
}

std::vector<std::uint8_t> flat(const QuantileSketch& s) {
  return test::encoded(s);
}

bool same_bits(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  return a == b;
}

template <class Law>
std::vector<double> draw(Law law, std::size_t n, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::vector<double> x(n);
  for (double& v : x) v = law(engine);
  return x;
}

TEST(QuantileSketch, FastLogAccuracy) {
  // Every binade from the smallest counted magnitude to the largest double, at many mantissas, including both
  // sides of the sqrt(2) switch: the error stays below kLog2Slack, which the bucket width accounts for.
  std::mt19937_64 engine(1);
  std::uniform_real_distribution<double> mantissa(1.0, 2.0);
  double worst = 0.0;
  for (int e = -997; e <= 1023; ++e) {
    for (int k = 0; k < 50; ++k) {
      const double m = k == 0   ? 1.0
                       : k == 1 ? std::nextafter(2.0, 1.0)
                       : k == 2 ? 1.4142135623730951
                                : mantissa(engine);
      const double a = std::ldexp(m, e);
      worst = std::max(worst, std::fabs(detail::sketch_log2(a) - std::log2(a)));
    }
  }
  EXPECT_LT(worst, QuantileSketch::kLog2Slack);
  EXPECT_LT(worst, 1e-7 / 2);  // documented bound 4.3e-8 plus rounding
}

TEST(QuantileSketch, EmptyAndInvalid) {
  QuantileSketch s;
  EXPECT_EQ(s.count(), 0u);
  EXPECT_TRUE(std::isnan(s.quantile(0.5)));
  const double x = 1.0;
  s.add(&x, 1);
  EXPECT_TRUE(std::isnan(s.quantile(1.5)));
  EXPECT_TRUE(std::isnan(s.quantile(-0.1)));
  EXPECT_THROW(QuantileSketch(0.0), Error);
  EXPECT_THROW(QuantileSketch(1e-5), Error);
  EXPECT_THROW(QuantileSketch(0.7), Error);
}

TEST(QuantileSketch, WithinBoundOfExactOrderStatistics) {
  expect_within_bound(sketch_of(draw(std::normal_distribution<double>(0.0, 1.0), 20001, 2)),
                      draw(std::normal_distribution<double>(0.0, 1.0), 20001, 2), "normal");
  const auto lognormal = draw(std::lognormal_distribution<double>(0.0, 2.0), 20000, 3);
  expect_within_bound(sketch_of(lognormal), lognormal, "lognormal");
  const auto mixed = draw(std::normal_distribution<double>(-3.0, 10.0), 10007, 4);
  expect_within_bound(sketch_of(mixed), mixed, "mixed sign");
  std::vector<double> with_zeros = draw(std::normal_distribution<double>(0.0, 1.0), 3000, 5);
  for (std::size_t i = 0; i < with_zeros.size(); i += 3) with_zeros[i] = (i % 2 == 0) ? 0.0 : -0.0;
  with_zeros[1] = 1e-301;  // below kMinMagnitude: counted as a zero
  expect_within_bound(sketch_of(with_zeros), with_zeros, "zeros");
  const std::vector<double> constant(1000, -7.25);
  expect_within_bound(sketch_of(constant), constant, "constant");
  // Tiny and huge magnitudes, each spanning less than the kMaxBuckets range (~87 decades at alpha = 1e-3).
  std::vector<double> tiny = draw(std::uniform_real_distribution<double>(-80.0, 80.0), 4000, 6);
  for (double& v : tiny) v = (v > 0 ? 1.0 : -1.0) * std::pow(10.0, std::fabs(v) - 299.0);  // 1e-299..1e-219
  tiny.push_back(2e-300);
  expect_within_bound(sketch_of(tiny), tiny, "tiny");
  std::vector<double> huge = draw(std::uniform_real_distribution<double>(-78.0, 78.0), 4000, 6);
  for (double& v : huge) v = (v > 0 ? 1.0 : -1.0) * std::pow(10.0, 230.0 + std::fabs(v));  // 1e230..1e308
  huge.push_back(1.7976931348623157e308);
  huge.push_back(-1.7976931348623157e308);
  expect_within_bound(sketch_of(huge), huge, "huge");
  const auto coarse = draw(std::exponential_distribution<double>(1.0), 5000, 7);
  expect_within_bound(sketch_of(coarse, 0.01), coarse, "alpha 0.01");
  expect_within_bound(sketch_of(coarse, 1e-4), coarse, "alpha 1e-4");
}

// NaN is left out; +inf and -inf are values: they sort below and above every finite value and a quantile that
// falls on them is infinite, exactly (error bound 0).
TEST(QuantileSketch, InfinitiesAreValuesNaNIsIgnored) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> x = {1.0, 2.0, std::numeric_limits<double>::quiet_NaN(), 3.0, inf, -inf};
  const QuantileSketch s = sketch_of(x);
  EXPECT_EQ(s.count(), 5u);
  EXPECT_EQ(s.positive_infinite(), 1u);
  EXPECT_EQ(s.negative_infinite(), 1u);
  expect_within_bound(s, {-inf, 1.0, 2.0, 3.0, inf}, "infinite");
  EXPECT_EQ(s.quantile(0.0), -inf);
  EXPECT_EQ(s.quantile(1.0), inf);
  EXPECT_EQ(s.error_bound(1.0), 0.0);
  EXPECT_NEAR(s.quantile(0.5), 2.0, 2e-3);
  // The payback example of issue 16: "never" (+inf) in 16 % of the draws puts q95 at +inf.
  std::vector<double> payback = draw(std::uniform_real_distribution<double>(2.0, 44.0), 10000, 3);
  for (std::size_t i = 0; i < payback.size(); i += 25) payback[i] = inf;  // 4 %
  for (std::size_t i = 1; i < payback.size(); i += 25) payback[i] = inf;
  for (std::size_t i = 2; i < payback.size(); i += 25) payback[i] = inf;
  for (std::size_t i = 3; i < payback.size(); i += 25) payback[i] = inf;  // 16 %
  const QuantileSketch p = sketch_of(payback);
  EXPECT_EQ(p.positive_infinite(), 1600u);
  EXPECT_EQ(p.quantile(0.95), inf);
  EXPECT_EQ(p.quantile(0.8401), inf);            // rank floor(0.8401 * 9999) = 8400: the first of the 1600 infinities
  EXPECT_TRUE(std::isfinite(p.quantile(0.84)));  // rank 8399: the largest finite value
  const QuantileSketch refined = QuantileSketch::refined(payback, kProbabilities);
  QuantileSketch r = refined;
  r.add(payback.data(), payback.size());
  EXPECT_EQ(r.quantile(0.95), inf);
  EXPECT_EQ(r.quantile(0.8401), inf);
  expect_within_bound(r, payback, "refined, infinite");
}

TEST(QuantileSketch, MergeIsExactAndOrderFree) {
  const auto x = draw(std::normal_distribution<double>(1.0, 3.0), 30000, 8);
  const QuantileSketch whole = sketch_of(x);
  QuantileSketch a = sketch_of(std::vector<double>(x.begin(), x.begin() + 12345));
  const QuantileSketch b = sketch_of(std::vector<double>(x.begin() + 12345, x.end()));
  QuantileSketch b_then_a = b;
  b_then_a.merge(a);
  a.merge(b);
  EXPECT_TRUE(same_bits(flat(a), flat(whole)));
  EXPECT_TRUE(same_bits(flat(b_then_a), flat(whole)));
  for (double p : kProbabilities) {
    EXPECT_EQ(a.quantile(p), whole.quantile(p));
    EXPECT_EQ(b_then_a.quantile(p), whole.quantile(p));
  }
  QuantileSketch other(0.01);
  EXPECT_THROW(a.merge(other), std::logic_error);
}

// The bucket of a value must not depend on where it sits in a block (vector body, remainder, one-value block):
// adding value by value gives the same state as adding the whole sample at once.
TEST(QuantileSketch, IndexIndependentOfBlockPosition) {
  auto x = draw(std::normal_distribution<double>(0.5, 4.0), 5003, 12);
  x[17] = 0.0;
  x[300] = std::numeric_limits<double>::quiet_NaN();
  x[301] = -1e-290;
  const QuantileSketch whole = sketch_of(x);
  QuantileSketch single;
  for (double v : x) single.add(&v, 1);
  QuantileSketch odd;
  for (std::size_t i = 0; i < x.size(); i += 97) odd.add(x.data() + i, std::min<std::size_t>(97, x.size() - i));
  EXPECT_TRUE(same_bits(flat(single), flat(whole)));
  EXPECT_TRUE(same_bits(flat(odd), flat(whole)));
}

TEST(QuantileSketch, EncodeRoundTrip) {
  auto x = draw(std::normal_distribution<double>(0.0, 5.0), 2000, 9);
  x[3] = 0.0;
  const QuantileSketch s = sketch_of(x);
  const std::vector<std::uint8_t> f = flat(s);
  const QuantileSketch back = test::decoded<QuantileSketch>(f);
  EXPECT_TRUE(same_bits(flat(back), f));
  EXPECT_EQ(back.count(), s.count());
  for (double p : kProbabilities) EXPECT_EQ(back.quantile(p), s.quantile(p));
  QuantileSketch merged = s;
  merged.merge(s);
  QuantileSketch merged_back = back;
  merged_back.merge(test::decoded<QuantileSketch>(f));
  EXPECT_TRUE(same_bits(flat(merged), flat(merged_back)));
  const QuantileSketch empty;
  EXPECT_EQ(test::decoded<QuantileSketch>(flat(empty)).count(), 0u);
}

TEST(QuantileSketch, TruncatedOrDamagedStatesThrowCorruptState) {
  const QuantileSketch s = sketch_of(draw(std::normal_distribution<double>(10.0, 1.0), 300, 10));  // ~300 buckets
  const std::vector<std::uint8_t> f = flat(s);
  test::expect_truncations_throw<QuantileSketch>(f);
  test::expect_damage_is_refused_or_harmless<QuantileSketch>(f);
  auto with = [&](std::size_t offset, auto v) {
    std::vector<std::uint8_t> b = f;
    std::memcpy(b.data() + offset, &v, sizeof v);
    return b;
  };
  EXPECT_THROW(test::decoded<QuantileSketch>(with(8, 0.7)), CorruptState);                     // alpha
  EXPECT_THROW(test::decoded<QuantileSketch>(with(24, std::int64_t{1} << 40)), CorruptState);  // offset
  EXPECT_THROW(test::decoded<QuantileSketch>(with(40, std::uint64_t{0})), CorruptState);       // untrimmed
  EXPECT_THROW(test::decoded<QuantileSketch>(with(32, ~std::uint64_t{0} / 8)), CorruptState);  // length
}

// A positive range wider than kMaxBuckets collapses the smallest buckets: the count is kept, the top quantiles
// keep their bound, and the result does not depend on the order in which values arrive.
TEST(QuantileSketch, CollapsesLowestBucketsOrderFree) {
  std::vector<double> x;
  for (int e = -290; e <= 290; e += 5) {
    for (int k = 0; k < 10; ++k) x.push_back(std::pow(10.0, e) * (1.0 + 0.05 * k));
  }
  const QuantileSketch forward = sketch_of(x);
  std::vector<double> reversed(x.rbegin(), x.rend());
  const QuantileSketch backward = sketch_of(reversed);
  QuantileSketch pieces;
  for (std::size_t i = 0; i < x.size(); i += 7) {
    pieces.merge(
        sketch_of(std::vector<double>(reversed.begin() + static_cast<std::ptrdiff_t>(i),
                                      reversed.begin() + static_cast<std::ptrdiff_t>(std::min(i + 7, x.size())))));
  }
  EXPECT_EQ(forward.count(), x.size());
  EXPECT_TRUE(same_bits(flat(forward), flat(backward)));
  EXPECT_TRUE(same_bits(flat(forward), flat(pieces)));
  const std::vector<std::uint8_t> f = flat(forward);
  std::uint64_t length;  // tag, alpha, zeros, positive offset, positive length
  std::memcpy(&length, f.data() + 32, sizeof length);
  EXPECT_EQ(length, static_cast<std::uint64_t>(QuantileSketch::kMaxBuckets));
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  for (double p : {0.9, 0.95, 0.99, 1.0}) {  // the top 87 of 580 decades stay exact
    const double q = sorted[static_cast<std::size_t>(std::floor(p * static_cast<double>(x.size() - 1)))];
    EXPECT_LE(std::fabs(forward.quantile(p) - q), forward.alpha() * q * (1.0 + 1e-12));
  }
  EXPECT_GT(forward.quantile(0.0), sorted.front());  // collapsed: the lowest values are reported higher
}

// A sketch with a small cap (an array output's element: alpha 1e-2, 512 buckets per sign) on draws that cross zero,
// so that ever more of them land ever nearer 0: its stores stop at the cap, and every quantile, in the collapsed
// bucket too, is within its error_bound of the exact order statistic (there the bound is |q~|, not alpha |q~|).
TEST(QuantileSketch, ACappedSketchStopsGrowingAndBoundsTheCollapsedBucketHonestly) {
  constexpr std::int64_t kCap = 512;
  const auto x = draw(std::normal_distribution<double>(0.2, 1.0), 400'000, 21);
  QuantileSketch capped(0.01, kCap);
  capped.add(x.data(), x.size());
  const QuantileSketch uncapped = sketch_of(x, 0.01);
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  const auto exact = [&](double p) {
    return sorted[static_cast<std::size_t>(std::floor(p * static_cast<double>(sorted.size() - 1)))];
  };
  // Draws as near 0 as ~1e-6 of the largest: the uncapped store spans more than 512 buckets, the capped one not.
  const std::vector<std::uint8_t> f = flat(capped);
  std::uint64_t positive_length;  // tag, alpha, zeros, positive offset, positive length
  std::memcpy(&positive_length, f.data() + 32, sizeof positive_length);
  EXPECT_EQ(positive_length, static_cast<std::uint64_t>(kCap));
  EXPECT_LT(f.size(), flat(uncapped).size());
  // Every thousandth level, and the 200 ranks around the zero crossing (where the collapsed buckets are).
  std::vector<double> levels;
  for (int k = 0; k <= 1000; ++k) levels.push_back(k / 1000.0);
  const auto crossing =
      static_cast<std::ptrdiff_t>(std::lower_bound(sorted.begin(), sorted.end(), 0.0) - sorted.begin());
  for (std::ptrdiff_t r = crossing - 100; r <= crossing + 100; ++r) {
    levels.push_back(static_cast<double>(r) / static_cast<double>(sorted.size() - 1));
  }
  int collapsed = 0;
  for (const double p : levels) {
    const double q = exact(p);
    const double bound = capped.error_bound(p);
    EXPECT_LE(std::fabs(capped.quantile(p) - q), bound * (1.0 + 1e-12)) << "p = " << p << " exact " << q;
    if (bound > 0.011 * std::fabs(capped.quantile(p))) {
      ++collapsed;
      // Only ranks among the values nearest 0 fall in a collapsed bucket: |q| about 2.8e4 times below the largest
      // of its sign (512 buckets of ratio ~1.0202 span 4.4 decades).
      EXPECT_LT(std::fabs(q), 1e-3 * std::max(-sorted.front(), sorted.back())) << "p = " << p;
    } else {
      EXPECT_EQ(capped.quantile(p), uncapped.quantile(p)) << "p = " << p;  // away from 0: the same buckets
    }
  }
  EXPECT_GT(collapsed, 0);
  // The flat form does not carry the cap: it is decoded with it, and gives the same bytes and answers.
  ByteReader reader(f.data(), f.size(), "sketch");
  const QuantileSketch back = QuantileSketch::decode(reader, kCap);
  EXPECT_EQ(back.max_buckets(), kCap);
  EXPECT_TRUE(same_bits(flat(back), f));
  EXPECT_EQ(back.error_bound(0.5), capped.error_bound(0.5));
  // Sketches of different caps do not merge; a cap outside [kMinBuckets, kMaxBuckets] is refused.
  QuantileSketch other(0.01);
  EXPECT_THROW(other.merge(capped), std::logic_error);
  EXPECT_THROW(QuantileSketch(0.01, 10), Error);
  EXPECT_THROW(QuantileSketch(0.01, QuantileSketch::kMaxBuckets + 1), Error);
  // Merging capped pieces in any split gives the same bits as one pass (collapsing is order-free).
  QuantileSketch pieces(0.01, kCap);
  for (std::size_t i = 0; i < x.size(); i += 30'001) {
    QuantileSketch piece(0.01, kCap);
    piece.add(x.data() + i, std::min<std::size_t>(30'001, x.size() - i));
    pieces.merge(piece);
  }
  EXPECT_TRUE(same_bits(flat(pieces), f));
}

// The refined sketch: windows from a pilot (the first 65536 values), then all values in pieces. Every quantile
// is within error_bound(p) of the exact order statistic, the bound in a window is half a cell (far below the
// coarse alpha |q|), and merging in any split gives the same bits.
TEST(QuantileSketch, RefinedWithinBoundAndMergeable) {
  const auto x = draw(std::normal_distribution<double>(0.55, 0.03), 400000, 21);
  const QuantileSketch prototype =
      QuantileSketch::refined(std::vector<double>(x.begin(), x.begin() + 65536), kProbabilities);
  EXPECT_GT(prototype.windows(), 10u);
  EXPECT_EQ(prototype.count(), 0u);
  QuantileSketch whole = prototype;
  whole.add(x.data(), x.size());
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  for (double p : kProbabilities) {
    const double q = sorted[static_cast<std::size_t>(std::floor(p * static_cast<double>(x.size() - 1)))];
    EXPECT_LE(std::fabs(whole.quantile(p) - q), whole.error_bound(p)) << "p = " << p;
    if (p > 0.0 && p < 1.0) {
      // A window of 10 pilot standard errors in 1024 cells: 1e-6 at the median to 2e-5 at p = 1e-4, at least
      // 25 times below the coarse alpha |q|.
      EXPECT_LT(whole.error_bound(p), whole.alpha() * std::fabs(q) / 25) << "p = " << p;
    } else {
      EXPECT_GT(whole.error_bound(p), 1e-5) << "p = " << p;  // the extremes: coarse, clamped to the gap
    }
  }
  QuantileSketch a = prototype;
  a.add(x.data(), 123457);
  QuantileSketch b = prototype;
  b.add(x.data() + 123457, x.size() - 123457);
  QuantileSketch b_then_a = b;
  b_then_a.merge(a);
  a.merge(b);
  EXPECT_TRUE(same_bits(flat(a), flat(whole)));
  EXPECT_TRUE(same_bits(flat(b_then_a), flat(whole)));
  // An empty sketch without windows (the reduction's start) takes the other's; different windows are refused.
  QuantileSketch start;
  start.merge(whole);
  EXPECT_TRUE(same_bits(flat(start), flat(whole)));
  QuantileSketch plain = sketch_of(x);
  EXPECT_THROW(plain.merge(whole), std::logic_error);
  EXPECT_THROW(whole.merge(plain), std::logic_error);
  // The flat form round trips, windows included.
  const QuantileSketch back = test::decoded<QuantileSketch>(flat(whole));
  EXPECT_TRUE(same_bits(flat(back), flat(whole)));
  for (double p : kProbabilities) EXPECT_EQ(back.quantile(p), whole.quantile(p));
  // A value-by-value add gives the same state as a block add.
  QuantileSketch single = prototype;
  for (std::size_t i = 0; i < 5000; ++i) single.add(&x[i], 1);
  QuantileSketch block = prototype;
  block.add(x.data(), 5000);
  EXPECT_TRUE(same_bits(flat(single), flat(block)));
}

// Issue 32 class 5: quantiles at levels where an atom sits are the atom exactly (docs/methods.md): the faces of a
// die (a window from 3 to 4 used to return the midpoint of its first cell, 3.000488) and the zeros of max(x, 0)
// (joined with the median's window, they came back as 3.9e-6). The exact sample quantile is the reference.
TEST(QuantileSketch, AtomsAreReturnedExactly) {
  std::mt19937_64 rng(32);
  std::uniform_int_distribution<int> face(1, 6);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> die(300000), relu(300000);
  for (auto& v : die) v = face(rng);
  for (auto& v : relu) v = std::max(normal(rng), 0.0);
  const std::vector<double> levels = {0.05, 0.1, 0.2, 0.25, 0.3, 0.45, 0.5, 0.55, 0.75, 0.9, 0.95};
  for (const auto* x : {&die, &relu}) {
    QuantileSketch sketch = QuantileSketch::refined(std::vector<double>(x->begin(), x->begin() + 65536), levels);
    sketch.add(x->data(), x->size());
    std::vector<double> sorted = *x;
    std::sort(sorted.begin(), sorted.end());
    for (double p : levels) {
      const double q = sorted[static_cast<std::size_t>(std::floor(p * static_cast<double>(x->size() - 1)))];
      if (x == &die || q == 0.0) {
        EXPECT_EQ(sketch.quantile(p), q) << "p = " << p;
        EXPECT_EQ(sketch.error_bound(p), 0.0) << "p = " << p;
      } else {
        EXPECT_LE(std::fabs(sketch.quantile(p) - q), sketch.error_bound(p)) << "p = " << p;
      }
    }
  }
}

// A pilot of another law: the windows miss the ranks, and the coarse answer (clamped to the gap) keeps its bound.
TEST(QuantileSketch, RefinedFallsBackToCoarseOutsideWindows) {
  QuantileSketch s = QuantileSketch::refined(draw(std::normal_distribution<double>(0.0, 1.0), 65536, 22), {0.5});
  const auto x = draw(std::normal_distribution<double>(5.0, 1.0), 100000, 23);
  s.add(x.data(), x.size());
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  for (double p : kProbabilities) {
    const double q = sorted[static_cast<std::size_t>(std::floor(p * static_cast<double>(x.size() - 1)))];
    EXPECT_LE(std::fabs(s.quantile(p) - q), s.error_bound(p)) << "p = " << p;
    if (q > 1.0) {
      EXPECT_LE(s.error_bound(p), s.alpha() / (1 - s.alpha()) * std::fabs(s.quantile(p)) * (1 + 1e-12) + 1e-300);
    }
  }
  // Degenerate pilots give no window: empty, constant zero, infinite.
  EXPECT_EQ(QuantileSketch::refined({}, {0.5}).windows(), 0u);
  EXPECT_EQ(QuantileSketch::refined({std::numeric_limits<double>::quiet_NaN()}, {0.5}).windows(), 0u);
  const std::vector<double> infinite(100, std::numeric_limits<double>::infinity());
  EXPECT_EQ(QuantileSketch::refined(infinite, {0.5}).windows(), 0u);
  // An atom (a constant, or an integer-valued law): one window of that value alone, returned exactly.
  const std::vector<double> constant(1000, 7.25);
  QuantileSketch c = QuantileSketch::refined(constant, {0.1, 0.5, 0.9});
  c.add(constant.data(), constant.size());
  EXPECT_EQ(c.windows(), 1u);
  EXPECT_EQ(c.quantile(0.5), 7.25);
  EXPECT_EQ(c.error_bound(0.5), 0.0);
  const auto dice = draw(std::uniform_int_distribution<int>(1, 6), 20000, 25);
  const std::vector<double> faces(dice.begin(), dice.end());
  QuantileSketch d = QuantileSketch::refined(faces, kProbabilities);
  d.add(faces.data(), faces.size());
  std::vector<double> sorted_faces = faces;
  std::sort(sorted_faces.begin(), sorted_faces.end());
  for (double p : {0.1, 0.25, 0.75, 0.9}) {  // windows of one face each (0.5 sits between faces 3 and 4)
    EXPECT_EQ(d.quantile(p), sorted_faces[static_cast<std::size_t>(std::floor(p * (faces.size() - 1.0)))]) << p;
  }
}

TEST(QuantileSketch, RefinedDamagedStatesThrowCorruptState) {
  const auto x = draw(std::normal_distribution<double>(10.0, 1.0), 300, 24);
  QuantileSketch s = QuantileSketch::refined(x, {0.25, 0.75});
  s.add(x.data(), x.size());
  const std::vector<std::uint8_t> f = flat(s);
  test::expect_truncations_throw<QuantileSketch>(f);
  test::expect_damage_is_refused_or_harmless<QuantileSketch>(f);
  // One more count in the last fine cell: the fine layer no longer adds up to the coarse one.
  std::vector<std::uint8_t> b = f;
  std::uint64_t last;
  std::memcpy(&last, b.data() + b.size() - 8, sizeof last);
  ++last;
  std::memcpy(b.data() + b.size() - 8, &last, sizeof last);
  EXPECT_THROW(test::decoded<QuantileSketch>(b), CorruptState);
}

}  // namespace
}  // namespace mcsens
