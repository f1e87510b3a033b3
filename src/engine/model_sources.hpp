// SPDX-License-Identifier: MIT
#pragma once

#include "mcsens/config/problem_spec.hpp"
#include "mcsens/expr/program.hpp"

namespace mcsens {

// The expression program of a config, for the backends and the curves: its parameters as inputs (with their
// integer ranges), functions, derived quantities, outputs and [dynamics], without targets.
ModelSource base_source(const ProblemSpec& spec);

// base_source with the targets: each output by name (its definition carries the location), then each claim's
// expression.
ModelSource full_source(const ProblemSpec& spec);

}  // namespace mcsens
