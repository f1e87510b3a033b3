// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mcsens/model/model.hpp"

namespace mcsens {

// A model computed outside mcsens a block of draws at a time (a Python function, through the Python package):
// mcsens hands it whole input columns and reads whole output columns back. The config's outputs and claims are then
// expressions of the parameters and these outputs, as for a compiled plugin (Problem::build(spec, function)).
class BlockFunction {
 public:
  virtual ~BlockFunction() = default;
  // What it is, for messages: "the Python function borehole".
  virtual std::string name() const = 0;
  // The [model] kind it stands for ("python", "command"): what Model::kind() of the composed model says.
  virtual std::string kind() const { return "python"; }
  // Its outputs, in the order of evaluate's output columns.
  virtual const std::vector<std::string>& outputs() const = 0;
  // Whether its outputs are the config's [outputs] themselves, whatever their expressions say (a design evaluated
  // elsewhere: `mcsens ingest` reads each output's values); otherwise an output of the config that has the name of
  // one of these must be written as that name (y = "y") to report it.
  virtual bool replaces_outputs() const { return false; }
  // Evaluates draws 0..n-1: inputs[p][i] is parameter p (every parameter, in config order) of draw i; writes
  // outputs[k][i] and status[i] for every draw (the values of a draw that is not ok are not read). Called from any
  // worker thread, from several at once: an implementation serializes itself where it must. A draw's values may
  // depend on its inputs only (not on n, its place in the block or the thread), as Model's contract says.
  virtual void evaluate(const double* const* inputs, std::size_t n, double* const* outputs,
                        DrawStatus* status) const = 0;
  // Model::prepare_run, finished_draws and restore_finished_draws, for a function that is costly per draw.
  virtual void prepare_run(const std::atomic<bool>* /*stop*/, int /*threads*/) const {}
  virtual std::vector<std::uint8_t> finished_draws() const { return {}; }
  virtual void restore_finished_draws(const std::vector<std::uint8_t>& /*bytes*/, const std::string& /*source*/) const {
  }
};

}  // namespace mcsens
