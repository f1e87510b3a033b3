// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/engine/problem.hpp"

namespace mcsens {

// What a sensitivity analysis is computed for: an output, or a claim's 0/1 indicator.
struct SensitivityTarget {
  std::string name;
  bool is_claim = false;
  std::size_t column = 0;        // the model's column of its values (TargetLayout)
  std::size_t output_index = 0;  // for outputs: index into the outputs
  // An array output's elements, in the columns from `column` on (issue 35: Sobol' indices per element); 1 for a
  // scalar output or a claim.
  std::size_t elements = 1;
  bool is_array = false;  // an array output (even of one element)
};

// The columns all `targets` take: the sum of their elements.
std::size_t target_columns(const std::vector<SensitivityTarget>& targets);

// The targets of [sensitivity] outputs (default: every output), in the order given.
std::vector<SensitivityTarget> sensitivity_targets(const Problem& problem);

// The uncertain inputs, the columns of every sensitivity result, in config order.
std::vector<std::string> sensitivity_inputs(const Problem& problem);

}  // namespace mcsens
