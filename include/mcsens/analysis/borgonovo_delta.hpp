// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace mcsens {

// Borgonovo's moment-independent delta from one i.i.d. sample, with no design (issue 21): how far, on average over
// X_i, knowing X_i moves the whole distribution of Y,
//
//   delta_i = 1/2 E_{X_i} [ integral |f_Y(y) - f_{Y|X_i}(y)| dy ]        (Borgonovo 2007, Reliab. Eng. Syst. Saf. 92)
//
// 0 when Y is independent of X_i, 1 at most. Given-data estimation after Plischke, Borgonovo & Smith (2013), "Global
// sensitivity measures from given data", Eur. J. Oper. Res. 226:536-550: the draws, sorted by x_i, fall into M
// classes of equal count, and delta_i is the classes' weighted mean distance between the output's distribution in a
// class and over all draws. What is ours, and why:
//   - The output is replaced by its normal scores Phi^-1((rank - 1/2) / n), tied values sharing their mid-rank:
//     delta is unchanged by any increasing transform of Y, and on this scale the densities are smooth and unbounded
//     outputs have no far tails, so one grid of 512 bins serves every output.
//   - The absolute difference of two estimated densities is biased upward by their noise (about 0.02 for an input
//     without influence at 10^5 draws, whatever the bandwidth), so the distance is cross-fitted instead: one half
//     of the draws (those at even positions in x_i order) estimates where a class's density exceeds the overall one
//     (Gaussian kernels, Silverman's bandwidth), the other half measures, with plain counts, how much more
//     probability the class puts there, and the halves swap. Half the total variation, 1/2 integral |f - g|, is the
//     largest difference in probability f and g give one set, so this measure is unbiased for a value at most the
//     true one: 0 in expectation for an input without influence; below the true value by what the estimated set
//     misses, which shrinks as n grows.
//   - M = ceil(n^(1/3)) classes (Plischke et al. take a fixed range of classes). Each class is measured in 8 pieces,
//     each with the set interpolated between the neighbouring classes' centres: the conditional distribution is then
//     smoothed over a piece's span of x_i rather than a class's.
//   For Y = X_1 + 2 X_2 + 0 X_3 with standard normal inputs the estimate is off by -0.0015, -0.0013, +0.0002 at
//   2^16 draws (delta = 0.160, 0.505, 0); analyze_data corrects most of that from 16 batches
//   (docs/methods-sensitivity.md).
// Ties in x_i keep the draws' order (a stable sort): the result depends on the data only. O(k n log n) time, O(n)
// memory per input.
struct BorgonovoDelta {
  std::vector<double> delta;     // one per input; NaN for all when y takes one value or fewer than 16 rows are left
  std::size_t classes = 0;       // M
  std::size_t n = 0;             // rows used
  std::size_t dropped_rows = 0;  // rows with a non-finite input or output, left out
};

// x: row-major n x k (x[r * k + i]); y: n values.
BorgonovoDelta borgonovo_delta(const double* x, std::size_t n, std::size_t k, const double* y);

}  // namespace mcsens
