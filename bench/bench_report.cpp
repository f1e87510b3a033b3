// SPDX-License-Identifier: MIT
// Writing and reading the result file (issue 33: describing the file as data must not make it slower): the paper's
// default run (configs/paper.toml, every analysis at its config's sizes, 10^5 draws, 2000 kept draws) written to a
// temporary file, and read back as `show` reads it.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/report/result_file.hpp"

namespace {

struct PaperRun {
  mcsens::Config config = mcsens::Config::load_text(mcsens::builtin_config_text(), mcsens::kBuiltinConfigName);
  mcsens::Problem problem = mcsens::Problem::build(config.problem());
  mcsens::Results results;
  PaperRun() {
    mcsens::RequestChoices choices;
    choices.samples = 100000;
    choices.keep_samples = 2000;
    results = mcsens::run_request(problem, mcsens::make_request(config, config.problem(), choices));
  }
};

const PaperRun& paper_run() {
  static const PaperRun run;
  return run;
}

std::string temporary_file() {
  return "/tmp/mcsens_bench_report_" + std::to_string(::getpid()) + ".h5";
}

void BM_WriteResultFile(benchmark::State& state) {
  const PaperRun& run = paper_run();
  const std::string path = temporary_file();
  for (auto _ : state) mcsens::write_result_file(path, true, run.problem, run.results);
  std::remove(path.c_str());
}

void BM_ReadResultSummary(benchmark::State& state) {
  const PaperRun& run = paper_run();
  const std::string path = temporary_file();
  mcsens::write_result_file(path, true, run.problem, run.results);
  for (auto _ : state) {
    const mcsens::Results back = mcsens::read_result_summary(path);
    benchmark::DoNotOptimize(back.outputs.data());
  }
  std::remove(path.c_str());
}

}  // namespace

BENCHMARK(BM_WriteResultFile)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ReadResultSummary)->Unit(benchmark::kMillisecond)->UseRealTime();
