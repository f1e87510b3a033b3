// SPDX-License-Identifier: MIT
// Helpers of the expr tests: build a ModelSource from strings and evaluate it over columns of inputs.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "mcsens/expr/program.hpp"

namespace mcsens::test {

// An expression as if written on line 3 of model.toml as `name = "text"` (text[0] at column name.size() + 5).
inline ExpressionSource source_of(const std::string& name, const std::string& text) {
  ExpressionSource source;
  source.name = name;
  source.text = text;
  source.location.file = "model.toml";
  source.location.line = 3;
  source.location.line_text = name + " = \"" + text + "\"";
  source.location.column = static_cast<int>(name.size()) + 5;
  return source;
}

// The column the compiler must report for text[offset] of source_of(name, ...).
inline int column_of(const std::string& name, int offset) {
  return static_cast<int>(name.size()) + 5 + offset;
}

inline ModelSource model_of(std::vector<std::string> inputs,
                            std::vector<std::pair<std::string, std::string>> definitions,
                            std::vector<std::string> targets) {
  ModelSource model;
  model.inputs = std::move(inputs);
  for (const auto& [name, text] : definitions) model.definitions.push_back(source_of(name, text));
  for (size_t t = 0; t < targets.size(); ++t) model.targets.push_back(source_of("t" + std::to_string(t), targets[t]));
  return model;
}

// Runs `program` over the columns (one per input, all of the same length) in blocks of `block` rows.
inline std::vector<std::vector<double>> run_columns(const Program& program,
                                                    const std::vector<std::vector<double>>& columns,
                                                    size_t block = 1024) {
  const size_t n = columns.empty() ? 1 : columns[0].size();
  std::vector<std::vector<double>> out(program.num_columns(), std::vector<double>(n));
  Evaluator evaluator(program, block);
  for (size_t start = 0; start < n; start += block) {
    const size_t m = std::min(block, n - start);
    std::vector<const double*> in;
    for (const auto& column : columns) in.push_back(column.data() + start);
    std::vector<double*> outputs;
    for (auto& column : out) outputs.push_back(column.data() + start);
    evaluator.run(in.data(), outputs.data(), m);
  }
  return out;
}

// Compiles `model` expecting an Error; returns it (a test failure when it compiles).
inline Error compile_error(const ModelSource& model) {
  try {
    Program::compile(model);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error";
  return Error("no error");
}

// The value of one expression of the named inputs, evaluated on a one-row block.
inline double eval(const std::string& text, const std::vector<std::pair<std::string, double>>& values = {}) {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;
  for (const auto& [name, value] : values) {
    names.push_back(name);
    columns.push_back({value});
  }
  const Program program = Program::compile(model_of(names, {}, {text}));
  std::vector<const double*> in;
  for (const auto& column : columns) in.push_back(column.data());
  double result = 0.0;
  double* out[1] = {&result};
  Evaluator evaluator(program, 1);
  evaluator.run(in.data(), out, 1);
  return result;
}

}  // namespace mcsens::test
