// SPDX-License-Identifier: MIT
// Builds a Problem from config text, as the engine tests need it.
#pragma once

#include <string>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"

namespace mcsens::testing {

inline Problem problem_from(const std::string& text) {
  return Problem::build(Config::load_text(text, "t.toml").problem());
}

}  // namespace mcsens::testing
