// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mcsens/analysis/morris.hpp"
#include "mcsens/analysis/regression.hpp"
#include "mcsens/analysis/sobol.hpp"
#include "mcsens/engine/chunked_run.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/run_options.hpp"

namespace mcsens {

// What a sensitivity analysis is computed for: an output, or a claim's 0/1 indicator.
struct SensitivityTarget {
  std::string name;
  bool is_claim = false;
  std::size_t program_target = 0;  // index into the problem program's targets
  std::size_t output_index = 0;    // for outputs: index into the outputs
};

// The targets of [sensitivity] outputs (default: every output), in the order given.
std::vector<SensitivityTarget> sensitivity_targets(const Problem& problem);

// The uncertain inputs, the columns of every sensitivity result, in config order.
std::vector<std::string> sensitivity_inputs(const Problem& problem);

struct SobolRun {
  std::vector<SobolResult> results;  // one per target
  std::uint64_t base_samples = 0;
  std::uint64_t evaluations = 0;  // N (k + 2) or N (2k + 2)
  std::string sampler;
  double seconds = 0;
};

// Saltelli's design over the uncertain inputs from a 2k-dimensional design (scrambled Sobol' by default), chunk
// by chunk through the same parameter space and program, merged in base-sample order (identical bits for any
// thread count); S1 (Saltelli 2010), ST (Jansen 1999), S2 (Saltelli 2002) with bootstrap or batch-means intervals.
SobolRun run_sobol(const Problem& problem, const SobolSpec& spec, const RunOptions& options);

struct MorrisRun {
  std::vector<MorrisResult> results;
  std::uint64_t trajectories = 0;
  int levels = 4;
  std::uint64_t evaluations = 0;
  double seconds = 0;
};

// Morris 1991 elementary effects on r trajectories (Campolongo 2007 selection when candidates > r).
MorrisRun run_morris(const Problem& problem, const MorrisSpec& spec, const RunOptions& options);

// The mergeable states of the designs' chunks (merged in base-sample / trajectory order).
struct SobolState {
  std::vector<SobolAccumulator> accumulators;  // one per target
  void merge(const SobolState& other);
};
struct MorrisState {
  std::vector<MorrisAccumulator> accumulators;  // one per target
  void merge(const MorrisState& other);
};

// The analyses in pieces, as UncertaintyJob: any chunk lists on any process, snapshots, import, finish().
class SobolJob {
 public:
  SobolJob(const Problem& problem, const SobolSpec& spec, const RunOptions& options);
  ~SobolJob();
  std::uint64_t chunks() const;
  ChunkList missing(std::uint64_t first, std::uint64_t last) const;
  void run(const ChunkList& chunks, const ExecOptions& exec);
  Snapshot snapshot() const;
  void import(const Snapshot& snapshot, const std::string& source);
  SobolRun finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class MorrisJob {
 public:
  MorrisJob(const Problem& problem, const MorrisSpec& spec, const RunOptions& options);
  ~MorrisJob();
  std::uint64_t chunks() const;
  ChunkList missing(std::uint64_t first, std::uint64_t last) const;
  void run(const ChunkList& chunks, const ExecOptions& exec);
  Snapshot snapshot() const;
  void import(const Snapshot& snapshot, const std::string& source);
  MorrisRun finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// SRC and PRCC of each output target from the first rows of an uncertainty run's draws: inputs (rows, all
// parameters) and outputs (rows, outputs), row-major as in KeptSamples.
std::vector<RegressionResult> run_regression(const Problem& problem, const std::vector<double>& inputs,
                                             const std::vector<double>& outputs, std::uint64_t rows);

}  // namespace mcsens
