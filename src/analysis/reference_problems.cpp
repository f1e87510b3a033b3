// SPDX-License-Identifier: MIT
#include "mcsens/analysis/reference_problems.hpp"

#include <cmath>
#include <limits>

#include <boost/math/constants/constants.hpp>

namespace mcsens {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ReferenceIndices empty_indices(std::size_t k) {
  ReferenceIndices r;
  r.k = k;
  r.S1.assign(k, 0.0);
  r.ST.assign(k, 0.0);
  r.S2.assign(k * k, kNaN);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = i + 1; j < k; ++j) r.S2[i * k + j] = 0.0;
  }
  return r;
}
}  // namespace

double ishigami(const double* u, double a, double b) {
  const double pi = boost::math::constants::pi<double>();
  const double x1 = -pi + 2.0 * pi * u[0];
  const double x2 = -pi + 2.0 * pi * u[1];
  const double x3 = -pi + 2.0 * pi * u[2];
  const double s2 = std::sin(x2);
  const double x3sq = x3 * x3;
  return std::sin(x1) * (1.0 + b * x3sq * x3sq) + a * s2 * s2;
}

// With x ~ U(-pi, pi): E sin^2 = 1/2, E sin^4 = 3/8, E x^4 = pi^4/5, E x^8 = pi^8/9.
//   E[f | x1] = sin x1 (1 + b pi^4/5) + a/2              -> V1 = (1 + b pi^4/5)^2 / 2
//   E[f | x2] = a sin^2 x2                                -> V2 = a^2 (3/8 - 1/4) = a^2 / 8
//   E[f | x3] = a/2                                       -> V3 = 0
//   E[f | x1, x3] = sin x1 (1 + b x3^4) + a/2             -> V13 = (1 + 2 b pi^4/5 + b^2 pi^8/9)/2 - V1
//                                                                = b^2 pi^8 (1/18 - 1/50)
//   V = V1 + V2 + V13 = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2; mean = a/2.
ReferenceIndices ishigami_indices(double a, double b) {
  const double pi = boost::math::constants::pi<double>();
  const double pi4 = std::pow(pi, 4);
  const double pi8 = pi4 * pi4;
  const double v1 = (1.0 + b * pi4 / 5.0) * (1.0 + b * pi4 / 5.0) / 2.0;
  const double v2 = a * a / 8.0;
  const double v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
  const double v = a * a / 8.0 + b * pi4 / 5.0 + b * b * pi8 / 18.0 + 0.5;
  ReferenceIndices r = empty_indices(3);
  r.mean = a / 2.0;
  r.variance = v;
  r.S1 = {v1 / v, v2 / v, 0.0};
  r.ST = {(v1 + v13) / v, v2 / v, v13 / v};
  r.S2[0 * 3 + 2] = v13 / v;
  return r;
}

double g_function(const double* u, const std::vector<double>& a) {
  double g = 1.0;
  for (std::size_t i = 0; i < a.size(); ++i) g *= (std::abs(4.0 * u[i] - 2.0) + a[i]) / (1.0 + a[i]);
  return g;
}

ReferenceIndices g_function_indices(const std::vector<double>& a) {
  const std::size_t k = a.size();
  std::vector<double> vi(k);
  double prod = 1.0;
  for (std::size_t i = 0; i < k; ++i) {
    vi[i] = 1.0 / (3.0 * (1.0 + a[i]) * (1.0 + a[i]));
    prod *= 1.0 + vi[i];
  }
  const double v = prod - 1.0;
  ReferenceIndices r = empty_indices(k);
  r.mean = 1.0;
  r.variance = v;
  for (std::size_t i = 0; i < k; ++i) {
    double others = 1.0;
    for (std::size_t j = 0; j < k; ++j) {
      if (j != i) others *= 1.0 + vi[j];
    }
    r.S1[i] = vi[i] / v;
    r.ST[i] = vi[i] * others / v;
    for (std::size_t j = i + 1; j < k; ++j) r.S2[i * k + j] = vi[i] * vi[j] / v;
  }
  return r;
}

double linear_model(const double* u, const std::vector<double>& c) {
  double y = 0.0;
  for (std::size_t i = 0; i < c.size(); ++i) y += c[i] * u[i];
  return y;
}

ReferenceIndices linear_model_indices(const std::vector<double>& c) {
  const std::size_t k = c.size();
  ReferenceIndices r = empty_indices(k);
  double sum_sq = 0.0;
  double mean = 0.0;
  for (double ci : c) {
    sum_sq += ci * ci;
    mean += ci / 2.0;
  }
  r.mean = mean;
  r.variance = sum_sq / 12.0;
  for (std::size_t i = 0; i < k; ++i) {
    r.S1[i] = sum_sq > 0.0 ? c[i] * c[i] / sum_sq : kNaN;
    r.ST[i] = r.S1[i];
  }
  return r;
}

}  // namespace mcsens
