// SPDX-License-Identifier: MIT
#include "mcsens/model/model.hpp"

#include <cmath>

namespace mcsens {

FailureCounts evaluate_block(ModelEvaluator& evaluator, std::size_t num_columns, const double* const* inputs,
                             double* const* outputs, std::size_t n, DrawStatus* status) {
  evaluator.evaluate(inputs, outputs, n, status);
  FailureCounts failed;
  for (std::size_t i = 0; i < n; ++i) {
    if (status[i] == DrawStatus::ok) continue;
    ++(status[i] == DrawStatus::unwritten ? failed.unwritten : failed.reported);
    for (std::size_t c = 0; c < num_columns; ++c) outputs[c][i] = std::nan("");
  }
  return failed;
}

}  // namespace mcsens
