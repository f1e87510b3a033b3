// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mcsens/analysis/regression.hpp"
#include "mcsens/config/problem_spec.hpp"
#include "mcsens/engine/run_state.hpp"
#include "mcsens/sampling/sampler.hpp"

namespace mcsens {

class Config;

// What defines the numbers of a run: for the same config and these, every dataset is the same to the bit, on any
// number of threads, ranks or shards.
struct Settings {
  std::uint64_t samples = 0;  // draws of the uncertainty analysis (-n)
  std::uint64_t seed = 0;
  SamplerKind sampler = SamplerKind::mc;
  std::uint64_t chunk_size = 65536;        // draws per chunk: the unit of scheduling and of the fixed merge order
  std::uint64_t keep_samples = 0;          // store the first M draws' inputs and outputs (/samples)
  double confidence = kDefaultConfidence;  // level of the intervals of claims, ranking, Morris, --until ci
  // Independent scrambles (randomized QMC) of the sobol sampler, interleaved (draw i in replicate i mod R): the
  // intervals of means and claim probabilities come from their spread. 1 for mc and lhs.
  std::size_t replicates = 1;
};

// Which analyses run: the config's, narrowed by `--only`.
struct Analyses {
  bool uncertainty = true;  // output distributions
  bool claims = true;       // claim probabilities and their drivers
  bool curves = true;
  bool scenarios = true;
  bool sobol = false;
  bool morris = false;
  bool regression = false;
  bool shapley = false;

  // The analyses over the draws of -n (regression reads the first of them).
  bool draws() const { return uncertainty || claims || curves || scenarios || regression; }
  // "uncertainty,claims,...,regression,shapley": the form of RunIdentity::analyses.
  std::string text() const;
};

// The names `--only` takes, in their canonical order.
const std::vector<std::string>& analysis_names();

// `--until se=..,ci=..`: stop the draws once every output's relative standard error (sd / sqrt(n) / |mean|) and
// every claim's interval half-width are at or below these (0: no target). Checked only when the first 2^j chunks
// are all done, so where it stops depends on neither threads nor ranks.
struct PrecisionTarget {
  double relative_se = 0.0;
  double ci_half_width = 0.0;
  bool active() const { return relative_se > 0.0 || ci_half_width > 0.0; }
};

// How to execute: none of this changes a bit of the results.
struct Execution {
  int threads = 0;                // 0: OpenMP's default (all cores, OMP_NUM_THREADS honoured)
  std::uint64_t shard_index = 0;  // 1-based shard of shard_count; 0: the whole run
  std::uint64_t shard_count = 0;
  PrecisionTarget until;
  std::string checkpoint_path;     // empty: no checkpoints; under MPI, rank r > 0 writes PATH.rank<r>
  double checkpoint_every = 60.0;  // seconds between periodic checkpoints (0: only when interrupted)
  // Polled between chunks; when it becomes true the run checkpoints and throws Interrupted.
  const std::atomic<bool>* stop = nullptr;
  // Called from one thread now and then with (draws done, draws total).
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  // Notes for the user (called on rank 0 only).
  std::function<void(const std::string&)> say;
};

// What `--only`, `-n`, `-s`, `--sampler` and `--keep-samples` chose; unset: the config's value.
struct RequestChoices {
  std::optional<std::uint64_t> samples;
  std::optional<std::uint64_t> seed;
  std::optional<SamplerKind> sampler;
  std::optional<std::uint64_t> chunk_size;
  std::uint64_t keep_samples = 0;
  std::vector<std::string> only;  // empty: every analysis the config asks for
};

// One invocation of the engine: the config it came from, the settings that define the numbers, the analyses, and
// how to execute. Built once (make_request, or request_from_identity for `merge`); the parsed config is never
// written back to.
struct RunRequest {
  std::string config_name;  // where the config came from (messages only)
  std::string config_text;
  std::string config_folder;           // see RunIdentity::config_folder
  std::vector<FileDigest> data_files;  // see RunIdentity::data_files
  std::vector<std::string> overrides;  // the --set assignments, in order
  Settings settings;
  Analyses analyses;
  std::vector<std::string> only;  // as asked (for the notes of the results)
  Execution execution;
  std::vector<std::string> notes;  // what make_request changed (e.g. -n rounded up for the sobol sampler)

  // What must be equal for saved states (checkpoints, shards, results to extend) to be combined with this run.
  RunIdentity identity() const;
  // The first draws kept for analyses (the regression's rows); 0 when none.
  std::uint64_t analysis_rows() const;
};

// The request a config and the command line's choices make. Throws mcsens::Error for an unknown --only name or
// an --only that leaves nothing to do.
RunRequest make_request(const Config& config, const ProblemSpec& spec, const RequestChoices& choices);

// The request a saved run state was made by (for `merge`): the config text and overrides it carries, read again.
// Throws mcsens::Error when the state's analyses do not match its config.
RunRequest request_from_identity(const RunIdentity& identity);

}  // namespace mcsens
