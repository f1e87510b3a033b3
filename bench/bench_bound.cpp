// SPDX-License-Identifier: MIT
// "The limit, measured" (issue 11): what this machine can do at best for the P1 yardstick's work, in three layers,
// each a hand-fused loop over blocks of 1024 draws with nothing else in it:
//   BM_BoundP1Uniforms   6 Philox4x32-10 uniform columns per draw (mcsens' own generator)
//   BM_BoundP1Quantiles  + the inverse CDFs (5 affine uniforms, one normal by AS241 block form)
//   BM_BoundP1Model      + the model arithmetic and its sum and sum of squares (the least any accumulator does)
// Each runs on one thread and on two (Google Benchmark threads, each its own draws; items = draws of all
// threads, real time), so the all-core bound and the per-core bound come from the same binary. mcsens' end-to-end
// P1 throughput (scripts/bench_e2e.sh) is reported as a fraction of BM_BoundP1Model on all cores.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "mcsens/rng/philox.hpp"
#include "mcsens/space/normal.hpp"

namespace {

constexpr std::size_t kBlock = 1024;
constexpr std::uint64_t kSeed = 1;

enum class Layer { kUniforms, kQuantiles, kModel };

template <Layer L>
void bound_p1(benchmark::State& state) {
  std::vector<double> u(6 * kBlock), x(6 * kBlock);
  // Each thread draws its own range (as the engine's threads draw their own chunks).
  std::uint64_t first = static_cast<std::uint64_t>(state.thread_index()) << 40;
  double sum = 0.0;
  double sq = 0.0;
  for (auto _ : state) {
    for (std::uint32_t d = 0; d < 6; ++d) mcsens::philox_fill_uniform(kSeed, first, kBlock, d, u.data() + d * kBlock);
    first += kBlock;
    if constexpr (L != Layer::kUniforms) {
      static constexpr double kLow[5] = {0.8, 0.30, 0.45, 0.5, 0.1};
      static constexpr double kWidth[5] = {0.4, 0.16, 0.15, 1.5, 0.3};
      for (std::size_t d = 0; d < 5; ++d) {
        const double* ud = u.data() + d * kBlock;
        double* xd = x.data() + d * kBlock;
        for (std::size_t i = 0; i < kBlock; ++i) xd[i] = kLow[d] + kWidth[d] * ud[i];
      }
      mcsens::detail::normal_quantile_block(u.data() + 5 * kBlock, x.data() + 5 * kBlock, kBlock);
    }
    if constexpr (L == Layer::kModel) {
      const double* g = x.data();
      const double* a = x.data() + kBlock;
      const double* f = x.data() + 2 * kBlock;
      const double* l = x.data() + 3 * kBlock;
      const double* t = x.data() + 4 * kBlock;
      const double* z = x.data() + 5 * kBlock;
      for (std::size_t i = 0; i < kBlock; ++i) {
        const double y = g[i] * a[i] * f[i] / (l[i] + t[i]) + 0.02 * z[i];
        sum += y;
        sq += y * y;
      }
    }
    benchmark::DoNotOptimize(u.data());
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(sum);
  benchmark::DoNotOptimize(sq);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBlock));
}

void BM_BoundP1Uniforms(benchmark::State& state) {
  bound_p1<Layer::kUniforms>(state);
}
void BM_BoundP1Quantiles(benchmark::State& state) {
  bound_p1<Layer::kQuantiles>(state);
}
void BM_BoundP1Model(benchmark::State& state) {
  bound_p1<Layer::kModel>(state);
}

}  // namespace

BENCHMARK(BM_BoundP1Uniforms)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_BoundP1Quantiles)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_BoundP1Model)->Threads(1)->Threads(2)->UseRealTime();
