// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/model/block_function.hpp"
#include "model/external_program.hpp"

namespace mcsens {

// [model] kind = "command" (issue 19, part 2): an external program run once per draw (run_external), as a
// BlockFunction, so that the config's outputs and claims compose with its outputs as with a Python function's.
// Each worker thread runs its draws one after another, so as many programs run at once as there are threads. A draw
// the program fails (any ExternalFailure) is a failed draw: DrawStatus::failed, its targets NaN.
class CommandFunction final : public BlockFunction {
 public:
  explicit CommandFunction(ExternalCommand command) : command_(std::move(command)) {}

  std::string name() const override { return "the program '" + command_.words.front() + "'"; }
  std::string kind() const override { return "command"; }
  const std::vector<std::string>& outputs() const override { return command_.outputs; }
  void evaluate(const double* const* inputs, std::size_t n, double* const* outputs, DrawStatus* status) const override;

 private:
  ExternalCommand command_;
};

}  // namespace mcsens
