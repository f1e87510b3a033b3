// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

#include "mcsens/analysis/filtering.hpp"
#include "mcsens/analysis/pairwise_ranking.hpp"
#include "mcsens/model/model.hpp"
#include "mcsens/stats/histogram.hpp"
#include "mcsens/stats/moments.hpp"
#include "mcsens/stats/proportion.hpp"
#include "mcsens/stats/quantile_sketch.hpp"
#include "mcsens/stats/replicate_means.hpp"

namespace mcsens {

// Everything kept about one output: moments (with its non-finite count), a quantile sketch, a histogram and, with
// the sobol sampler's replicates, the replicate means that give the mean its standard error.
struct OutputAccumulator {
  Moments moments;
  QuantileSketch sketch;
  Histogram histogram;
  ReplicateMeans replicates;  // empty unless the draws are randomized-QMC replicates

  // The values of draws first .. first + n - 1.
  void add(const double* x, std::size_t n, std::uint64_t first);
  void merge(const OutputAccumulator& other);
};

// Everything kept about one element of an array output: moments, a quantile sketch of its coarse layer only
// (relative accuracy kElementQuantileAccuracy, no pilot windows) and the replicate means. No histogram: a few
// kilobytes per element, so that an output of 10,000 elements fits in every thread's state.
struct ElementAccumulator {
  static constexpr double kElementQuantileAccuracy = 1e-2;
  // 512 buckets per sign span 4.4 decades of magnitude at that accuracy: values more than 2.8e4 times smaller than
  // the largest of their sign are collapsed into one bucket (absolute error at most 3.6e-5 of that largest value,
  // reported by the quantile's bound), so an element's sketch stays under 8 KiB however many draws reach near 0.
  static constexpr std::int64_t kElementMaxBuckets = 512;
  Moments moments;
  QuantileSketch sketch{kElementQuantileAccuracy, kElementMaxBuckets};
  ReplicateMeans replicates;

  void add(const double* x, std::size_t n, std::uint64_t first);
  void merge(const ElementAccumulator& other);
};

// Outputs and claims of one parameter space (the baseline or a scenario) over some chunks.
struct OutcomeState {
  std::vector<OutputAccumulator> outputs;
  std::vector<ProportionCounter> claims;
  std::vector<ReplicateMeans> claim_replicates;  // one per claim with replicates, else empty
  FailureCounts failures;                        // draws the model failed, by reason

  void merge(const OutcomeState& other);
};

// One curve over some chunks: a quantile sketch of y at every grid point (the bands) and the distribution of each
// feature (its moments count "not found" draws as non-finite). Draws whose feature lies at the grid's edge are
// not in `features` but counted in `at_edge` (one count per feature).
struct CurveState {
  std::vector<QuantileSketch> bands;
  std::vector<OutputAccumulator> features;
  std::vector<std::uint64_t> at_edge;

  void merge(const CurveState& other);
};

// A scenario: its own outcomes and curves, and the paired differences (scenario - baseline) of every output.
struct ScenarioState {
  OutcomeState outcome;
  std::vector<CurveState> curves;
  std::vector<OutputAccumulator> deltas;
  // The array outputs' elements under the scenario and their paired changes (scenario - baseline), output by
  // output as UncertaintyState::elements; empty without array outputs.
  std::vector<ElementAccumulator> elements;
  std::vector<ElementAccumulator> delta_elements;

  void merge(const ScenarioState& other);
};

// The mergeable state of a run over some chunks: everything the uncertainty, claims, curves and scenarios
// analyses accumulate from the same draws.
struct UncertaintyState {
  std::vector<OutputAccumulator> outputs;    // one per output (an array output's is unused: see elements)
  std::vector<ElementAccumulator> elements;  // the array outputs' elements, output by output; empty without any
  std::vector<ProportionCounter> claims;
  std::vector<ReplicateMeans> claim_replicates;  // one per claim with replicates, else empty
  std::vector<FilteringAccumulator> drivers;     // one per claim: inputs where it holds vs fails
  std::vector<CurveState> curves;
  std::vector<ScenarioState> scenarios;
  PairwiseRanking ranking;
  FailureCounts failures;  // baseline draws the model failed, by reason

  void merge(const UncertaintyState& other);
};

}  // namespace mcsens
