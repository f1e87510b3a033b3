// SPDX-License-Identifier: MIT
#include "mcsens/analysis/rank_first_order.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/finite_rows.hpp"
#include "analysis/sorted_positions.hpp"

namespace mcsens {

RankFirstOrder rank_first_order(const double* x, std::size_t n, std::size_t k, const double* y) {
  RankFirstOrder result;
  // The finite rows, in their order.
  const std::vector<std::size_t> rows = detail::finite_rows(x, n, k, y);
  result.n = rows.size();
  result.dropped_rows = n - rows.size();
  result.S1.assign(k, std::numeric_limits<double>::quiet_NaN());
  const std::size_t m = rows.size();
  if (m < 3) return result;
  double mean = 0;
  for (std::size_t r : rows) mean += y[r];
  mean /= static_cast<double>(m);
  double variance = 0;
  for (std::size_t r : rows) variance += (y[r] - mean) * (y[r] - mean);
  variance /= static_cast<double>(m);
  if (!(variance > 0)) return result;
    // The inputs are independent of each other: one thread each, the result the same on any number of threads.
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t i = 0; i < k; ++i) {
    const std::vector<std::size_t> order = detail::sorted_positions(x + i, k, rows);
    double cross = 0;
    for (std::size_t r = 0; r + 1 < m; ++r) cross += (y[rows[order[r]]] - mean) * (y[rows[order[r + 1]]] - mean);
    result.S1[i] = cross / static_cast<double>(m - 1) / variance;
  }
  return result;
}

}  // namespace mcsens
