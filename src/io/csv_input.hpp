// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mcsens {

// A CSV file a user gives (a design's evaluated rows, data to analyze): a header row of names, then one line of cells
// per row, split at commas (at tabs when the header has a tab and no comma), blank lines skipped, "\r\n" line ends
// taken. The file's text is kept once and each line points into it, with the place of each cell, so that an error
// points at the cell: about 100 bytes per line besides the text (a million rows of 11 numbers, 220 MB of text, take
// 330 MB; a string per cell took 1.5 GB).
struct CsvInput {
  struct Line {
    int number = 0;              // 1-based line number in the file
    std::size_t offset = 0;      // where its text starts in `text`
    std::size_t length = 0;      // without the line end
    std::size_t first_cell = 0;  // its cells are spans[first_cell .. first_cell + header.size())
  };
  // A cell: where it starts in its line and how long it is, without the spaces around it.
  struct Span {
    std::uint32_t start = 0;
    std::uint32_t length = 0;
  };
  std::string path;
  std::string text;  // the whole file
  std::vector<std::string> header;
  std::vector<Line> lines;  // the rows after the header
  std::vector<Span> spans;  // every line's cells, line after line

  std::string_view line_text(const Line& line) const { return std::string_view(text).substr(line.offset, line.length); }
  std::string_view cell(const Line& line, std::size_t cell) const {
    const Span& s = spans[line.first_cell + cell];
    return line_text(line).substr(s.start, s.length);
  }
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
