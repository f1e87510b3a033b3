// SPDX-License-Identifier: MIT
#include "mcsens/engine/target_layout.hpp"

#include <stdexcept>

namespace mcsens {

TargetLayout::TargetLayout(const std::vector<ModelTarget>& targets, std::size_t num_outputs)
    : num_outputs_(num_outputs) {
  if (num_outputs > targets.size()) throw std::logic_error("TargetLayout: more outputs than targets");
  for (const ModelTarget& t : targets) {
    first_.push_back(first_.back() + t.shape.elements());
    array_.push_back(!t.shape.scalar());
  }
}

bool TargetLayout::any_array() const {
  for (bool a : array_) {
    if (a) return true;
  }
  return false;
}

}  // namespace mcsens
