// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "mcsens/engine/run_state.hpp"
#include "mcsens/engine/sensitivity_run.hpp"
#include "mcsens/engine/uncertainty_run.hpp"

namespace mcsens {

// `--until se=..,ci=..`: stop the main run once every output's relative standard error (sd / sqrt(n) / |mean|) and
// every claim's interval half-width are at or below these (0: no target). Checked only when the first 2^j chunks
// are all done, so where it stops depends on neither threads nor ranks.
struct PrecisionTarget {
  double relative_se = 0.0;
  double ci_half_width = 0.0;
  bool active() const { return relative_se > 0.0 || ci_half_width > 0.0; }
};

struct JobOptions {
  RunOptions run;  // samples, seed, sampler, threads, which parts of the main run, stop flag, progress
  bool main = true;
  const SobolSpec* sobol = nullptr;  // null: no Sobol' analysis
  const MorrisSpec* morris = nullptr;
  std::uint64_t shard_index = 0;  // 1-based shard of shard_count; 0: the whole run
  std::uint64_t shard_count = 0;
  PrecisionTarget until;
  std::string checkpoint_path;     // empty: no checkpoints; under MPI, rank r > 0 writes PATH.rank<r>
  double checkpoint_every = 60.0;  // seconds between periodic checkpoints (0: only when interrupted)
  RunIdentity identity;
  std::function<void(const std::string&)> say;  // notes for the user (called on rank 0 only)
};

struct JobOutcome {
  UncertaintyResult main;
  SobolRun sobol;
  MorrisRun morris;
  std::uint64_t draws = 0;  // main-run draws in the result (fewer than -n when --until stopped it)
  std::string stop_reason;
  RunState state;  // the finished work (kind result), for the result file's /resume record
};

// A whole run (main run, Sobol', Morris) over any mix of MPI ranks, shards, checkpoints and resumed states. Every
// process builds the same Job; each runs its share of every analysis's chunks; rank 0 gathers the finished
// subtrees. Results are identical to the bit to a single-process run, whatever the split.
class Job {
 public:
  Job(const Problem& problem, JobOptions options);
  ~Job();

  // Takes over saved work. extend: `saved` is a finished result with fewer draws (its tail chunk is recomputed).
  void import(const RunState& saved, const std::string& source, bool extend);

  // Runs this process's share. On a stop request: writes a checkpoint (when configured) and throws Interrupted.
  void run();

  // The finished work held by this process.
  RunState state(RunState::Kind kind) const;

  // Rank 0 (or a single process) after run(): every chunk of every analysis must be done here.
  JobOutcome finish();

  // Removes this run's checkpoint files (after the result was written).
  void remove_checkpoints() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The checkpoint files of an output path: PATH.ckpt and the per-rank PATH.ckpt.rank<r> that exist.
std::vector<std::string> checkpoint_files(const std::string& checkpoint_path);

}  // namespace mcsens
