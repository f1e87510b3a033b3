// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mcsens/analysis/filtering.hpp"
#include "mcsens/analysis/pairwise_ranking.hpp"
#include "mcsens/engine/chunked_run.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/run_options.hpp"
#include "mcsens/stats/histogram.hpp"
#include "mcsens/stats/moments.hpp"
#include "mcsens/stats/proportion.hpp"
#include "mcsens/stats/quantile_sketch.hpp"

namespace mcsens {

// Everything kept about one output: moments (with its non-finite count), a quantile sketch and a histogram.
struct OutputAccumulator {
  Moments moments;
  QuantileSketch sketch;
  Histogram histogram;

  void add(const double* x, std::size_t n);
  void merge(const OutputAccumulator& other);
};

// Outputs and claims of one parameter space (the baseline or a scenario) over some chunks.
struct OutcomeState {
  std::vector<OutputAccumulator> outputs;
  std::vector<ProportionCounter> claims;

  void merge(const OutcomeState& other);
};

// One curve over some chunks: a quantile sketch of y at every grid point (the bands) and the distribution of each
// feature (its moments count "not found" draws as non-finite).
struct CurveState {
  std::vector<QuantileSketch> bands;
  std::vector<OutputAccumulator> features;

  void merge(const CurveState& other);
};

// A scenario: its own outcomes and curves, and the paired differences (scenario - baseline) of every output.
struct ScenarioState {
  OutcomeState outcome;
  std::vector<CurveState> curves;
  std::vector<OutputAccumulator> deltas;

  void merge(const ScenarioState& other);
};

// The mergeable state of a run over some chunks: everything the uncertainty, claims, curves and scenarios
// analyses accumulate from the same draws.
struct UncertaintyState {
  std::vector<OutputAccumulator> outputs;
  std::vector<ProportionCounter> claims;
  std::vector<FilteringAccumulator> drivers;  // one per claim: inputs where it holds vs fails
  std::vector<CurveState> curves;
  std::vector<ScenarioState> scenarios;
  PairwiseRanking ranking;

  void merge(const UncertaintyState& other);
};

// The first M draws, kept for scatter plots: row-major (M, k) inputs and (M, m) outputs.
struct KeptSamples {
  std::uint64_t rows = 0;
  std::vector<std::string> input_names;
  std::vector<std::string> output_names;
  std::vector<double> inputs;
  std::vector<double> outputs;
};

struct UncertaintyResult {
  UncertaintyState state;
  KeptSamples samples;
  std::uint64_t draws = 0;
  int threads = 1;
  double seconds = 0.0;
  std::vector<std::size_t> driver_inputs;  // the parameters (uncertain ones) that the drivers' columns refer to
};

// Runs draws 0..samples-1 of the problem: sampler -> parameter space -> program -> accumulators, in chunks on
// OpenMP threads, merged in the fixed order of chunk indices (identical bits for any thread count).
// The same uniforms feed the baseline and every scenario (common random numbers); curves run each draw over its
// grid. Histogram ranges come from the output's config, or from a deterministic pilot (chunk 0's sketch).
// With options.analyses.curves/scenarios false those parts are skipped.
UncertaintyResult run_uncertainty(const Problem& problem, const RunOptions& options);

// The same run in pieces, for MPI ranks, shards, checkpoints, extension and stopping at a precision: run any lists
// of chunks (in any order, on any process), hand finished subtrees over as snapshots, and finish. Whatever the
// pieces, finish() gives the bits of run_uncertainty. Kept samples are not part of it (see first_draws).
class UncertaintyJob {
 public:
  UncertaintyJob(const Problem& problem, const RunOptions& options);  // runs the histogram pilot (chunk 0)
  ~UncertaintyJob();
  UncertaintyJob(const UncertaintyJob&) = delete;
  UncertaintyJob& operator=(const UncertaintyJob&) = delete;

  std::uint64_t chunks() const;       // options.samples / chunk size, rounded up
  std::uint64_t full_chunks() const;  // chunks of exactly chunk_size draws (the tail is the rest)
  std::uint64_t chunk_size() const;
  ChunkList missing(std::uint64_t first, std::uint64_t last) const;  // not done, in [first, last)

  void run(const ChunkList& chunks, const ExecOptions& exec);  // throws Interrupted on stop
  Snapshot snapshot() const;
  // Adds finished nodes (from a checkpoint, shard or rank); `source` names them in errors. drop_tail: ignore a
  // saved tail chunk (a shorter run's last chunk, which a longer run recomputes in full).
  void import(const Snapshot& snapshot, const std::string& source, bool drop_tail = false);
  // Draws 0 .. 2^level chunks, once they are all done (for stopping at a precision), else null.
  const UncertaintyState* prefix(int level) const;

  UncertaintyResult finish();  // every chunk done
  UncertaintyResult result_of(UncertaintyState state, std::uint64_t draws) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Draws 0 .. rows-1 (capped at options.samples): their inputs and outputs, as the run saw them (for /samples and
// the regression indices). Recomputed on demand, so they never travel between ranks or into checkpoints.
KeptSamples first_draws(const Problem& problem, const RunOptions& options, std::uint64_t rows);

}  // namespace mcsens
