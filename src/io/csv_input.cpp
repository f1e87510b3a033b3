// SPDX-License-Identifier: MIT
#include "io/csv_input.hpp"

#include <algorithm>
#include <cstdlib>

#include "config/bounded_read.hpp"
#include "mcsens/error.hpp"

namespace mcsens {
namespace {

// The cells of `line` (its text starting at `text`), appended to `spans`; how many.
std::size_t split_line(std::string_view text, char separator, std::vector<CsvInput::Span>& spans) {
  std::size_t count = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find(separator, start);
    const std::string_view cell =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const std::size_t first = cell.find_first_not_of(" \t");
    const std::size_t last = cell.find_last_not_of(" \t\r");
    CsvInput::Span span;
    span.start = static_cast<std::uint32_t>(start + (first == std::string_view::npos ? 0 : first));
    span.length = first == std::string_view::npos ? 0 : static_cast<std::uint32_t>(last - first + 1);
    spans.push_back(span);
    ++count;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return count;
}

}  // namespace

void CsvInput::fail(const Line& line, std::size_t cell, const std::string& why) const {
  const std::size_t cells = (line.first_cell < spans.size()) ? spans.size() - line.first_cell : 0;
  const int column = cell < cells ? static_cast<int>(spans[line.first_cell + cell].start) + 1 : 1;
  throw Error(why, SourceLocation{path, line.number, column, std::string(line_text(line))});
}

int CsvInput::column(const std::string& name) const {
  const auto at = std::find(header.begin(), header.end(), name);
  return at == header.end() ? -1 : static_cast<int>(at - header.begin());
}

double CsvInput::number(const Line& line, std::size_t c) const {
  const std::string_view text = cell(line, c);
  if (text.empty()) fail(line, c, "the cell of '" + header[c] + "' is empty");
  // The cell lies inside the file's text, which goes on past it: strtod stops at the separator or the line end,
  // and the cell is a number when it stops exactly at the cell's end.
  char* end = nullptr;
  const double value = std::strtod(text.data(), &end);
  if (end != text.data() + text.size()) {
    fail(line, c, "the cell of '" + header[c] + "' is not a number: '" + std::string(text) + "'");
  }
  return value;
}

CsvInput read_csv_input(const std::string& path) {
  CsvInput csv;
  try {
    csv.text = detail::read_bounded_file(path, std::size_t{1} << 30, 10, "a CSV file");
  } catch (const detail::UnreadableFile& e) {
    throw Error("cannot read " + path + ": " + e.what());
  }
  csv.path = path;
  const std::string_view text = csv.text;
  char separator = ',';
  std::size_t start = 0;
  int number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    CsvInput::Line line;
    line.number = ++number;
    line.offset = start;
    line.length = end - start;
    start = end + 1;
    if (line.length > 0 && text[line.offset + line.length - 1] == '\r') --line.length;
    const std::string_view content = csv.line_text(line);
    if (content.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (csv.header.empty()) {
      if (content.find(',') == std::string_view::npos && content.find('\t') != std::string_view::npos) separator = '\t';
      std::vector<CsvInput::Span> names;
      split_line(content, separator, names);
      for (const CsvInput::Span& s : names) csv.header.emplace_back(content.substr(s.start, s.length));
      continue;
    }
    line.first_cell = csv.spans.size();
    const std::size_t cells = split_line(content, separator, csv.spans);
    if (cells != csv.header.size()) {
      csv.fail(line, std::min(cells, csv.header.size()) - 1,
               "this line has " + std::to_string(cells) + " cells, the header " + std::to_string(csv.header.size()));
    }
    csv.lines.push_back(line);
  }
  if (csv.header.empty()) throw Error(path + " is empty: it needs a header row that names the columns");
  return csv;
}

}  // namespace mcsens
