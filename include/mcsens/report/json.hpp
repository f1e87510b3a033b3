// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>

#include "mcsens/engine/results.hpp"

namespace mcsens {

// The content of print_summary as one JSON document (`run --json`, `show --json`).
void print_json(std::ostream& out, const Results& results);

}  // namespace mcsens
