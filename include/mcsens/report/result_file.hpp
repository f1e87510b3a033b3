// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/results.hpp"
#include "mcsens/engine/run_state.hpp"

namespace mcsens {

// Writes a run into the HDF5 layout of docs/hdf5-schema.md: provenance attributes on /, /parameters, /outputs,
// /claims and (when kept) /samples. Written to a temporary name and renamed when complete; an existing file is
// refused unless overwrite (mcsens::Error, exit 2); I/O failures are mcsens::RuntimeFailure (exit 3).
// The run state of results.state goes to /resume/state.
void write_result_file(const std::string& path, bool overwrite, const Problem& problem, const Results& results);

// A shard of a run (`run --shard I/N`): provenance attributes, `partial` = "shard I of N", and the run state in
// /resume/state; `mcsens merge` combines the shards into the file one run writes.
void write_shard_file(const std::string& path, bool overwrite, const RunState& state);

// "shard I of N" for a shard file, empty for a complete result.
std::string partial_result_note(const std::string& path);

// The run state a result or shard file carries (/resume/state).
RunState read_run_state(const std::string& path);

// True when path is an HDF5 file that mcsens wrote (a result or a shard: the root has `mcsens_version`); false for
// anything else, a missing or unreadable file included. Never throws.
bool is_mcsens_file(const std::string& path);

// Refuses (mcsens::Error, exit 2) a result path that does not exist, is a folder, or is not a regular file (a
// device, pipe or socket), before any HDF5 call opens it: what `show` and the Python package read.
void check_result_path(const std::string& path);

// Reads back what print_summary needs from a result file.
Results read_result_summary(const std::string& path);

}  // namespace mcsens
