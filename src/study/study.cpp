// SPDX-License-Identifier: MIT
#include "mcsens/study/study.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <utility>

#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/request_limits.hpp"
#include "mcsens/error.hpp"
#include "mcsens/parallel/mpi_context.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/report/resume.hpp"

namespace mcsens {

struct Study::Impl {
  std::chrono::steady_clock::time_point started;
  StudyFiles files;
  std::string checkpoint_path;
  bool replace = false;  // the output may be replaced (force, MCSENS_OVERWRITE=1, or --resume's own file)
  std::uint64_t shard_index = 0;
  std::uint64_t shard_count = 0;
  std::function<void(const std::string&)> say;
  SavedWork saved;
  std::optional<Problem> problem;
  std::optional<RunRequest> request;  // until run() hands it to the engine
  std::optional<Engine> engine;
  std::optional<Results> results;

  void tell(const std::string& line) const {
    if (say) say(line);
  }

  // A failure of the environment (a full disk while writing a checkpoint or the result) keeps the last
  // checkpoint: the message says so, since --resume then saves the work done until it.
  RuntimeFailure with_checkpoint_note(const RuntimeFailure& e) const {
    const std::vector<std::string> kept = checkpoint_files(checkpoint_path);
    if (kept.empty() || mpi::rank() != 0) return e;
    return RuntimeFailure(e.message() + "; the last checkpoint, " + kept.front() +
                              ", is kept: make room and continue with the same command and --resume",
                          e.where());
  }
};

Study::Study(const ProblemSpec& spec, RunRequest request, StudyFiles files,
             std::shared_ptr<const BlockFunction> function)
    : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.started = std::chrono::steady_clock::now();
  s.files = std::move(files);
  const std::string& output = s.files.output;
  check_output_path(output);  // before any checkpoint is read or the output is tested for existence
  s.checkpoint_path = output + ".ckpt";
  Execution& exec = request.execution;
  exec.checkpoint_path = s.checkpoint_path;
  s.say = exec.say;
  s.shard_index = exec.shard_index;
  s.shard_count = exec.shard_count;

  // What to continue from: the checkpoints of an interrupted run, or a finished result to extend.
  const std::vector<std::string> checkpoints = checkpoint_files(s.checkpoint_path);
  if (s.files.resume) {
    refuse_link_output(output);
    s.saved = saved_work_to_resume(request.identity(), request.settings.sampler, output, s.checkpoint_path);
    s.replace = true;
  } else {
    s.replace = may_replace_output(output, s.files.force, " (or --resume with a larger -n to extend it)");
  }

  s.problem.emplace(function ? Problem::build(spec, std::move(function)) : Problem::build(spec));
  check_request_size(*s.problem, request, output);  // memory-bound requests and an unwritable output

  if (!s.files.resume && !checkpoints.empty()) {
    s.tell("note: replacing the checkpoint of an earlier run, " + s.checkpoint_path);
  }
  s.request.emplace(std::move(request));
}

Study::~Study() = default;

const Problem& Study::problem() const {
  return *impl_->problem;
}

const std::string& Study::output() const {
  return impl_->files.output;
}

const std::string& Study::checkpoint_path() const {
  return impl_->checkpoint_path;
}

StudyEnd Study::run() {
  Impl& s = *impl_;
  if (!s.request) throw std::logic_error("Study::run: a study runs once");
  // The draws an external program finished before an interruption, so that neither the pilot nor the run runs
  // them again.
  for (const auto& [state, source] : s.saved.states)
    s.problem->model().restore_finished_draws(state.model_draws, source);
  // The engine runs the histogram pilot when it is built: here, after the front end's signal handlers and
  // progress display are in place, not in the constructor. A costly model stopped during the pilot (Ctrl-C) keeps
  // the draws it finished in a checkpoint of their own.
  const RunIdentity identity = s.request->identity();
  try {
    s.engine.emplace(*s.problem, std::move(*s.request));
  } catch (const Interrupted&) {
    RunState state;
    state.kind = RunState::Kind::checkpoint;
    state.identity = identity;
    state.model_draws = s.problem->model().finished_draws();
    const std::string path = this_ranks_checkpoint(s.checkpoint_path);
    if (!path.empty() && !state.model_draws.empty()) write_run_state_file(path, state);
    return StudyEnd::interrupted;
  }
  s.request.reset();
  for (const auto& [state, source] : s.saved.states) s.engine->import(state, source, s.saved.extend);
  if (!s.saved.states.empty()) {
    s.tell("resuming from " + s.saved.states.front().second + (s.saved.states.size() > 1 ? " and others" : ""));
  }
  try {
    s.engine->run();
  } catch (const Interrupted&) {
    return StudyEnd::interrupted;
  } catch (const CorruptState&) {
    throw;
  } catch (const RuntimeFailure& e) {
    throw s.with_checkpoint_note(e);
  }
  const std::string& output = s.files.output;
  if (mpi::rank() == 0) {
    try {
      if (s.shard_count > 0) {
        write_shard_file(output, s.replace, s.engine->state(RunState::Kind::shard));
        s.tell("shard " + std::to_string(s.shard_index) + " of " + std::to_string(s.shard_count) + " written to " +
               output + " (a partial result: combine all shards with `mcsens merge -o OUT.h5 SHARD...`)");
      } else {
        Results results = s.engine->finish();
        results.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.started).count();
        results.output_path = output;
        write_result_file(output, s.replace, *s.problem, results);
        s.results = std::move(results);
      }
    } catch (const RuntimeFailure& e) {
      throw s.with_checkpoint_note(e);
    }
  }
  mpi::barrier();
  if (mpi::rank() == 0) s.engine->remove_checkpoints();
  return s.shard_count > 0 ? StudyEnd::shard_written : StudyEnd::finished;
}

const Results& Study::results() const {
  if (!impl_->results) throw std::logic_error("Study::results: the study has not finished here (rank 0 only)");
  return *impl_->results;
}

void refuse_link_output(const std::string& output) {
  // A result is written to a temporary file and renamed over the output path, which would replace a link (a
  // dangling one, or a loop, even without --force, as they do not "exist"): never a link.
  std::error_code ignored;
  if (std::filesystem::is_symlink(output, ignored)) {
    const std::filesystem::path target = std::filesystem::read_symlink(output, ignored);
    throw Error(output + " is a symbolic link (to " + target.string() +
                "); mcsens never replaces a link: give the path of the file itself");
  }
}

bool may_replace_output(const std::string& output, bool force, const std::string& hint) {
  refuse_link_output(output);
  std::error_code ignored;
  if (force || !std::filesystem::exists(output, ignored)) return force;
  const char* env = std::getenv("MCSENS_OVERWRITE");
  const bool asked = env != nullptr && std::string(env) == "1";
  if (asked && is_mcsens_file(output)) return true;
  if (asked) {
    throw Error(output +
                " exists and is not an mcsens result, so MCSENS_OVERWRITE=1 does not replace it; use --force " +
                "to overwrite it");
  }
  throw Error(output + " exists; use --force to overwrite it" + hint +
              " (or set MCSENS_OVERWRITE=1 to replace earlier results without --force)");
}

}  // namespace mcsens
