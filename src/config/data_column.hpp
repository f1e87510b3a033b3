// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace mcsens::detail {

// The column of a CSV data file that a config names: by its header (`name`) or by its 1-based `position`.
struct ColumnChoice {
  std::string name;
  std::int64_t position = 0;
};

// One column of numbers read from a CSV file, and how messages name it ("column 'q'", "column 2").
struct DataColumn {
  std::vector<double> values;
  std::string column_name;
};

// Why a column could not be read. `blames_column`: the config's `column` key names no column of the file (else the
// file's content is wrong). `detail` follows the key in the message: ": flows.csv has no column 'flow' ..." or
// " = 3, but flows.csv:1 has 2 columns" after `column`, ": flows.csv:3:6: 'n/a' in column 'q' is not a finite number"
// after `file`.
struct DataColumnError : std::runtime_error {
  DataColumnError(bool blames, const std::string& detail) : std::runtime_error(detail), blames_column(blames) {}
  bool blames_column;
};

// Reads one column of a CSV file's text: comma-separated cells (spaces around them and a pair of double quotes
// dropped), blank lines skipped, CR LF accepted, a UTF-8 byte order mark skipped. Chosen by header name, or by
// position (the first row is a header when its cell there is not a number). Cells are what strtod reads whole
// (`+1.5`, `1e-3`, `0x1p3`), finite. `file_name` names the file in messages. Throws DataColumnError.
DataColumn read_data_column(std::string text, const std::string& file_name, const ColumnChoice& choice);

}  // namespace mcsens::detail
