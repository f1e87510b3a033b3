// SPDX-License-Identifier: MIT
// Reading the built-in config: the fixed cost every run pays before sampling.
#include <benchmark/benchmark.h>

#include "mcsens/config/config.hpp"

static void BM_ReadBuiltinConfig(benchmark::State& state) {
  for (auto _ : state) {
    auto config = mcsens::Config::load_text(mcsens::builtin_config_text(), mcsens::kBuiltinConfigName);
    benchmark::DoNotOptimize(config.problem());
  }
}
BENCHMARK(BM_ReadBuiltinConfig);
