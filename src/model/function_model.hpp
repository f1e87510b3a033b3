// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mcsens/expr/program.hpp"
#include "mcsens/model/block_function.hpp"
#include "mcsens/model/model.hpp"

namespace mcsens {

// A BlockFunction (a Python function) composed with the program that turns (parameters, the function's outputs)
// into the config's targets, as PluginModel composes a plugin.
class FunctionModel final : public Model {
 public:
  FunctionModel(std::shared_ptr<const BlockFunction> function, std::vector<std::string> parameters, Program program,
                std::vector<ModelTarget> targets);

  std::string kind() const override { return function_->kind(); }
  const std::vector<std::string>& input_names() const override { return parameters_; }
  const std::vector<ModelTarget>& targets() const override { return targets_; }
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t max_rows) const override;
  void prepare_run(const std::atomic<bool>* stop, int threads) const override { function_->prepare_run(stop, threads); }
  std::vector<std::uint8_t> finished_draws() const override { return function_->finished_draws(); }
  void restore_finished_draws(const std::vector<std::uint8_t>& bytes, const std::string& source) const override {
    function_->restore_finished_draws(bytes, source);
  }

 private:
  std::shared_ptr<const BlockFunction> function_;
  std::vector<std::string> parameters_;
  std::shared_ptr<const Program> program_;
  std::vector<ModelTarget> targets_;
};

}  // namespace mcsens
