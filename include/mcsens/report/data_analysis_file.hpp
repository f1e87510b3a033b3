// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mcsens/engine/results.hpp"
#include "mcsens/report/layout.hpp"
#include "mcsens/study/data_analysis.hpp"

// The result file of `mcsens analyze DATA -o FILE.h5` (issue 21): the same /sensitivity/<method>/<output>/ groups
// as a run's file, one per estimator (rank_first_order, delta, pawn, hsic, regression), with the input and bound
// coordinates, under a root that names the data. Described once as layouts (mcsens/report/layout.hpp), like the
// run's file; docs/hdf5-schema.md lists every path (data_analysis_schema_table()).
namespace mcsens {

struct DataAnalysisFile {
  // Written from the program, read back from a file.
  std::string version, git_commit, created_utc;
  int format_version = 0;
  // The data.
  std::string data;                   // its path, as given
  std::string sampler;                // of a run's kept draws; empty for a CSV file
  std::vector<std::string> left_out;  // a run's inputs left out, held at one value
  std::uint64_t rows = 0;
  std::vector<std::string> inputs, outputs;
  double confidence = 0.95;
  std::vector<DataAnalysis> analyses;  // one per output, in order, every method
  // The same analyses once per method's group, as the layouts walk them (each layout reads its method's fields
  // into its own list; read_data_analysis_file merges them into `analyses`).
  std::vector<DataAnalysis> rank_first_order, delta, pawn, hsic;
  std::vector<RegressionSummary> regression;
  std::vector<ClaimSummary> claims;  // --claim, as a run's /claims/<claim>
  // --config: the config the input columns were checked against, and the warnings of the columns that contradict
  // their declared distribution (mcsens/study/data_checks.hpp).
  std::string checked_against;
  std::vector<std::string> warnings;
};

// What analyze computed, as a file's contents.
DataAnalysisFile data_analysis_file(const DataColumns& data, const std::vector<DataAnalysis>& analyses,
                                    std::vector<ClaimSummary> claims = {});

// Writes `file` to `path` (a temporary name beside it, renamed when complete); an existing file is refused unless
// `overwrite`.
void write_data_analysis_file(const std::string& path, bool overwrite, const DataAnalysisFile& file);

// Reads such a file back (what the layouts can read: every index, interval and count). Error (exit 2) when `path`
// is not a file mcsens analyze wrote.
DataAnalysisFile read_data_analysis_file(const std::string& path);

// Whether `path` is a file mcsens analyze wrote (its root has the attribute `analysis`).
bool is_data_analysis_file(const std::string& path);

std::vector<layout::SchemaLine> data_analysis_schema();
std::string data_analysis_schema_table();

}  // namespace mcsens
