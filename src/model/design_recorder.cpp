// SPDX-License-Identifier: MIT
#include "model/design_recorder.hpp"

#include "model/row_key.hpp"

namespace mcsens {

void DesignRecorder::evaluate(const double* const* inputs, std::size_t n, double* const* outputs,
                              DrawStatus* status) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<double> row;
  for (std::size_t i = 0; i < n; ++i) {
    row.clear();
    for (std::size_t j = 0; j < width_; ++j) row.push_back(inputs[j][i]);
    if (seen_.insert(row_key(row.data(), row.size())).second) rows_.push_back(row);
    for (std::size_t o = 0; o < outputs_.size(); ++o) outputs[o][i] = 0.0;
    status[i] = DrawStatus::ok;
  }
}

std::vector<std::vector<double>> DesignRecorder::rows() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return rows_;
}

}  // namespace mcsens
