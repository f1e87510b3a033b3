// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace mcsens {

// Dependence by the Hilbert-Schmidt independence criterion from one i.i.d. sample, with no design (issue 21).
// HSIC(X, Y) = E[k(X, X') l(Y, Y')] + E[k(X, X')] E[l(Y, Y')] - 2 E[E_X' k(X, X') E_Y' l(Y, Y')] is the squared
// distance between the joint law and the product of the marginals, embedded by the kernels (Gretton, Bousquet,
// Smola & Schoelkopf 2005, "Measuring statistical dependence with Hilbert-Schmidt norms", ALT 2005, LNCS 3734:63-77);
// with Gaussian kernels it is 0 exactly when X and Y are independent. The sensitivity index is its normalised form
// (Da Veiga 2015, "Global sensitivity analysis with dependence measures", J. Stat. Comput. Simul. 85:1283-1305),
//
//   R2_HSIC_i = HSIC(X_i, Y) / sqrt(HSIC(X_i, X_i) HSIC(Y, Y))   in [0, 1],
//
// with k(x, x') = exp(-(x - x')^2 / 2) on each variable standardised by its sample mean and standard deviation (a
// bandwidth of one standard deviation, as Da Veiga takes), each HSIC estimated by its unbiased U-statistic (Song,
// Smola, Gretton, Bedo & Borgwardt 2012, J. Mach. Learn. Res. 13:1393-1434, eq. 5). The test of independence is
// Gretton, Fukumizu, Teo, Song, Schoelkopf & Smola (2008), "A kernel statistical test of independence", NIPS 20:
// n HSIC_b (the biased V-statistic) under independence approximated by the gamma law with its mean and variance,
// both estimated from the sample. O(k n^2) time (kernels computed as needed), O(n) memory: the caller bounds n
// (kHsicSampleCap).
struct HsicIndices {
  std::vector<double> r2;        // R2_HSIC per input; NaN for all when y takes one value or fewer than 8 rows
  std::vector<double> hsic;      // HSIC(X_i, Y), U-statistic, of the standardised variables
  std::vector<double> p_value;   // of the gamma test of independence of X_i and Y
  std::size_t n = 0;             // rows used
  std::size_t dropped_rows = 0;  // rows with a non-finite input or output, left out
};

// mcsens analyze passes at most this many rows (the first ones): 4096 rows cost 8.4 million kernel pairs per input.
constexpr std::size_t kHsicSampleCap = 4096;

// x: row-major n x k (x[r * k + i]); y: n values.
HsicIndices hsic_indices(const double* x, std::size_t n, std::size_t k, const double* y);

}  // namespace mcsens
