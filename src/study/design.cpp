// SPDX-License-Identifier: MIT
#include "mcsens/study/design.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

#include "config/bounded_read.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/error.hpp"
#include "mcsens/suggest.hpp"
#include "model/design_recorder.hpp"
#include "model/evaluated_rows.hpp"

namespace mcsens {

ProblemSpec design_spec(const ProblemSpec& spec) {
  for (const OutputSpec& o : spec.outputs) {
    const bool trajectory = o.expr.text.find("trajectory(") != std::string::npos;
    if (!o.over.empty() || trajectory) {
      throw Error("output '" + o.expr.name + "' is an array (" +
                      (trajectory ? std::string("a trajectory") : "over " + o.over) +
                      "): a design evaluated elsewhere takes scalar outputs only so far; leave it out of this config",
                  o.over.empty() ? o.expr.location : o.over_location);
    }
  }
  ProblemSpec own = spec;
  own.model = ModelSpec{};
  own.dynamics = DynamicsSpec{};
  own.curves.clear();
  return own;
}

Design make_design(const ProblemSpec& spec, RunRequest request) {
  const ProblemSpec own = design_spec(spec);
  std::vector<std::string> outputs;
  for (const OutputSpec& o : own.outputs) outputs.push_back(o.expr.name);
  const auto recorder = std::make_shared<DesignRecorder>(own.parameters.size(), outputs);
  const Problem problem = Problem::build(own, recorder);
  request.execution.threads = 1;    // the order in which the rows are first asked for
  request.execution.say = nullptr;  // the run of the recorder is no run of the user's: it says nothing
  request.execution.progress = nullptr;
  request.execution.stop = nullptr;
  request.execution.checkpoint_path.clear();
  request.execution.shard_count = 0;
  request.execution.shard_index = 0;
  request.settings.keep_samples = 0;
  run_request(problem, request);
  Design design;
  for (const ParameterSpec& p : own.parameters) design.inputs.push_back(p.name);
  design.rows = recorder->rows();
  return design;
}

void write_design_csv(const std::string& path, const Design& design, std::size_t first, std::size_t last) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw RuntimeFailure("cannot write " + path + ": " + std::strerror(errno));
  out << "row";
  for (const std::string& name : design.inputs) out << ',' << name;
  out << '\n';
  char number[32];
  for (std::size_t r = first; r < last && r < design.rows.size(); ++r) {
    out << r;
    for (double v : design.rows[r]) {
      std::snprintf(number, sizeof number, "%.17g", v);
      out << ',' << number;
    }
    out << '\n';
  }
  if (!out.flush()) throw RuntimeFailure("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace mcsens

namespace mcsens {
namespace {

// One CSV file's cells, split at commas, with where each line and cell is (for errors).
struct CsvFile {
  std::string path;
  std::vector<std::string> header;
  struct Line {
    int number = 0;
    std::string text;
    std::vector<std::string> cells;
    std::vector<int> columns;  // 1-based character column of each cell
  };
  std::vector<Line> lines;

  [[noreturn]] void fail(const Line& line, std::size_t cell, const std::string& why) const {
    throw Error(why, SourceLocation{path, line.number, cell < line.columns.size() ? line.columns[cell] : 1, line.text});
  }
  // The index of the column named `name`, or -1.
  int column(const std::string& name) const {
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (header[c] == name) return static_cast<int>(c);
    }
    return -1;
  }
};

CsvFile::Line split_line(const std::string& text, int number) {
  CsvFile::Line line;
  line.number = number;
  line.text = text;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    std::string cell = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const std::size_t first = cell.find_first_not_of(" \t");
    const std::size_t last = cell.find_last_not_of(" \t\r");
    line.columns.push_back(static_cast<int>(start + (first == std::string::npos ? 0 : first)) + 1);
    line.cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return line;
}

CsvFile read_csv(const std::string& path) {
  std::string text;
  try {
    text = detail::read_bounded_file(path, std::size_t{1} << 30, 10, "a CSV file");
  } catch (const detail::UnreadableFile& e) {
    throw Error("cannot read " + path + ": " + e.what());
  }
  CsvFile csv;
  csv.path = path;
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
    CsvFile::Line split = split_line(line, number);
    if (csv.header.empty()) {
      csv.header = split.cells;
      if (csv.column("row") < 0) csv.fail(split, 0, "the header has no column 'row' (the design's row index)");
      continue;
    }
    if (split.cells.size() != csv.header.size()) {
      csv.fail(split, std::min(split.cells.size(), csv.header.size()) - 1,
               "this line has " + std::to_string(split.cells.size()) + " cells, the header " +
                   std::to_string(csv.header.size()));
    }
    csv.lines.push_back(std::move(split));
  }
  if (csv.header.empty()) throw Error(path + " is empty: it needs a header row naming 'row' and the columns");
  return csv;
}

double number_in(const CsvFile& csv, const CsvFile::Line& line, std::size_t cell) {
  const std::string& text = line.cells[cell];
  if (text.empty()) csv.fail(line, cell, "the cell of '" + csv.header[cell] + "' is empty");
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) {
    csv.fail(line, cell, "the cell of '" + csv.header[cell] + "' is not a number: '" + text + "'");
  }
  return value;
}

}  // namespace

std::shared_ptr<const BlockFunction> evaluated_rows(const ProblemSpec& spec, const Design& design,
                                                    const std::vector<std::string>& files) {
  const ProblemSpec own = design_spec(spec);
  std::vector<std::string> output_names;
  for (const OutputSpec& o : own.outputs) output_names.push_back(o.expr.name);
  auto rows = std::make_shared<EvaluatedRows>(design.inputs.size(), output_names);
  for (std::size_t f = 0; f < files.size(); ++f) {
    const CsvFile csv = read_csv(files[f]);
    const bool outputs_here = f + 1 == files.size();
    const auto row_column = static_cast<std::size_t>(csv.column("row"));
    std::vector<int> output_columns;
    if (outputs_here) {
      for (const std::string& name : output_names) {
        const int c = csv.column(name);
        if (c < 0) {
          throw Error(
              "the header has no column '" + name + "' (an output of the config)" + did_you_mean(name, csv.header),
              SourceLocation{files[f], 1, 1, {}});
        }
        output_columns.push_back(c);
      }
    }
    std::vector<bool> seen(design.rows.size(), false);
    for (const CsvFile::Line& line : csv.lines) {
      const double index = number_in(csv, line, row_column);
      if (!(index >= 0) || index != std::floor(index) || index >= static_cast<double>(design.rows.size())) {
        csv.fail(line, row_column,
                 "row " + line.cells[row_column] + " is not a row of the design (0 to " +
                     std::to_string(design.rows.size() - 1) + "; is it the design of another config, -n or seed?)");
      }
      const auto r = static_cast<std::size_t>(index);
      if (seen[r]) csv.fail(line, row_column, "row " + std::to_string(r) + " is given twice");
      seen[r] = true;
      for (std::size_t j = 0; j < design.inputs.size(); ++j) {
        const int c = csv.column(design.inputs[j]);
        if (c < 0) continue;
        const double value = number_in(csv, line, static_cast<std::size_t>(c));
        const double expected = design.rows[r][j];
        if (std::memcmp(&value, &expected, sizeof value) != 0) {
          char text[32];
          std::snprintf(text, sizeof text, "%.17g", expected);
          csv.fail(line, static_cast<std::size_t>(c),
                   "row " + std::to_string(r) + " has " + design.inputs[j] + " = " +
                       line.cells[static_cast<std::size_t>(c)] + ", the design's row " + std::to_string(r) + " has " +
                       text + " (is it the design of another config, -n, seed or sampler?)");
        }
      }
      if (!outputs_here) continue;
      std::vector<double> values;
      for (int c : output_columns) values.push_back(number_in(csv, line, static_cast<std::size_t>(c)));
      rows->add(design.rows[r], std::move(values));
    }
  }
  return rows;
}

}  // namespace mcsens
