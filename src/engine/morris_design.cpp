// SPDX-License-Identifier: MIT
#include "engine/morris_design.hpp"

#include "engine/state_codec.hpp"
#include "mcsens/error.hpp"

namespace mcsens {

namespace {

// The Morris trajectories draw from a stream of their own, so that they never reuse the uncertainty draws.
constexpr std::uint64_t kMorrisStream = 0x3a0771500ull;

std::size_t checked_dimensions(const Problem& p, const MorrisSpec& s) {
  if (p.space().dimensions() == 0) throw Error("sensitivity.morris: the model has no uncertain input", s.location);
  return p.space().dimensions();
}

std::vector<std::uint64_t> select(const MorrisSpec& s, std::uint64_t seed, std::size_t k) {
  if (s.candidates > s.trajectories) return campolongo_select(seed, s.candidates, s.trajectories, k, s.levels);
  std::vector<std::uint64_t> all;
  for (std::uint64_t i = 0; i < s.trajectories; ++i) all.push_back(i);
  return all;
}

}  // namespace

void MorrisDesignState::merge(const MorrisDesignState& other) {
  for (size_t i = 0; i < accumulators.size(); ++i) accumulators[i].merge(other.accumulators[i]);
  failures.merge(other.failures);
}

MorrisDesign::MorrisDesign(const Problem& problem, const MorrisSpec& spec, const Settings& settings)
    : problem_(&problem),
      spec_(spec),
      k_(checked_dimensions(problem, spec)),
      targets_(sensitivity_targets(problem)),
      seed_(settings.seed ^ kMorrisStream),
      indices_(select(spec, seed_, k_)) {
  for (size_t t = 0; t < targets_.size(); ++t) prototype_.accumulators.emplace_back(k_);
}

std::unique_ptr<MorrisDesign::Workspace> MorrisDesign::make_workspace() const {
  return std::make_unique<DesignWorkspace>(*problem_, k_ + 1);
}

void MorrisDesign::run_chunk(Workspace& ws, std::uint64_t first, std::uint64_t last, State& state) const {
  for (std::uint64_t i = first; i < last; ++i) {
    const MorrisTrajectory trajectory = morris_trajectory(seed_, indices_[i], k_, spec_.levels);
    for (size_t row = 0; row <= k_; ++row) {
      for (size_t d = 0; d < k_; ++d) ws.unit_columns[d][row] = trajectory.points[row * k_ + d];
    }
    state.failures.merge(ws.evaluate(*problem_, k_ + 1, {"Morris trajectory", i, 1}));
    for (size_t t = 0; t < targets_.size(); ++t) state.accumulators[t].add(trajectory, ws.outputs[targets_[t].column]);
  }
}

void MorrisDesign::encode(const State& state, ByteWriter& out) {
  encode_state(state, out);
}

MorrisDesign::State MorrisDesign::decode(ByteReader& in) {
  State state;
  decode_state(in, state);
  return state;
}

std::vector<MorrisResult> MorrisDesign::estimate(const State& state, double confidence, int threads) const {
  std::vector<MorrisResult> results;
  for (size_t t = 0; t < targets_.size(); ++t) {
    results.push_back(state.accumulators[t].estimate(confidence, seed_ + t, 1000, threads));
  }
  return results;
}

}  // namespace mcsens
