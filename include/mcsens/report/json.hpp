// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>
#include <vector>

#include <string>

#include "mcsens/engine/results.hpp"
#include "mcsens/report/layout.hpp"

namespace mcsens {

// The version of the JSON document's layout (its "json_version"; docs/cli.md, "The JSON document"). 1: before the
// key existed; 2: everything the result file holds but the kept draws and the run state, version 1's keys kept.
inline constexpr int kJsonVersion = 2;

// A result as one JSON document (`run --json`, `show --json`): what print_summary shows and everything else the
// result file holds; `parameters` as the run used them (a run's from its Problem, a file's from /parameters).
void print_json(std::ostream& out, const Results& results, const std::vector<ParameterRecord>& parameters);

// One claim as the document writes it: probability, interval, verdict, and its drivers strongest first (also
// what `mcsens analyze --claim --json` writes).
std::string claim_json(const ClaimSummary& claim);

// An entry of the result file as JSON, what the document writes under the path of a field it has no key of its
// own for: a scalar as a value, an array as nested lists, outermost axis first (NaN and infinity as null).
std::string json_value(const layout::Values& content);

}  // namespace mcsens
