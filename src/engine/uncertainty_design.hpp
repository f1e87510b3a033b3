// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/uncertainty_state.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/engine/results.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "mcsens/sampling/sampler.hpp"

namespace mcsens {

// The block of draws the kernels work on at once: one array of this many doubles per variable.
constexpr std::size_t kBlockSize = 1024;

// The uncertainty analysis as a Design (see chunked_job.hpp): draws 0..samples-1 through sampler -> parameter
// space -> model -> accumulators. The same uniforms feed the baseline and every scenario (common random numbers);
// curves run each draw over their grid. Histogram ranges come from the output's config, or from a deterministic
// pilot (chunk 0's sketch), so that they depend on neither threads nor ranks.
class UncertaintyDesign {
 public:
  using State = UncertaintyState;
  struct Workspace;
  struct WorkspaceDeleter {
    void operator()(Workspace* ws) const;
  };

  // Runs the histogram pilot (chunk 0).
  UncertaintyDesign(const Problem& problem, const Settings& settings, const Analyses& analyses);

  std::uint64_t items() const { return settings_.samples; }
  std::uint64_t chunk_size() const { return settings_.chunk_size; }
  const State& prototype() const { return prototype_; }
  std::unique_ptr<Workspace, WorkspaceDeleter> make_workspace() const;
  void run_chunk(Workspace& ws, std::uint64_t first, std::uint64_t last, State& state) const;
  static void encode(const State& state, ByteWriter& out);
  static State decode(ByteReader& in);

  // The parameters (uncertain ones) that the drivers' columns refer to.
  const std::vector<std::size_t>& driver_inputs() const { return driver_inputs_; }

 private:
  const Problem* problem_;
  Settings settings_;
  Analyses analyses_;
  Sampler sampler_;
  std::vector<std::size_t> driver_inputs_;
  State prototype_;
  bool with_curves_;
  bool with_ranking_;
};

// Draws 0 .. rows-1 (capped at settings.samples): their inputs and outputs, as the run saw them (for /samples and
// the regression indices). Recomputed on demand, so they never travel between ranks or into checkpoints.
KeptSamples kept_draws(const Problem& problem, const Settings& settings, std::uint64_t rows, int threads);

}  // namespace mcsens
