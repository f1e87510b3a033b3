// SPDX-License-Identifier: MIT
// The copula's Cholesky factor through Eigen, in a file of its own: GCC 12 reports a false -Wmaybe-uninitialized
// inside Eigen's AVX-512 GEMM kernel (_mm512_insertf64x4 on _mm512_undefined_pd, GCC bug 105593) wherever the
// blocked LLT is inlined, so the suppression is confined to this translation unit.
#if defined(__GNUC__) && !defined(__clang__)  // clang has no such warning (and warns about the pragma)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace mcsens {
namespace detail {

// r: g x g symmetric, row-major. On success (r positive definite) fills l (g x g, row-major, lower triangular,
// l l^T = r) and returns true.
bool cholesky_lower(const std::vector<double>& r, std::size_t g, std::vector<double>& l) {
  const auto n = static_cast<Eigen::Index>(g);
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) m(i, j) = r[static_cast<std::size_t>(i * n + j)];
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(m);
  if (llt.info() != Eigen::Success) return false;
  const Eigen::MatrixXd lower = llt.matrixL();
  l.assign(g * g, 0.0);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) l[static_cast<std::size_t>(i * n + j)] = lower(i, j);
  }
  return true;
}

}  // namespace detail
}  // namespace mcsens
