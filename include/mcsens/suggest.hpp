// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace mcsens {

// Edit (Damerau-Levenshtein, optimal string alignment) distance between two names.
int edit_distance(const std::string& a, const std::string& b);

// The candidate closest to `name` when it is plausibly meant by it, else "": the same name in other letter case,
// a known alias from another language whose target is a candidate ("ln" -> "log", "pnorm" -> "normcdf"), or a
// typo (an edit distance of at most a third of the name).
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" : ready to append to a message; an alias may add a note
// (" (did you mean 'log'? log is the natural logarithm)").
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace mcsens
