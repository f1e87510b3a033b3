// SPDX-License-Identifier: MIT
// The compiled half of the Python package (`mcsens._mcsens`): the library's own reader of result files, its tidy
// tables and its JSON document, handed to python/mcsens/ which makes DataFrames and Datasets of them. No number is
// computed or formatted here: the tables are those of `mcsens show --csv`, the document that of `show --json`.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/error.hpp"
#include "mcsens/model/block_function.hpp"
#include "mcsens/report/csv_tables.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/problem_report.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "mcsens/space/parameter_space.hpp"
#include "mcsens/study/study.hpp"
#include "mcsens/version.hpp"

namespace py = pybind11;

namespace {

using Table = std::tuple<std::string, std::vector<std::string>, std::vector<std::vector<std::string>>>;

// What a result file holds, for mcsens.open: the JSON document of `show --json` and the tables of `show --csv`.
std::pair<std::string, std::vector<Table>> read_result(const std::string& path) {
  mcsens::check_result_path(path);
  const std::string partial = mcsens::partial_result_note(path);
  if (!partial.empty()) {
    throw mcsens::Error(path + " is " + partial +
                        " of a run: a partial result with no summary of its own; combine all the shards with "
                        "`mcsens merge -o RESULT.h5 SHARD.h5...` and open RESULT.h5");
  }
  const mcsens::Results results = mcsens::read_result_summary(path);
  std::ostringstream json;
  mcsens::print_json(json, results, results.parameters);
  std::vector<Table> tables;
  for (auto& t : mcsens::csv_tables(results)) tables.emplace_back(t.name, std::move(t.columns), std::move(t.rows));
  return {json.str(), std::move(tables)};
}

// A config as mcsens.run and mcsens.check name it: a file, or the TOML text the package wrote from a dict (then
// `name` is what messages call it and `folder` where its relative file names resolve), with the --set overrides.
mcsens::Config load_config(const std::string& path, const std::optional<std::string>& text, const std::string& name,
                           const std::string& folder, const std::vector<std::string>& overrides) {
  mcsens::Config config = text ? mcsens::Config::load_text(*text, name, folder) : mcsens::Config::load_file(path);
  for (const auto& assignment : overrides) config.apply_override(assignment);
  return config;
}

// A Python function as the model (mcsens.run(config, model=f)): f(inputs) with inputs a dict of NumPy arrays, one
// per parameter, a block of draws long, returns a dict of arrays, one per output. Calls hold the GIL, so they are
// serialized whatever the thread count (the numbers never depend on it: a draw's outputs depend on its inputs
// only). What cannot be read as a draw's value fails that draw, counted like a plugin's failed draws: an exception
// or a result that is not a dict of 1-D arrays of the block's length fails the whole block, an output missing from
// the dict leaves its draws unwritten, a NaN fails its draw. The first failure's reason is kept for the warning
// mcsens.run gives after the run.
class PythonFunction final : public mcsens::BlockFunction {
 public:
  PythonFunction(py::function function, std::string name, std::vector<std::string> parameters,
                 std::vector<std::string> outputs)
      : function_(std::move(function)),
        name_(std::move(name)),
        parameters_(std::move(parameters)),
        outputs_(std::move(outputs)),
        columns_(parameters_.size()) {
    for (const auto& p : parameters_) keys_.emplace_back(p);
  }

  ~PythonFunction() override {
    py::gil_scoped_acquire locked;  // the last reference may go on a thread without the GIL
    function_ = py::function();
    keys_.clear();
    columns_.clear();
  }

  std::string name() const override { return "the Python function " + name_; }
  const std::vector<std::string>& outputs() const override { return outputs_; }

  void evaluate(const double* const* inputs, std::size_t n, double* const* outputs,
                mcsens::DrawStatus* status) const override {
    // A worker thread keeps its Python thread state from block to block (made once, not at every call).
    thread_local bool has_thread_state = false;
    py::gil_scoped_acquire locked;
    if (!has_thread_state) {
      locked.inc_ref();
      has_thread_state = true;
    }
    const auto fail_block = [&](const std::string& why, mcsens::DrawStatus as) {
      for (std::size_t i = 0; i < n; ++i) status[i] = as;
      note(why, n);
    };
    py::object result;
    try {
      py::dict columns;
      for (std::size_t p = 0; p < parameters_.size(); ++p) columns[keys_[p]] = column(p, inputs[p], n);
      result = function_(columns);
    } catch (py::error_already_set& e) {
      const std::string what = e.what();  // "Type: message", then pybind11's traceback after a blank line
      fail_block("it raised " + what.substr(0, what.find("\n\n")), mcsens::DrawStatus::failed);
      return;
    }
    if (!py::isinstance<py::dict>(result)) {
      fail_block("it returned a " + std::string(py::str(py::type::of(result).attr("__name__"))) +
                     ", not a dict of arrays (one per output)",
                 mcsens::DrawStatus::failed);
      return;
    }
    const py::dict got = result;
    for (std::size_t i = 0; i < n; ++i) status[i] = mcsens::DrawStatus::ok;
    for (std::size_t k = 0; k < outputs_.size(); ++k) {
      const py::str key(outputs_[k]);
      if (!got.contains(key)) {
        fail_block("its result has no output '" + outputs_[k] + "'", mcsens::DrawStatus::unwritten);
        return;
      }
      py::array_t<double, py::array::c_style | py::array::forcecast> column;
      try {
        column = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(got[key]);
      } catch (py::error_already_set&) {
      }
      if (!column || column.ndim() != 1 || static_cast<std::size_t>(column.shape(0)) != n) {
        fail_block("its output '" + outputs_[k] + "' is not a 1-D array of the block's " + std::to_string(n) + " draws",
                   mcsens::DrawStatus::failed);
        return;
      }
      const double* values = column.data();
      std::size_t nans = 0;
      for (std::size_t i = 0; i < n; ++i) {
        outputs[k][i] = values[i];
        if (std::isnan(values[i]) && status[i] == mcsens::DrawStatus::ok) {
          status[i] = mcsens::DrawStatus::failed;
          ++nans;
        }
      }
      if (nans > 0) note("its output '" + outputs_[k] + "' is NaN", nans);
    }
  }

  // The draws it failed, over every evaluation (pilots included), and the first reason (read after the run, with
  // the GIL).
  std::uint64_t failed() const { return failed_; }
  const std::string& first_reason() const { return first_reason_; }

 private:
  // Input column p for this block: a read-only NumPy array this object owns, reused from block to block (the
  // engine's values copied in), or a new one when the block's length changed or the function kept the last one
  // (its reference count says so: what a function keeps never changes under it).
  const py::array_t<double>& column(std::size_t p, const double* values, std::size_t n) const {
    py::array_t<double>& a = columns_[p];
    if (!a || static_cast<std::size_t>(a.size()) != n || a.ref_count() > 1) {
      a = py::array_t<double>(static_cast<py::ssize_t>(n));
      a.attr("setflags")(py::arg("write") = false);  // an input is the engine's: the function reads it only
    }
    std::copy(values, values + n, const_cast<double*>(a.data()));  // NOLINT: ours to fill, read-only to Python
    return a;
  }

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

// The outputs `function` gives: its result for one draw at every parameter's median (each uncertain input's unit
// point 0.5), in the order of the dict it returns. mcsens::Error when that result is not a dict of arrays, or an
// output has a parameter's name.
std::vector<std::string> probe_outputs(const py::function& function, const std::string& name,
                                       const mcsens::ProblemSpec& spec) {
  const mcsens::ParameterSpace space(spec.parameters, spec.correlations);
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
    throw mcsens::Error(which + " must return a dict of NumPy arrays, one per output (it returned " +
                        std::string(py::str(py::repr(result))).substr(0, 80) + " for the parameters' medians)");
  }
  std::vector<std::string> outputs;
  for (const auto& item : py::dict(result)) {
    if (!py::isinstance<py::str>(item.first)) {
      throw mcsens::Error(which + " returned a dict whose key " + std::string(py::str(py::repr(item.first))) +
                          " is not a str: its keys name the outputs");
    }
    const std::string output = py::str(item.first);
    const auto& names = space.names();
    if (std::find(names.begin(), names.end(), output) != names.end()) {
      throw mcsens::Error(which + "'s output '" + output + "' has the name of a parameter");
    }
    outputs.push_back(output);
  }
  return outputs;
}

std::vector<std::string> spec_parameter_names(const mcsens::ProblemSpec& spec) {
  std::vector<std::string> names;
  for (const auto& p : spec.parameters) names.push_back(p.name);
  return names;
}

// What `mcsens run` does between its flags and its reporters, with the flags as mcsens.run's arguments. The study
// runs on a thread of its own while this one, the interpreter's, waits without the GIL and looks for a signal
// every 50 ms: Ctrl-C (a notebook's "interrupt") raises the study's stop flag, the engine stops after the blocks
// in flight and writes no result file, and KeyboardInterrupt is raised here once it has. Returns whether the
// study finished (false: interrupted).
bool run_study(const mcsens::Config& config, const std::optional<std::string>& samples,
               const std::optional<std::uint64_t>& seed, const std::optional<std::string>& sampler,
               const std::vector<std::string>& only, const std::optional<std::string>& keep_samples,
               const std::optional<int>& threads, const std::string& output, bool force,
               const std::optional<py::function>& model) {
  const mcsens::ProblemSpec spec = config.problem();
  std::shared_ptr<const PythonFunction> function;
  if (model) {
    const std::string name = py::str(py::getattr(*model, "__name__", py::str("(unnamed)")));
    function = std::make_shared<const PythonFunction>(*model, name, spec_parameter_names(spec),
                                                      probe_outputs(*model, name, spec));
  }
  mcsens::RequestChoices choices;
  if (samples) choices.samples = mcsens::parse_count(*samples, "samples");
  choices.seed = seed;
  if (sampler) choices.sampler = mcsens::parse_sampler_kind(*sampler);
  choices.only = only;
  if (keep_samples) choices.keep_samples = mcsens::parse_count(*keep_samples, "keep_samples");
  mcsens::RunRequest request = mcsens::make_request(config, spec, choices);
  if (threads) {
    if (*threads < 1 || *threads > 4096) {
      throw mcsens::Error("threads must be between 1 and 4096, not " + std::to_string(*threads));
    }
    request.execution.threads = *threads;
  }
  std::atomic<bool> stop{false};
  request.execution.stop = &stop;
  mcsens::Study study(spec, std::move(request), mcsens::StudyFiles{output, false, force}, function);

  std::atomic<bool> done{false};
  mcsens::StudyEnd end = mcsens::StudyEnd::interrupted;
  std::exception_ptr failure;
  std::optional<py::error_already_set> interrupt;
  {
    py::gil_scoped_release unlocked;
    std::thread worker([&] {
      try {
        end = study.run();
      } catch (...) {
        failure = std::current_exception();
      }
      done = true;
    });
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (interrupt) continue;
      py::gil_scoped_acquire locked;
      if (PyErr_CheckSignals() != 0) {
        interrupt.emplace();  // takes the KeyboardInterrupt (or the handler's exception) off the interpreter
        stop = true;
      }
    }
    worker.join();
  }
  if (failure) std::rethrow_exception(failure);
  if (interrupt) throw std::move(*interrupt);
  if (function && function->failed() > 0) {
    const std::string warning =
        function->name() + " failed on some draws (the result's failed_draws counts them); the first time because " +
        function->first_reason();
    if (PyErr_WarnEx(PyExc_RuntimeWarning, warning.c_str(), 1) != 0) throw py::error_already_set();
  }
  return end == mcsens::StudyEnd::finished;
}

// mcsens::Error (bad input, the command line's exit 2) becomes mcsens.ConfigError and RuntimeFailure (exit 3)
// mcsens.RuntimeFailure, each carrying the message and, where there is one, the file, line and column; both are
// defined in python/mcsens/_errors.py.
void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const mcsens::Error& e) {
    const bool runtime = dynamic_cast<const mcsens::RuntimeFailure*>(&e) != nullptr;
    const py::object errors = py::module_::import("mcsens._errors");
    const py::object type = errors.attr(runtime ? "RuntimeFailure" : "ConfigError");
    const mcsens::SourceLocation& at = e.where();
    const py::object file = at.file.empty() ? py::none() : py::object(py::str(at.file));
    const py::object line = at.known() ? py::object(py::int_(at.line)) : py::none();
    const py::object column = at.known() ? py::object(py::int_(at.column)) : py::none();
    const py::object error = type(e.formatted(), e.message(), file, line, column, e.exit_code());
    PyErr_SetObject(type.ptr(), error.ptr());
  }
}

}  // namespace

PYBIND11_MODULE(_mcsens, m) {
  m.doc() = "The compiled part of the mcsens package; use the package `mcsens` itself.";
  m.attr("version") = mcsens::version();
  m.attr("git_commit") = mcsens::git_commit();
  m.attr("result_format_version") = mcsens::result_format_version;
  py::register_exception_translator(translate);
  m.def(
      "read_result",
      [](const std::string& path) {
        py::gil_scoped_release unlocked;  // reading a large file does not hold up the notebook's other threads
        return read_result(path);
      },
      py::arg("path"),
      "The JSON document (`mcsens show --json`) and the tidy tables (`mcsens show --csv`: name, columns, rows of "
      "text) of the result file at `path`.");
  m.def(
      "run",
      [](const std::string& path, const std::optional<std::string>& text, const std::string& name,
         const std::string& folder, const std::vector<std::string>& overrides,
         const std::optional<std::string>& samples, const std::optional<std::uint64_t>& seed,
         const std::optional<std::string>& sampler, const std::vector<std::string>& only,
         const std::optional<std::string>& keep_samples, const std::optional<int>& threads, const std::string& output,
         bool force, const std::optional<py::function>& model) {
        const mcsens::Config config = load_config(path, text, name, folder, overrides);
        return run_study(config, samples, seed, sampler, only, keep_samples, threads, output, force, model);
      },
      py::arg("path"), py::arg("text"), py::arg("name"), py::arg("folder"), py::arg("overrides"), py::arg("samples"),
      py::arg("seed"), py::arg("sampler"), py::arg("only"), py::arg("keep_samples"), py::arg("threads"),
      py::arg("output"), py::arg("force"), py::arg("model"),
      "Runs the study of a config into the result file `output`, as `mcsens run` does; use mcsens.run.");
  m.def(
      "check",
      [](const std::string& path, const std::optional<std::string>& text, const std::string& name,
         const std::string& folder, const std::vector<std::string>& overrides) {
        const mcsens::Config config = load_config(path, text, name, folder, overrides);
        const mcsens::Problem problem = mcsens::Problem::build(config.problem());
        std::ostringstream json;
        mcsens::print_problem_json(json, config, problem);
        return json.str();
      },
      py::arg("path"), py::arg("text"), py::arg("name"), py::arg("folder"), py::arg("overrides"),
      "The document of `mcsens check --json` for a config; use mcsens.check.");
}
