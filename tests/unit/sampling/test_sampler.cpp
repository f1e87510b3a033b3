// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/rng/philox.hpp"
#include "mcsens/sampling/sampler.hpp"
#include "sampling/lhs_permutation.hpp"
#include "sampling/sobol_directions.hpp"

namespace mcsens {
namespace {

std::vector<double> fill(const Sampler& s, std::uint64_t first, std::size_t n) {
  std::vector<double> out(s.dimensions() * n);
  s.fill(first, n, out.data(), n);
  return out;
}

TEST(Sampler, ParsesKindsAndSuggests) {
  EXPECT_EQ(parse_sampler_kind("mc"), SamplerKind::mc);
  EXPECT_EQ(parse_sampler_kind("sobol"), SamplerKind::sobol);
  EXPECT_EQ(parse_sampler_kind("lhs"), SamplerKind::lhs);
  EXPECT_STREQ(sampler_name(SamplerKind::sobol), "sobol");
  try {
    parse_sampler_kind("sobl");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("did you mean 'sobol'"), std::string::npos) << e.message();
  }
}

TEST(Sampler, RejectsBadArguments) {
  EXPECT_THROW(Sampler(SamplerKind::mc, 1, 0, 10), Error);
  EXPECT_THROW(Sampler(SamplerKind::lhs, 1, 2, 0), Error);
  EXPECT_THROW(Sampler(SamplerKind::sobol, 1, detail::sobol_max_dimensions() + 1, 10), Error);
  EXPECT_THROW(Sampler(SamplerKind::sobol, 1, 2, (1ULL << 32) + 1), Error);
  EXPECT_NO_THROW(Sampler(SamplerKind::sobol, 1, 1000, 1ULL << 32));
}

TEST(Sampler, McIsPhilox) {
  const Sampler s(SamplerKind::mc, 77, 3, 1000);
  const auto out = fill(s, 10, 5);
  for (std::size_t j = 0; j < 3; ++j) {
    for (std::size_t i = 0; i < 5; ++i) {
      EXPECT_EQ(out[j * 5 + i], philox_uniform(77, 10 + i, static_cast<std::uint32_t>(j)));
    }
  }
}

// Any chunking gives the same bits, for every kind: the property the engine's threads, ranks and shards rely on.
TEST(Sampler, ChunksAreIndependentAndInsideTheOpenCube) {
  for (SamplerKind kind : {SamplerKind::mc, SamplerKind::sobol, SamplerKind::lhs}) {
    const Sampler s(kind, 2024, 5, 1000);
    const auto whole = fill(s, 0, 1000);
    std::vector<double> parts(whole.size());
    const std::size_t cuts[] = {0, 1, 333, 334, 700, 1000};
    for (int c = 4; c >= 0; --c) {  // out of order on purpose
      s.fill(cuts[c], cuts[c + 1] - cuts[c], parts.data() + cuts[c], 1000);
    }
    for (std::size_t k = 0; k < whole.size(); ++k) {
      ASSERT_EQ(std::memcmp(&whole[k], &parts[k], sizeof(double)), 0) << sampler_name(kind) << " " << k;
      ASSERT_GT(whole[k], 0.0);
      ASSERT_LT(whole[k], 1.0);
    }
  }
}

TEST(Sampler, SeedChangesEveryDesign) {
  for (SamplerKind kind : {SamplerKind::mc, SamplerKind::sobol, SamplerKind::lhs}) {
    const auto a = fill(Sampler(kind, 1, 2, 64), 0, 64);
    const auto b = fill(Sampler(kind, 2, 2, 64), 0, 64);
    EXPECT_NE(a, b) << sampler_name(kind);
  }
}

TEST(Sampler, MovedSamplerStillWorks) {
  Sampler a(SamplerKind::sobol, 5, 3, 100);
  const auto before = fill(a, 0, 10);
  Sampler b(std::move(a));
  EXPECT_EQ(fill(b, 0, 10), before);
}

// Bratley and Fox (1988), Joe and Kuo (2008): dimension 2 (polynomial x + 1) has m = 1, 3, 5, 15, 17, 51, 85, 255;
// unscrambled points of dimensions 2 and 3 in natural order as tabulated by SciPy's Sobol' (which lists them in
// Gray-code order: 0, 1/2, 1/4, 3/4, 3/8, 7/8, 1/8, 5/8 and 0, 1/2, 1/4, 3/4, 5/8, 1/8, 7/8, 3/8).
TEST(Sobol, DirectionNumbersMatchPublishedValues) {
  const auto v0 = detail::sobol_directions(0);
  for (unsigned k = 0; k < 32; ++k) EXPECT_EQ(v0[k], 1u << (31 - k));
  const auto v1 = detail::sobol_directions(1);
  const std::uint32_t m1[] = {1, 3, 5, 15, 17, 51, 85, 255};
  for (unsigned k = 0; k < 8; ++k) EXPECT_EQ(v1[k], m1[k] << (31 - k)) << k;
  const double gray_order[2][8] = {{0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625},
                                   {0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375}};
  for (std::size_t d = 1; d <= 2; ++d) {
    const auto v = detail::sobol_directions(d);
    for (std::uint32_t i = 0; i < 8; ++i) {
      const std::uint32_t g = i ^ (i >> 1);
      std::uint32_t x = 0;
      for (unsigned k = 0; k < 32; ++k) {
        if ((g >> k) & 1u) x ^= v[k];
      }
      EXPECT_EQ(x * 0x1.0p-32, gray_order[d - 1][i]) << "dim " << d << " point " << i;
    }
  }
}

// The scramble keeps the net property: the first 2^m scrambled points of dimensions (0, 1), which form a
// (0, m, 2)-net unscrambled, still put exactly one point in every elementary box 2^-a x 2^-(m-a).
TEST(Sobol, ScrambledPointsStayA0m2Net) {
  const unsigned m = 10;
  const std::size_t n = std::size_t{1} << m;
  const Sampler s(SamplerKind::sobol, 99, 2, n);
  const auto pts = fill(s, 0, n);
  for (unsigned a = 0; a <= m; ++a) {
    std::vector<int> count(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto bx = static_cast<std::size_t>(std::floor(pts[i] * std::ldexp(1.0, static_cast<int>(a))));
      const auto by = static_cast<std::size_t>(std::floor(pts[n + i] * std::ldexp(1.0, static_cast<int>(m - a))));
      count[(bx << (m - a)) | by]++;
    }
    for (std::size_t b = 0; b < n; ++b) ASSERT_EQ(count[b], 1) << "a = " << a << " box " << b;
  }
}

TEST(Lhs, EveryStratumOfEveryDimensionHoldsOnePoint) {
  for (std::uint64_t n : {1ULL, 2ULL, 3ULL, 7ULL, 1000ULL, 4099ULL}) {
    const Sampler s(SamplerKind::lhs, 31 + n, 4, n);
    const auto pts = fill(s, 0, static_cast<std::size_t>(n));
    for (std::size_t j = 0; j < 4; ++j) {
      std::vector<int> count(n, 0);
      for (std::size_t i = 0; i < n; ++i) {
        const double x = pts[j * n + i];
        ASSERT_GT(x, 0.0);
        ASSERT_LT(x, 1.0);
        count[static_cast<std::size_t>(x * static_cast<double>(n))]++;
      }
      for (std::uint64_t k = 0; k < n; ++k) ASSERT_EQ(count[k], 1) << "n " << n << " dim " << j << " stratum " << k;
    }
  }
}

TEST(Lhs, KeyedPermutationIsABijection) {
  for (std::uint64_t n : {1ULL, 2ULL, 5ULL, 16ULL, 17ULL, 1000ULL, 65537ULL}) {
    const detail::KeyedPermutation perm(12345 + n, n);
    std::vector<char> hit(n, 0);
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::uint64_t y = perm(i);
      ASSERT_LT(y, n);
      ASSERT_EQ(hit[y], 0) << "n " << n << ": " << y << " hit twice";
      hit[y] = 1;
    }
  }
  // Different keys give different permutations.
  const detail::KeyedPermutation a(1, 1000), b(2, 1000);
  int same = 0;
  for (std::uint64_t i = 0; i < 1000; ++i) same += a(i) == b(i) ? 1 : 0;
  EXPECT_LT(same, 20);
}

// Randomized QMC: R interleaved replicates. Point j * R + r of fill() is point j of replicate r, replicate 0 is the
// one-replicate design of the same seed, replicates differ, and any chunking gives the same bits.
TEST(Sampler, ReplicatesInterleaveIndependentScrambles) {
  const std::size_t R = 8, per = 64, dims = 3;
  const Sampler s(SamplerKind::sobol, 99, dims, R * per, R);
  EXPECT_EQ(s.replicates(), R);
  const auto whole = fill(s, 0, R * per);
  const auto single = fill(Sampler(SamplerKind::sobol, 99, dims, per), 0, per);
  for (std::size_t r = 0; r < R; ++r) {
    std::vector<double> own(dims * per);
    s.fill_replicate(r, 0, per, own.data(), per);
    for (std::size_t d = 0; d < dims; ++d) {
      for (std::size_t j = 0; j < per; ++j) {
        ASSERT_EQ(whole[d * R * per + j * R + r], own[d * per + j]) << r << " " << d << " " << j;
        if (r == 0) {
          ASSERT_EQ(own[d * per + j], single[d * per + j]);
        }
      }
    }
    if (r > 0) {
      std::vector<double> zero(dims * per);
      s.fill_replicate(0, 0, per, zero.data(), per);
      EXPECT_NE(own, zero) << r;
    }
  }
  std::vector<double> parts(whole.size());
  const std::size_t cuts[] = {0, 3, 8, 13, 200, 511, 512};
  for (int c = 5; c >= 0; --c) s.fill(cuts[c], cuts[c + 1] - cuts[c], parts.data() + cuts[c], R * per);
  EXPECT_EQ(std::memcmp(whole.data(), parts.data(), whole.size() * sizeof(double)), 0);
}

// Each replicate is a whole scrambled net: its first 2^m points put exactly one point in each of the 2^m
// elementary intervals [k 2^-m, (k + 1) 2^-m) of every coordinate (a (0, m, 1)-net in each dimension).
TEST(Sampler, EachReplicateIsANet) {
  const std::size_t R = 4, per = 256, dims = 5;
  const Sampler s(SamplerKind::sobol, 7, dims, R * per, R);
  for (std::size_t r = 0; r < R; ++r) {
    std::vector<double> own(dims * per);
    s.fill_replicate(r, 0, per, own.data(), per);
    for (std::size_t d = 0; d < dims; ++d) {
      std::vector<int> hits(per, 0);
      for (std::size_t j = 0; j < per; ++j) ++hits[static_cast<std::size_t>(own[d * per + j] * per)];
      EXPECT_EQ(std::count(hits.begin(), hits.end(), 1), static_cast<long>(per)) << r << " " << d;
    }
  }
}

TEST(Sampler, ReplicatesAreCheckedAndSizesRounded) {
  EXPECT_THROW(Sampler(SamplerKind::mc, 1, 2, 64, 4), Error);     // replicates are a sobol design
  EXPECT_THROW(Sampler(SamplerKind::sobol, 1, 2, 66, 4), Error);  // not a multiple
  EXPECT_THROW(Sampler(SamplerKind::sobol, 1, 2, 64, 0), Error);
  EXPECT_NO_THROW(Sampler(SamplerKind::sobol, 1, 2, 32ULL << 32, 32));  // 2^32 per replicate
  EXPECT_THROW(Sampler(SamplerKind::sobol, 1, 2, (32ULL << 32) + 32, 32), Error);
  EXPECT_EQ(replicated_sobol_size(1000000, 32), 32u * 32768u);
  EXPECT_EQ(replicated_sobol_size(32 * 1024, 32), 32u * 1024u);
  EXPECT_EQ(replicated_sobol_size(1, 16), 16u);
  EXPECT_EQ(replicated_sobol_size(33, 16), 64u);
  EXPECT_THROW(replicated_sobol_size((32ULL << 32) + 1, 32), Error);
}

}  // namespace
}  // namespace mcsens
