// SPDX-License-Identifier: MIT
#include "mcsens/study/reproduce.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/engine/run_state.hpp"
#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/report/data_analysis_file.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/study/study.hpp"
#include "mcsens/version.hpp"

namespace mcsens {

ReproduceOutcome reproduce_study(const std::string& path, const ReproduceOptions& options) {
  check_result_path(path);
  if (!is_mcsens_file(path)) throw Error("'" + path + "' is not a result file of mcsens (no mcsens_version attribute)");
  if (is_data_analysis_file(path)) {
    throw Error("'" + path + "' is a file of mcsens analyze: reproduce re-runs the studies of mcsens run");
  }
  if (const std::string partial = partial_result_note(path); !partial.empty()) {
    throw Error("'" + path + "' is " + partial +
                " of a run: merge the shards (mcsens merge), then reproduce the result");
  }
  ReproduceOutcome outcome;
  PrecisionTarget until;  // a run stopped by --until stores its targets: the re-run stops where it stopped
  {
    h5::InputFile file(path);
    const h5::Group root = file.root();
    outcome.written_by = root.string_attribute("mcsens_version");
    outcome.commit = root.string_attribute("git_commit");
    if (root.has_attribute("until_relative_se")) until.relative_se = root.double_attribute("until_relative_se");
    if (root.has_attribute("until_ci_half_width")) until.ci_half_width = root.double_attribute("until_ci_half_width");
  }
  if (outcome.written_by != version() && !options.allow_version) {
    throw Error("'" + path + "' was written by mcsens " + outcome.written_by + " and this is mcsens " + version() +
                ": the same bits are promised by the same version only; reproduce with mcsens " + outcome.written_by +
                ", or give --allow-version to re-run it with this one and see what differs");
  }
  const RunState saved = read_run_state(path);
  const RunIdentity& id = saved.identity;
  RunRequest request = request_from_identity(id);
  if (const std::string why = identity_mismatch(id, request.identity()); !why.empty()) {
    throw Error("cannot rebuild the run of " + path + ": " + why);
  }
  Config config = Config::load_text(id.config_text, id.config_name, id.config_folder);
  for (const auto& assignment : id.overrides) config.apply_override(assignment);
  const ProblemSpec spec = config.problem();
  request.execution.threads = options.threads;
  request.execution.until = until;
  request.execution.say = options.say;
  StudyFiles files;
  files.force = true;
  const bool temporary = options.keep.empty();
  files.output =
      temporary ? (std::filesystem::temp_directory_path() / ("mcsens-reproduce-" + std::to_string(::getpid()) + ".h5"))
                      .string()
                : options.keep;
  const auto start = std::chrono::steady_clock::now();
  {
    Study study(spec, std::move(request), files);
    study.run();
  }
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // What legitimately differs between two runs of one study: when the file was written, how long it took, how the
  // work was spread (the numbers do not depend on it), the build's commit (the caller names both); and with
  // another version, the version.
  std::vector<std::string> skip = {"created_utc", "wall_seconds", "threads", "ranks", "git_commit", "machine"};
  if (options.allow_version) skip.push_back("mcsens_version");
  try {
    outcome.difference = h5::first_difference(path, files.output, skip);
  } catch (...) {
    if (temporary) std::filesystem::remove(files.output);
    throw;
  }
  if (temporary) std::filesystem::remove(files.output);
  return outcome;
}

}  // namespace mcsens
