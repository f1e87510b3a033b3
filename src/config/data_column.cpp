// SPDX-License-Identifier: MIT
#include "config/data_column.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "mcsens/suggest.hpp"

namespace mcsens::detail {

namespace {

struct Cell {
  std::string text;
  int column;  // 1-based character column of the cell in its line
};

std::vector<Cell> cells_of(const std::string& text) {
  std::vector<Cell> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    std::string cell = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto first = cell.find_first_not_of(" \t");
    const auto last = cell.find_last_not_of(" \t");
    cell = first == std::string::npos ? "" : cell.substr(first, last - first + 1);
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = cell.substr(1, cell.size() - 2);
    cells.push_back({cell, static_cast<int>(start) + 1});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

// What strtod accepts as a whole cell (a sign, hexadecimal, exponents), finite: a value beyond the double range reads
// as inf and is refused, never drawn.
bool number(const std::string& text, double& value) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(value);
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

DataColumn read_data_column(std::string text, const std::string& file_name, const ColumnChoice& choice) {
  // A byte order mark (spreadsheets write one) is no part of the first cell.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::pair<std::int64_t, std::string>> rows;  // (line number, text) of the non-blank lines
  std::istringstream in(text);
  std::string line;
  for (std::int64_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) rows.emplace_back(number, line);
  }
  if (rows.empty()) throw DataColumnError(false, ": '" + file_name + "' is empty (it needs a column of numbers)");
  const std::vector<Cell> header = cells_of(rows.front().second);
  std::size_t index = 0;
  bool has_header = false;
  if (!choice.name.empty()) {
    std::vector<std::string> names;
    for (const auto& c : header) names.push_back(c.text);
    const auto it = std::find(names.begin(), names.end(), choice.name);
    if (it == names.end()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      throw DataColumnError(true, ": " + file_name + " has no column '" + choice.name + "' (its header, line " +
                                      std::to_string(rows.front().first) + ": " + list + ")" +
                                      did_you_mean(choice.name, names));
    }
    index = static_cast<std::size_t>(it - names.begin());
    has_header = true;
  } else {
    index = static_cast<std::size_t>(choice.position - 1);
    if (choice.position < 1 || index >= header.size()) {
      throw DataColumnError(true, " = " + std::to_string(choice.position) + ", but " + file_name + ":" +
                                      std::to_string(rows.front().first) + " has " + plural(header.size(), "column"));
    }
    double ignored = 0;
    has_header = !number(header[index].text, ignored);
  }
  DataColumn out;
  out.column_name = has_header ? "column '" + header[index].text + "'" : "column " + std::to_string(index + 1);
  for (std::size_t r = has_header ? 1 : 0; r < rows.size(); ++r) {
    const auto cells = cells_of(rows[r].second);
    const std::string at = file_name + ":" + std::to_string(rows[r].first) + ":";
    if (index >= cells.size()) {
      throw DataColumnError(
          false, ": " + at + "1: the line has " + plural(cells.size(), "column") + ", no " + out.column_name);
    }
    double value = 0;
    if (!number(cells[index].text, value)) {
      throw DataColumnError(false, ": " + at + std::to_string(cells[index].column) + ": '" + cells[index].text +
                                       "' in " + out.column_name + " is not a finite number");
    }
    out.values.push_back(value);
  }
  if (out.values.empty()) throw DataColumnError(false, ": '" + file_name + "' has a header but no data rows");
  return out;
}

}  // namespace mcsens::detail
