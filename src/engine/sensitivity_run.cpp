// SPDX-License-Identifier: MIT
#include "mcsens/engine/sensitivity_run.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include "mcsens/parallel/ordered_reduction.hpp"
#include "mcsens/sampling/sampler.hpp"

namespace mcsens {

std::vector<SensitivityTarget> sensitivity_targets(const Problem& problem) {
  std::vector<std::string> names = problem.spec().sensitivity.outputs;
  if (names.empty()) names = problem.output_names();
  std::vector<SensitivityTarget> targets;
  for (const auto& name : names) {
    SensitivityTarget t;
    t.name = name;
    const auto& outputs = problem.output_names();
    const auto o = std::find(outputs.begin(), outputs.end(), name);
    if (o != outputs.end()) {
      t.output_index = static_cast<std::size_t>(o - outputs.begin());
      t.program_target = t.output_index;
    } else {
      const auto& claims = problem.claim_names();
      const auto c = std::find(claims.begin(), claims.end(), name);
      t.is_claim = true;
      t.program_target = problem.num_outputs() + static_cast<std::size_t>(c - claims.begin());
    }
    targets.push_back(t);
  }
  return targets;
}

std::vector<std::string> sensitivity_inputs(const Problem& problem) {
  std::vector<std::string> names;
  for (size_t p = 0; p < problem.space().size(); ++p) {
    if (!problem.space().is_constant(p)) names.push_back(problem.space().names()[p]);
  }
  return names;
}

namespace {

// Runs `body(chunk, state)` for chunks 0..chunks-1 on OpenMP threads and merges the states in chunk order.
template <class State, class MakeWorkspace, class Body>
State run_chunks(std::uint64_t chunks, const RunOptions& options, const State& prototype, MakeWorkspace make_workspace,
                 Body body) {
  OrderedReduction<State> reduction;
  std::exception_ptr failure;
  std::atomic<bool> failed{false};
  std::atomic<bool> stopped{false};
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
  {
    decltype(make_workspace()) ws;
    try {
      ws = make_workspace();
    } catch (...) {
#pragma omp critical(mcsens_sensitivity_failure)
      if (!failure) failure = std::current_exception();
      failed = true;
    }
#pragma omp for schedule(dynamic, 1)
    for (std::uint64_t c = 0; c < chunks; ++c) {
      if (failed.load(std::memory_order_relaxed) || stopped.load(std::memory_order_relaxed)) continue;
      if (options.stop && options.stop->load(std::memory_order_relaxed)) {
        stopped = true;
        continue;
      }
      try {
        State state = prototype;
        body(*ws, c, state);
        reduction.submit(c, std::move(state));
      } catch (...) {
#pragma omp critical(mcsens_sensitivity_failure)
        if (!failure) failure = std::current_exception();
        failed = true;
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  if (stopped) throw Interrupted{};
  return reduction.finish();
}

// Scratch for evaluating `rows` design rows: unit columns (one per uncertain input), physical values, results.
struct DesignWorkspace {
  std::size_t rows;
  std::vector<double> unit;
  std::vector<double> phys;
  std::vector<double> results;
  std::vector<double*> unit_columns;
  std::vector<const double*> inputs;
  std::vector<double*> outputs;
  Evaluator evaluator;

  DesignWorkspace(const Problem& problem, std::size_t rows_)
      : rows(rows_),
        unit(std::max<std::size_t>(problem.space().dimensions(), 1) * rows_),
        phys(problem.space().size() * rows_),
        results(problem.program().num_targets() * rows_),
        evaluator(problem.program(), rows_) {
    for (size_t d = 0; d < problem.space().dimensions(); ++d) unit_columns.push_back(unit.data() + d * rows);
    for (size_t p = 0; p < problem.space().size(); ++p) inputs.push_back(phys.data() + p * rows);
    for (size_t t = 0; t < problem.program().num_targets(); ++t) outputs.push_back(results.data() + t * rows);
  }

  void evaluate(const Problem& problem, std::size_t n) {
    problem.space().map(unit.data(), rows, phys.data(), rows, n);
    evaluator.run(inputs.data(), outputs.data(), n);
  }
};

// The Sobol' and Morris designs draw from streams of their own, so that they never reuse the main run's draws.
constexpr std::uint64_t kSobolStream = 0x5a17e11150b01ull;
constexpr std::uint64_t kMorrisStream = 0x3a0771500ull;

struct SobolState {
  std::vector<SobolAccumulator> accumulators;
  void merge(const SobolState& other) {
    for (size_t i = 0; i < accumulators.size(); ++i) accumulators[i].merge(other.accumulators[i]);
  }
};

struct MorrisState {
  std::vector<MorrisAccumulator> accumulators;
  void merge(const MorrisState& other) {
    for (size_t i = 0; i < accumulators.size(); ++i) accumulators[i].merge(other.accumulators[i]);
  }
};

}  // namespace

SobolRun run_sobol(const Problem& problem, const SobolSpec& spec, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t k = problem.space().dimensions();
  if (k == 0) throw Error("sensitivity.sobol: the model has no uncertain input", spec.location);
  const auto targets = sensitivity_targets(problem);
  const std::uint64_t N = spec.base_samples;
  const std::size_t per_base = sobol_rows_per_base(k, spec.second_order);
  // Base samples per block: about 2048 design rows at once.
  const std::size_t block = std::max<std::size_t>(1, 2048 / per_base);
  const std::uint64_t chunk_bases = std::max<std::uint64_t>(block, 4096 / block * block);
  const std::uint64_t chunks = (N + chunk_bases - 1) / chunk_bases;
  const Sampler sampler(parse_sampler_kind(spec.sampler), options.seed ^ kSobolStream, 2 * k, N);

  SobolOptions sobol_options;
  sobol_options.base_samples = N;
  sobol_options.memory_cap_bytes = (std::size_t{512} << 20) / std::max<std::size_t>(1, targets.size());
  // Bootstrap intervals up to 2^19 base samples (1000 resamples: about 1 s of CPU there); batch means beyond.
  sobol_options.bootstrap_max_bases = std::uint64_t{1} << 19;
  SobolState prototype;
  for (size_t t = 0; t < targets.size(); ++t) prototype.accumulators.emplace_back(k, spec.second_order, sobol_options);

  struct Workspace {
    DesignWorkspace design;
    std::vector<double> base_unit;
  };
  const auto make = [&]() {
    auto ws = std::make_unique<Workspace>(Workspace{DesignWorkspace(problem, block * per_base), {}});
    ws->base_unit.resize(2 * k * block);
    return ws;
  };
  SobolState total =
      run_chunks(chunks, options, prototype, make, [&](Workspace& ws, std::uint64_t c, SobolState& state) {
        const std::uint64_t end = std::min(N, (c + 1) * chunk_bases);
        for (std::uint64_t first = c * chunk_bases; first < end; first += block) {
          const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(block, end - first));
          sampler.fill(first, n, ws.base_unit.data(), block);
          sobol_design_block(ws.base_unit.data(), block, n, k, spec.second_order, ws.design.unit_columns.data());
          ws.design.evaluate(problem, n * per_base);
          for (size_t t = 0; t < targets.size(); ++t) {
            state.accumulators[t].add_design_block(first, n, ws.design.outputs[targets[t].program_target]);
          }
        }
      });

  SobolRun run;
  run.base_samples = N;
  run.evaluations = sobol_cost(N, k, spec.second_order);
  run.sampler = spec.sampler;
  for (size_t t = 0; t < targets.size(); ++t) {
    run.results.push_back(total.accumulators[t].estimate(spec.confidence, options.seed ^ (kSobolStream + t)));
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

MorrisRun run_morris(const Problem& problem, const MorrisSpec& spec, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t k = problem.space().dimensions();
  if (k == 0) throw Error("sensitivity.morris: the model has no uncertain input", spec.location);
  const auto targets = sensitivity_targets(problem);
  const std::uint64_t seed = options.seed ^ kMorrisStream;
  std::vector<std::uint64_t> indices;
  if (spec.candidates > spec.trajectories) {
    indices = campolongo_select(seed, spec.candidates, spec.trajectories, k, spec.levels);
  } else {
    for (std::uint64_t i = 0; i < spec.trajectories; ++i) indices.push_back(i);
  }
  const std::uint64_t per_chunk = 16;
  const std::uint64_t chunks = (indices.size() + per_chunk - 1) / per_chunk;
  MorrisState prototype;
  for (size_t t = 0; t < targets.size(); ++t) prototype.accumulators.emplace_back(k);
  const auto make = [&]() { return std::make_unique<DesignWorkspace>(problem, k + 1); };
  MorrisState total =
      run_chunks(chunks, options, prototype, make, [&](DesignWorkspace& ws, std::uint64_t c, MorrisState& state) {
        const std::uint64_t end = std::min<std::uint64_t>(indices.size(), (c + 1) * per_chunk);
        std::vector<double> y(k + 1);
        for (std::uint64_t i = c * per_chunk; i < end; ++i) {
          const MorrisTrajectory trajectory = morris_trajectory(seed, indices[i], k, spec.levels);
          for (size_t row = 0; row <= k; ++row) {
            for (size_t d = 0; d < k; ++d) ws.unit_columns[d][row] = trajectory.points[row * k + d];
          }
          ws.evaluate(problem, k + 1);
          for (size_t t = 0; t < targets.size(); ++t)
            state.accumulators[t].add(trajectory, ws.outputs[targets[t].program_target]);
        }
      });
  MorrisRun run;
  run.trajectories = indices.size();
  run.levels = spec.levels;
  run.evaluations = indices.size() * (k + 1);
  for (size_t t = 0; t < targets.size(); ++t) {
    run.results.push_back(total.accumulators[t].estimate(0.95, seed + t, 1000));
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

std::vector<RegressionResult> run_regression(const Problem& problem, const std::vector<double>& inputs,
                                             const std::vector<double>& outputs, std::uint64_t rows) {
  const ParameterSpace& space = problem.space();
  std::vector<size_t> uncertain;
  for (size_t p = 0; p < space.size(); ++p) {
    if (!space.is_constant(p)) uncertain.push_back(p);
  }
  const size_t k = uncertain.size();
  std::vector<double> x(rows * k);
  for (std::uint64_t i = 0; i < rows; ++i) {
    for (size_t j = 0; j < k; ++j) x[i * k + j] = inputs[i * space.size() + uncertain[j]];
  }
  std::vector<RegressionResult> results;
  const size_t m = problem.num_outputs();
  for (const auto& target : sensitivity_targets(problem)) {
    if (target.is_claim) continue;  // documented: regression is for outputs; claims get Sobol' and Morris
    std::vector<double> y(rows);
    for (std::uint64_t i = 0; i < rows; ++i) y[i] = outputs[i * m + target.output_index];
    results.push_back(regression_indices(x.data(), rows, k, y.data()));
  }
  return results;
}

}  // namespace mcsens
