// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/model_kinds.hpp"
#include "mcsens/config/problem_spec.hpp"
#include "mcsens/expr/program.hpp"
#include "mcsens/model/block_function.hpp"
#include "mcsens/model/model.hpp"

namespace mcsens {

// A model backend: its [model] kind with the keys it takes, and how it builds the Model of a config whose
// targets are `targets` (the outputs, then the claims' indicators). Adding a backend is one entry of
// model_backends() (src/engine/model_backends.cpp) and its Model (src/model/): the config reader and
// Problem::build both go by that entry.
struct ModelBackend {
  ModelKind kind;
  std::function<std::shared_ptr<const Model>(const ProblemSpec&, std::vector<ModelTarget>)> build;
};

const std::vector<ModelBackend>& model_backends();

// For a model computed outside the expressions (a plugin, a Python function): refuses curves and [dynamics], which
// only the expression model has (mcsens::Error at them, ending with `curve_reason` or `dynamics_reason`).
void check_outside_model(const ProblemSpec& spec, const std::string& curve_reason, const std::string& dynamics_reason);

// The program that turns (the parameters, then the outputs `computed` outside the expressions) into the config's
// targets; an output named like a computed one reports it as is (`flow = "flow"`), any other expression of that name
// is refused, naming `whose` ("the plugin"), unless replace_outputs: then the computed value is the output, whatever
// its expression (a design evaluated elsewhere).
Program composed_program(const ProblemSpec& spec, const std::vector<std::string>& computed, const std::string& whose,
                         bool replace_outputs = false);

// The model of a config whose model is `function` (a Python function): the config's outputs and claims are
// expressions of the parameters and the function's outputs, as for a plugin (check_outside_model, composed_program).
std::shared_ptr<const Model> function_model(const ProblemSpec& spec, std::shared_ptr<const BlockFunction> function,
                                            std::vector<ModelTarget> targets);

// The backend of `kind`; std::logic_error for a kind the config reader would have refused.
const ModelBackend& model_backend(const std::string& kind);

}  // namespace mcsens
