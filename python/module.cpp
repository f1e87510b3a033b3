// SPDX-License-Identifier: MIT
// The compiled half of the Python package (`mcsens._mcsens`): the library's own reader of result files, its tidy
// tables and its JSON document, handed to python/mcsens/ which makes DataFrames and Datasets of them. No number is
// computed or formatted here: the tables are those of `mcsens show --csv`, the document that of `show --json`.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <exception>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/report/csv_tables.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/report/result_layouts.hpp"
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
}
