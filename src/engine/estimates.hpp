// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "engine/uncertainty_state.hpp"
#include "mcsens/analysis/regression.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/engine/results.hpp"

namespace mcsens {

// The estimates of the uncertainty design's final state: output distributions, claim probabilities with Wilson
// intervals at `confidence`, their drivers, curve bands and features, scenarios with their paired differences,
// and the ranking's pairwise probabilities. Fills those parts of `results`.
void estimate_uncertainty(const Problem& problem, const Analyses& analyses, double confidence,
                          const UncertaintyState& state, const std::vector<std::size_t>& driver_inputs,
                          Results& results);

// The standard error of an output's mean (or an array output's element's): over the randomized-QMC replicates when
// there are any, else the i.i.d. sd / sqrt(n).
double mean_standard_error(const Moments& moments, const ReplicateMeans& replicates);
inline double mean_standard_error(const OutputAccumulator& acc) {
  return mean_standard_error(acc.moments, acc.replicates);
}
inline double mean_standard_error(const ElementAccumulator& acc) {
  return mean_standard_error(acc.moments, acc.replicates);
}

// A claim probability's interval at `level` and the method's name: a Student t interval over the replicate
// proportions ("rqmc-t") when the draws are randomized-QMC replicates (replicates non-null and not empty) and the
// rarer outcome occurred at least once per replicate on average; else Wilson's ("wilson").
Interval claim_interval(const ProportionCounter& counter, const ReplicateMeans* replicates, double level,
                        std::string* method = nullptr);

// The quantile levels reported for an output (its config's `quantiles`, with q05, median and q95 added, or the
// default levels when spec is null or has none). The uncertainty design refines its sketches around these.
std::vector<double> output_quantile_probabilities(const OutputSpec* spec);

// SRC and PRCC of each output target (not claims) from the first rows of the uncertainty draws.
std::vector<RegressionResult> estimate_regression(const Problem& problem, const KeptSamples& kept);

}  // namespace mcsens
