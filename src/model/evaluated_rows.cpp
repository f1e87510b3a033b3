// SPDX-License-Identifier: MIT
#include "model/evaluated_rows.hpp"

#include <cmath>

#include "model/row_key.hpp"

namespace mcsens {

void EvaluatedRows::add(const std::vector<double>& inputs, std::vector<double> outputs) {
  rows_[row_key(inputs.data(), inputs.size())] = std::move(outputs);
}

void EvaluatedRows::evaluate(const double* const* inputs, std::size_t n, double* const* outputs,
                             DrawStatus* status) const {
  std::vector<double> row(width_);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < width_; ++j) row[j] = inputs[j][i];
    const auto found = rows_.find(row_key(row.data(), width_));
    if (found == rows_.end()) {
      status[i] = DrawStatus::not_evaluated;
      for (std::size_t o = 0; o < outputs_.size(); ++o) outputs[o][i] = std::nan("");
      continue;
    }
    for (std::size_t o = 0; o < outputs_.size(); ++o) outputs[o][i] = found->second[o];
    status[i] = DrawStatus::ok;
  }
}

}  // namespace mcsens
