// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mcsens/engine/run_state.hpp"
#include "mcsens/sampling/sampler.hpp"

namespace mcsens {

// The saved work a resumed run continues from (`run --resume`), each state with the file it came from, for
// Engine::import.
struct SavedWork {
  std::vector<std::pair<RunState, std::string>> states;
  bool extend = false;  // the state is a finished result, extended to a larger -n (its tail chunk recomputed)
};

// What `identity` (the request's, sampled by `sampler`) continues from: the checkpoints of an interrupted run at
// `checkpoint_path` (OUTPUT.ckpt and the per-rank ones), else the finished result `output`, to extend. Refuses
// (mcsens::Error, exit 2, naming the file and why) a checkpoint or result of another run, a shard in place of a
// result, a Latin hypercube result to extend (its design depends on -n), and nothing to resume.
SavedWork saved_work_to_resume(const RunIdentity& identity, SamplerKind sampler, const std::string& output,
                               const std::string& checkpoint_path);

}  // namespace mcsens
