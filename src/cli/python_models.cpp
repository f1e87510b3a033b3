// SPDX-License-Identifier: MIT
#include "cli/python_models.hpp"

#if MCSENS_CLI_PYTHON
#include <pybind11/embed.h>

#include <cstdlib>
#include <memory>
#include <utility>

#include "mcsens/model/python_model_loader.hpp"
#include "python_function.hpp"
#endif

namespace mcsens::cli {

#if MCSENS_CLI_PYTHON
namespace {

namespace py = pybind11;

// The main thread's state while the engine's threads call the functions (it holds no GIL from the first load on).
PyThreadState* g_main_thread = nullptr;

// The functions loaded for configs, kept for python_model_warnings and released by finish_interpreter, before the
// interpreter ends. Never destroyed: a static's destructor could run before that exit handler.
std::vector<std::shared_ptr<const python::PythonFunction>>& loaded() {
  static auto* functions = new std::vector<std::shared_ptr<const python::PythonFunction>>();
  return *functions;
}

void finish_interpreter() {
  PyEval_RestoreThread(g_main_thread);
  loaded().clear();
  py::finalize_interpreter();  // flushes what the functions printed, runs their atexit handlers
}

std::shared_ptr<const BlockFunction> load(const ProblemSpec& spec) {
  if (g_main_thread == nullptr) {
    py::initialize_interpreter(false);
    g_main_thread = PyEval_SaveThread();
    std::atexit(finish_interpreter);
  }
  py::gil_scoped_acquire locked;
  loaded().push_back(python::load_python_model(spec));
  return loaded().back();
}

}  // namespace

void install_python_models() {
  install_python_model_loader(load);
}

std::vector<std::string> python_model_warnings() {
  std::vector<std::string> warnings;
  if (g_main_thread == nullptr) return warnings;
  py::gil_scoped_acquire locked;
  for (const auto& function : loaded()) {
    if (std::string warning = function->failure_warning(); !warning.empty()) warnings.push_back(std::move(warning));
  }
  return warnings;
}

#else

void install_python_models() {}  // a build without Python: Problem::build refuses [model] kind = "python"

std::vector<std::string> python_model_warnings() {
  return {};
}

#endif

}  // namespace mcsens::cli
