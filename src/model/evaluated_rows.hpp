// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "mcsens/model/block_function.hpp"

namespace mcsens {

// `mcsens ingest` (issue 19, part 3): the model as rows evaluated elsewhere. A draw's outputs are those of the row
// with the same inputs, bit for bit (a design's CSV carries 17 significant digits, which read back as the same
// doubles); a draw that no row has is a failed draw, DrawStatus::not_evaluated. Its outputs are the config's
// [outputs] themselves (replaces_outputs), so that the claims read them as a run's claims read its outputs.
class EvaluatedRows final : public BlockFunction {
 public:
  // parameters: how many the config has; outputs: the config's [outputs], in order.
  EvaluatedRows(std::size_t parameters, std::vector<std::string> outputs)
      : width_(parameters), outputs_(std::move(outputs)) {}

  // Before the run: the row with these inputs gave these outputs (one per output, in order).
  void add(const std::vector<double>& inputs, std::vector<double> outputs);
  std::size_t size() const { return rows_.size(); }

  std::string name() const override { return "the evaluated rows"; }
  std::string kind() const override { return "ingest"; }
  const std::vector<std::string>& outputs() const override { return outputs_; }
  bool replaces_outputs() const override { return true; }
  void evaluate(const double* const* inputs, std::size_t n, double* const* outputs, DrawStatus* status) const override;

 private:
  std::size_t width_;
  std::vector<std::string> outputs_;
  std::unordered_map<std::string, std::vector<double>> rows_;  // by the inputs' bits
};

}  // namespace mcsens
