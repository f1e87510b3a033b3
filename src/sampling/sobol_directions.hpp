// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace mcsens {
namespace detail {

// How many Sobol' dimensions the shipped Joe-Kuo table provides (3667).
std::size_t sobol_max_dimensions();

// Unscrambled direction numbers of dimension dim (0-based; dimension 0 is the van der Corput sequence):
// V[k] is the 32-bit contribution of bit k of the Gray-coded point index.
std::array<std::uint32_t, 32> sobol_directions(std::size_t dim);

}  // namespace detail
}  // namespace mcsens
