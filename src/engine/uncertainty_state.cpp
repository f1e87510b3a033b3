// SPDX-License-Identifier: MIT
#include "engine/uncertainty_state.hpp"

namespace mcsens {

void OutputAccumulator::add(const double* x, std::size_t n, std::uint64_t first) {
  moments.add(x, n);
  sketch.add(x, n);
  histogram.add(x, n);
  replicates.add(x, n, first);
}

void OutputAccumulator::merge(const OutputAccumulator& other) {
  moments.merge(other.moments);
  sketch.merge(other.sketch);
  histogram.merge(other.histogram);
  replicates.merge(other.replicates);
}

void ElementAccumulator::add(const double* x, std::size_t n, std::uint64_t first) {
  moments.add(x, n);
  sketch.add(x, n);
  replicates.add(x, n, first);
}

void ElementAccumulator::merge(const ElementAccumulator& other) {
  moments.merge(other.moments);
  sketch.merge(other.sketch);
  replicates.merge(other.replicates);
}

void OutcomeState::merge(const OutcomeState& other) {
  for (size_t i = 0; i < outputs.size(); ++i) outputs[i].merge(other.outputs[i]);
  for (size_t i = 0; i < claims.size(); ++i) claims[i].merge(other.claims[i]);
  for (size_t i = 0; i < claim_replicates.size(); ++i) claim_replicates[i].merge(other.claim_replicates[i]);
  failures.merge(other.failures);
}

void CurveState::merge(const CurveState& other) {
  for (size_t i = 0; i < bands.size(); ++i) bands[i].merge(other.bands[i]);
  for (size_t i = 0; i < features.size(); ++i) features[i].merge(other.features[i]);
  for (size_t i = 0; i < at_edge.size(); ++i) at_edge[i] += other.at_edge[i];
}

void ScenarioState::merge(const ScenarioState& other) {
  outcome.merge(other.outcome);
  for (size_t i = 0; i < curves.size(); ++i) curves[i].merge(other.curves[i]);
  for (size_t i = 0; i < deltas.size(); ++i) deltas[i].merge(other.deltas[i]);
  for (size_t i = 0; i < elements.size(); ++i) elements[i].merge(other.elements[i]);
  for (size_t i = 0; i < delta_elements.size(); ++i) delta_elements[i].merge(other.delta_elements[i]);
}

void UncertaintyState::merge(const UncertaintyState& other) {
  for (size_t i = 0; i < outputs.size(); ++i) outputs[i].merge(other.outputs[i]);
  for (size_t i = 0; i < elements.size(); ++i) elements[i].merge(other.elements[i]);
  for (size_t i = 0; i < claims.size(); ++i) claims[i].merge(other.claims[i]);
  for (size_t i = 0; i < claim_replicates.size(); ++i) claim_replicates[i].merge(other.claim_replicates[i]);
  for (size_t i = 0; i < drivers.size(); ++i) drivers[i].merge(other.drivers[i]);
  for (size_t i = 0; i < curves.size(); ++i) curves[i].merge(other.curves[i]);
  for (size_t i = 0; i < scenarios.size(); ++i) scenarios[i].merge(other.scenarios[i]);
  if (ranking.scenarios() > 0) ranking.merge(other.ranking);
  failures.merge(other.failures);
}

}  // namespace mcsens
