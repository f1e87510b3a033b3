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
#include "mcsens/model/python_model_loader.hpp"
#include "mcsens/report/csv_tables.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/problem_report.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "mcsens/space/parameter_space.hpp"
#include "mcsens/study/study.hpp"
#include "mcsens/version.hpp"
#include "python_function.hpp"

namespace py = pybind11;

namespace {

using mcsens::python::PythonFunction;

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

// The functions the loader of [model] kind = "python" made (with the GIL held), for run_study's warning. Never
// destroyed: a static's destructor runs after the interpreter has ended (the atexit handler below empties it).
std::vector<std::shared_ptr<const PythonFunction>>& loaded_models() {
  static auto* loaded = new std::vector<std::shared_ptr<const PythonFunction>>();
  return *loaded;
}

// The loader of [model] kind = "python" in this interpreter: Problem::build calls it from mcsens.run and
// mcsens.check, with the GIL held.
std::shared_ptr<const mcsens::BlockFunction> load_model(const mcsens::ProblemSpec& spec) {
  py::gil_scoped_acquire locked;
  loaded_models().push_back(mcsens::python::load_python_model(spec));
  return loaded_models().back();
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
    function = mcsens::python::python_function(*model, name, spec);
  }
  loaded_models().clear();
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
  if (!function && !loaded_models().empty()) function = loaded_models().back();  // [model] kind = "python"
  loaded_models().clear();

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
  if (const std::string warning = function ? function->failure_warning() : ""; !warning.empty()) {
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
  mcsens::install_python_model_loader(load_model);
  // The loaded functions go before the interpreter does (their destructors take the GIL).
  py::module_::import("atexit").attr("register")(py::cpp_function([] { loaded_models().clear(); }));
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
        loaded_models().clear();
        std::ostringstream json;
        mcsens::print_problem_json(json, config, problem);
        return json.str();
      },
      py::arg("path"), py::arg("text"), py::arg("name"), py::arg("folder"), py::arg("overrides"),
      "The document of `mcsens check --json` for a config; use mcsens.check.");
}
