// SPDX-License-Identifier: MIT
// The estimators of mcsens analyze on 10^6 rows of 10 inputs (issue 21's target: "all estimators, in seconds on 2
// cores"): each alone on the whole sample, and analyze_data, which adds their 16 batches for the intervals and SRC /
// PRCC. The model is the G-function of 10 inputs (a = 0, 1, 4.5, 9, 99 x 6), the rows i.i.d. uniform.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "mcsens/analysis/borgonovo_delta.hpp"
#include "mcsens/analysis/hsic.hpp"
#include "mcsens/analysis/pawn.hpp"
#include "mcsens/analysis/rank_first_order.hpp"
#include "mcsens/analysis/reference_problems.hpp"
#include "mcsens/study/data_analysis.hpp"

namespace {

constexpr std::size_t kInputs = 10;

const mcsens::DataColumns& g_function_rows(std::size_t n) {
  static std::vector<std::pair<std::size_t, mcsens::DataColumns>> made;
  for (const auto& [rows, data] : made) {
    if (rows == n) return data;
  }
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99, 99, 99, 99, 99};
  mcsens::DataColumns data;
  data.path = "g-function";
  for (std::size_t i = 0; i < kInputs; ++i) data.inputs.push_back("x" + std::to_string(i + 1));
  data.outputs = {"y"};
  data.rows = n;
  data.x.resize(n * kInputs);
  data.y.assign(1, std::vector<double>(n));
  std::mt19937_64 rng(21);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < kInputs; ++i) data.x[r * kInputs + i] = uniform(rng);
    data.y[0][r] = mcsens::g_function(&data.x[r * kInputs], a);
  }
  made.emplace_back(n, std::move(data));
  return made.back().second;
}

void BM_GivenDataRankFirstOrder(benchmark::State& state) {
  const mcsens::DataColumns& d = g_function_rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(mcsens::rank_first_order(d.x.data(), d.rows, kInputs, d.y[0].data()));
}
BENCHMARK(BM_GivenDataRankFirstOrder)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_GivenDataBorgonovoDelta(benchmark::State& state) {
  const mcsens::DataColumns& d = g_function_rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(mcsens::borgonovo_delta(d.x.data(), d.rows, kInputs, d.y[0].data()));
}
BENCHMARK(BM_GivenDataBorgonovoDelta)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_GivenDataPawn(benchmark::State& state) {
  const mcsens::DataColumns& d = g_function_rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(mcsens::pawn_indices(d.x.data(), d.rows, kInputs, d.y[0].data()));
}
BENCHMARK(BM_GivenDataPawn)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_GivenDataHsic(benchmark::State& state) {  // on the rows analyze gives it, kHsicSampleCap
  const mcsens::DataColumns& d = g_function_rows(1000000);
  for (auto _ : state) {
    benchmark::DoNotOptimize(mcsens::hsic_indices(d.x.data(), mcsens::kHsicSampleCap, kInputs, d.y[0].data()));
  }
}
BENCHMARK(BM_GivenDataHsic)->Unit(benchmark::kMillisecond);

// Everything mcsens analyze computes, intervals included.
void BM_GivenDataAnalyze(benchmark::State& state) {
  const mcsens::DataColumns& d = g_function_rows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(mcsens::analyze_data(d));
}
BENCHMARK(BM_GivenDataAnalyze)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
