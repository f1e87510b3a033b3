// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

// The mergeable state of an uncertainty run over some chunks.
struct UncertaintyState {
  std::vector<OutputAccumulator> outputs;
  std::vector<ProportionCounter> claims;

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
};

// Runs draws 0..samples-1 of the problem: sampler -> parameter space -> program -> accumulators, in chunks on
// OpenMP threads, merged in the fixed order of chunk indices (identical bits for any thread count).
// Histogram ranges come from the output's config, or from a deterministic pilot (chunk 0's sketch).
UncertaintyResult run_uncertainty(const Problem& problem, const RunOptions& options);

}  // namespace mcsens
