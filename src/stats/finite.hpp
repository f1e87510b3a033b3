// SPDX-License-Identifier: MIT
// Internal helpers of the accumulators: finiteness tests on the bit pattern (branch-free and vectorizable,
// unlike std::isfinite under some flags).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mcsens::detail {

constexpr std::uint64_t kExponentMask = 0x7ff0000000000000ULL;

// True for every finite double, false for +-inf and NaN (all exponent bits set).
inline bool is_finite_bits(double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits & kExponentMask) != kExponentMask;
}

// The number of finite values in x[0..n), as an integer reduction the compiler vectorizes.
inline std::uint64_t count_finite(const double* x, std::size_t n) {
  std::uint64_t finite = 0;
  for (std::size_t i = 0; i < n; ++i) finite += is_finite_bits(x[i]) ? 1 : 0;
  return finite;
}

}  // namespace mcsens::detail
