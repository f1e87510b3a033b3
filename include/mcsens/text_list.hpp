// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace mcsens {

// The items of a comma-separated list as people type them on a command line: "a,b,,c" -> a, b, c (empty items
// dropped, no trimming).
std::vector<std::string> split_list(const std::string& text);

}  // namespace mcsens
