// SPDX-License-Identifier: MIT
#include "mcsens/rng/philox.hpp"

#include "mcsens/rng/philox_raw.hpp"

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

void philox_fill_uniform(std::uint64_t seed, std::uint64_t first_draw, std::size_t n, std::uint32_t dim, double* out) {
  if (n == 0) return;
  const std::uint32_t k0 = static_cast<std::uint32_t>(seed);
  const std::uint32_t k1 = static_cast<std::uint32_t>(seed >> 32);
  std::size_t i = 0;
  if ((first_draw & 1u) != 0) {  // odd start: the second half of a pair
    out[0] = philox_uniform(seed, first_draw, dim);
    i = 1;
  }
  // Whole pairs: draws first_draw + i and + i + 1 with (first_draw + i) even. A straight loop over independent
  // counters, vectorized by the compiler (checked with -fopt-info-vec).
  const std::uint64_t pair0 = (first_draw + i) >> 1;
  const std::size_t pairs = (n - i) / 2;
  double* dst = out + i;
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
  i += 2 * pairs;
  if (i < n) out[i] = philox_uniform(seed, first_draw + i, dim);
}

}  // namespace mcsens
