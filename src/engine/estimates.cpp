// SPDX-License-Identifier: MIT
#include "engine/estimates.hpp"

#include <algorithm>
#include <cmath>

#include "engine/sensitivity_targets.hpp"
#include "mcsens/stats/proportion.hpp"

namespace mcsens {

double mean_standard_error(const Moments& moments, const ReplicateMeans& replicates) {
  // A constant output has its mean exactly (Moments::mean): no error, although the replicates' sums may differ in
  // their last bits.
  if (moments.count() >= 2 && moments.min() == moments.max()) return 0.0;
  return replicates.replicates() > 0 ? replicates.standard_error() : moments.mean_se();
}

Interval claim_interval(const ProportionCounter& counter, const ReplicateMeans* replicates, double level,
                        std::string* method) {
  const std::uint64_t rarer = std::min(counter.successes(), counter.trials() - counter.successes());
  if (replicates != nullptr && replicates->replicates() > 0 && rarer >= replicates->replicates()) {
    Interval ci = replicates->t_interval(counter.probability(), level);
    if (std::isfinite(ci.low) && std::isfinite(ci.high)) {
      if (method != nullptr) *method = "rqmc-t";
      return {std::max(0.0, ci.low), std::min(1.0, ci.high)};
    }
  }
  if (method != nullptr) *method = "wilson";
  return wilson_interval(counter.successes(), counter.trials(), level);
}

std::vector<double> output_quantile_probabilities(const OutputSpec* spec) {
  std::vector<double> probabilities = reported_quantile_probabilities();
  if (spec != nullptr && !spec->quantiles.empty()) {
    // The levels the config asks for, and the three the console and JSON summaries show (q05, median, q95).
    probabilities = spec->quantiles;
    for (double p : {0.05, 0.5, 0.95}) {
      if (std::none_of(probabilities.begin(), probabilities.end(), [p](double q) { return q == p; })) {
        probabilities.push_back(p);
      }
    }
    std::sort(probabilities.begin(), probabilities.end());
  }
  return probabilities;
}

namespace {

// The statistics every set of draws keeps (an output's, or an array output's element's): moments, mean_se,
// quantiles with their bounds. No histogram.
template <class Accumulator>
OutputSummary summarize_draws(const std::string& name, const OutputSpec* spec, const Accumulator& acc) {
  OutputSummary out;
  out.name = name;
  if (spec != nullptr) {
    out.label = spec->label;
    out.unit = spec->unit;
    out.expr = spec->expr.text;
  }
  out.count = acc.moments.count();
  out.nonfinite = acc.moments.nonfinite();
  out.mean = acc.moments.mean();
  out.mean_se = mean_standard_error(acc);
  out.replicates = acc.replicates.replicates();
  out.sd = acc.moments.sd();
  out.skewness = acc.moments.skewness();
  out.kurtosis = acc.moments.kurtosis();
  out.min = acc.moments.min();
  out.max = acc.moments.max();
  out.probabilities = output_quantile_probabilities(spec);
  for (double p : out.probabilities) {
    out.quantiles.push_back(acc.sketch.quantile(p));
    out.quantile_errors.push_back(acc.sketch.error_bound(p));
  }
  out.quantile_accuracy = acc.sketch.alpha();
  out.positive_infinite = acc.sketch.positive_infinite();
  out.negative_infinite = acc.sketch.negative_infinite();
  return out;
}

OutputSummary summarize_output(const std::string& name, const OutputSpec* spec, const OutputAccumulator& acc) {
  OutputSummary out = summarize_draws(name, spec, acc);
  out.histogram_edges = acc.histogram.edges();
  out.histogram_counts = acc.histogram.counts();
  out.underflow = acc.histogram.underflow();
  out.overflow = acc.histogram.overflow();
  return out;
}

// The outputs of one parameter space (the baseline's or a scenario's, or a scenario's paired changes): the scalars
// from their accumulators, each array output from its elements' (in `elements`, output by output).
std::vector<OutputSummary> summarize_outputs(const Problem& problem, const std::vector<OutputAccumulator>& outputs,
                                             const std::vector<ElementAccumulator>& elements) {
  const ProblemSpec& spec = problem.spec();
  const TargetLayout& layout = problem.target_layout();
  std::vector<OutputSummary> out;
  std::size_t element = 0;
  for (size_t o = 0; o < outputs.size(); ++o) {
    const OutputSpec& output = spec.outputs[o];
    if (!layout.is_array(o)) {
      out.push_back(summarize_output(output.expr.name, &output, outputs[o]));
      continue;
    }
    OutputSummary array;
    array.name = output.expr.name;
    array.label = output.label;
    array.unit = output.unit;
    array.expr = output.expr.text;
    array.dimensions = problem.model().targets()[o].shape.dimensions;
    for (size_t e = 0; e < layout.elements(o); ++e) {
      array.elements.push_back(summarize_draws(output.expr.name, &output, elements.at(element++)));
    }
    out.push_back(std::move(array));
  }
  return out;
}

// failed: the draws the model failed (FailureCounts::total()), each undefined in every claim.
std::vector<ClaimSummary> summarize_claims(const ProblemSpec& spec, const std::vector<ProportionCounter>& counters,
                                           const std::vector<ReplicateMeans>& replicates, double confidence,
                                           std::uint64_t failed) {
  std::vector<ClaimSummary> out;
  for (size_t c = 0; c < counters.size(); ++c) {
    const auto& counter = counters[c];
    ClaimSummary claim;
    claim.name = spec.claims[c].name;
    claim.expr = spec.claims[c].expr.text;
    claim.text = spec.claims[c].text;
    claim.count = counter.successes();
    claim.n = counter.trials();
    claim.nonfinite = counter.nonfinite();
    claim.failed = std::min(failed, claim.nonfinite);
    claim.probability = counter.probability();
    claim.level = confidence;
    const Interval ci =
        claim_interval(counter, replicates.empty() ? nullptr : &replicates[c], claim.level, &claim.interval_method);
    claim.ci_low = ci.low;
    claim.ci_high = ci.high;
    claim.verdict = likelihood_words(claim.probability);
    out.push_back(std::move(claim));
  }
  return out;
}

std::vector<CurveSummary> summarize_curves(const Problem& problem, const std::vector<CurveState>& states) {
  std::vector<CurveSummary> out;
  for (size_t c = 0; c < states.size(); ++c) {
    const CompiledCurve& curve = problem.curves()[c];
    CurveSummary summary;
    summary.name = curve.name;
    summary.label = curve.label;
    summary.unit = curve.unit;
    summary.x_label = curve.x_label;
    summary.x_unit = curve.x_unit;
    summary.x = curve.x;
    summary.grid = curve.grid;
    summary.band_probabilities = curve.band_probabilities;
    for (double p : curve.band_probabilities) {
      for (const auto& sketch : states[c].bands) summary.bands.push_back(sketch.quantile(p));
    }
    for (size_t f = 0; f < curve.features.size(); ++f) {
      summary.features.push_back(FeatureSummary{
          summarize_output(curve.features[f].name, nullptr, states[c].features[f]), states[c].at_edge[f]});
    }
    out.push_back(std::move(summary));
  }
  return out;
}

}  // namespace

void estimate_uncertainty(const Problem& problem, const Analyses& analyses, double confidence,
                          const UncertaintyState& state, const std::vector<std::size_t>& driver_inputs, Results& s) {
  const ProblemSpec& spec = problem.spec();
  if (analyses.uncertainty) s.outputs = summarize_outputs(problem, state.outputs, state.elements);
  s.failures = state.failures;
  if (analyses.claims) {
    s.claims = summarize_claims(spec, state.claims, state.claim_replicates, confidence, state.failures.total());
    for (size_t c = 0; c < state.drivers.size(); ++c) {
      const FilteringResult filtering = state.drivers[c].result(driver_probabilities());
      for (size_t j = 0; j < filtering.inputs.size(); ++j) {
        const auto& in = filtering.inputs[j];
        s.claims[c].drivers.push_back(
            DriverSummary{problem.space().names()[driver_inputs[j]], in.ks_distance, in.p_value, in.hold_quantiles});
      }
    }
  }
  s.curves = summarize_curves(problem, state.curves);
  for (size_t i = 0; i < state.scenarios.size(); ++i) {
    const ScenarioState& scenario_state = state.scenarios[i];
    const CompiledScenario& scenario = problem.scenarios()[i];
    ScenarioSummary summary;
    summary.name = scenario.name;
    summary.text = scenario.text;
    summary.overridden = scenario.overridden;
    summary.outputs = summarize_outputs(problem, scenario_state.outcome.outputs, scenario_state.elements);
    if (analyses.claims) {
      summary.claims = summarize_claims(spec, scenario_state.outcome.claims, scenario_state.outcome.claim_replicates,
                                        confidence, scenario_state.outcome.failures.total());
    }
    summary.curves = summarize_curves(problem, scenario_state.curves);
    summary.deltas = summarize_outputs(problem, scenario_state.deltas, scenario_state.delta_elements);
    summary.failures = scenario_state.outcome.failures;
    s.scenarios.push_back(std::move(summary));
  }
  if (state.ranking.scenarios() > 0 && problem.ranking()) {
    s.has_ranking = true;
    const CompiledRanking& ranking = *problem.ranking();
    s.ranking.output = problem.output_names()[ranking.output];
    s.ranking.include_baseline = ranking.include_baseline;
    s.ranking.lower_is_better = ranking.lower_is_better;
    if (ranking.include_baseline) s.ranking.scenarios.push_back("baseline");
    for (size_t i : ranking.scenarios) s.ranking.scenarios.push_back(problem.scenarios()[i].name);
    const size_t S = ranking.contenders();
    for (size_t i = 0; i < S; ++i) {
      for (size_t j = 0; j < S; ++j) {
        s.ranking.probability.push_back(state.ranking.probability(i, j));
        const auto ci = state.ranking.interval(i, j, confidence);
        s.ranking.ci_low.push_back(ci.low);
        s.ranking.ci_high.push_back(ci.high);
      }
    }
  }
}

std::vector<RegressionResult> estimate_regression(const Problem& problem, const KeptSamples& kept) {
  const std::vector<double>& inputs = kept.inputs;
  const std::vector<double>& outputs = kept.outputs;
  const std::uint64_t rows = kept.rows;
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
