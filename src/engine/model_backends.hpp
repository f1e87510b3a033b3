// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/model_kinds.hpp"
#include "mcsens/config/problem_spec.hpp"
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

// The backend of `kind`; std::logic_error for a kind the config reader would have refused.
const ModelBackend& model_backend(const std::string& kind);

}  // namespace mcsens
