// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "mcsens/analysis/sobol.hpp"

namespace mcsens::test {

// Unit point in [0,1) from 53 random bits of a fixed-seed generator (the estimator tests do not need quasi-random
// points; the engine's scrambled Sobol' points only make the estimates better).
inline double unit_draw(std::mt19937_64& g) {
  return static_cast<double>(g() >> 11) * 0x1.0p-53;
}

// Fills the base points [first, first + n) (structure of arrays, 2k rows of stride n) from a generator keyed by the
// base index, so any piece of the base range can be drawn on its own.
inline std::vector<double> base_points(std::uint64_t seed, std::uint64_t first, std::size_t n, std::size_t k) {
  std::vector<double> unit(2 * k * n);
  for (std::size_t j = 0; j < n; ++j) {
    std::mt19937_64 g(seed * 0x9e3779b97f4a7c15ULL + first + j);
    for (std::size_t d = 0; d < 2 * k; ++d) unit[d * n + j] = unit_draw(g);
  }
  return unit;
}

// Runs the design of base samples [first, first + n) through f and adds the outputs to acc.
inline void add_bases(SobolAccumulator& acc, const std::function<double(const double*)>& f, std::uint64_t seed,
                      std::uint64_t first, std::size_t n) {
  const std::size_t k = acc.k();
  const std::size_t rows = n * sobol_rows_per_base(k, acc.second_order());
  const std::vector<double> unit = base_points(seed, first, n, k);
  std::vector<double> design(k * rows);
  std::vector<double*> cols(k);
  for (std::size_t i = 0; i < k; ++i) cols[i] = design.data() + i * rows;
  sobol_design_block(unit.data(), n, n, k, acc.second_order(), cols.data());
  std::vector<double> y(rows);
  std::vector<double> x(k);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t i = 0; i < k; ++i) x[i] = design[i * rows + r];
    y[r] = f(x.data());
  }
  acc.add_design_block(first, n, y.data());
}

// The whole analysis in blocks of `block` base samples, merged in order.
inline SobolResult run_sobol(const std::function<double(const double*)>& f, std::size_t k, std::uint64_t N,
                             bool second_order, std::uint64_t seed, SobolOptions options, double confidence = 0.95,
                             std::size_t block = 4096) {
  options.base_samples = N;
  SobolAccumulator total(k, second_order, options);
  for (std::uint64_t first = 0; first < N; first += block) {
    SobolAccumulator piece(k, second_order, options);
    add_bases(piece, f, seed, first, static_cast<std::size_t>(std::min<std::uint64_t>(block, N - first)));
    total.merge(piece);
  }
  return total.estimate(confidence, seed + 1);
}

}  // namespace mcsens::test
