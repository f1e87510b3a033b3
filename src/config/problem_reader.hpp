// SPDX-License-Identifier: MIT
#pragma once

#include "config/config_impl.hpp"
#include "mcsens/config/problem_spec.hpp"

namespace mcsens::detail {

// Reads every section of a config into plain specs, checking types, required and unknown keys.
ProblemSpec read_problem(const toml::table& root, const ConfigSource& source);

}  // namespace mcsens::detail
