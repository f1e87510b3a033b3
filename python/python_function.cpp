// SPDX-License-Identifier: MIT
#include "python_function.hpp"

#include <algorithm>
#include <filesystem>

#include "mcsens/error.hpp"
#include "mcsens/space/parameter_space.hpp"
#include "mcsens/suggest.hpp"

namespace mcsens::python {

namespace {

// The outputs `function` gives: its result for one draw at every parameter's median (each uncertain input's unit
// point 0.5), in the order of the dict it returns. Error when that result is not a dict of arrays, or an
// output has a parameter's name.
std::vector<std::string> probe_outputs(const py::function& function, const std::string& name, const ProblemSpec& spec) {
  const ParameterSpace space(spec.parameters, spec.correlations);
  const std::vector<double> unit(std::max<std::size_t>(space.dimensions(), 1), 0.5);
  std::vector<double> medians(space.size());
  space.map(unit.data(), 1, medians.data(), 1, 1);
  py::dict columns;
  for (std::size_t p = 0; p < space.size(); ++p) {
    columns[py::str(space.names()[p])] = py::array_t<double>(1, &medians[p]);
  }
  const py::object result = function(columns);
  const std::string which = "the Python function " + name;
  if (!py::isinstance<py::dict>(result) || py::len(result) == 0) {
    throw Error(which + " must return a dict of NumPy arrays, one per output (it returned " +
                std::string(py::str(py::repr(result))).substr(0, 80) + " for the parameters' medians)");
  }
  std::vector<std::string> outputs;
  for (const auto& item : py::dict(result)) {
    if (!py::isinstance<py::str>(item.first)) {
      throw Error(which + " returned a dict whose key " + std::string(py::str(py::repr(item.first))) +
                  " is not a str: its keys name the outputs");
    }
    const std::string output = py::str(item.first);
    const auto& names = space.names();
    if (std::find(names.begin(), names.end(), output) != names.end()) {
      throw Error(which + "'s output '" + output + "' has the name of a parameter");
    }
    outputs.push_back(output);
  }
  return outputs;
}

std::vector<std::string> spec_parameter_names(const ProblemSpec& spec) {
  std::vector<std::string> names;
  for (const auto& p : spec.parameters) names.push_back(p.name);
  return names;
}

}  // namespace

PythonFunction::PythonFunction(py::function function, std::string name, std::vector<std::string> parameters,
                               std::vector<std::string> outputs)
    : function_(std::move(function)),
      name_(std::move(name)),
      parameters_(std::move(parameters)),
      outputs_(std::move(outputs)),
      columns_(parameters_.size()) {
  for (const auto& p : parameters_) keys_.emplace_back(p);
}

PythonFunction::~PythonFunction() {
  py::gil_scoped_acquire locked;  // the last reference may go on a thread without the GIL
  function_ = py::function();
  keys_.clear();
  columns_.clear();
}

void PythonFunction::evaluate(const double* const* inputs, std::size_t n, double* const* outputs,
                              DrawStatus* status) const {
  // A worker thread keeps its Python thread state from block to block (made once, not at every call).
  thread_local bool has_thread_state = false;
  py::gil_scoped_acquire locked;
  if (!has_thread_state) {
    locked.inc_ref();
    has_thread_state = true;
  }
  const auto fail_block = [&](const std::string& why, DrawStatus as) {
    for (std::size_t i = 0; i < n; ++i) status[i] = as;
    note(why, n);
  };
  py::object result;
  try {
    py::dict columns;
    for (std::size_t p = 0; p < parameters_.size(); ++p) columns[keys_[p]] = column(p, inputs[p], n);
    result = function_(columns);
  } catch (py::error_already_set& e) {
    fail_block("it raised " + raised(e), DrawStatus::failed);
    return;
  }
  if (!py::isinstance<py::dict>(result)) {
    fail_block("it returned a " + std::string(py::str(py::type::of(result).attr("__name__"))) +
                   ", not a dict of arrays (one per output)",
               DrawStatus::failed);
    return;
  }
  const py::dict got = result;
  for (std::size_t i = 0; i < n; ++i) status[i] = DrawStatus::ok;
  for (std::size_t k = 0; k < outputs_.size(); ++k) {
    const py::str key(outputs_[k]);
    if (!got.contains(key)) {
      fail_block("its result has no output '" + outputs_[k] + "'", DrawStatus::unwritten);
      return;
    }
    py::array_t<double, py::array::c_style | py::array::forcecast> column;
    try {
      column = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(got[key]);
    } catch (py::error_already_set&) {
    }
    if (!column || column.ndim() != 1 || static_cast<std::size_t>(column.shape(0)) != n) {
      fail_block("its output '" + outputs_[k] + "' is not a 1-D array of the block's " + std::to_string(n) + " draws",
                 DrawStatus::failed);
      return;
    }
    const double* values = column.data();
    std::size_t nans = 0;
    for (std::size_t i = 0; i < n; ++i) {
      outputs[k][i] = values[i];
      if (std::isnan(values[i]) && status[i] == DrawStatus::ok) {
        status[i] = DrawStatus::failed;
        ++nans;
      }
    }
    if (nans > 0) note("its output '" + outputs_[k] + "' is NaN", nans);
  }
}

std::string PythonFunction::failure_warning() const {
  if (failed_ == 0) return "";
  return name() + " failed on some draws (the result's failed_draws counts them); the first time because " +
         first_reason_;
}

const py::array_t<double>& PythonFunction::column(std::size_t p, const double* values, std::size_t n) const {
  py::array_t<double>& a = columns_[p];
  if (!a || static_cast<std::size_t>(a.size()) != n || a.ref_count() > 1) {
    a = py::array_t<double>(static_cast<py::ssize_t>(n));
    a.attr("setflags")(py::arg("write") = false);  // an input is the engine's: the function reads it only
  }
  std::copy(values, values + n, const_cast<double*>(a.data()));  // NOLINT: ours to fill, read-only to Python
  return a;
}

std::string raised(const py::error_already_set& e) {
  const std::string what = e.what();
  return what.substr(0, what.find("\n\n"));
}

std::shared_ptr<const PythonFunction> python_function(const py::function& function, const std::string& name,
                                                      const ProblemSpec& spec) {
  return std::make_shared<const PythonFunction>(function, name, spec_parameter_names(spec),
                                                probe_outputs(function, name, spec));
}

std::shared_ptr<const PythonFunction> load_python_model(const ProblemSpec& spec) {
  const ModelSetting& module = spec.model.setting("module");
  const ModelSetting& function = spec.model.setting("function");
  const std::filesystem::path file(module.value);
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    throw Error("model.module: no such file: " + module.value, module.location);
  }
  py::object loaded;
  try {
    const py::module_ util = py::module_::import("importlib.util");
    const std::string folder = file.parent_path().string();
    py::list path = py::module_::import("sys").attr("path");
    if (!path.contains(py::str(folder))) path.insert(0, py::str(folder));
    const py::object found = util.attr("spec_from_file_location")(file.stem().string(), module.value);
    loaded = util.attr("module_from_spec")(found);
    found.attr("loader").attr("exec_module")(loaded);
  } catch (py::error_already_set& e) {
    throw Error("model.module: running " + module.value + " raised " + raised(e), module.location);
  }
  if (!py::hasattr(loaded, function.value.c_str())) {
    std::vector<std::string> names;
    for (const auto& item : py::dict(loaded.attr("__dict__"))) {
      const std::string name = py::str(item.first);
      if (name.rfind("__", 0) != 0 && PyCallable_Check(item.second.ptr()) != 0) names.push_back(name);
    }
    std::string defined;
    for (const auto& name : names) defined += (defined.empty() ? "" : ", ") + name;
    throw Error("model.function: " + module.value + " defines no '" + function.value + "'" +
                    did_you_mean(function.value, names) +
                    (defined.empty() ? std::string(" (it defines no function)") : " (its functions: " + defined + ")"),
                function.location);
  }
  const py::object object = loaded.attr(function.value.c_str());
  if (PyCallable_Check(object.ptr()) == 0) {
    throw Error("model.function: '" + function.value + "' of " + module.value + " is a " +
                    std::string(py::str(py::type::of(object).attr("__name__"))) + ", not a function",
                function.location);
  }
  try {
    return python_function(py::reinterpret_borrow<py::function>(object), function.value, spec);
  } catch (py::error_already_set& e) {
    throw Error("model.function: the Python function " + function.value + " raised " + raised(e) +
                    " for the parameters' medians",
                function.location);
  } catch (const Error& e) {
    throw Error(e.message(), function.location);
  }
}

}  // namespace mcsens::python
