// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/engine/results.hpp"
#include "mcsens/engine/run_state.hpp"

namespace mcsens {

// Runs a whole request (uncertainty draws, Sobol', Morris) over any mix of MPI ranks, shards, checkpoints and
// resumed states, and estimates everything it asks for. Every process builds the same Engine; each runs its
// share of every analysis's chunks; rank 0 gathers the finished subtrees and calls finish(). Results are
// identical to the bit to a single-process run, whatever the split.
class Engine {
 public:
  // Throws mcsens::Error for a request that cannot run (--until with --shard; a Sobol' or Morris analysis of a
  // model without uncertain inputs). Runs the uncertainty design's histogram pilot.
  Engine(const Problem& problem, RunRequest request);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Takes over saved work. extend: `saved` is a finished result with fewer draws (its tail chunk is recomputed).
  void import(const RunState& saved, const std::string& source, bool extend);

  // Runs this process's share. On a stop request: writes a checkpoint (when configured) and throws Interrupted.
  void run();

  // The finished work held by this process.
  RunState state(RunState::Kind kind) const;

  // Rank 0 (or a single process) after run(): every chunk of every analysis must be done here. The estimates of
  // every analysis, the kept draws, the regression, notes and provenance.
  Results finish();

  // Removes this run's checkpoint files (after the result was written).
  void remove_checkpoints() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The whole request in this process: Engine, run(), finish(). What tests and embedding programs call.
Results run_request(const Problem& problem, const RunRequest& request);

// The checkpoint this process writes: checkpoint_path on rank 0, checkpoint_path.rank<r> on rank r; empty when
// checkpoint_path is.
std::string this_ranks_checkpoint(const std::string& checkpoint_path);

// The checkpoint files of an output path: PATH.ckpt and the per-rank PATH.ckpt.rank<r> that exist.
std::vector<std::string> checkpoint_files(const std::string& checkpoint_path);

}  // namespace mcsens
