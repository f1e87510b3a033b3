// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/expr/program.hpp"
#include "mcsens/model/model.hpp"

namespace mcsens {

// The compiled-plugin backend ([model] kind = "plugin"): a shared library implementing include/mcsens/model_plugin.h
// computes its outputs for a block of draws; the config's [outputs] and claims are then expressions of the
// parameters and those outputs, compiled to one Program (an output named like a plugin output reports it as is).
class PluginModel final : public Model {
 public:
  struct Library;  // the loaded library and its entry points (plugin_model.cpp)

  // Loads `path` and checks its ABI version and entry points; errors are mcsens::Error at `where` (exit 2).
  // `parameters` are the config's inputs, in config order: each plugin input must be one of them.
  static std::shared_ptr<const PluginModel> load(const std::string& path, const std::string& prefix,
                                                 const SourceLocation& where,
                                                 const std::vector<std::string>& parameters);

  // The plugin's output names, in its order: the extra inputs of the expression program.
  const std::vector<std::string>& plugin_outputs() const;

  // Completes the model with the program that turns (parameters, plugin outputs) into the targets.
  std::shared_ptr<const PluginModel> with_program(Program program, std::vector<ModelTarget> targets) const;

  std::string kind() const override { return "plugin"; }
  const std::vector<std::string>& input_names() const override { return parameters_; }
  const std::vector<ModelTarget>& targets() const override { return targets_; }
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t max_rows) const override;

 private:
  PluginModel() = default;
  std::shared_ptr<Library> library_;
  std::vector<std::string> parameters_;
  std::vector<std::size_t> input_of_;  // plugin input j is parameter input_of_[j]
  std::shared_ptr<const Program> program_;
  std::vector<ModelTarget> targets_;
};

}  // namespace mcsens
