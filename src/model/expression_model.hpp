// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/expr/program.hpp"
#include "mcsens/model/model.hpp"

namespace mcsens {

// The default backend ([model] kind = "expressions"): the config's expressions compiled to one Program, run by
// one Evaluator per thread. Never fails a draw: a non-finite value is a result like any other.
class ExpressionModel final : public Model {
 public:
  ExpressionModel(Program program, std::vector<std::string> input_names, std::vector<ModelTarget> targets);

  std::string kind() const override { return "expressions"; }
  const std::vector<std::string>& input_names() const override { return input_names_; }
  const std::vector<ModelTarget>& targets() const override { return targets_; }
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t max_rows) const override;

  std::optional<std::size_t> program_instructions() const override { return program_.num_instructions(); }

  const Program& program() const { return program_; }

 private:
  Program program_;
  std::vector<std::string> input_names_;
  std::vector<ModelTarget> targets_;
};

}  // namespace mcsens
