// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>
#include <vector>

#include "mcsens/engine/results.hpp"

namespace mcsens {

// The version of the JSON document's layout (its "json_version"; docs/cli.md, "The JSON document"). 1: before the
// key existed; 2: everything the result file holds but the kept draws and the run state, version 1's keys kept.
inline constexpr int kJsonVersion = 2;

// A result as one JSON document (`run --json`, `show --json`): what print_summary shows and everything else the
// result file holds; `parameters` as the run used them (a run's from its Problem, a file's from /parameters).
void print_json(std::ostream& out, const Results& results, const std::vector<ParameterRecord>& parameters);

}  // namespace mcsens
