// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "mcsens/io/hdf5_compare.hpp"

// `mcsens reproduce RESULT.h5` (issue 22, part 2): the study a result file holds, run again from what the file
// stores (its config text and folder, overrides, seed, draws, sampler, chunk size and analyses: the run identity
// of its /resume/state) and compared with the file bit for bit. A referee's check that the numbers are the
// program's: the same version gives the same bits on any number of threads, ranks or shards by design.
namespace mcsens {

struct ReproduceOptions {
  int threads = 0;                              // 0: OpenMP's default
  bool allow_version = false;                   // re-run a file another mcsens version wrote (its bits may then differ)
  std::string keep;                             // also keep the re-run's file here (empty: a temporary file, removed)
  std::function<void(const std::string&)> say;  // notes for the user
};

struct ReproduceOutcome {
  std::string written_by;                    // the version that wrote the file
  std::string commit;                        // and the commit it was built from
  std::optional<h5::Difference> difference;  // nullopt: identical
  double wall_seconds = 0;                   // of the re-run
};

// mcsens::Error (exit 2): not a result file of mcsens run (a file of analyze, a shard: merge first), a file without
// its run state, one another version wrote (unless allow_version: then its version and commit are not compared),
// a config whose files (a plugin, data) are gone, and the run's own refusals.
ReproduceOutcome reproduce_study(const std::string& path, const ReproduceOptions& options);

}  // namespace mcsens
