// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace mcsens {

// First-order Sobol' indices from one i.i.d. sample of inputs and an output, with no design (issue 21: sensitivity
// from data you already have), by ranks: Gamboa, Klein & Lagnoux (2022), "Global sensitivity analysis: a novel
// generation of mighty estimators based on rank statistics", Bernoulli 28(4):2345-2374, after Chatterjee's (2021,
// J. Am. Stat. Assoc. 116:2009-2022) rank correlation. Sorted by x_i, neighbouring draws have nearly the same x_i and
// otherwise independent inputs, so the products of their centred outputs average to Var(E[Y | X_i]):
//
//   S_i = [1/(n-1) sum_{r=1}^{n-1} (y_(r) - m)(y_(r+1) - m)] / [1/n sum_j (y_j - m)^2],   m = mean of y,
//
// y_(r) the output of the draw with the r-th smallest x_i. Consistent for any measurable model and independent
// inputs, with an error of order n^{-1/2}; the estimate can be slightly negative for an input without influence.
// Ties in x_i keep the draws' order (a stable sort): the result depends on the data only. O(k n log n).
struct RankFirstOrder {
  std::vector<double> S1;        // one per input; NaN for all when y does not vary or fewer than 3 rows are left
  std::size_t n = 0;             // rows used
  std::size_t dropped_rows = 0;  // rows with a non-finite input or output, left out
};

// x: row-major n x k (x[r * k + i]), as regression_indices takes it; y: n values.
RankFirstOrder rank_first_order(const double* x, std::size_t n, std::size_t k, const double* y);

}  // namespace mcsens
