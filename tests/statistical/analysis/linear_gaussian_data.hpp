// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "mcsens/study/data_analysis.hpp"

namespace mcsens::test_data {

// `rows` draws of y = sum_i a_i x_i with independent standard normal inputs x1, x2, x3 (from one seed), as mcsens
// analyze reads a data file: the model whose delta, PAWN, HSIC and first-order values are exact.
inline DataColumns linear_gaussian(const std::vector<double>& a, std::size_t rows, std::uint64_t seed) {
  DataColumns data;
  data.path = "linear Gaussian";
  data.inputs = {"x1", "x2", "x3"};
  data.outputs = {"y"};
  data.rows = rows;
  const std::size_t k = a.size();
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  data.x.resize(rows * k);
  data.y.assign(1, std::vector<double>(rows, 0.0));
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t i = 0; i < k; ++i) data.y[0][r] += a[i] * (data.x[r * k + i] = normal(rng));
  }
  return data;
}

}  // namespace mcsens::test_data
