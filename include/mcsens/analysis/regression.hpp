// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace mcsens {

// Regression-based sensitivity from a plain Monte Carlo sample (the uncertainty draws). The engine passes the first
// kRegressionSampleCap draws in draw order (so the sample, hence the result, does not depend on threads or ranks).
constexpr std::size_t kRegressionSampleCap = 100000;

struct RegressionResult {
  std::size_t k = 0;
  std::size_t n = 0;             // rows used
  std::size_t dropped_rows = 0;  // rows with a non-finite input or output
  // Standardized regression coefficients: least squares of (y - mean y)/sd y on the standardized inputs;
  // src_i = b_i sd_i / sd_y. NaN for a constant input (left out of the fit) and everywhere when y is constant.
  std::vector<double> src;
  double r_squared = 0.0;  // of that linear model: how much of var y the SRC describe (SRC are meaningful near 1)
  // Partial rank correlation coefficients (Iman & Conover 1987; Marino et al. 2008, J. Theor. Biol. 254:178):
  // correlation of the residuals of rank(x_i) and rank(y), each regressed on the ranks of the other (non-constant)
  // inputs; average ranks for ties. NaN for a constant input, when y is constant, or when rank(x_i) is fully
  // explained by the other inputs.
  std::vector<double> prcc;
};

// x: row-major n x k (x[r * k + i]); y: n values. Needs n > k + 1 finite rows for meaningful values (NaN otherwise).
// Pure; cost O(n k^3) for PRCC (one QR per input).
RegressionResult regression_indices(const double* x, std::size_t n, std::size_t k, const double* y);

// Ranks 1..n of v with ties given their average rank (the "mid-rank" of Iman & Conover).
std::vector<double> average_ranks(const double* v, std::size_t n);

}  // namespace mcsens
