// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <Random123/philox.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "mcsens/rng/philox_raw.hpp"
#include "mcsens/rng/resampling_stream.hpp"

namespace mcsens {
namespace detail {
double binomial_log_pmf_ratio(double n, double p, double m, double k);
}  // namespace detail
namespace {

std::array<std::uint64_t, 4> ours64(std::array<std::uint64_t, 4> c, std::uint64_t k0, std::uint64_t k1) {
  detail::philox4x64_10(c.data(), k0, k1);
  return c;
}

// Known-answer vectors of Random123's kat_vectors file (philox4x64 10 rounds).
TEST(Philox4x64, KnownAnswerVectors) {
  EXPECT_EQ(ours64({0, 0, 0, 0}, 0, 0), (std::array<std::uint64_t, 4>{0x16554d9eca36314cull, 0xdb20fe9d672d0fdcull,
                                                                      0xd7e772cee186176bull, 0x7e68b68aec7ba23bull}));
  const std::uint64_t ones = ~std::uint64_t{0};
  EXPECT_EQ(ours64({ones, ones, ones, ones}, ones, ones),
            (std::array<std::uint64_t, 4>{0x87b092c3013fe90bull, 0x438c3c67be8d0224ull, 0x9cc7d7c69cd777b6ull,
                                          0xa09caebf594f0ba0ull}));
  EXPECT_EQ(ours64({0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull, 0x082efa98ec4e6c89ull},
                   0x452821e638d01377ull, 0xbe5466cf34e90c6cull),
            (std::array<std::uint64_t, 4>{0xa528f45403e61d95ull, 0x38c72dbd566e9788ull, 0xa5a1610e72fd18b5ull,
                                          0x57bd43b5e52b7fe6ull}));
}

TEST(Philox4x64, RoundsEqualRandom123) {
  r123::Philox4x64 reference;
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state;
  };
  for (int trial = 0; trial < 1000; ++trial) {
    r123::Philox4x64::ctr_type ctr = {{next(), next(), next(), next()}};
    r123::Philox4x64::key_type key = {{next(), next()}};
    const auto want = reference(ctr, key);
    const auto got = ours64({ctr[0], ctr[1], ctr[2], ctr[3]}, key[0], key[1]);
    for (std::size_t w = 0; w < 4; ++w) ASSERT_EQ(got[w], want[w]) << "trial " << trial;
  }
}

TEST(ResamplingStream, WordsAreTheDocumentedFunctionOfSeedPurposeIndexSubindex) {
  ResamplingStream g(7, resampling_purpose::kSobolBootstrapRows, 11, 13);
  for (std::uint64_t block = 0; block < 3; ++block) {
    const auto want = ours64({block, 11, 13, 0}, 7, resampling_purpose::kSobolBootstrapRows);
    for (std::size_t w = 0; w < 4; ++w) {
      EXPECT_EQ(g.next_u32(), static_cast<std::uint32_t>(want[w]));
      EXPECT_EQ(g.next_u32(), static_cast<std::uint32_t>(want[w] >> 32));
    }
  }
  // Each of the four keys matters; the same key gives the same words.
  auto first = [](std::uint64_t s, std::uint64_t p, std::uint64_t i, std::uint64_t j) {
    return ResamplingStream(s, p, i, j).next_u64();
  };
  const std::uint64_t base = first(1, 2, 3, 4);
  EXPECT_EQ(first(1, 2, 3, 4), base);
  EXPECT_NE(first(0, 2, 3, 4), base);
  EXPECT_NE(first(1, 1, 3, 4), base);
  EXPECT_NE(first(1, 2, 2, 4), base);
  EXPECT_NE(first(1, 2, 3, 3), base);
}

TEST(ResamplingStream, DrawsStayInTheirRanges) {
  ResamplingStream g(3, 9, 0);
  for (int i = 0; i < 10000; ++i) {
    const double u = g.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    ASSERT_LT(g.below(7), 7u);
    ASSERT_LT(g.below_u64(std::uint64_t{3} << 62), std::uint64_t{3} << 62);
    ASSERT_LE(g.binomial(50, 0.3), 50u);
  }
  EXPECT_EQ(g.below(1), 0u);
  EXPECT_EQ(g.below_u64(1), 0u);
  // fill_below16: the documented function of the words (16-bit halves, low first, whole blocks).
  std::vector<std::uint32_t> got(21);
  ResamplingStream(4, 5, 6).fill_below16(4096, got.data(), got.size());
  ResamplingStream words(4, 5, 6);
  for (std::size_t i = 0; i < got.size(); i += 2) {
    const std::uint32_t w = words.next_u32();
    EXPECT_EQ(got[i], ((w & 0xffffu) * 4096u) >> 16);
    if (i + 1 < got.size()) {
      EXPECT_EQ(got[i + 1], ((w >> 16) * 4096u) >> 16);
    }
  }
  std::vector<std::uint32_t> odd(5000);
  ResamplingStream(4, 5, 7).fill_below16(3001, odd.data(), odd.size());
  for (std::uint32_t v : odd) ASSERT_LT(v, 3001u);
  EXPECT_THROW(ResamplingStream(1, 1, 1).fill_below16(70000, odd.data(), 1), std::invalid_argument);
}

// The acceptance test of BTRS: log(f(k) / f(m)) from Stirling's series against the same from lgamma (long double,
// so that its own cancellation of terms of size n log n stays below 1e-12 for these n).
TEST(ResamplingStream, BinomialLogPmfRatioMatchesLgamma) {
  auto exact = [](double n, double p, double m, double k) {
    const long double N = n;
    const long double M = m;
    const long double K = k;
    const long double r = std::lgamma(M + 1.0L) + std::lgamma(N - M + 1.0L) - std::lgamma(K + 1.0L) -
                          std::lgamma(N - K + 1.0L) + (K - M) * std::log(static_cast<long double>(p) / (1.0L - p));
    return static_cast<double>(r);
  };
  for (const double n : {20.0, 1000.0, 70000.0, 524288.0}) {
    for (const double p : {0.5, 0.05, 4096.0 / 524288.0}) {
      if (n * p < 10.0) continue;
      const double m = std::floor((n + 1.0) * p);
      for (const double k : {0.0, 3.0, 9.0, 10.0, m - 7.0, m, m + 1.0, m + 25.0, std::min(n, 3.0 * m), n}) {
        if (k < 0.0 || k > n) continue;
        const double want = exact(n, p, m, k);
        EXPECT_NEAR(detail::binomial_log_pmf_ratio(n, p, m, k), want, 1e-11 * std::max(1.0, std::fabs(want)))
            << "n " << n << " p " << p << " k " << k;
      }
    }
  }
}

TEST(ResamplingStream, BinomialEdgesAndDeterminism) {
  ResamplingStream g(1, 2, 3);
  EXPECT_EQ(g.binomial(0, 0.4), 0u);
  EXPECT_EQ(g.binomial(17, 0.0), 0u);
  EXPECT_EQ(g.binomial(17, 1.0), 17u);
  EXPECT_THROW(g.binomial(std::uint64_t{1} << 53, 0.5), std::invalid_argument);
  ResamplingStream a(8, 1, 4);
  ResamplingStream b(8, 1, 4);
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t n = 1 + static_cast<std::uint64_t>(i) * 37;
    const double p = 0.001 * (i % 999 + 1);
    ASSERT_EQ(a.binomial(n, p), b.binomial(n, p)) << i;
  }
}

}  // namespace
}  // namespace mcsens
