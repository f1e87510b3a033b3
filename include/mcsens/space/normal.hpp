// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>

namespace mcsens {
namespace detail {

// Standard normal quantile by Wichura's AS241 (PPND16, Applied Statistics 37, 1988), relative accuracy about
// 1e-16. p strictly inside (0, 1).
double normal_quantile(double p);

// z[i] = normal_quantile(p[i]) for i < n, bit for bit. The central branch (|p - 0.5| <= 0.425, 85% of the mass)
// runs as a vectorized loop over the block; the tails, which need log and sqrt, are fixed up in a second pass.
void normal_quantile_block(const double* p, double* z, std::size_t n);

// Standard normal CDF, Phi(z) = erfc(-z / sqrt 2) / 2.
double normal_cdf(double z);

}  // namespace detail
}  // namespace mcsens
