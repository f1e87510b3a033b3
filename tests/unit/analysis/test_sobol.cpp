// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "mcsens/analysis/reference_problems.hpp"
#include "mcsens/analysis/sobol.hpp"
#include "unit/analysis/sobol_test_support.hpp"
#include "unit/codec_test_support.hpp"

namespace mcsens {
namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void expect_same_result(const SobolResult& a, const SobolResult& b) {
  EXPECT_EQ(a.N, b.N);
  EXPECT_EQ(a.interval_method, b.interval_method);
  EXPECT_TRUE(same_bits(a.S1, b.S1));
  EXPECT_TRUE(same_bits(a.S1_low, b.S1_low));
  EXPECT_TRUE(same_bits(a.S1_high, b.S1_high));
  EXPECT_TRUE(same_bits(a.ST, b.ST));
  EXPECT_TRUE(same_bits(a.ST_low, b.ST_low));
  EXPECT_TRUE(same_bits(a.ST_high, b.ST_high));
  EXPECT_TRUE(same_bits(a.S2, b.S2));
  EXPECT_TRUE(same_bits(a.S2_low, b.S2_low));
  EXPECT_TRUE(same_bits(a.S2_high, b.S2_high));
  EXPECT_TRUE(same_bits({a.mean, a.variance}, {b.mean, b.variance}));
}

double ishigami_unit(const double* u) {
  return ishigami(u);
}

TEST(SobolDesign, RowsAreABThenABiThenBAi) {
  // k = 2, n = 2 base samples: A_j = (a0_j, a1_j), B_j = (b0_j, b1_j) with distinct hand-made values.
  const std::size_t k = 2;
  const std::size_t n = 2;
  const std::vector<double> unit = {0.10, 0.11,   // a0
                                    0.20, 0.21,   // a1
                                    0.30, 0.31,   // b0
                                    0.40, 0.41};  // b1
  const std::size_t rows = n * sobol_rows_per_base(k, true);
  ASSERT_EQ(rows, 12U);
  std::vector<double> c0(rows);
  std::vector<double> c1(rows);
  double* cols[] = {c0.data(), c1.data()};
  sobol_design_block(unit.data(), n, n, k, true, cols);
  // group-major: A, B, AB^0, AB^1, BA^0, BA^1; row of base j in group g is g * n + j.
  const std::vector<double> want0 = {0.10, 0.11, 0.30, 0.31, 0.30, 0.31, 0.10, 0.11, 0.10, 0.11, 0.30, 0.31};
  const std::vector<double> want1 = {0.20, 0.21, 0.40, 0.41, 0.20, 0.21, 0.40, 0.41, 0.40, 0.41, 0.20, 0.21};
  EXPECT_EQ(c0, want0);
  EXPECT_EQ(c1, want1);

  // Without second order only A, B, AB^i are written.
  std::vector<double> d0(n * 4);
  std::vector<double> d1(n * 4);
  double* dcols[] = {d0.data(), d1.data()};
  sobol_design_block(unit.data(), n, n, k, false, dcols);
  EXPECT_EQ(d0, std::vector<double>(want0.begin(), want0.begin() + 8));
  EXPECT_EQ(d1, std::vector<double>(want1.begin(), want1.begin() + 8));
}

TEST(SobolDesign, Cost) {
  EXPECT_EQ(sobol_cost(1000, 3, false), 5000U);
  EXPECT_EQ(sobol_cost(1000, 3, true), 8000U);
  EXPECT_EQ(sobol_cost(std::uint64_t{1} << 40, 10, true), (std::uint64_t{1} << 40) * 22);
  EXPECT_EQ(sobol_rows_per_base(4, false), 6U);
}

// Merges neighbouring pieces in pairs, then pairs of pairs, until one is left (in level[0]).
void merge_by_tree(std::vector<SobolAccumulator>& level) {
  while (level.size() > 1) {
    std::vector<SobolAccumulator> next;
    for (std::size_t i = 0; i < level.size(); i += 2) {
      SobolAccumulator left = level[i];
      if (i + 1 < level.size()) left.merge(level[i + 1]);
      next.push_back(left);
    }
    level = next;
  }
}

// One add of N against many pieces of random sizes merged by a binary tree (pairs of neighbours, then pairs of
// pairs): identical bits, with kept values (bootstrap) and with streamed exact sums (batch means).
void check_merge_invariance(std::size_t memory_cap) {
  const std::uint64_t N = 1500;
  SobolOptions opt;
  opt.base_samples = N;
  opt.memory_cap_bytes = memory_cap;
  opt.bootstrap_resamples = 200;
  opt.batches = 8;
  SobolAccumulator whole(3, true, opt);
  test::add_bases(whole, ishigami_unit, 7, 0, N);

  std::mt19937_64 g(11);
  std::vector<SobolAccumulator> level;
  for (std::uint64_t first = 0; first < N;) {
    const std::uint64_t n = std::min<std::uint64_t>(1 + g() % 97, N - first);
    SobolAccumulator piece(3, true, opt);
    test::add_bases(piece, ishigami_unit, 7, first, static_cast<std::size_t>(n));
    level.push_back(piece);
    first += n;
  }
  ASSERT_GT(level.size(), 10U);
  merge_by_tree(level);
  EXPECT_EQ(whole.keeps_values(), level[0].keeps_values());
  expect_same_result(whole.estimate(0.9, 5), level[0].estimate(0.9, 5));
}

TEST(SobolAccumulator, MergeOfPiecesEqualsOnePassKeptValues) {
  check_merge_invariance(std::size_t{1} << 30);
}

TEST(SobolAccumulator, MergeOfPiecesEqualsOnePassStreamed) {
  // 8 doubles per base: a 4000-byte cap keeps at most 500 bases, so every piece is kept and the merges convert.
  check_merge_invariance(4000);
}

TEST(SobolAccumulator, BootstrapIsIndependentOfThreadCount) {
  // 9000 bases: three tiles of the bootstrap (conditional binomial counts for two of them), 64 resamples split
  // unevenly over 2 and 3 threads.
  SobolOptions opt;
  opt.base_samples = 9000;
  opt.bootstrap_resamples = 64;
  SobolAccumulator acc(3, true, opt);
  test::add_bases(acc, ishigami_unit, 4, 0, 9000);
  const SobolResult one = acc.estimate(0.95, 8, 1);
  ASSERT_EQ(one.interval_method, "bootstrap");
  for (int threads : {2, 3, 0}) {
    SCOPED_TRACE(threads);
    expect_same_result(one, acc.estimate(0.95, 8, threads));
  }
  EXPECT_NE(one.S1_low, acc.estimate(0.95, 9, 1).S1_low);  // another seed, other resamples
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LE(one.S1_low[i], one.S1_high[i]);
    EXPECT_LE(one.ST_low[i], one.ST_high[i]);
  }
}

TEST(SobolAccumulator, StreamedAndKeptAgreeOnThePointEstimate) {
  SobolOptions keep;
  keep.bootstrap_resamples = 100;
  SobolOptions stream = keep;
  stream.memory_cap_bytes = 1;
  const SobolResult a = test::run_sobol(ishigami_unit, 3, 4000, true, 3, keep, 0.95, 300);
  const SobolResult b = test::run_sobol(ishigami_unit, 3, 4000, true, 3, stream, 0.95, 300);
  EXPECT_EQ(a.interval_method, "bootstrap");
  EXPECT_EQ(b.interval_method, "batch-means");
  EXPECT_EQ(b.batches, 32U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(a.S1[i], b.S1[i], 1e-12);
    EXPECT_NEAR(a.ST[i], b.ST[i], 1e-12);
    EXPECT_TRUE(std::isfinite(b.S1_low[i]) && b.S1_low[i] <= b.S1[i] && b.S1[i] <= b.S1_high[i]);
    EXPECT_TRUE(std::isfinite(b.ST_low[i]) && b.ST_low[i] <= b.ST[i] && b.ST[i] <= b.ST_high[i]);
  }
  EXPECT_NEAR(a.S2[0 * 3 + 2], b.S2[0 * 3 + 2], 1e-12);
  EXPECT_NEAR(a.variance, b.variance, 1e-12 * a.variance);
}

TEST(SobolAccumulator, BeyondTheBootstrapWorkCapTheSumsStreamFromTheFirstBase) {
  // Values are kept for the bootstrap only: with more base samples than its work cap the accumulator streams from
  // the first base (no memory grows with N), and gives the batch-means intervals of a stream forced by the memory
  // cap to the bit. Its point estimates agree with the bootstrap's (kept values, centred on the mean first) up to
  // rounding. Bases with a non-finite output (a row with u_1 > 0.999) are dropped and counted alike.
  const auto f = [](const double* u) {
    return u[0] > 0.999 ? std::numeric_limits<double>::infinity() : ishigami_unit(u);
  };
  SobolOptions capped;
  capped.bootstrap_max_bases = 1000;
  SobolOptions stream;
  stream.memory_cap_bytes = 1;
  SobolOptions keep;
  keep.bootstrap_resamples = 50;
  const SobolResult a = test::run_sobol(f, 3, 5000, true, 3, capped, 0.95, 300);
  const SobolResult b = test::run_sobol(f, 3, 5000, true, 3, stream, 0.95, 300);
  const SobolResult c = test::run_sobol(f, 3, 5000, true, 3, keep, 0.95, 300);
  SobolOptions o = capped;
  o.base_samples = 5000;
  EXPECT_FALSE(SobolAccumulator(3, true, o).keeps_values());
  EXPECT_EQ(a.interval_method, "batch-means");
  EXPECT_EQ(a.batches, 32U);
  EXPECT_EQ(c.interval_method, "bootstrap");
  EXPECT_GT(a.nonfinite_bases, 0U);
  EXPECT_EQ(a.nonfinite_bases, c.nonfinite_bases);
  expect_same_result(a, b);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(a.S1[i], c.S1[i], 1e-12);
    EXPECT_NEAR(a.ST[i], c.ST[i], 1e-12);
    EXPECT_LT(a.S1_low[i], a.S1_high[i]);
  }
  EXPECT_NEAR(a.S2[0 * 3 + 2], c.S2[0 * 3 + 2], 1e-12);
  // At or below the cap the bootstrap runs as before.
  capped.bootstrap_max_bases = 5000;
  EXPECT_EQ(test::run_sobol(f, 3, 5000, true, 3, capped, 0.95, 300).interval_method, "bootstrap");
}

TEST(SobolAccumulator, StreamedSegmentsGiveTheSameBitsForAnyCutAndAfterEncoding) {
  // Batches of 2500 bases hold segments of 512 (and one of 452): pieces of 1 to 600 bases cut segments anywhere,
  // some pieces fall inside one segment, every other piece goes through encode/decode (partial segments at its
  // edges), and about a fifth of the bases have a non-finite output (u_1 > 0.9 in the A or the B row). Merged by a
  // binary tree: the bits of one add.
  const auto f = [](const double* u) {
    return u[0] > 0.9 ? std::numeric_limits<double>::quiet_NaN() : ishigami_unit(u);
  };
  const std::uint64_t N = 5000;
  SobolOptions opt;
  opt.base_samples = N;
  opt.batches = 2;
  opt.bootstrap_max_bases = 0;
  SobolAccumulator whole(3, true, opt);
  test::add_bases(whole, f, 7, 0, N);
  std::mt19937_64 g(5);
  std::vector<SobolAccumulator> level;
  for (std::uint64_t first = 0; first < N;) {
    const std::uint64_t longest = g() % 2 ? 600 : 40;
    const std::uint64_t n = std::min<std::uint64_t>(1 + g() % longest, N - first);
    SobolAccumulator piece(3, true, opt);
    test::add_bases(piece, f, 7, first, static_cast<std::size_t>(n));
    level.push_back(level.size() % 2 ? test::decoded<SobolAccumulator>(test::encoded(piece)) : piece);
    first += n;
  }
  ASSERT_GT(level.size(), 20U);
  merge_by_tree(level);
  EXPECT_FALSE(level[0].keeps_values());
  const SobolResult r = whole.estimate(0.9, 5);
  EXPECT_GT(r.nonfinite_bases, 500U);
  expect_same_result(r, level[0].estimate(0.9, 5));
  EXPECT_EQ(test::encoded(whole), test::encoded(level[0]));
}

TEST(SobolAccumulator, AStateOfTheFormerLayoutIsReadAndMergesToThisBuildsBits) {
  // Run state format 6 (shards and checkpoints of the release before) carries Sobol' states tagged S3, in which the
  // randomized-QMC design kept its values. Such a state of bases [0, 600) is read, streamed as this build streams,
  // and merged with this build's [600, 1000): the bits of one add in this build. The S3 bytes are this build's
  // keeping state with the old tag, no bootstrap (the cap at 0, as the design sets it) and the old tail (exact sums
  // and batch counts only: no list of batches with sums, no partial segments).
  SobolOptions keep;
  keep.base_samples = 1000;
  keep.batches = 4;
  SobolOptions stream = keep;
  stream.bootstrap_max_bases = 0;
  SobolAccumulator old_left(3, true, keep);
  test::add_bases(old_left, ishigami_unit, 9, 0, 600);
  std::vector<std::uint8_t> bytes = test::encoded(old_left);
  const std::uint64_t old_tag = 0x33536e736e63736dULL;  // "mcsnsnS3"
  std::memcpy(bytes.data(), &old_tag, 8);
  const std::uint64_t no_bootstrap = 0;
  std::memcpy(bytes.data() + 49, &no_bootstrap, 8);  // tag, k, second order, base samples, cap, resamples, batches
  bytes.resize(bytes.size() - 32);                   // present batches, digits, batch counts, partial segments
  bytes.resize(bytes.size() + 16, 0);                // digits, batch counts: both empty while keeping
  SobolAccumulator left = test::decoded<SobolAccumulator>(bytes);
  EXPECT_FALSE(left.keeps_values());
  SobolAccumulator right(3, true, stream);
  test::add_bases(right, ishigami_unit, 9, 600, 400);
  left.merge(right);
  SobolAccumulator whole(3, true, stream);
  test::add_bases(whole, ishigami_unit, 9, 0, 1000);
  expect_same_result(whole.estimate(0.9, 2), left.estimate(0.9, 2));
  EXPECT_EQ(test::encoded(whole), test::encoded(left));
}

TEST(SobolAccumulator, AStreamedOutputFarFromZeroKeepsItsPrecision) {
  // Ishigami + 10^6: each output is stored to about 1e-10 (half an ulp of 10^6), so the indices can move by about
  // that over the variance (13.8), not more. The segments' shift keeps the mean from cancelling the deviations in
  // the sums of squares: sums of raw squares in double would lose about 10^12 x 2^-53 x 512 ~ 6e-2 of the variance.
  const auto shifted = [](const double* u) { return 1e6 + ishigami_unit(u); };
  SobolOptions opt;
  opt.batches = 4;
  opt.bootstrap_max_bases = 0;
  const SobolResult a = test::run_sobol(ishigami_unit, 3, 6000, true, 3, opt, 0.95, 700);
  const SobolResult b = test::run_sobol(shifted, 3, 6000, true, 3, opt, 0.95, 700);
  EXPECT_NEAR(b.mean - 1e6, a.mean, 1e-9);
  EXPECT_NEAR(b.variance, a.variance, 1e-8 * a.variance);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(a.S1[i], b.S1[i], 1e-8);
    EXPECT_NEAR(a.ST[i], b.ST[i], 1e-8);
    EXPECT_NEAR(a.S1_low[i], b.S1_low[i], 1e-8);
    EXPECT_NEAR(a.ST_high[i], b.ST_high[i], 1e-8);
  }
  EXPECT_NEAR(a.S2[0 * 3 + 2], b.S2[0 * 3 + 2], 1e-8);
}

TEST(SobolAccumulator, LinearModelAtModerateN) {
  // y = 1 u1 + 2 u2 + 3 u3: S1 = ST = c^2 / 14 (additive model, no interactions), S2 = 0. At N = 2^14 the
  // estimators' standard errors are below 0.006 (their bootstrap intervals here are about +-0.01), so 0.03 is > 5 SE.
  const std::vector<double> c = {1.0, 2.0, 3.0};
  const ReferenceIndices exact = linear_model_indices(c);
  SobolOptions opt;
  opt.bootstrap_resamples = 200;
  const SobolResult r = test::run_sobol([&](const double* u) { return linear_model(u, c); }, 3, 1 << 14, true, 42, opt);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(r.S1[i], exact.S1[i], 0.03) << i;
    EXPECT_NEAR(r.ST[i], exact.ST[i], 0.03) << i;
    EXPECT_LT(r.S1_low[i], r.S1_high[i]);
  }
  EXPECT_NEAR(r.S2[0 * 3 + 1], 0.0, 0.03);
  EXPECT_NEAR(r.variance, exact.variance, 0.05 * exact.variance);
  EXPECT_EQ(r.first_order_estimator, "saltelli2010");
  EXPECT_EQ(r.total_order_estimator, "jansen1999");
  EXPECT_EQ(r.N, std::uint64_t{1} << 14);
}

TEST(SobolAccumulator, ZeroVarianceOutputIsFlaggedNaN) {
  for (std::size_t cap : {std::size_t{1} << 30, std::size_t{1}}) {
    SobolOptions opt;
    opt.memory_cap_bytes = cap;
    opt.bootstrap_resamples = 50;
    const SobolResult r = test::run_sobol([](const double*) { return 4.25; }, 3, 500, true, 1, opt);
    EXPECT_TRUE(r.zero_variance);
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_TRUE(std::isnan(r.S1[i]));
      EXPECT_TRUE(std::isnan(r.ST[i]));
      EXPECT_TRUE(std::isnan(r.S1_low[i]));
    }
    EXPECT_TRUE(std::isnan(r.S2[1]));
    EXPECT_EQ(r.mean, 4.25);
  }
}

TEST(SobolAccumulator, ConstantInputHasExactlyZeroIndices) {
  // Input 2 has no effect: f_AB^2 == f_A bit for bit, so f_B (f_AB^2 - f_A) and (f_A - f_AB^2)^2 are exactly 0.
  const std::vector<double> c = {1.0, -2.0, 0.0};
  for (std::size_t cap : {std::size_t{1} << 30, std::size_t{1}}) {
    SobolOptions opt;
    opt.memory_cap_bytes = cap;
    opt.bootstrap_resamples = 100;
    const SobolResult r = test::run_sobol([&](const double* u) { return linear_model(u, c); }, 3, 2000, false, 9, opt);
    EXPECT_EQ(r.S1[2], 0.0);
    EXPECT_EQ(r.ST[2], 0.0);
    EXPECT_TRUE(not_distinguishable_from_zero(r.ST_low[2], r.ST_high[2]));
    EXPECT_FALSE(not_distinguishable_from_zero(r.ST_low[1], r.ST_high[1]));
  }
}

TEST(SobolAccumulator, NonFiniteBasesAreDroppedAndCounted) {
  // log(u1 - 0.1) is NaN for u1 < 0.1: a base sample is dropped when any of its rows has such a point.
  SobolOptions opt;
  opt.bootstrap_resamples = 50;
  const SobolResult r = test::run_sobol([](const double* u) { return u[0] < 0.1 ? std::log(-1.0) : u[0] + u[1]; }, 2,
                                        1000, false, 2, opt);
  EXPECT_GT(r.nonfinite_bases, 100U);
  EXPECT_EQ(r.N + r.nonfinite_bases, 1000U);
  EXPECT_TRUE(std::isfinite(r.S1[0]));
}

TEST(SobolAccumulator, RejectsGapsAndBadArguments) {
  SobolOptions opt;
  opt.base_samples = 100;
  SobolAccumulator a(2, false, opt);
  test::add_bases(
      a, [](const double* u) { return u[0]; }, 1, 0, 10);
  SobolAccumulator gap(2, false, opt);
  test::add_bases(
      gap, [](const double* u) { return u[0]; }, 1, 20, 10);
  EXPECT_THROW(a.merge(gap), std::invalid_argument);
  EXPECT_THROW(test::add_bases(
                   a, [](const double* u) { return u[0]; }, 1, 95, 10),
               std::invalid_argument);
  EXPECT_THROW(SobolAccumulator(0, false, opt), std::invalid_argument);
  EXPECT_THROW(a.estimate(1.5, 0), std::invalid_argument);
  const double v[1] = {0.0};
  const double* ab[2] = {v, v};
  EXPECT_THROW(a.add(10, 1, v, v, ab, ab), std::invalid_argument);  // fBA without second order
}

TEST(SobolAccumulator, EncodeRoundTripMergesAndEstimatesToTheSameBits) {
  for (std::size_t cap : {std::size_t{1} << 30, std::size_t{3000}}) {
    SobolOptions opt;
    opt.base_samples = 1200;
    opt.memory_cap_bytes = cap;
    opt.bootstrap_resamples = 100;
    opt.batches = 6;
    SobolAccumulator left(3, true, opt);
    SobolAccumulator right(3, true, opt);
    test::add_bases(left, ishigami_unit, 3, 0, 700);
    test::add_bases(right, ishigami_unit, 3, 700, 500);
    const std::vector<std::uint8_t> bl = test::encoded(left);
    const std::vector<std::uint8_t> br = test::encoded(right);
    SobolAccumulator l2 = test::decoded<SobolAccumulator>(bl);
    l2.merge(test::decoded<SobolAccumulator>(br));
    EXPECT_EQ(test::encoded(test::decoded<SobolAccumulator>(bl)), bl);
    left.merge(right);
    EXPECT_EQ(left.keeps_values(), cap > 100000);
    expect_same_result(left.estimate(0.9, 1), l2.estimate(0.9, 1));
    EXPECT_THROW(test::decoded<SobolAccumulator>(bl, bl.size() - 3), CorruptState);
    std::vector<std::uint8_t> shifted(br.begin() + 8, br.end());
    EXPECT_THROW(test::decoded<SobolAccumulator>(shifted), CorruptState);
  }
}

// Small states, so that every prefix and every damaged byte can be tried: kept values with a dropped base, and
// streamed exact sums (a 1-byte cap).
TEST(SobolAccumulator, TruncatedOrDamagedStatesThrowCorruptState) {
  for (std::size_t cap : {std::size_t{1} << 30, std::size_t{1}}) {
    SCOPED_TRACE(cap);
    SobolOptions opt;
    opt.base_samples = 40;
    opt.memory_cap_bytes = cap;
    opt.batches = 2;
    SobolAccumulator acc(1, false, opt);
    std::vector<double> fa(20), fb(20), fab(20);
    for (std::size_t j = 0; j < 20; ++j) {
      fa[j] = 0.1 * static_cast<double>(j);
      fb[j] = std::sin(static_cast<double>(j));
      fab[j] = j == 7 ? std::numeric_limits<double>::infinity() : std::cos(static_cast<double>(j));
    }
    const double* ab[1] = {fab.data()};
    acc.add(10, 20, fa.data(), fb.data(), ab, nullptr);
    ASSERT_EQ(acc.keeps_values(), cap > 1);
    const std::vector<std::uint8_t> bytes = test::encoded(acc);
    expect_same_result(acc.estimate(0.9, 2), test::decoded<SobolAccumulator>(bytes).estimate(0.9, 2));
    test::expect_truncations_throw<SobolAccumulator>(bytes);
    test::expect_damage_is_refused_or_harmless<SobolAccumulator>(bytes);
    // An absurd length is refused before anything is allocated for it.
    std::vector<std::uint8_t> garbage(bytes.begin(), bytes.begin() + 8);
    garbage.resize(4096, 0xff);
    EXPECT_THROW(test::decoded<SobolAccumulator>(garbage), CorruptState);
  }
  SobolAccumulator empty(2, true, SobolOptions{10, 1 << 20, 50, 4, 100});
  const std::vector<std::uint8_t> bytes = test::encoded(empty);
  EXPECT_EQ(test::encoded(test::decoded<SobolAccumulator>(bytes)), bytes);
  test::expect_truncations_throw<SobolAccumulator>(bytes);
}

TEST(SobolAccumulator, NotDistinguishableFromZero) {
  EXPECT_TRUE(not_distinguishable_from_zero(-0.01, 0.02));
  EXPECT_TRUE(not_distinguishable_from_zero(0.0, 0.02));
  EXPECT_FALSE(not_distinguishable_from_zero(0.01, 0.02));
  EXPECT_FALSE(not_distinguishable_from_zero(-0.03, -0.02));
  EXPECT_TRUE(not_distinguishable_from_zero(std::nan(""), std::nan("")));
}

}  // namespace
}  // namespace mcsens
