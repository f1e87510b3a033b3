// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace mcsens::detail {

// The rows of a given-data sample (x row-major n x k, y n values) whose inputs and output are all finite, in their
// order: the given-data estimators (rank_first_order, borgonovo_delta, pawn) leave the others out and count them.
inline std::vector<std::size_t> finite_rows(const double* x, std::size_t n, std::size_t k, const double* y) {
  std::vector<std::size_t> rows;
  rows.reserve(n);
  for (std::size_t r = 0; r < n; ++r) {
    bool finite = std::isfinite(y[r]);
    for (std::size_t i = 0; i < k && finite; ++i) finite = std::isfinite(x[r * k + i]);
    if (finite) rows.push_back(r);
  }
  return rows;
}

}  // namespace mcsens::detail
