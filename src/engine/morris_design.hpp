// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/design_workspace.hpp"
#include "engine/sensitivity_targets.hpp"
#include "mcsens/analysis/morris.hpp"
#include "mcsens/config/problem_spec.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens {

// The Morris accumulators of every target over some trajectories (merged in trajectory order).
struct MorrisDesignState {
  std::vector<MorrisAccumulator> accumulators;  // one per target
  FailureCounts failures;                       // the trajectories' model runs that failed, by reason
  void merge(const MorrisDesignState& other);
};

// Morris 1991 elementary effects on r trajectories (Campolongo et al. 2007's spread-out selection when
// candidates > r), as a Design (see chunked_job.hpp).
class MorrisDesign {
 public:
  using State = MorrisDesignState;
  using Workspace = DesignWorkspace;

  // Throws mcsens::Error (at the [sensitivity] table) when the model has no uncertain input.
  MorrisDesign(const Problem& problem, const MorrisSpec& spec, const Settings& settings);

  std::uint64_t items() const { return indices_.size(); }
  std::uint64_t chunk_size() const { return kTrajectoriesPerChunk; }
  const State& prototype() const { return prototype_; }
  std::unique_ptr<Workspace> make_workspace() const;
  void run_chunk(Workspace& ws, std::uint64_t first, std::uint64_t last, State& state) const;
  static void encode(const State& state, ByteWriter& out);
  static State decode(ByteReader& in);

  // One result per target, intervals at `confidence`.
  std::vector<MorrisResult> estimate(const State& state, double confidence, int threads) const;
  std::uint64_t evaluations() const { return indices_.size() * (k_ + 1); }
  const MorrisSpec& spec() const { return spec_; }

 private:
  static constexpr std::uint64_t kTrajectoriesPerChunk = 16;
  const Problem* problem_;
  MorrisSpec spec_;
  std::size_t k_;
  std::vector<SensitivityTarget> targets_;
  std::uint64_t seed_;
  std::vector<std::uint64_t> indices_;  // the trajectories used (Campolongo's selection or 0..r-1)
  State prototype_;
};

}  // namespace mcsens
