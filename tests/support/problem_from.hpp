// SPDX-License-Identifier: MIT
// Builds a Problem from config text, as the engine tests need it.
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"

namespace mcsens::testing {

inline Problem problem_from(const std::string& text) {
  return Problem::build(Config::load_text(text, "t.toml").problem());
}

// The config with every section a result file can hold (tests/integration/data/every_section.toml): the file
// schema's test, the report's and the Python readers' use it.
inline std::string every_section_config() {
  std::ifstream in(std::string(MCSENS_SOURCE_DIR) + "/tests/integration/data/every_section.toml");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace mcsens::testing
