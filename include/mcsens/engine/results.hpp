// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/analysis/morris.hpp"
#include "mcsens/analysis/regression.hpp"
#include "mcsens/analysis/shapley.hpp"
#include "mcsens/analysis/sobol.hpp"
#include "mcsens/analysis/sobol_aggregate.hpp"
#include "mcsens/config/problem_spec.hpp"
#include "mcsens/engine/run_state.hpp"
#include "mcsens/model/model.hpp"

namespace mcsens {

// The quantile probabilities stored for every output (row 0 of /outputs/<name>/quantiles).
const std::vector<double>& reported_quantile_probabilities();

struct OutputSummary {
  std::string name;
  std::string label;
  std::string unit;
  std::string expr;
  std::uint64_t count = 0;  // finite draws
  std::uint64_t nonfinite = 0;
  double mean = 0, mean_se = 0, sd = 0, skewness = 0, kurtosis = 0, min = 0, max = 0;
  // Randomized-QMC replicates behind mean_se (the sd of the replicate means / sqrt(R)); 0: mean_se is the i.i.d.
  // sd / sqrt(count).
  std::size_t replicates = 0;
  std::vector<double> probabilities;
  std::vector<double> quantiles;
  double quantile_accuracy = 0;  // the sketch's relative accuracy (its coarse layer)
  // Per quantile: a bound on |quantile - exact sample quantile of the same rank| (QuantileSketch::error_bound);
  // empty when read from an older file.
  std::vector<double> quantile_errors;
  // Draws that are +inf / -inf (part of nonfinite; they count in the quantiles, not in the moments).
  std::uint64_t positive_infinite = 0, negative_infinite = 0;
  // The share of draws the moments leave out (nonfinite / (count + nonfinite)), and a sentence saying so when it
  // is above zero (empty otherwise).
  double nonfinite_share() const;
  std::string moments_note() const;
  std::vector<double> histogram_edges;
  std::vector<std::uint64_t> histogram_counts;
  std::uint64_t underflow = 0, overflow = 0;
  double quantile(double p) const;  // one of `probabilities`; NaN if absent
  // An array output (issue 35): its dimensions and one summary per element, element-major as the model's columns
  // (moments, mean_se, quantiles with their error bounds; no histogram). Empty for a scalar output, whose
  // statistics are the fields above; an array output's own fields above are left at their defaults.
  std::vector<Dimension> dimensions;
  std::vector<OutputSummary> elements;
  bool is_array() const { return !dimensions.empty(); }
};

// An input's role in a claim (Monte Carlo filtering): how differently it is distributed where the claim holds and
// where it fails, and its quantiles where it holds.
struct DriverSummary {
  std::string input;
  double ks_distance = 0;
  double p_value = 1;
  std::vector<double> holding_quantiles;  // at driver_probabilities()
};

struct ClaimSummary {
  std::string name;
  std::string expr;
  std::string text;
  std::uint64_t count = 0;  // draws where the claim holds
  std::uint64_t n = 0;      // draws where it is defined
  std::uint64_t nonfinite = 0;
  double probability = 0, ci_low = 0, ci_high = 0;
  double level = kDefaultConfidence;
  std::string interval_method = "wilson";  // or "rqmc-t" (Student t over randomized-QMC replicates)
  std::string verdict;
  std::vector<DriverSummary> drivers;  // in the order of the inputs; empty when not computed
  // Draws the model failed (each among nonfinite: all its targets are NaN). Whether the claim held there is unknown,
  // so the probability over all defined and failed draws N = n + failed is only known to lie between
  // count / N (every failed draw failed the claim) and (count + failed) / N (every one held it).
  std::uint64_t failed = 0;
  double probability_if_failed_fail() const;
  double probability_if_failed_hold() const;
  // The drivers ranked by KS distance, largest first (indices into drivers).
  std::vector<std::size_t> ranked_drivers() const;
};

struct FeatureSummary {
  OutputSummary stats;  // stats.name is the feature's name; not-found draws are stats.nonfinite
  // Draws whose feature lies at the grid's edge (an extremum at the first or last node searched, a crossing
  // reached at x[0]): counted apart like not-found draws, not in stats (docs/methods-curves.md).
  std::uint64_t at_edge = 0;
};

struct CurveSummary {
  std::string name;
  std::string label;
  std::string unit;     // of y (empty: none given)
  std::string x_label;  // of x (empty: none given; a parameter x has its own label and unit under /parameters)
  std::string x_unit;
  std::string x;
  std::vector<double> grid;
  std::vector<double> band_probabilities;
  std::vector<double> bands;  // (Q, G) row-major
  std::vector<FeatureSummary> features;
};

struct ScenarioSummary {
  std::string name;
  std::string text;
  std::vector<std::string> overridden;
  std::vector<OutputSummary> outputs;
  std::vector<ClaimSummary> claims;
  std::vector<CurveSummary> curves;
  std::vector<OutputSummary> deltas;  // (scenario - baseline) per output, common random numbers
  FailureCounts failures;             // the scenario's draws the model failed
};

struct RankingSummary {
  std::string output;
  std::vector<std::string> scenarios;  // the contenders: "baseline" first when include_baseline, then the scenarios
  bool include_baseline = false;
  bool lower_is_better = false;
  // (S, S): P(contender i is better than contender j): a larger value, or a smaller one when lower_is_better
  std::vector<double> probability;
  std::vector<double> ci_low;
  std::vector<double> ci_high;
};

// Sensitivity results of one target (an output or a claim's indicator), with the input names of their columns.
struct SobolSummary {
  std::string target;
  std::vector<std::string> inputs;
  SobolResult result;
  std::uint64_t evaluations = 0;
  std::string sampler;
  // An array output as the target (issue 35, step 4): its dimensions and one result per element, element-major
  // as the model's columns; `result` is then left at its default. Empty for a scalar target.
  std::vector<Dimension> dimensions;
  std::vector<SobolResult> elements;
  AggregatedSobol aggregated;  // of an array output: its indices aggregated over the elements (aggregate_sobol)
  FailureCounts failures;      // the design's model runs that failed, by reason (the same for every target)
  bool is_array() const { return !dimensions.empty(); }
};

struct MorrisSummary {
  std::string target;
  std::vector<std::string> inputs;
  MorrisResult result;
  int levels = 4;
  FailureCounts failures;  // the trajectories' model runs that failed, by reason (the same for every target)
};

struct ShapleySummary {
  std::string target;
  std::vector<std::string> inputs;
  ShapleyResult result;
  std::uint64_t evaluations = 0;
  FailureCounts failures;  // the design's model runs that failed, by reason (the same for every target)
};

struct RegressionSummary {
  std::string target;
  std::vector<std::string> inputs;
  RegressionResult result;
};

// The first M draws, kept for scatter plots and the regression: row-major (M, k) inputs and (M, m) outputs.
struct KeptSamples {
  std::uint64_t rows = 0;
  std::vector<std::string> input_names;
  std::vector<std::string> output_names;
  std::vector<double> inputs;
  std::vector<double> outputs;
};

struct UncertaintyState;
struct SobolDesignState;
struct MorrisDesignState;
struct ShapleyDesignState;

// A parameter as the run used it: /parameters/<parameter> of the result file, and `--json`'s "parameters".
struct ParameterRecord {
  std::string name;
  std::string label;  // the name when the config gives none
  std::string unit;
  std::string dist;  // a distribution's kind, or "constant"
  bool constant = false;
  double value = 0;                                        // a constant's
  std::string description;                                 // a distribution's, in words
  std::vector<std::pair<std::string, double>> parameters;  // a distribution's (mean, sd, low, high, ...)
};

// Everything a run found: the estimates of every analysis with their intervals, at the request's confidence, and
// the provenance that reporters print. What `run` and `merge` produce, what `show` reads back from a file
// (there without the kept draws' raw states), and the one input of every reporter (console, JSON, HDF5).
struct Results {
  std::string title;
  std::string config_name;
  std::string output_path;
  std::string version;
  std::string git_commit;
  int format_version = 0;  // of the file it was read from (the root's format_version; 1 when it has none)
  std::uint64_t samples = 0;
  std::string stop_reason;  // why the uncertainty draws stopped where they did ("completed -n ...", --until's verdict)
  // --until's targets (PrecisionTarget; 0: none given), so that `mcsens reproduce` stops where the run stopped.
  double until_relative_se = 0, until_ci_half_width = 0;
  std::uint64_t seed = 0;
  std::string sampler;
  int threads = 1;
  int ranks = 1;
  double wall_seconds = 0;
  std::string machine;  // the machine that ran it (for merged shards: the one that merged them; under MPI: rank 0's)
  std::vector<OutputSummary> outputs;
  // The uncertainty draws the model failed, by reason: their outputs and claims are NaN, counted in each output's
  // non-finite column too.
  FailureCounts failures;
  std::vector<ClaimSummary> claims;
  std::vector<CurveSummary> curves;
  std::vector<ScenarioSummary> scenarios;
  bool has_ranking = false;
  RankingSummary ranking;
  std::vector<SobolSummary> sobol;
  std::vector<MorrisSummary> morris;
  std::vector<RegressionSummary> regression;
  std::vector<ShapleySummary> shapley;
  // With [correlation] pairs: why the Sobol' and Morris results depend on the order of the parameters, naming the
  // Shapley effects as the order-free measure (empty without correlations, or without Sobol' and Morris results).
  std::string sensitivity_caveat;
  std::vector<std::string> notes;  // e.g. analyses in the config that this run did not perform

  // Provenance of the request (for the result file).
  std::string created_utc;                  // when the file was written (read back from it; empty in a run)
  std::vector<ParameterRecord> parameters;  // read back from a file's /parameters (a run has them in its Problem)
  std::string config_text;
  std::vector<std::string> overrides;
  std::uint64_t chunk_size = 0;
  double confidence = kDefaultConfidence;
  std::string model_kind = "expressions";

  KeptSamples kept;  // the first --keep-samples draws (rows 0 when none were asked for)
  RunState state;    // the finished work (kind result), for the result file's /resume record
  // The merged accumulator states behind the estimates (null when the analysis did not run, and in results read
  // from a file): for tests and tools that need more than the estimates.
  std::shared_ptr<const UncertaintyState> uncertainty_state;
  std::shared_ptr<const SobolDesignState> sobol_state;
  std::shared_ptr<const MorrisDesignState> morris_state;
  std::shared_ptr<const ShapleyDesignState> shapley_state;
};

// The probabilities of the holding-group quantiles reported for each driver.
const std::vector<double>& driver_probabilities();

}  // namespace mcsens
