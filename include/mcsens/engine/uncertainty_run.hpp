// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mcsens/analysis/filtering.hpp"
#include "mcsens/analysis/pairwise_ranking.hpp"
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

}  // namespace mcsens
