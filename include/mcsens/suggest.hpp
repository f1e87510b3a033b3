// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace mcsens {

// Edit (Damerau-Levenshtein, optimal string alignment) distance between two names.
int edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `name` when it is plausibly a typo of it, else "".
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" : ready to append to a message.
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace mcsens
