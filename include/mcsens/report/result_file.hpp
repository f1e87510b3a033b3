// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/run_options.hpp"
#include "mcsens/engine/uncertainty_run.hpp"
#include "mcsens/report/summary.hpp"

namespace mcsens {

// Writes a run into the HDF5 layout of docs/hdf5-schema.md: provenance attributes on /, /parameters, /outputs,
// /claims and (when kept) /samples. Written to a temporary name and renamed when complete; an existing file is
// refused unless overwrite (mcsens::Error, exit 2); I/O failures are mcsens::RuntimeFailure (exit 3).
void write_result_file(const std::string& path, bool overwrite, const Problem& problem, const RunOptions& options,
                       const UncertaintyResult& result, const RunSummary& summary,
                       const std::vector<std::string>& overrides);

// Reads back what print_summary needs from a result file.
RunSummary read_result_summary(const std::string& path);

}  // namespace mcsens
