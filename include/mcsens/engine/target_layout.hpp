// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

#include "mcsens/model/model.hpp"

namespace mcsens {

// Where each target of a model lies among the columns it writes (the contract in mcsens/model/model.hpp): target t
// takes elements(t) consecutive columns from first(t), element-major; a scalar takes one. The targets are the
// outputs in config order, then the claims' 0/1 indicators (scalars). Every design reads a target's values
// through this layout, never at column t or num_outputs + k, so that an array target changes the layout, not the
// designs (issue 35, step 1: the layout is in place while array targets are still refused).
class TargetLayout {
 public:
  TargetLayout() = default;
  // `num_outputs`: how many of `targets`, from the first, are outputs (the rest are claims).
  TargetLayout(const std::vector<ModelTarget>& targets, std::size_t num_outputs);

  // The model's column count: what one draw's evaluation holds.
  std::size_t columns() const { return first_.back(); }
  std::size_t num_targets() const { return first_.size() - 1; }
  std::size_t first(std::size_t t) const { return first_.at(t); }
  std::size_t elements(std::size_t t) const { return first_.at(t + 1) - first_.at(t); }
  // Whether target t has dimensions (an array of one element is still an array).
  bool is_array(std::size_t t) const { return array_.at(t); }
  bool any_array() const;

  // Output o's first column (its only one when scalar), and claim k's.
  std::size_t output_column(std::size_t o) const { return first(o); }
  std::size_t claim_column(std::size_t k) const { return first(num_outputs_ + k); }

 private:
  std::vector<std::size_t> first_{0};  // one per target, then the column count
  std::vector<bool> array_;
  std::size_t num_outputs_ = 0;
};

}  // namespace mcsens
