// SPDX-License-Identifier: MIT
#include "engine/sensitivity_targets.hpp"

#include <algorithm>

namespace mcsens {

std::vector<SensitivityTarget> sensitivity_targets(const Problem& problem) {
  std::vector<std::string> names = problem.spec().sensitivity.outputs;
  if (names.empty()) names = problem.output_names();
  std::vector<SensitivityTarget> targets;
  for (const auto& name : names) {
    SensitivityTarget t;
    t.name = name;
    const auto& outputs = problem.output_names();
    const auto o = std::find(outputs.begin(), outputs.end(), name);
    if (o != outputs.end()) {
      t.output_index = static_cast<std::size_t>(o - outputs.begin());
      t.column = problem.target_layout().output_column(t.output_index);
      t.elements = problem.target_layout().elements(t.output_index);
      t.is_array = problem.target_layout().is_array(t.output_index);
    } else {
      const auto& claims = problem.claim_names();
      const auto c = std::find(claims.begin(), claims.end(), name);
      t.is_claim = true;
      t.column = problem.target_layout().claim_column(static_cast<std::size_t>(c - claims.begin()));
    }
    targets.push_back(t);
  }
  return targets;
}

std::size_t target_columns(const std::vector<SensitivityTarget>& targets) {
  std::size_t columns = 0;
  for (const auto& t : targets) columns += t.elements;
  return columns;
}

std::vector<std::string> sensitivity_inputs(const Problem& problem) {
  std::vector<std::string> names;
  for (size_t p = 0; p < problem.space().size(); ++p) {
    if (!problem.space().is_constant(p)) names.push_back(problem.space().names()[p]);
  }
  return names;
}

}  // namespace mcsens
