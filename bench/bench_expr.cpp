// SPDX-License-Identifier: MIT
// The model language's evaluator against the same formulas written as hand-coded C++ loops, over one block of
// 1024 draws (the engine's block size). Target (issue 4): M5 from text within 1.5x of the hand-coded loop.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "mcsens/expr/program.hpp"

namespace {

constexpr std::size_t kBlock = 1024;

mcsens::ExpressionSource text(const std::string& name, const std::string& expression) {
  mcsens::ExpressionSource source;
  source.name = name;
  source.text = expression;
  return source;
}

std::vector<std::vector<double>> random_columns(std::size_t count, double low, double high) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(low, high);
  std::vector<std::vector<double>> columns(count, std::vector<double>(kBlock));
  for (auto& column : columns) {
    for (auto& v : column) v = u(rng);
  }
  return columns;
}

// M5 of MODELS.md: the dynamic adaptation model, rde_zj, rde_hb and the systematic ratio.
mcsens::ModelSource m5_model() {
  mcsens::ModelSource model;
  model.inputs = {"gamma", "s_zj", "d_zj", "lag_zj", "ie_zj", "eps_zj", "s_hb", "d_hb", "lag_hb", "ie_hb", "eps_hb"};
  model.definitions = {text("tps_zj", "s_zj * d_zj"),
                       text("tps_hb", "s_hb * d_hb"),
                       text("ifc_zj", "lag_zj + (1 - ie_zj)"),
                       text("ifc_hb", "lag_hb + (1 - ie_hb)"),
                       text("rde_zj", "gamma * tps_zj / ifc_zj + eps_zj"),
                       text("rde_hb", "gamma * tps_hb / ifc_hb + eps_hb"),
                       text("ratio", "(tps_zj / ifc_zj) / (tps_hb / ifc_hb)")};
  model.targets = {text("rde_zj", "rde_zj"), text("rde_hb", "rde_hb"), text("ratio", "ratio")};
  return model;
}

void BM_ExprM5Compiled(benchmark::State& state) {
  const auto program = mcsens::Program::compile(m5_model());
  mcsens::Evaluator evaluator(program, kBlock);
  const auto in = random_columns(11, 0.1, 1.0);
  std::vector<const double*> inputs;
  for (const auto& column : in) inputs.push_back(column.data());
  std::vector<std::vector<double>> out(3, std::vector<double>(kBlock));
  double* outputs[3] = {out[0].data(), out[1].data(), out[2].data()};
  for (auto _ : state) {
    evaluator.run(inputs.data(), outputs, kBlock);
    benchmark::DoNotOptimize(out[2][kBlock - 1]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_ExprM5Compiled);

// The same formulas as one fused loop, as a person would write them in C++.
__attribute__((noinline)) void m5_by_hand(const double* __restrict gamma, const double* __restrict s_zj,
                                          const double* __restrict d_zj, const double* __restrict lag_zj,
                                          const double* __restrict ie_zj, const double* __restrict eps_zj,
                                          const double* __restrict s_hb, const double* __restrict d_hb,
                                          const double* __restrict lag_hb, const double* __restrict ie_hb,
                                          const double* __restrict eps_hb, double* __restrict rde_zj,
                                          double* __restrict rde_hb, double* __restrict ratio, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const double tps_zj = s_zj[i] * d_zj[i];
    const double tps_hb = s_hb[i] * d_hb[i];
    const double ifc_zj = lag_zj[i] + (1 - ie_zj[i]);
    const double ifc_hb = lag_hb[i] + (1 - ie_hb[i]);
    rde_zj[i] = gamma[i] * tps_zj / ifc_zj + eps_zj[i];
    rde_hb[i] = gamma[i] * tps_hb / ifc_hb + eps_hb[i];
    ratio[i] = (tps_zj / ifc_zj) / (tps_hb / ifc_hb);
  }
}

void BM_ExprM5HandCoded(benchmark::State& state) {
  const auto in = random_columns(11, 0.1, 1.0);
  std::vector<const double*> inputs;
  for (const auto& column : in) inputs.push_back(column.data());
  std::vector<std::vector<double>> out(3, std::vector<double>(kBlock));
  double* outputs[3] = {out[0].data(), out[1].data(), out[2].data()};
  for (auto _ : state) {
    m5_by_hand(in[0].data(), in[1].data(), in[2].data(), in[3].data(), in[4].data(), in[5].data(), in[6].data(),
               in[7].data(), in[8].data(), in[9].data(), in[10].data(), outputs[0], outputs[1], outputs[2], kBlock);
    benchmark::DoNotOptimize(out[2][kBlock - 1]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_ExprM5HandCoded);

// M3 of MODELS.md: the benefit curve, transcendental-heavy (three logs, two exps per draw).
void BM_ExprM3BenefitCompiled(benchmark::State& state) {
  mcsens::ModelSource model;
  model.inputs = {"c", "el_lo", "el_hi", "c_infl", "m"};
  model.targets = {text("B", "exp(el_lo*log(c) - (el_lo-el_hi)/m*log(1+exp(m*log(c/c_infl))))")};
  const auto program = mcsens::Program::compile(model);
  mcsens::Evaluator evaluator(program, kBlock);
  auto in = random_columns(5, 0.0, 1.0);
  for (std::size_t i = 0; i < kBlock; ++i) {
    in[0][i] = 0.5 + 0.5 * in[0][i];    // c in [0.5, 1]
    in[1][i] = 0.7 + 0.2 * in[1][i];    // el_lo around 0.8
    in[2][i] = 0.2 + 0.2 * in[2][i];    // el_hi around 0.3
    in[3][i] = 0.7 + 0.1 * in[3][i];    // c_infl around 0.75
    in[4][i] = 15.0 + 30.0 * in[4][i];  // m ~ uniform(15, 45)
  }
  std::vector<const double*> inputs;
  for (const auto& column : in) inputs.push_back(column.data());
  std::vector<double> out(kBlock);
  double* outputs[1] = {out.data()};
  for (auto _ : state) {
    evaluator.run(inputs.data(), outputs, kBlock);
    benchmark::DoNotOptimize(out[kBlock - 1]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_ExprM3BenefitCompiled);

// The same benefit curve with scalar std::exp/std::log, for scale.
void BM_ExprM3BenefitHandCodedScalarLibm(benchmark::State& state) {
  const auto in = random_columns(5, 0.0, 1.0);
  std::vector<double> out(kBlock);
  for (auto _ : state) {
    for (std::size_t i = 0; i < kBlock; ++i) {
      const double c = 0.5 + 0.5 * in[0][i];
      const double el_lo = 0.7 + 0.2 * in[1][i];
      const double el_hi = 0.2 + 0.2 * in[2][i];
      const double c_infl = 0.7 + 0.1 * in[3][i];
      const double m = 15.0 + 30.0 * in[4][i];
      out[i] = std::exp(el_lo * std::log(c) - (el_lo - el_hi) / m * std::log(1 + std::exp(m * std::log(c / c_infl))));
    }
    benchmark::DoNotOptimize(out[kBlock - 1]);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlock));
}
BENCHMARK(BM_ExprM3BenefitHandCodedScalarLibm);

void BM_ExprCompileM5(benchmark::State& state) {
  const auto model = m5_model();
  for (auto _ : state) benchmark::DoNotOptimize(mcsens::Program::compile(model).num_instructions());
}
BENCHMARK(BM_ExprCompileM5);

}  // namespace
