// SPDX-License-Identifier: MIT
#pragma once
// A Python function as mcsens's model, shared by the two front ends that have an interpreter: the Python package
// (mcsens.run(config, model=f), and configs with [model] kind = "python") and the command line built with Python
// (an embedded interpreter). Everything here needs the GIL, except PythonFunction::evaluate, which takes it.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mcsens/config/problem_spec.hpp"
#include "mcsens/model/block_function.hpp"

namespace mcsens::python {

namespace py = pybind11;

// A Python function as the model (mcsens.run(config, model=f)): f(inputs) with inputs a dict of NumPy arrays, one
// per parameter, a block of draws long, returns a dict of arrays, one per output. Calls hold the GIL, so they are
// serialized whatever the thread count (the numbers never depend on it: a draw's outputs depend on its inputs
// only). What cannot be read as a draw's value fails that draw, counted like a plugin's failed draws: an exception
// or a result that is not a dict of 1-D arrays of the block's length fails the whole block, an output missing from
// the dict leaves its draws unwritten, a NaN fails its draw. The first failure's reason is kept for the warning
// mcsens.run gives after the run.
// Hidden, as pybind11's own types are (its fields are of them): it never crosses a shared object's boundary.
class __attribute__((visibility("hidden"))) PythonFunction final : public BlockFunction {
 public:
  PythonFunction(py::function function, std::string name, std::vector<std::string> parameters,
                 std::vector<std::string> outputs);
  ~PythonFunction() override;  // takes the GIL: the last reference may go on a thread without it

  std::string name() const override { return "the Python function " + name_; }
  const std::vector<std::string>& outputs() const override { return outputs_; }

  void evaluate(const double* const* inputs, std::size_t n, double* const* outputs, DrawStatus* status) const override;

  // After a run (with the GIL): the warning both front ends give when it failed draws, over every evaluation
  // (pilots included), with the first reason; empty when it failed none.
  std::string failure_warning() const;

 private:
  // Input column p for this block: a read-only NumPy array this object owns, reused from block to block (the
  // engine's values copied in), or a new one when the block's length changed or the function kept the last one
  // (its reference count says so: what a function keeps never changes under it).
  const py::array_t<double>& column(std::size_t p, const double* values, std::size_t n) const;

  void note(const std::string& why, std::size_t draws) const {
    if (first_reason_.empty()) first_reason_ = why;
    failed_ += draws;
  }

  py::function function_;
  std::string name_;
  std::vector<std::string> parameters_;
  std::vector<std::string> outputs_;
  std::vector<py::str> keys_;                         // the parameters' names, made once
  mutable std::vector<py::array_t<double>> columns_;  // column(): used with the GIL held, as every call is
  mutable std::string first_reason_;                  // written with the GIL held, as every call is
  mutable std::uint64_t failed_ = 0;
};

// What a Python exception says, "Type: message" (without the traceback pybind11 appends after a blank line).
std::string raised(const py::error_already_set& e);

// The PythonFunction of `function` (called `name` in messages) as the model of `spec`: its outputs are those of its
// result for one draw at every parameter's median (each uncertain input's unit point 0.5), in the order of the dict
// it returns. mcsens::Error when that result is not a dict of arrays or an output has a parameter's name; what the
// function raises is raised (py::error_already_set).
std::shared_ptr<const PythonFunction> python_function(const py::function& function, const std::string& name,
                                                      const ProblemSpec& spec);

// The function [model] names (kind = "python": `function` of the file `module`): the file is run as a module of its
// own (its folder first on sys.path, for the files it imports), then python_function. mcsens::Error at the key
// for a file that is missing or raises, a name it does not define or that is not callable, and a function whose
// result at the medians is not a dict of arrays.
std::shared_ptr<const PythonFunction> load_python_model(const ProblemSpec& spec);

}  // namespace mcsens::python
