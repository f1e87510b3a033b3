// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mcsens {

// A CSV file a user gives (a design's evaluated rows, data to analyze): a header row of names, then one line of cells
// per row, split at commas (at tabs when the header has a tab and no comma), blank lines skipped, "\r\n" line ends
// taken. Each line keeps its number, text and the column of each cell, so that an error points at the cell.
struct CsvInput {
  struct Line {
    int number = 0;  // 1-based line number in the file
    std::string text;
    std::vector<std::string> cells;  // without the spaces around them
    std::vector<int> columns;        // 1-based character column of each cell
  };
  std::string path;
  std::vector<std::string> header;
  std::vector<Line> lines;  // the rows after the header

  // mcsens::Error at the line's cell (FILE:LINE:COL and the line with a caret).
  [[noreturn]] void fail(const Line& line, std::size_t cell, const std::string& why) const;
  // The index of the column named `name`, or -1.
  int column(const std::string& name) const;
  // The cell as a number, as strtod reads it (nan and inf too); mcsens::Error at an empty cell or one that is not.
  double number(const Line& line, std::size_t cell) const;
};

// Reads `path` (at most 1 GiB). mcsens::Error (exit 2): a file that cannot be read, an empty file (no header), a
// line with another number of cells than the header.
CsvInput read_csv_input(const std::string& path);

}  // namespace mcsens
