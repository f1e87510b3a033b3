// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace mcsens {

// Test functions with known Sobol' indices, all taking unit inputs u in [0,1]^k (for the estimator tests and the
// `mcsens selfcheck` command).

// Exact variance-based indices of a reference problem. S2 is k x k row-major, S2[i * k + j] for i < j, NaN on and
// below the diagonal (the SobolResult convention).
struct ReferenceIndices {
  std::size_t k = 0;
  double mean = 0.0;
  double variance = 0.0;
  std::vector<double> S1, ST, S2;
};

// Ishigami & Homma 1990: f = sin x1 + a sin^2 x2 + b x3^4 sin x1 with x_i = -pi + 2 pi u_i ~ U(-pi, pi).
// Defaults a = 7, b = 0.1 (Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", sec. 4.3).
double ishigami(const double* u, double a = 7.0, double b = 0.1);
// Exact indices: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0,
// V13 = b^2 pi^8 (1/18 - 1/50), V12 = V23 = 0 (derivation in the source).
ReferenceIndices ishigami_indices(double a = 7.0, double b = 0.1);

// Sobol' G-function (Saltelli & Sobol' 1995): g = prod_i (|4 u_i - 2| + a_i) / (1 + a_i), a_i >= 0.
double g_function(const double* u, const std::vector<double>& a);
// Exact: V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1, S1_i = V_i / V, ST_i = V_i prod_{j != i} (1 + V_j) / V,
// S2_ij = V_i V_j / V.
ReferenceIndices g_function_indices(const std::vector<double>& a);

// Linear additive model y = sum c_i u_i, u_i ~ U(0, 1): V_i = c_i^2 / 12, S1 = ST = c_i^2 / sum c^2, S2 = 0.
double linear_model(const double* u, const std::vector<double>& c);
ReferenceIndices linear_model_indices(const std::vector<double>& c);

}  // namespace mcsens
