// SPDX-License-Identifier: MIT
#include "mcsens/analysis/hsic.hpp"

#include <boost/math/distributions/gamma.hpp>
#include <cmath>
#include <limits>

#include "analysis/finite_rows.hpp"

namespace mcsens {
namespace {

// The values standardised by their mean and (population) standard deviation; empty when they do not vary.
std::vector<double> standardised(std::vector<double> v) {
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / static_cast<double>(v.size()));
  if (!(sd > 0)) return {};
  for (double& x : v) x = (x - mean) / sd;
  return v;
}

double kernel(double a, double b) {
  return std::exp(-0.5 * (a - b) * (a - b));
}

// Sums over the Gram matrix K of one variable, off the diagonal (the diagonal is 1): each row's sum and the total.
struct Gram {
  std::vector<double> row;
  double total = 0;
};

Gram gram_sums(const std::vector<double>& v) {
  const std::size_t n = v.size();
  Gram g;
  g.row.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const double k = kernel(v[i], v[j]);
      g.row[i] += k;
      g.row[j] += k;
    }
  }
  for (double r : g.row) g.total += r;
  return g;
}

// The unbiased HSIC of two variables from their Gram sums and sum_{i != j} K_ij L_ij (Song et al. 2012, eq. 5):
// [tr(K~ L~) + 1'K~1 1'L~1 / ((n-1)(n-2)) - 2/(n-2) 1'K~L~1] / (n (n-3)), K~ and L~ with zero diagonals.
double unbiased_hsic(double products, const Gram& k, const Gram& l) {
  const auto n = static_cast<double>(k.row.size());
  double cross = 0;
  for (std::size_t j = 0; j < k.row.size(); ++j) cross += k.row[j] * l.row[j];
  return (products + k.total * l.total / ((n - 1) * (n - 2)) - 2 / (n - 2) * cross) / (n * (n - 3));
}

}  // namespace

HsicIndices hsic_indices(const double* x, std::size_t n, std::size_t k, const double* y) {
  HsicIndices result;
  const std::vector<std::size_t> rows = detail::finite_rows(x, n, k, y);
  const std::size_t m = rows.size();
  result.n = m;
  result.dropped_rows = n - m;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  result.r2.assign(k, nan);
  result.hsic.assign(k, nan);
  result.p_value.assign(k, nan);
  if (m < 8) return result;
  std::vector<double> v(m);
  for (std::size_t r = 0; r < m; ++r) v[r] = y[rows[r]];
  const std::vector<double> ys = standardised(v);
  if (ys.empty()) return result;
  const Gram l = gram_sums(ys);
  double yy = 0;  // sum_{i != j} L_ij^2
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = i + 1; j < m; ++j) yy += 2 * std::pow(kernel(ys[i], ys[j]), 2);
  }
  const double hsic_yy = unbiased_hsic(yy, l, l);
  const auto nd = static_cast<double>(m);
  // Full Gram matrices (diagonal 1) for the test: row means and grand mean, for the centred K_c = H K H.
  auto full_row_mean = [&](const Gram& g, std::size_t i) { return (g.row[i] + 1) / nd; };
  auto full_mean = [&](const Gram& g) { return (g.total + nd) / (nd * nd); };
  // The inputs are independent of each other: one thread each, the result the same on any number of threads.
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<double> column(m);
    for (std::size_t r = 0; r < m; ++r) column[r] = x[rows[r] * k + i];
    const std::vector<double> xs = standardised(column);
    if (xs.empty()) continue;
    const Gram g = gram_sums(xs);
    double xy = 0, xx = 0, centred_squares = 0;
    const double gk = full_mean(g), gl = full_mean(l);
    for (std::size_t a = 0; a < m; ++a) {
      const double ka_mean = full_row_mean(g, a), la_mean = full_row_mean(l, a);
      for (std::size_t b = a + 1; b < m; ++b) {
        const double kab = kernel(xs[a], xs[b]);
        const double lab = kernel(ys[a], ys[b]);
        xy += 2 * kab * lab;
        xx += 2 * kab * kab;
        const double kc = kab - ka_mean - full_row_mean(g, b) + gk;
        const double lc = lab - la_mean - full_row_mean(l, b) + gl;
        centred_squares += 2 * std::pow(kc * lc / 6, 2);
      }
    }
    result.hsic[i] = unbiased_hsic(xy, g, l);
    const double hsic_xx = unbiased_hsic(xx, g, g);
    result.r2[i] = result.hsic[i] / std::sqrt(hsic_xx * hsic_yy);
    // Gretton et al. (2008): the statistic n HSIC_b = tr(K H L H) / n = [sum_ab K_ab L_ab - 2/n sum_a R_a S_a +
    // (sum K)(sum L) / n^2] / n with full Gram matrices (diagonal 1) and their row sums R, S; under independence it
    // follows about Gamma(mean^2 / var, var n / mean) (shape, scale), mean and var from the sample as below.
    double rows_product = 0;
    for (std::size_t a = 0; a < m; ++a) rows_product += (g.row[a] + 1) * (l.row[a] + 1);
    const double statistic = (xy + nd - 2 / nd * rows_product + (g.total + nd) * (l.total + nd) / (nd * nd)) / nd;
    const double mu_x = g.total / (nd * (nd - 1));
    const double mu_y = l.total / (nd * (nd - 1));
    const double mean = (1 + mu_x * mu_y - mu_x - mu_y) / nd;
    const double variance =
        72 * (nd - 4) * (nd - 5) / (nd * (nd - 1) * (nd - 2) * (nd - 3)) * centred_squares / (nd * (nd - 1));
    if (mean > 0 && variance > 0) {
      const boost::math::gamma_distribution<double> null(mean * mean / variance, variance * nd / mean);
      result.p_value[i] = boost::math::cdf(boost::math::complement(null, std::max(0.0, statistic)));
    }
  }
  return result;
}

}  // namespace mcsens
