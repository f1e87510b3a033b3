// SPDX-License-Identifier: MIT
// Curve features, Monte Carlo filtering and pairwise ranking: the per-draw costs the engine adds on top of sampling.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "mcsens/analysis/curve_features.hpp"
#include "mcsens/analysis/filtering.hpp"
#include "mcsens/analysis/pairwise_ranking.hpp"

namespace {

// 1024 M2 logistic curves on the M5 grid (161 points on [0.2, 1]); items = curves.
void BM_FindFeature(benchmark::State& state) {
  const auto kind = static_cast<mcsens::FeatureKind>(state.range(0));
  const std::size_t G = 161, n = 1024;
  std::vector<double> x(G), y(G * n), out(n), levels(n, 1.5);
  for (std::size_t i = 0; i < G; ++i) x[i] = 0.2 + 0.8 * static_cast<double>(i) / (G - 1.0);
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t d = 0; d < n; ++d) {
    const double eta = 0.5 + 1.5 * u(rng), k = 10 + 20 * u(rng), c = 0.45 + 0.2 * u(rng);
    for (std::size_t i = 0; i < G; ++i) y[d * G + i] = 1.0 + eta / (1.0 + std::exp(-k * (x[i] - c)));
  }
  for (auto _ : state) {
    mcsens::find_feature(kind, x.data(), G, y.data(), n, levels.data(), 1.5, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.SetLabel(mcsens::feature_kind_name(kind));
}
BENCHMARK(BM_FindFeature)->DenseRange(0, 5);

// One claim, k = 24 inputs (M5's count), blocks of 4096 draws; items = draws.
void BM_FilteringAdd(benchmark::State& state) {
  const std::size_t k = 24, n = 4096;
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::vector<double>> x(k, std::vector<double>(n));
  std::vector<const double*> cols;
  for (auto& c : x) {
    for (auto& v : c) v = u(rng);
    cols.push_back(c.data());
  }
  std::vector<double> ind(n);
  for (std::size_t d = 0; d < n; ++d) ind[d] = x[0][d] > 0.5 ? 1.0 : 0.0;
  mcsens::FilteringAccumulator acc(k, std::vector<std::pair<double, double>>(k, {0.0, 1.0}), 1000);
  for (auto _ : state) acc.add(cols.data(), ind.data(), n);
  benchmark::DoNotOptimize(acc.n_hold());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_FilteringAdd);

// Result of one claim: KS D, p-value and 5 quantiles for 24 inputs with 1000 bins.
void BM_FilteringResult(benchmark::State& state) {
  const std::size_t k = 24;
  mcsens::FilteringAccumulator acc(k, std::vector<std::pair<double, double>>(k, {0.0, 1.0}), 1000);
  for (auto _ : state) benchmark::DoNotOptimize(acc.result({0.05, 0.25, 0.5, 0.75, 0.95}));
}
BENCHMARK(BM_FilteringResult);

// S = 5 scenarios, blocks of 4096 draws; items = draws.
void BM_PairwiseAdd(benchmark::State& state) {
  const std::size_t S = 5, n = 4096;
  std::mt19937_64 rng(3);
  std::normal_distribution<double> z(0.0, 1.0);
  std::vector<std::vector<double>> v(S, std::vector<double>(n));
  std::vector<const double*> cols;
  for (auto& c : v) {
    for (auto& x : c) x = z(rng);
    cols.push_back(c.data());
  }
  mcsens::PairwiseRanking r(S);
  for (auto _ : state) r.add(cols.data(), n);
  benchmark::DoNotOptimize(r.wins(0, 1));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_PairwiseAdd);

}  // namespace
