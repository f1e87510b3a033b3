// SPDX-License-Identifier: MIT
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "mcsens/analysis/morris.hpp"
#include "mcsens/analysis/reference_problems.hpp"
#include "mcsens/analysis/regression.hpp"
#include "mcsens/analysis/sobol.hpp"

namespace {

// Ishigami outputs of N base samples (group-major design rows), computed once per benchmark.
std::vector<double> ishigami_outputs(std::size_t n, bool second_order) {
  const std::size_t k = 3;
  const std::size_t rows = n * mcsens::sobol_rows_per_base(k, second_order);
  std::mt19937_64 g(1);
  std::vector<double> unit(2 * k * n);
  for (double& u : unit) u = static_cast<double>(g() >> 11) * 0x1.0p-53;
  std::vector<double> design(k * rows);
  std::vector<double*> cols = {design.data(), design.data() + rows, design.data() + 2 * rows};
  mcsens::sobol_design_block(unit.data(), n, n, k, second_order, cols.data());
  std::vector<double> y(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const double x[3] = {design[r], design[rows + r], design[2 * rows + r]};
    y[r] = mcsens::ishigami(x);
  }
  return y;
}

mcsens::SobolAccumulator filled(std::size_t n, bool second_order, std::size_t cap) {
  static const std::vector<double> y1 = ishigami_outputs(std::size_t{1} << 18, false);
  static const std::vector<double> y2 = ishigami_outputs(std::size_t{1} << 18, true);
  mcsens::SobolOptions opt;
  opt.base_samples = n;
  opt.memory_cap_bytes = cap;
  mcsens::SobolAccumulator acc(3, second_order, opt);
  acc.add_design_block(0, n, second_order ? y2.data() : y1.data());
  return acc;
}

// estimate() with the B = 1000 percentile bootstrap: N = 2^18 base samples, k = 3.
void BM_SobolEstimateBootstrap(benchmark::State& state) {
  const bool second_order = state.range(0) != 0;
  const mcsens::SobolAccumulator acc = filled(std::size_t{1} << 18, second_order, std::size_t{256} << 20);
  for (auto _ : state) benchmark::DoNotOptimize(acc.estimate(0.95, 7));
}
BENCHMARK(BM_SobolEstimateBootstrap)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// add() of 2^18 base samples, kept values (bootstrap mode) or streamed exact sums (batch-means mode).
void BM_SobolAdd(benchmark::State& state) {
  const std::size_t cap = state.range(0) != 0 ? std::size_t{256} << 20 : 1;
  for (auto _ : state) benchmark::DoNotOptimize(filled(std::size_t{1} << 18, false, cap));
  state.SetItemsProcessed(state.iterations() * (std::int64_t{1} << 18));
}
BENCHMARK(BM_SobolAdd)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_Regression(benchmark::State& state) {
  const std::size_t n = 100000;
  const std::size_t k = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 g(3);
  std::vector<double> x(n * k);
  std::vector<double> y(n);
  for (double& v : x) v = static_cast<double>(g() >> 11) * 0x1.0p-53;
  for (std::size_t r = 0; r < n; ++r) y[r] = x[r * k] + 2.0 * x[r * k + 1] * x[r * k + 1];
  for (auto _ : state) benchmark::DoNotOptimize(mcsens::regression_indices(x.data(), n, k, y.data()));
}
BENCHMARK(BM_Regression)->Arg(5)->Arg(20)->Unit(benchmark::kMillisecond);

void BM_CampolongoSelect(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(mcsens::campolongo_select(1, 1000, 100, 10, 4));
}
BENCHMARK(BM_CampolongoSelect)->Unit(benchmark::kMillisecond);

}  // namespace
