// SPDX-License-Identifier: MIT
#include "mcsens/rng/philox.hpp"

#include "mcsens/rng/philox_raw.hpp"

#if defined(__AVX512F__) && defined(__AVX512DQ__)
// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*() (a self-initialized variable), which
// -Wmaybe-uninitialized reports where they are inlined: a known false positive, silenced for this file's kernel.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#define MCSENS_PHILOX_AVX512 1
#endif

namespace mcsens {

// Stream layout: key = (low, high) 32-bit halves of the seed; counter = (pair low, pair high, dim, 0) with
// pair = draw / 2. Words 0-1 of the output give draw 2*pair, words 2-3 give draw 2*pair + 1. So one Philox call
// serves two draws, and the value still depends on (seed, draw, dim) only.
namespace {

inline void philox_pair(std::uint64_t pair, std::uint32_t dim, std::uint32_t k0, std::uint32_t k1, double& even,
                        double& odd) {
  std::uint32_t c0 = static_cast<std::uint32_t>(pair);
  std::uint32_t c1 = static_cast<std::uint32_t>(pair >> 32);
  std::uint32_t c2 = dim;
  std::uint32_t c3 = 0;
  detail::philox4x32_10(c0, c1, c2, c3, k0, k1);
  even = detail::bits_to_open_unit(c0, c1);
  odd = detail::bits_to_open_unit(c2, c3);
}

}  // namespace

double philox_uniform(std::uint64_t seed, std::uint64_t draw, std::uint32_t dim) {
  double even = 0.0;
  double odd = 0.0;
  philox_pair(draw >> 1, dim, static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32), even, odd);
  return (draw & 1u) != 0 ? odd : even;
}

namespace {

// Draws 2 pair .. 2 pair + 1 for pair = (pair0 + p) & (2^63 - 1), p < pairs, into dst[2p], dst[2p + 1]: the portable
// path, a straight loop over independent counters that the compiler vectorizes (checked with -fopt-info-vec).
void fill_pairs(std::uint64_t pair0, std::size_t pairs, std::uint32_t dim, std::uint32_t k0, std::uint32_t k1,
                double* dst) {
  for (std::size_t p = 0; p < pairs; ++p) {
    const std::uint64_t pair = (pair0 + p) & 0x7fffffffffffffffULL;  // draws wrap modulo 2^64 as in philox_uniform
    std::uint32_t c0 = static_cast<std::uint32_t>(pair);
    std::uint32_t c1 = static_cast<std::uint32_t>(pair >> 32);
    std::uint32_t c2 = dim;
    std::uint32_t c3 = 0;
    detail::philox4x32_10(c0, c1, c2, c3, k0, k1);
    dst[2 * p] = detail::bits_to_open_unit(c0, c1);
    dst[2 * p + 1] = detail::bits_to_open_unit(c2, c3);
  }
}

#ifdef MCSENS_PHILOX_AVX512
// The same as fill_pairs for the first pairs / 32 * 32 pairs, in AVX-512 (chosen by -march=native); returns how many
// it wrote. GCC vectorizes fill_pairs in 256-bit lanes with a permute per product; here each counter word is a
// 64-bit lane of which only the low 32 bits count: vpmuludq reads just those, a product's high word is a shift,
// and the bits above 32 that the XORs carry are never read, until the words are masked for the conversion. Four
// independent groups of 8 pairs hide the multiplier's latency. Integer arithmetic: the same bits as fill_pairs.
std::size_t fill_pairs_avx512(std::uint64_t pair0, std::size_t pairs, std::uint32_t dim, std::uint32_t k0,
                              std::uint32_t k1, double* dst) {
  constexpr int kGroups = 4;
  constexpr std::size_t kPairs = 8 * kGroups;
  const __m512i m0 = _mm512_set1_epi64(detail::kPhiloxM0);
  const __m512i m1 = _mm512_set1_epi64(detail::kPhiloxM1);
  const __m512i low32 = _mm512_set1_epi64(0xffffffffLL);
  const __m512i wrap = _mm512_set1_epi64(0x7fffffffffffffffLL);
  const __m512i lane = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
  const __m512i even_index = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
  const __m512i odd_index = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
  const __m512d scale = _mm512_set1_pd(0x1.0p-53);
  const __m512d floor = _mm512_set1_pd(0x1.0p-54);
  __m512i key0[10];
  __m512i key1[10];
  for (std::uint32_t r = 0; r < 10; ++r) {
    key0[r] = _mm512_set1_epi64(static_cast<std::uint32_t>(k0 + r * detail::kPhiloxW0));
    key1[r] = _mm512_set1_epi64(static_cast<std::uint32_t>(k1 + r * detail::kPhiloxW1));
  }
  const auto to_unit = [&](__m512i hi, __m512i lo) {
    const __m512i k = _mm512_or_si512(_mm512_slli_epi64(_mm512_and_si512(hi, low32), 21),
                                      _mm512_srli_epi64(_mm512_and_si512(lo, low32), 11));
    return _mm512_max_pd(_mm512_mul_pd(_mm512_cvtepi64_pd(k), scale), floor);
  };
  std::size_t p = 0;
  for (; p + kPairs <= pairs; p += kPairs) {
    __m512i c0[kGroups];
    __m512i c1[kGroups];
    __m512i c2[kGroups];
    __m512i c3[kGroups];
    for (int g = 0; g < kGroups; ++g) {
      const __m512i first = _mm512_set1_epi64(static_cast<long long>(pair0 + p + 8 * static_cast<std::size_t>(g)));
      c0[g] = _mm512_and_si512(_mm512_add_epi64(first, lane), wrap);
      c1[g] = _mm512_srli_epi64(c0[g], 32);
      c2[g] = _mm512_set1_epi64(dim);
      c3[g] = _mm512_setzero_si512();
    }
    for (int r = 0; r < 10; ++r) {
      for (int g = 0; g < kGroups; ++g) {
        const __m512i p0 = _mm512_mul_epu32(m0, c0[g]);
        const __m512i p1 = _mm512_mul_epu32(m1, c2[g]);
        c0[g] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1[g], key0[r], 0x96);  // a ^ b ^ c
        c2[g] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3[g], key1[r], 0x96);
        c1[g] = p1;
        c3[g] = p0;
      }
    }
    for (int g = 0; g < kGroups; ++g) {
      const __m512d even = to_unit(c0[g], c1[g]);  // draw 2 pair
      const __m512d odd = to_unit(c2[g], c3[g]);   // draw 2 pair + 1
      double* out = dst + 2 * (p + 8 * static_cast<std::size_t>(g));
      _mm512_storeu_pd(out, _mm512_permutex2var_pd(even, even_index, odd));
      _mm512_storeu_pd(out + 8, _mm512_permutex2var_pd(even, odd_index, odd));
    }
  }
  return p;
}
#pragma GCC diagnostic pop
#endif

}  // namespace

void philox_fill_uniform(std::uint64_t seed, std::uint64_t first_draw, std::size_t n, std::uint32_t dim, double* out) {
  if (n == 0) return;
  const std::uint32_t k0 = static_cast<std::uint32_t>(seed);
  const std::uint32_t k1 = static_cast<std::uint32_t>(seed >> 32);
  std::size_t i = 0;
  if ((first_draw & 1u) != 0) {  // odd start: the second half of a pair
    out[0] = philox_uniform(seed, first_draw, dim);
    i = 1;
  }
  // Whole pairs: draws first_draw + i and + i + 1 with (first_draw + i) even.
  const std::uint64_t pair0 = (first_draw + i) >> 1;
  const std::size_t pairs = (n - i) / 2;
  std::size_t done = 0;
#ifdef MCSENS_PHILOX_AVX512
  done = fill_pairs_avx512(pair0, pairs, dim, k0, k1, out + i);
#endif
  fill_pairs(pair0 + done, pairs - done, dim, k0, k1, out + i + 2 * done);
  i += 2 * pairs;
  if (i < n) out[i] = philox_uniform(seed, first_draw + i, dim);
}

}  // namespace mcsens
