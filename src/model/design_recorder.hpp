// SPDX-License-Identifier: MIT
#pragma once

#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "mcsens/model/block_function.hpp"

namespace mcsens {

// `mcsens design` (issue 19, part 3): a stand-in for the model that records the rows of inputs the engine asks for,
// each distinct row once, in the order first asked, and reports 0 for every output. On one thread the engine asks
// in a fixed order (the uncertainty draws block by block with their scenarios, then the Sobol', Morris and Shapley
// designs), so the rows and their order depend on the config and the run's settings only.
class DesignRecorder final : public BlockFunction {
 public:
  // parameters: how many the config has (every one is an input column of evaluate).
  DesignRecorder(std::size_t parameters, std::vector<std::string> outputs)
      : width_(parameters), outputs_(std::move(outputs)) {}

  std::string name() const override { return "the design recorder"; }
  std::string kind() const override { return "design"; }
  const std::vector<std::string>& outputs() const override { return outputs_; }
  bool replaces_outputs() const override { return true; }
  void evaluate(const double* const* inputs, std::size_t n, double* const* outputs, DrawStatus* status) const override;

  // The rows recorded so far, in the order first asked.
  std::vector<std::vector<double>> rows() const;

 private:
  std::size_t width_;
  std::vector<std::string> outputs_;
  mutable std::mutex mutex_;
  mutable std::unordered_set<std::string> seen_;  // the rows' bits
  mutable std::vector<std::vector<double>> rows_;
};

}  // namespace mcsens
