// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/model/block_function.hpp"
#include "model/external_program.hpp"

namespace mcsens {

// [model] kind = "command" (issue 19, part 2): an external program run once per draw (run_external), as a
// BlockFunction, so that the config's outputs and claims compose with its outputs as with a Python function's.
// The draws of a block run `jobs` programs at a time (a block is up to 1024 draws, and a run of few draws is one
// block: the worker threads alone would run them one by one). Each draw's values depend on its inputs only, so the
// results do not depend on `jobs`. A draw the program fails is a failed draw with the DrawStatus of its
// ExternalFailure (DrawStatus::timeout, ...), its targets NaN, counted per reason.
class CommandFunction final : public BlockFunction {
 public:
  // jobs: programs at once per block; 0: as many as the machine has cores.
  CommandFunction(ExternalCommand command, unsigned jobs);

  std::string name() const override { return "the program '" + command_.words.front() + "'"; }
  std::string kind() const override { return "command"; }
  const std::vector<std::string>& outputs() const override { return command_.outputs; }
  void evaluate(const double* const* inputs, std::size_t n, double* const* outputs, DrawStatus* status) const override;

 private:
  ExternalCommand command_;
  unsigned jobs_;
};

}  // namespace mcsens
