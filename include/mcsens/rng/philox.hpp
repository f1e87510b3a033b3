// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

namespace mcsens {

// Counter-based uniforms from Philox4x32-10 (Random123, Salmon et al. 2011).
// The value for (seed, draw, dim) depends on those three numbers only: any chunk of draws can be generated on any
// thread or rank, in any order, with the same bits.
//
// Range: a double with 53 random bits, strictly inside (0, 1): never 0.0, never 1.0 (they feed inverse CDFs).

double philox_uniform(std::uint64_t seed, std::uint64_t draw, std::uint32_t dim);

// out[i] = philox_uniform(seed, first_draw + i, dim) for i < n, bit for bit; a loop the compiler vectorizes.
void philox_fill_uniform(std::uint64_t seed, std::uint64_t first_draw, std::size_t n, std::uint32_t dim, double* out);

}  // namespace mcsens
