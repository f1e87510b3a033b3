// SPDX-License-Identifier: MIT
#include "io/csv_input.hpp"

#include <algorithm>
#include <cstdlib>

#include "config/bounded_read.hpp"
#include "mcsens/error.hpp"

namespace mcsens {
namespace {

CsvInput::Line split_line(const std::string& text, int number, char separator) {
  CsvInput::Line line;
  line.number = number;
  line.text = text;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find(separator, start);
    const std::string cell = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const std::size_t first = cell.find_first_not_of(" \t");
    const std::size_t last = cell.find_last_not_of(" \t\r");
    line.columns.push_back(static_cast<int>(start + (first == std::string::npos ? 0 : first)) + 1);
    line.cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return line;
}

}  // namespace

void CsvInput::fail(const Line& line, std::size_t cell, const std::string& why) const {
  throw Error(why, SourceLocation{path, line.number, cell < line.columns.size() ? line.columns[cell] : 1, line.text});
}

int CsvInput::column(const std::string& name) const {
  const auto at = std::find(header.begin(), header.end(), name);
  return at == header.end() ? -1 : static_cast<int>(at - header.begin());
}

double CsvInput::number(const Line& line, std::size_t cell) const {
  const std::string& text = line.cells[cell];
  if (text.empty()) fail(line, cell, "the cell of '" + header[cell] + "' is empty");
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) {
    fail(line, cell, "the cell of '" + header[cell] + "' is not a number: '" + text + "'");
  }
  return value;
}

CsvInput read_csv_input(const std::string& path) {
  std::string text;
  try {
    text = detail::read_bounded_file(path, std::size_t{1} << 30, 10, "a CSV file");
  } catch (const detail::UnreadableFile& e) {
    throw Error("cannot read " + path + ": " + e.what());
  }
  CsvInput csv;
  csv.path = path;
  char separator = ',';
  std::size_t start = 0;
  int number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (csv.header.empty()) {
      if (line.find(',') == std::string::npos && line.find('\t') != std::string::npos) separator = '\t';
      csv.header = split_line(line, number, separator).cells;
      continue;
    }
    CsvInput::Line split = split_line(line, number, separator);
    if (split.cells.size() != csv.header.size()) {
      csv.fail(split, std::min(split.cells.size(), csv.header.size()) - 1,
               "this line has " + std::to_string(split.cells.size()) + " cells, the header " +
                   std::to_string(csv.header.size()));
    }
    csv.lines.push_back(std::move(split));
  }
  if (csv.header.empty()) throw Error(path + " is empty: it needs a header row that names the columns");
  return csv;
}

}  // namespace mcsens
