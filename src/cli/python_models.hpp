// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace mcsens::cli {

// [model] kind = "python" from the command line. In a build with Python (MCSENS_PYTHON), installs the loader that
// the first such config starts an embedded interpreter with (Debian's libpython, its own sys.path and site
// packages; without Python's signal handlers, so that Ctrl-C stays the program's: the run stops after the blocks in
// flight). The interpreter is finalized at exit, after the functions it loaded. In a build without Python it does
// nothing, and such a config is refused by name.
void install_python_models();

// After a run: one line per Python function that failed draws, with the first reason ("the Python function f failed
// on some draws ...; the first time because its output 'y' is NaN"). Empty when no Python model ran.
std::vector<std::string> python_model_warnings();

}  // namespace mcsens::cli
