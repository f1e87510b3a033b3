// SPDX-License-Identifier: MIT
#include "mcsens/analysis/regression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

// GCC 12 reports a false -Wmaybe-uninitialized inside Eigen's AVX-512 packet code (avx512fintrin.h) when built
// with -march=native; it is not about this file's data.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Dense>

namespace mcsens {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Centres a column in place; returns its sd (n - 1), 0 for a constant column.
double centre(Eigen::Ref<Eigen::VectorXd> v) {
  const double mean = v.mean();
  v.array() -= mean;
  if (v.size() < 2) return 0.0;
  const double sd = std::sqrt(v.squaredNorm() / static_cast<double>(v.size() - 1));
  return sd;
}

bool constant(const Eigen::VectorXd& v) {
  return v.size() == 0 || v.maxCoeff() == v.minCoeff();
}

// Residual of v after least squares on the columns of m (m may have no column).
Eigen::VectorXd residual(const Eigen::ColPivHouseholderQR<Eigen::MatrixXd>* qr, const Eigen::MatrixXd& m,
                         const Eigen::VectorXd& v) {
  if (qr == nullptr) return v;
  const Eigen::VectorXd beta = qr->solve(v);
  return v - m * beta;
}
}  // namespace

std::vector<double> average_ranks(const double* v, std::size_t n) {
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> rank(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && v[idx[j]] == v[idx[i]]) ++j;
    const double r = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;  // mean of ranks i+1 .. j
    for (std::size_t t = i; t < j; ++t) rank[idx[t]] = r;
    i = j;
  }
  return rank;
}

RegressionResult regression_indices(const double* x, std::size_t n, std::size_t k, const double* y) {
  RegressionResult res;
  res.k = k;
  res.src.assign(k, kNaN);
  res.prcc.assign(k, kNaN);
  res.r_squared = kNaN;

  std::vector<std::size_t> rows;
  rows.reserve(n);
  for (std::size_t r = 0; r < n; ++r) {
    bool ok = std::isfinite(y[r]);
    for (std::size_t i = 0; i < k && ok; ++i) ok = std::isfinite(x[r * k + i]);
    if (ok) rows.push_back(r);
  }
  const std::size_t m = rows.size();
  res.n = m;
  res.dropped_rows = n - m;

  Eigen::VectorXd yv(static_cast<Eigen::Index>(m));
  for (std::size_t r = 0; r < m; ++r) yv[static_cast<Eigen::Index>(r)] = y[rows[r]];
  if (m < k + 2 || constant(yv)) return res;

  std::vector<std::size_t> used;  // non-constant inputs
  Eigen::MatrixXd raw(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(k));
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t r = 0; r < m; ++r) {
      raw(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(i)) = x[rows[r] * k + i];
    }
    if (!constant(raw.col(static_cast<Eigen::Index>(i)))) used.push_back(i);
  }
  const auto ku = static_cast<Eigen::Index>(used.size());
  if (ku == 0) return res;

  // SRC: least squares on standardized columns (QR with column pivoting: stable for correlated inputs).
  Eigen::MatrixXd z(static_cast<Eigen::Index>(m), ku);
  for (Eigen::Index c = 0; c < ku; ++c) {
    z.col(c) = raw.col(static_cast<Eigen::Index>(used[static_cast<std::size_t>(c)]));
    z.col(c) /= centre(z.col(c));
  }
  Eigen::VectorXd zy = yv;
  zy /= centre(zy);
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(z);
  const Eigen::VectorXd beta = qr.solve(zy);
  for (Eigen::Index c = 0; c < ku; ++c) res.src[used[static_cast<std::size_t>(c)]] = beta[c];
  res.r_squared = 1.0 - (zy - z * beta).squaredNorm() / zy.squaredNorm();

  // PRCC on centred ranks.
  Eigen::MatrixXd rk(static_cast<Eigen::Index>(m), ku);
  for (Eigen::Index c = 0; c < ku; ++c) {
    const Eigen::VectorXd col = raw.col(static_cast<Eigen::Index>(used[static_cast<std::size_t>(c)]));
    const std::vector<double> rr = average_ranks(col.data(), m);
    rk.col(c) = Eigen::Map<const Eigen::VectorXd>(rr.data(), static_cast<Eigen::Index>(m));
    centre(rk.col(c));
  }
  const std::vector<double> ry_std = average_ranks(yv.data(), m);
  Eigen::VectorXd ry = Eigen::Map<const Eigen::VectorXd>(ry_std.data(), static_cast<Eigen::Index>(m));
  centre(ry);
  for (Eigen::Index c = 0; c < ku; ++c) {
    Eigen::MatrixXd others(static_cast<Eigen::Index>(m), ku - 1);
    for (Eigen::Index o = 0, t = 0; o < ku; ++o) {
      if (o != c) others.col(t++) = rk.col(o);
    }
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> oqr;
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd>* p = nullptr;
    if (ku > 1) {
      oqr.compute(others);
      p = &oqr;
    }
    const Eigen::VectorXd ex = residual(p, others, rk.col(c));
    const Eigen::VectorXd ey = residual(p, others, ry);
    const double sxx = ex.squaredNorm();
    const double syy = ey.squaredNorm();
    // A residual at rounding level means rank(x_i) (or rank(y)) is a function of the other inputs' ranks.
    const double tiny = 1e-20 * static_cast<double>(m) * static_cast<double>(m) * static_cast<double>(m);
    if (sxx > tiny && syy > tiny) res.prcc[used[static_cast<std::size_t>(c)]] = ex.dot(ey) / std::sqrt(sxx * syy);
  }
  return res;
}

}  // namespace mcsens
