// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mcsens/config/problem_spec.hpp"

namespace mcsens {

// One merged subtree of chunks in flat form: chunks [index 2^level, (index+1) 2^level), or the tail (the final,
// shorter chunk) when level == kTailLevel.
struct StateNode {
  int level = 0;
  std::uint64_t index = 0;
  std::vector<std::uint8_t> bytes;
};
constexpr int kTailLevel = -1;

// Everything finished so far of one chunked analysis: what a checkpoint, a shard or an MPI rank hands over.
struct Snapshot {
  std::vector<StateNode> nodes;
};

// What must be equal for saved states to be combined with a run: the config as read (text and --set overrides),
// seed, sampler, draws, chunking and the analyses asked for. Kept samples are not part of it: they are recomputed.
struct RunIdentity {
  std::string config_name;  // where the config came from (messages only)
  std::string config_text;
  std::vector<std::string> overrides;
  std::uint64_t seed = 0;
  std::string sampler;
  std::uint64_t samples = 0;
  std::uint64_t chunk_size = 0;
  std::string analyses;  // e.g. "uncertainty,claims,curves,scenarios,sobol,morris,regression"
  std::uint64_t keep_samples = 0;
  // Where the config's relative file names resolve, so that merge and --resume read the same files from any
  // working folder; not compared (a run may move).
  std::string config_folder;
  // The data files the config reads, in the order it reads them: a file changed between a checkpoint (or a shard)
  // and the run that continues it is refused by name.
  std::vector<FileDigest> data_files;
};

// The finished work of a run in flat form: what a checkpoint (OUT.ckpt), a shard file and the /resume record of a
// result hold. One Snapshot per chunked analysis; `draws` is the number of uncertainty draws the final state covers
// when the run stopped early (--until), else 0.
struct RunState {
  enum class Kind : std::uint64_t { checkpoint = 1, shard = 2, result = 3 };
  Kind kind = Kind::checkpoint;
  RunIdentity identity;
  std::uint64_t shard_index = 0;  // 1-based, for shards
  std::uint64_t shard_count = 0;
  std::uint64_t stopped_draws = 0;
  std::string stop_reason;
  Snapshot uncertainty;
  Snapshot sobol;
  Snapshot morris;
  Snapshot shapley;
  // An external program's finished draws (Model::finished_draws), so that --resume does not run them again; empty
  // for other models (and then not encoded: their states keep the bytes they had before it existed).
  std::vector<std::uint8_t> model_draws;
};

// Bytes with a magic tag, a format version and a trailing FNV-1a checksum: a truncated or corrupt state is refused
// (RuntimeFailure naming `source`), never half used.
std::vector<std::uint8_t> encode_run_state(const RunState& state);
RunState decode_run_state(const std::vector<std::uint8_t>& bytes, const std::string& source);

// Checkpoint files: written to PATH.tmp and renamed over PATH (atomic on POSIX), so a kill while writing leaves
// the previous checkpoint intact. I/O failures are RuntimeFailure (exit 3).
void write_run_state_file(const std::string& path, const RunState& state);
RunState read_run_state_file(const std::string& path);

// Why `saved` cannot be combined with `now` (empty when it can). With allow_more_samples (extending a finished
// run) saved.samples may be smaller than now.samples.
std::string identity_mismatch(const RunIdentity& saved, const RunIdentity& now, bool allow_more_samples = false);

}  // namespace mcsens
