// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace mcsens {

// PAWN indices from one i.i.d. sample, with no design (issue 21): Pianosi & Wagener (2015), "A simple and efficient
// method for global sensitivity analysis based on cumulative distribution functions", Environ. Model. Softw.
// 67:1-11, in the given-data form of Pianosi & Wagener (2018), "Distribution-based sensitivity analysis from a
// generic input-output sample", Environ. Model. Softw. 108:197-207. The draws, sorted by x_i, fall into `classes`
// conditioning intervals of equal count (10 by default, as there); in each class c the Kolmogorov-Smirnov distance
// between the output's empirical CDF over all draws and over the class,
//
//   KS_c = max_y |F_n(y) - F_c(y)|,
//
// and the index is a statistic of KS_1..KS_M: their median (the PAWN index of both papers), mean or maximum, in
// [0, 1]. So estimated (`published_*`), an input without influence does not give 0 but a noise floor
// (pawn_null_level), and a weak one is overstated by about as much. The other statistics are cross-fitted, as
// borgonovo_delta is: half of a class's draws and of all draws (even positions in x_i order) find where and with
// which sign their distance peaks, the other half reads the signed distance there, and the halves swap. That is
// unbiased for the distance at the chosen point, at most KS_c: 0 in expectation for an input without influence,
// and low elsewhere by what the chosen point misses (docs/methods-sensitivity.md). Ties in x_i keep the draws' order,
// tied outputs step the CDFs together. O(k n log n) time, O(n) memory.
struct Pawn {
  std::vector<double> median, mean, max;  // cross-fitted; one per input; NaN when y takes one value or too few rows
  std::vector<double> published_median, published_mean, published_max;  // max_y |F_n - F_c| as published
  std::size_t classes = 0;
  std::size_t n = 0;             // rows used
  std::size_t dropped_rows = 0;  // rows with a non-finite input or output, left out
};

constexpr std::size_t kPawnClasses = 10;

// What an input without influence gives, for large n: F_n - F_c is (1 - p) times the two-sample difference between
// the class and the other draws, so sqrt(m_c / (1 - p)) KS_c follows Kolmogorov's distribution (p = 1 / classes,
// m_c = n p the draws per class). `kolmogorov_statistic` is that distribution's median, 0.8276 (for the median over
// the classes, approximately), or mean, sqrt(pi / 2) ln 2 = 0.8687 (for the mean over the classes).
double pawn_null_level(std::size_t n, std::size_t classes, double kolmogorov_statistic);
constexpr double kKolmogorovMedian = 0.8275735551899059;  // P(K <= x) = 1/2 (SciPy kstwobign.median())
constexpr double kKolmogorovMean = 0.8687311606361591;    // sqrt(pi / 2) ln 2

// x: row-major n x k (x[r * k + i]); y: n values. Needs at least 4 rows per class.
Pawn pawn_indices(const double* x, std::size_t n, std::size_t k, const double* y, std::size_t classes = kPawnClasses);

}  // namespace mcsens
