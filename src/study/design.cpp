// SPDX-License-Identifier: MIT
#include "mcsens/study/design.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

#include "io/csv_input.hpp"
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

std::shared_ptr<const BlockFunction> evaluated_rows(const ProblemSpec& spec, const Design& design,
                                                    const std::vector<std::string>& files) {
  const ProblemSpec own = design_spec(spec);
  std::vector<std::string> output_names;
  for (const OutputSpec& o : own.outputs) output_names.push_back(o.expr.name);
  auto rows = std::make_shared<EvaluatedRows>(design.inputs.size(), output_names);
  for (std::size_t f = 0; f < files.size(); ++f) {
    const CsvInput csv = read_csv_input(files[f]);
    if (csv.column("row") < 0) {
      throw Error("the header has no column 'row' (the design's row index)", SourceLocation{files[f], 1, 1, {}});
    }
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
    for (const CsvInput::Line& line : csv.lines) {
      const double index = csv.number(line, row_column);
      if (!(index >= 0) || index != std::floor(index) || index >= static_cast<double>(design.rows.size())) {
        csv.fail(line, row_column,
                 "row " + std::string(csv.cell(line, row_column)) + " is not a row of the design (0 to " +
                     std::to_string(design.rows.size() - 1) + "; is it the design of another config, -n or seed?)");
      }
      const auto r = static_cast<std::size_t>(index);
      if (seen[r]) csv.fail(line, row_column, "row " + std::to_string(r) + " is given twice");
      seen[r] = true;
      for (std::size_t j = 0; j < design.inputs.size(); ++j) {
        const int c = csv.column(design.inputs[j]);
        if (c < 0) continue;
        const double value = csv.number(line, static_cast<std::size_t>(c));
        const double expected = design.rows[r][j];
        if (std::memcmp(&value, &expected, sizeof value) != 0) {
          char text[32];
          std::snprintf(text, sizeof text, "%.17g", expected);
          csv.fail(line, static_cast<std::size_t>(c),
                   "row " + std::to_string(r) + " has " + design.inputs[j] + " = " +
                       std::string(csv.cell(line, static_cast<std::size_t>(c))) + ", the design's row " +
                       std::to_string(r) + " has " + text +
                       " (is it the design of another config, -n, seed or sampler?)");
        }
      }
      if (!outputs_here) continue;
      std::vector<double> values;
      for (int c : output_columns) values.push_back(csv.number(line, static_cast<std::size_t>(c)));
      rows->add(design.rows[r], std::move(values));
    }
  }
  return rows;
}

}  // namespace mcsens
