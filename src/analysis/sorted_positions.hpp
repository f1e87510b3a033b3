// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace mcsens::detail {

// The positions 0..m-1 of `rows` sorted by values[rows[p] * stride], ties in position order: what a stable sort of
// the positions by that value gives, bit for bit, but sorting (value, position) pairs held together, which reads
// memory in order (an indirect sort of a million rows of a row-major table is several times slower).
inline std::vector<std::size_t> sorted_positions(const double* values, std::size_t stride,
                                                 const std::vector<std::size_t>& rows) {
  std::vector<std::pair<double, std::size_t>> keyed(rows.size());
  for (std::size_t p = 0; p < rows.size(); ++p) keyed[p] = {values[rows[p] * stride], p};
  std::sort(keyed.begin(), keyed.end());  // NaN never reaches here: the rows are finite
  std::vector<std::size_t> order(rows.size());
  for (std::size_t p = 0; p < rows.size(); ++p) order[p] = keyed[p].second;
  return order;
}

}  // namespace mcsens::detail
