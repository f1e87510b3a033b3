// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mcsens/engine/results.hpp"

// A result as tidy CSV tables (`mcsens show FILE --csv DIR`, issue 33 part 2): one table per section, one row per
// observation (an output under a scenario, a quantile of it, an input's index for a target, ...), its key columns
// first and interval bounds as columns of their own, so that pandas.read_csv and R's read.csv read each with no
// options. The tables and their columns are listed in docs/cli.md.
namespace mcsens {

namespace csv {

// A field: quoted (RFC 4180, inner quotes doubled) when it holds a comma, a quote or a line break, or starts or
// ends with a space; otherwise as it is.
std::string field(std::string_view text);

// A number: the shortest text that reads back to the same double; NaN, Inf and -Inf for the others (what both
// pandas and R read as such).
std::string number(double x);

}  // namespace csv

// One table: its file name (without folder), its header and its rows, each field already formatted.
struct CsvTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// The tables of the sections `results` holds, in a fixed order (a section the run does not have gives none).
std::vector<CsvTable> csv_tables(const Results& results);

// Writes `tables` into `folder` (created when missing), one NAME.csv each, with "\n" line ends. Refuses a folder
// that exists and holds anything unless `overwrite` (mcsens::Error, exit 2), like `run -o`; with it, replaces the
// tables' files and leaves every other file alone. Returns the paths written.
std::vector<std::string> write_csv_tables(const std::string& folder, const std::vector<CsvTable>& tables,
                                          bool overwrite);

}  // namespace mcsens
