// SPDX-License-Identifier: MIT
// End-to-end engine throughput: sampler -> space -> program -> accumulators, in draws per second, on the P1
// yardstick and the paper's M5 model (configs/paper.toml), one thread and all threads.
#include <benchmark/benchmark.h>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"

namespace {

const char* kP1 = R"toml(
[parameters]
gamma = { dist = "uniform", low = 0.8, high = 1.2 }
api = { dist = "uniform", low = 0.30, high = 0.46 }
flow = { dist = "uniform", low = 0.45, high = 0.60 }
lag = { dist = "uniform", low = 0.5, high = 2.0 }
attr = { dist = "uniform", low = 0.1, high = 0.4 }
eps = { dist = "normal", mean = 0.0, sd = 0.02 }
[outputs]
y = { expr = "gamma * api * flow / (lag + attr) + eps", histogram = { bins = 100 } }
[[claims]]
name = "y_above"
expr = "y > 0.1"
)toml";

void run_engine(benchmark::State& state, const std::string& text) {
  const mcsens::Config config = mcsens::Config::load_text(text, "bench");
  const mcsens::ProblemSpec spec = config.problem();
  const mcsens::Problem problem = mcsens::Problem::build(spec);
  mcsens::RequestChoices choices;
  choices.samples = 1 << 22;
  choices.only = {"uncertainty", "claims", "curves", "scenarios"};
  mcsens::RunRequest request = mcsens::make_request(config, spec, choices);
  request.execution.threads = static_cast<int>(state.range(0));
  const mcsens::Settings& options = request.settings;
  for (auto _ : state) {
    auto result = mcsens::run_request(problem, request);
    benchmark::DoNotOptimize(result.outputs.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(options.samples));
  state.counters["draws_per_s"] =
      benchmark::Counter(static_cast<double>(options.samples), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_EngineP1(benchmark::State& state) {
  run_engine(state, kP1);
}
void BM_EngineM5(benchmark::State& state) {
  run_engine(state, mcsens::builtin_config_text());
}

}  // namespace

BENCHMARK(BM_EngineP1)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EngineM5)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
