// SPDX-License-Identifier: MIT
// Sampling core speed targets (issue 3), one thread, blocks of 1024 draws:
//   Philox uniforms >= 400 M/s, normal quantile >= 100 M/s, tabulated beta >= 150 M/s,
//   scrambled Sobol' coordinates >= 200 M/s.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "mcsens/rng/philox.hpp"
#include "mcsens/sampling/sampler.hpp"
#include "mcsens/space/distribution.hpp"
#include "mcsens/space/parameter_space.hpp"
#include "mcsens/stats/histogram.hpp"
#include "mcsens/stats/quantile_sketch.hpp"

namespace {

constexpr std::size_t kBlock = 1024;

mcsens::DistributionSpec spec(const std::string& kind, std::map<std::string, double> numbers) {
  mcsens::DistributionSpec s;
  s.kind = kind;
  s.numbers = std::move(numbers);
  s.key = "bench";
  return s;
}

void BM_PhiloxUniform(benchmark::State& state) {
  std::vector<double> out(kBlock);
  std::uint64_t first = 0;
  for (auto _ : state) {
    mcsens::philox_fill_uniform(12345, first, kBlock, 3, out.data());
    first += kBlock;
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_PhiloxUniform);

// x = F^-1(u) over a block of uniforms already drawn.
void quantile_benchmark(benchmark::State& state, const mcsens::DistributionSpec& s) {
  const auto d = mcsens::make_distribution(s);
  std::vector<double> u(kBlock), x(kBlock);
  mcsens::philox_fill_uniform(7, 0, kBlock, 0, u.data());
  for (auto _ : state) {
    d->quantile(u.data(), x.data(), kBlock);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}

void BM_NormalQuantile(benchmark::State& state) {
  quantile_benchmark(state, spec("normal", {{"mean", 1}, {"sd", 2}}));
}
BENCHMARK(BM_NormalQuantile);

void BM_BetaQuantile(benchmark::State& state) {
  quantile_benchmark(state, spec("beta", {{"a", 2}, {"b", 5}}));
}
BENCHMARK(BM_BetaQuantile);

void BM_GammaQuantile(benchmark::State& state) {
  quantile_benchmark(state, spec("gamma", {{"shape", 2.5}, {"scale", 1}}));
}
BENCHMARK(BM_GammaQuantile);

void BM_UniformQuantile(benchmark::State& state) {
  quantile_benchmark(state, spec("uniform", {{"low", 0}, {"high", 3}}));
}
BENCHMARK(BM_UniformQuantile);

void BM_LogNormalQuantile(benchmark::State& state) {
  quantile_benchmark(state, spec("lognormal", {{"median", 1}, {"gsd", 2}}));
}
BENCHMARK(BM_LogNormalQuantile);

void BM_TriangularQuantile(benchmark::State& state) {
  quantile_benchmark(state, spec("triangular", {{"low", 0}, {"mode", 1}, {"high", 3}}));
}
BENCHMARK(BM_TriangularQuantile);

// Points of a design over `dims` dimensions: items are coordinates.
void design_benchmark(benchmark::State& state, mcsens::SamplerKind kind) {
  const auto dims = static_cast<std::size_t>(state.range(0));
  const mcsens::Sampler sampler(kind, 99, dims, std::uint64_t{1} << 30);
  std::vector<double> out(dims * kBlock);
  std::uint64_t first = 0;
  for (auto _ : state) {
    sampler.fill(first, kBlock, out.data(), kBlock);
    first = (first + kBlock) & ((std::uint64_t{1} << 30) - 1);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock * dims));
}

void BM_SobolPoints(benchmark::State& state) {
  design_benchmark(state, mcsens::SamplerKind::sobol);
}
BENCHMARK(BM_SobolPoints)->Arg(8)->Arg(64);

void BM_LhsPoints(benchmark::State& state) {
  design_benchmark(state, mcsens::SamplerKind::lhs);
}
BENCHMARK(BM_LhsPoints)->Arg(8);

// A whole space: 6 inputs, two of them correlated, unit block -> physical block. Items are values.
void BM_ParameterSpaceMap(benchmark::State& state) {
  auto p = [](const std::string& name, const std::string& kind, std::map<std::string, double> numbers) {
    mcsens::ParameterSpec s;
    s.name = name;
    s.distribution = spec(kind, std::move(numbers));
    return s;
  };
  const std::vector<mcsens::ParameterSpec> params = {p("a", "uniform", {{"low", 0}, {"high", 1}}),
                                                     p("b", "normal", {{"mean", 0}, {"sd", 1}}),
                                                     p("c", "beta", {{"a", 2}, {"b", 3}}),
                                                     p("d", "gamma", {{"shape", 2}, {"scale", 1}}),
                                                     p("e", "triangular", {{"low", 0}, {"mode", 1}, {"high", 2}}),
                                                     p("f", "lognormal", {{"mu", 0}, {"sigma", 1}})};
  std::vector<mcsens::CorrelationPairSpec> corr;
  if (state.range(0) != 0) corr.push_back({"b", "c", 0.5, {}});
  const mcsens::ParameterSpace space(params, corr);
  const mcsens::Sampler sampler(mcsens::SamplerKind::mc, 1, space.dimensions(), 1 << 20);
  std::vector<double> unit(space.dimensions() * kBlock), phys(space.size() * kBlock);
  sampler.fill(0, kBlock, unit.data(), kBlock);
  for (auto _ : state) {
    space.map(unit.data(), kBlock, phys.data(), kBlock, kBlock);
    benchmark::DoNotOptimize(phys.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock * space.size()));
}
BENCHMARK(BM_ParameterSpaceMap)->Arg(0)->Arg(1);

// 64 blocks of an output's values, normal(1, 0.1), for the accumulators below.
std::vector<double> output_values() {
  std::vector<double> z(64 * kBlock);
  mcsens::philox_fill_uniform(3, 0, z.size(), 0, z.data());
  mcsens::make_distribution(spec("normal", {{"mean", 1}, {"sd", 0.1}}))->quantile(z.data(), z.data(), z.size());
  return z;
}

// The quantile sketch of an output (the engine's, refined by a pilot of 4096 values around the 9 quantiles it
// reports): blocks of 1024 values; items = values.
void BM_QuantileSketchAdd(benchmark::State& state) {
  const std::vector<double> z = output_values();
  std::vector<double> pilot(z.begin(), z.begin() + 4096);
  auto sketch = mcsens::QuantileSketch::refined(pilot, {0.01, 0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975, 0.99});
  std::size_t block = 0;
  for (auto _ : state) {
    sketch.add(z.data() + (block % 64) * kBlock, kBlock);
    ++block;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_QuantileSketchAdd);

// A 100-bin histogram of the same values (P1's output has one): blocks of 1024; items = values.
void BM_HistogramAdd(benchmark::State& state) {
  const std::vector<double> z = output_values();
  mcsens::Histogram histogram(0.7, 1.3, 100);
  std::size_t block = 0;
  for (auto _ : state) {
    histogram.add(z.data() + (block % 64) * kBlock, kBlock);
    ++block;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_HistogramAdd);

}  // namespace
