// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>

#include "mcsens/config/problem_spec.hpp"
#include "mcsens/model/block_function.hpp"

namespace mcsens {

// [model] kind = "python" names a function in a Python file (keys module and function). The library embeds no
// interpreter: a front end that has one (the command line built with MCSENS_PYTHON, the Python package) installs the
// loader that imports the file and wraps the function, before it builds the Problem of such a config. The loader
// throws mcsens::Error for a file or function it cannot use, at the key's location. Without a loader, such a
// config is refused by name when its Problem is built.
using PythonModelLoader = std::function<std::shared_ptr<const BlockFunction>(const ProblemSpec& spec)>;

// Replaces the loader (an empty one removes it). Call it before building Problems on other threads.
void install_python_model_loader(PythonModelLoader loader);

}  // namespace mcsens
