// SPDX-License-Identifier: MIT
#include "mcsens/report/resume.hpp"

#include <filesystem>

#include "mcsens/engine/engine.hpp"
#include "mcsens/error.hpp"
#include "mcsens/report/result_file.hpp"

namespace mcsens {

SavedWork saved_work_to_resume(const RunIdentity& identity, SamplerKind sampler, const std::string& output,
                               const std::string& checkpoint_path) {
  SavedWork saved;
  const std::vector<std::string> checkpoints = checkpoint_files(checkpoint_path);
  if (!checkpoints.empty()) {
    for (const auto& path : checkpoints) {
      RunState state = read_run_state_file(path);
      const std::string why = identity_mismatch(state.identity, identity);
      if (!why.empty()) throw Error("--resume: cannot use " + path + ": " + why);
      saved.states.emplace_back(std::move(state), path);
    }
    return saved;
  }
  if (!std::filesystem::exists(output)) {
    throw Error("--resume: nothing to resume: neither " + checkpoint_path + " nor " + output + " exists");
  }
  RunState state = read_run_state(output);
  if (state.kind != RunState::Kind::result) throw Error("--resume: " + output + " is a shard, not a result");
  const std::string why = identity_mismatch(state.identity, identity, true);
  if (!why.empty()) throw Error("--resume: cannot extend " + output + ": " + why);
  if (state.identity.samples < identity.samples && sampler == SamplerKind::lhs) {
    throw Error("--resume: a Latin hypercube design depends on -n, so " + output +
                " cannot be extended; run afresh with the larger -n");
  }
  saved.extend = true;
  saved.states.emplace_back(std::move(state), output);
  return saved;
}

}  // namespace mcsens
