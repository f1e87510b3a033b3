// SPDX-License-Identifier: MIT
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/error.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/study/study.hpp"

namespace mcsens {

namespace {

// The shard files, each checked against the first: every one a shard of the same run, none twice, none missing.
std::vector<RunState> read_shards(const std::vector<std::string>& inputs) {
  std::vector<RunState> shards;
  for (const auto& path : inputs) {
    if (std::filesystem::is_directory(path)) throw Error("merge: '" + path + "' is a folder, not a shard file");
    if (!std::filesystem::exists(path)) throw Error("merge: cannot read '" + path + "': no such file");
    RunState state = read_run_state(path);
    if (state.kind != RunState::Kind::shard) {
      throw Error("merge: " + path + " is a complete result, not a shard of `mcsens run --shard I/N`");
    }
    if (!shards.empty()) {
      const RunState& first = shards.front();
      std::string why = identity_mismatch(state.identity, first.identity);
      if (why.empty() && state.shard_count != first.shard_count) {
        why = "it is shard " + std::to_string(state.shard_index) + " of " + std::to_string(state.shard_count) +
              ", the others are of " + std::to_string(first.shard_count);
      }
      if (!why.empty()) throw Error("merge: " + path + " does not belong with " + inputs.front() + ": " + why);
    }
    for (size_t i = 0; i < shards.size(); ++i) {
      if (shards[i].shard_index == state.shard_index) {
        throw Error("merge: " + path + " and " + inputs[i] + " are both shard " + std::to_string(state.shard_index) +
                    " of " + std::to_string(state.shard_count));
      }
    }
    shards.push_back(std::move(state));
  }
  const std::uint64_t count = shards.front().shard_count;
  std::string missing;
  for (std::uint64_t i = 1; i <= count; ++i) {
    if (std::none_of(shards.begin(), shards.end(), [&](const RunState& s) { return s.shard_index == i; })) {
      missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    }
  }
  if (!missing.empty()) {
    throw Error("merge: shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing + " of " +
                std::to_string(count) + " missing");
  }
  return shards;
}

}  // namespace

MergedStudy merge_shards(const std::vector<std::string>& inputs, const std::string& output, bool force) {
  const auto start_time = std::chrono::steady_clock::now();
  if (inputs.empty()) throw Error("merge needs the shard files to combine (mcsens merge -o OUT.h5 SHARD.h5...)");
  // The result never replaces one of its own inputs (MCSENS_OVERWRITE=1 or --force would otherwise allow it).
  for (const auto& path : inputs) {
    std::error_code ec;
    if (std::filesystem::equivalent(output, path, ec)) {
      throw Error("merge: -o " + output + " is also one of the inputs (" + path +
                  "); write the merged result to another file");
    }
  }
  const bool replace = may_replace_output(output, force);
  std::vector<RunState> shards = read_shards(inputs);

  // The run as it was asked for, rebuilt from the config text the shards carry.
  const RunIdentity& id = shards.front().identity;
  RunRequest request = request_from_identity(id);
  if (const std::string why = identity_mismatch(id, request.identity()); !why.empty()) {
    throw Error("merge: cannot rebuild the run of " + inputs.front() + ": " + why);
  }
  Config config = Config::load_text(id.config_text, id.config_name, id.config_folder);
  for (const auto& assignment : id.overrides) config.apply_override(assignment);
  Problem problem = Problem::build(config.problem());
  Results results;
  {
    Engine job(problem, std::move(request));  // holds a reference to the problem, which is returned below
    for (size_t i = 0; i < shards.size(); ++i) job.import(shards[i], inputs[i], false);
    results = job.finish();
  }
  results.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  results.output_path = output;
  write_result_file(output, replace, problem, results);
  return MergedStudy{std::move(problem), std::move(results)};
}

}  // namespace mcsens
