// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <Random123/philox.h>

#include <cstring>
#include <vector>

#include "mcsens/rng/philox.hpp"
#include "mcsens/rng/philox_raw.hpp"

namespace mcsens {
namespace {

std::uint64_t bits(double x) {
  std::uint64_t b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

detail::Philox4 ours(std::uint32_t c0, std::uint32_t c1, std::uint32_t c2, std::uint32_t c3, std::uint32_t k0,
                     std::uint32_t k1) {
  return detail::philox4x32_10(detail::Philox4{{c0, c1, c2, c3}}, k0, k1);
}

// Known-answer vectors of Random123's kat_vectors file (philox4x32 10 rounds).
TEST(Philox, KnownAnswerVectors) {
  auto a = ours(0, 0, 0, 0, 0, 0);
  EXPECT_EQ(a.v[0], 0x6627e8d5u);
  EXPECT_EQ(a.v[1], 0xe169c58du);
  EXPECT_EQ(a.v[2], 0xbc57ac4cu);
  EXPECT_EQ(a.v[3], 0x9b00dbd8u);
  auto b = ours(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu);
  EXPECT_EQ(b.v[0], 0x408f276du);
  EXPECT_EQ(b.v[1], 0x41c83b0eu);
  EXPECT_EQ(b.v[2], 0xa20bc7c6u);
  EXPECT_EQ(b.v[3], 0x6d5451fdu);
  auto c = ours(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u);
  EXPECT_EQ(c.v[0], 0xd16cfe09u);
  EXPECT_EQ(c.v[1], 0x94fdccebu);
  EXPECT_EQ(c.v[2], 0x5001e420u);
  EXPECT_EQ(c.v[3], 0x24126ea1u);
}

TEST(Philox, RoundsEqualRandom123) {
  r123::Philox4x32 reference;
  std::uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state;
  };
  for (int trial = 0; trial < 1000; ++trial) {
    r123::Philox4x32::ctr_type ctr = {{next(), next(), next(), next()}};
    r123::Philox4x32::key_type key = {{next(), next()}};
    const auto want = reference(ctr, key);
    const auto got = ours(ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1]);
    for (int w = 0; w < 4; ++w) ASSERT_EQ(got.v[w], want[static_cast<std::size_t>(w)]) << "trial " << trial;
  }
}

TEST(Philox, OpenUnitConversionNeverHitsZeroOrOne) {
  EXPECT_EQ(detail::bits_to_open_unit(0, 0), 0x1.0p-54);
  EXPECT_EQ(detail::bits_to_open_unit(0, 0x7ffu), 0x1.0p-54);  // the low 11 bits are dropped
  EXPECT_EQ(detail::bits_to_open_unit(0, 0x800u), 0x1.0p-53);
  EXPECT_EQ(detail::bits_to_open_unit(0xffffffffu, 0xffffffffu), 1.0 - 0x1.0p-53);
  EXPECT_LT(detail::bits_to_open_unit(0xffffffffu, 0xffffffffu), 1.0);
  EXPECT_EQ(detail::bits_to_open_unit(0x80000000u, 0), 0.5);
}

TEST(Philox, UniformIsTheDocumentedFunctionOfSeedDrawDim) {
  // draw 2p uses words 0-1 and draw 2p + 1 words 2-3 of Philox(counter (p, 0 hi, dim, 0), key = seed halves).
  const std::uint64_t seed = 0x0123456789abcdefULL;
  const std::uint64_t draw = 2 * 777 + 1;
  const auto r = ours(777, 0, 5, 0, 0x89abcdefu, 0x01234567u);
  EXPECT_EQ(bits(philox_uniform(seed, draw, 5)), bits(detail::bits_to_open_unit(r.v[2], r.v[3])));
  EXPECT_EQ(bits(philox_uniform(seed, draw - 1, 5)), bits(detail::bits_to_open_unit(r.v[0], r.v[1])));
}

TEST(Philox, FillEqualsScalarBitForBit) {
  for (std::uint64_t first : {0ULL, 1ULL, 2ULL, 12345ULL, 0xfffffffffULL, 0xffffffffffffff00ULL}) {
    for (std::size_t n : {0, 1, 2, 3, 17, 1024, 1031}) {
      std::vector<double> out(n + 1, -1.0);
      philox_fill_uniform(42, first, n, 7, out.data());
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(bits(out[i]), bits(philox_uniform(42, first + i, 7))) << first << " " << n << " " << i;
        ASSERT_GT(out[i], 0.0);
        ASSERT_LT(out[i], 1.0);
      }
      EXPECT_EQ(out[n], -1.0) << "wrote past the end";
    }
  }
}

TEST(Philox, ChunksInAnyOrderGiveTheSameBits) {
  std::vector<double> whole(1000), pieces(1000);
  philox_fill_uniform(9, 100, 1000, 3, whole.data());
  philox_fill_uniform(9, 100 + 501, 499, 3, pieces.data() + 501);
  philox_fill_uniform(9, 100 + 0, 7, 3, pieces.data());
  philox_fill_uniform(9, 100 + 7, 494, 3, pieces.data() + 7);
  for (std::size_t i = 0; i < whole.size(); ++i) ASSERT_EQ(bits(whole[i]), bits(pieces[i])) << i;
}

TEST(Philox, SeedDrawAndDimAllMatter) {
  const double base = philox_uniform(1, 10, 0);
  EXPECT_NE(base, philox_uniform(2, 10, 0));
  EXPECT_NE(base, philox_uniform(1, 11, 0));
  EXPECT_NE(base, philox_uniform(1, 10, 1));
  EXPECT_NE(base, philox_uniform(1ULL << 32 | 1, 10, 0));    // the seed's high half is part of the key
  EXPECT_NE(base, philox_uniform(1, 10 + (2ULL << 32), 0));  // so is the draw's high half
}

}  // namespace
}  // namespace mcsens
