// SPDX-License-Identifier: MIT
#include "mcsens/engine/sensitivity_run.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>

#include "mcsens/engine/state_codec.hpp"
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

}  // namespace

void SobolState::merge(const SobolState& other) {
  for (size_t i = 0; i < accumulators.size(); ++i) accumulators[i].merge(other.accumulators[i]);
}

void MorrisState::merge(const MorrisState& other) {
  for (size_t i = 0; i < accumulators.size(); ++i) accumulators[i].merge(other.accumulators[i]);
}

namespace {

// Base samples per block: about 2048 design rows at once; chunks of about 4096 base samples.
std::size_t sobol_block(std::size_t per_base) {
  return std::max<std::size_t>(1, 2048 / per_base);
}
std::uint64_t sobol_chunk_bases(std::size_t block) {
  return std::max<std::uint64_t>(block, 4096 / block * block);
}

constexpr std::uint64_t kMorrisChunk = 16;  // trajectories per chunk

template <class State>
Snapshot snapshot_of(const ChunkedRun<State>& run) {
  return run.snapshot([](const State& s, ByteWriter& w) { encode_state(s, w); });
}

template <class State>
void import_into(ChunkedRun<State>& run, const Snapshot& snapshot, const std::string& source) {
  for (const auto& node : snapshot.nodes) {
    ByteReader reader(node.bytes.data(), node.bytes.size(), source);
    State state;
    decode_state(reader, state);
    run.import(std::move(state), node.level, node.index);
  }
}

}  // namespace

struct SobolJob::Impl {
  const Problem& problem;
  SobolSpec spec;
  RunOptions options;
  std::size_t k;
  std::vector<SensitivityTarget> targets;
  std::size_t per_base;
  std::size_t block;
  Sampler sampler;
  SobolState prototype;
  ChunkedRun<SobolState> run;
  double seconds = 0;

  Impl(const Problem& p, const SobolSpec& s, const RunOptions& o)
      : problem(p),
        spec(s),
        options(o),
        k(checked_dimensions(p, s)),
        targets(sensitivity_targets(p)),
        per_base(sobol_rows_per_base(k, s.second_order)),
        block(sobol_block(per_base)),
        sampler(parse_sampler_kind(s.sampler), o.seed ^ kSobolStream, 2 * k, s.base_samples),
        run(s.base_samples, sobol_chunk_bases(block)) {
    SobolOptions sobol_options;
    sobol_options.base_samples = s.base_samples;
    sobol_options.memory_cap_bytes = (std::size_t{512} << 20) / std::max<std::size_t>(1, targets.size());
    // Bootstrap intervals up to 2^19 base samples (1000 resamples: about 1 s of CPU there); batch means beyond.
    sobol_options.bootstrap_max_bases = std::uint64_t{1} << 19;
    for (size_t t = 0; t < targets.size(); ++t) prototype.accumulators.emplace_back(k, s.second_order, sobol_options);
  }

  static std::size_t checked_dimensions(const Problem& p, const SobolSpec& s) {
    if (p.space().dimensions() == 0) throw Error("sensitivity.sobol: the model has no uncertain input", s.location);
    return p.space().dimensions();
  }
};

SobolJob::SobolJob(const Problem& problem, const SobolSpec& spec, const RunOptions& options)
    : impl_(std::make_unique<Impl>(problem, spec, options)) {}
SobolJob::~SobolJob() = default;

std::uint64_t SobolJob::chunks() const {
  return impl_->run.chunks();
}
ChunkList SobolJob::missing(std::uint64_t first, std::uint64_t last) const {
  return impl_->run.missing(first, last);
}

void SobolJob::run(const ChunkList& chunks, const ExecOptions& exec) {
  const auto start = std::chrono::steady_clock::now();
  const Impl& impl = *impl_;
  struct Workspace {
    DesignWorkspace design;
    std::vector<double> base_unit;
  };
  const auto make = [&impl]() {
    auto ws = std::make_unique<Workspace>(Workspace{DesignWorkspace(impl.problem, impl.block * impl.per_base), {}});
    ws->base_unit.resize(2 * impl.k * impl.block);
    return ws;
  };
  impl_->run.execute(chunks, exec, impl.prototype, make, [&impl](Workspace& ws, std::uint64_t c, SobolState& state) {
    const std::uint64_t end = impl.run.end(c);
    for (std::uint64_t first = impl.run.begin(c); first < end; first += impl.block) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(impl.block, end - first));
      impl.sampler.fill(first, n, ws.base_unit.data(), impl.block);
      sobol_design_block(ws.base_unit.data(), impl.block, n, impl.k, impl.spec.second_order,
                         ws.design.unit_columns.data());
      ws.design.evaluate(impl.problem, n * impl.per_base);
      for (size_t t = 0; t < impl.targets.size(); ++t) {
        state.accumulators[t].add_design_block(first, n, ws.design.outputs[impl.targets[t].program_target]);
      }
    }
  });
  impl_->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Snapshot SobolJob::snapshot() const {
  return snapshot_of(impl_->run);
}
void SobolJob::import(const Snapshot& snapshot, const std::string& source) {
  import_into(impl_->run, snapshot, source);
}

SobolRun SobolJob::finish() {
  const auto start = std::chrono::steady_clock::now();
  const SobolState total = impl_->run.finish();
  SobolRun run;
  run.base_samples = impl_->spec.base_samples;
  run.evaluations = sobol_cost(run.base_samples, impl_->k, impl_->spec.second_order);
  run.sampler = impl_->spec.sampler;
  for (size_t t = 0; t < impl_->targets.size(); ++t) {
    run.results.push_back(
        total.accumulators[t].estimate(impl_->spec.confidence, impl_->options.seed ^ (kSobolStream + t)));
  }
  run.seconds = impl_->seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

struct MorrisJob::Impl {
  const Problem& problem;
  MorrisSpec spec;
  std::size_t k;
  std::vector<SensitivityTarget> targets;
  std::uint64_t seed;
  std::vector<std::uint64_t> indices;  // the trajectories used (Campolongo's selection or 0..r-1)
  MorrisState prototype;
  ChunkedRun<MorrisState> run;
  double seconds = 0;

  Impl(const Problem& p, const MorrisSpec& s, const RunOptions& o)
      : problem(p),
        spec(s),
        k(checked_dimensions(p, s)),
        targets(sensitivity_targets(p)),
        seed(o.seed ^ kMorrisStream),
        indices(select(s, seed, k)),
        run(indices.size(), kMorrisChunk) {
    for (size_t t = 0; t < targets.size(); ++t) prototype.accumulators.emplace_back(k);
  }

  static std::size_t checked_dimensions(const Problem& p, const MorrisSpec& s) {
    if (p.space().dimensions() == 0) throw Error("sensitivity.morris: the model has no uncertain input", s.location);
    return p.space().dimensions();
  }
  static std::vector<std::uint64_t> select(const MorrisSpec& s, std::uint64_t seed, std::size_t k) {
    if (s.candidates > s.trajectories) return campolongo_select(seed, s.candidates, s.trajectories, k, s.levels);
    std::vector<std::uint64_t> all;
    for (std::uint64_t i = 0; i < s.trajectories; ++i) all.push_back(i);
    return all;
  }
};

MorrisJob::MorrisJob(const Problem& problem, const MorrisSpec& spec, const RunOptions& options)
    : impl_(std::make_unique<Impl>(problem, spec, options)) {}
MorrisJob::~MorrisJob() = default;

std::uint64_t MorrisJob::chunks() const {
  return impl_->run.chunks();
}
ChunkList MorrisJob::missing(std::uint64_t first, std::uint64_t last) const {
  return impl_->run.missing(first, last);
}

void MorrisJob::run(const ChunkList& chunks, const ExecOptions& exec) {
  const auto start = std::chrono::steady_clock::now();
  const Impl& impl = *impl_;
  const auto make = [&impl]() { return std::make_unique<DesignWorkspace>(impl.problem, impl.k + 1); };
  impl_->run.execute(
      chunks, exec, impl.prototype, make, [&impl](DesignWorkspace& ws, std::uint64_t c, MorrisState& state) {
        const std::size_t k = impl.k;
        for (std::uint64_t i = impl.run.begin(c); i < impl.run.end(c); ++i) {
          const MorrisTrajectory trajectory = morris_trajectory(impl.seed, impl.indices[i], k, impl.spec.levels);
          for (size_t row = 0; row <= k; ++row) {
            for (size_t d = 0; d < k; ++d) ws.unit_columns[d][row] = trajectory.points[row * k + d];
          }
          ws.evaluate(impl.problem, k + 1);
          for (size_t t = 0; t < impl.targets.size(); ++t)
            state.accumulators[t].add(trajectory, ws.outputs[impl.targets[t].program_target]);
        }
      });
  impl_->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Snapshot MorrisJob::snapshot() const {
  return snapshot_of(impl_->run);
}
void MorrisJob::import(const Snapshot& snapshot, const std::string& source) {
  import_into(impl_->run, snapshot, source);
}

MorrisRun MorrisJob::finish() {
  const auto start = std::chrono::steady_clock::now();
  const MorrisState total = impl_->run.finish();
  MorrisRun run;
  run.trajectories = impl_->indices.size();
  run.levels = impl_->spec.levels;
  run.evaluations = impl_->indices.size() * (impl_->k + 1);
  for (size_t t = 0; t < impl_->targets.size(); ++t) {
    run.results.push_back(total.accumulators[t].estimate(0.95, impl_->seed + t, 1000));
  }
  run.seconds = impl_->seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

namespace {
ExecOptions exec_of(const RunOptions& options) {
  ExecOptions exec;
  exec.threads = options.threads;
  exec.stop = options.stop;
  return exec;
}
}  // namespace

SobolRun run_sobol(const Problem& problem, const SobolSpec& spec, const RunOptions& options) {
  SobolJob job(problem, spec, options);
  job.run(job.missing(0, job.chunks()), exec_of(options));
  return job.finish();
}

MorrisRun run_morris(const Problem& problem, const MorrisSpec& spec, const RunOptions& options) {
  MorrisJob job(problem, spec, options);
  job.run(job.missing(0, job.chunks()), exec_of(options));
  return job.finish();
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
