// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace mcsens {

// The grammar of a config's [model] table: the kinds it may name and the keys each kind takes. It is defined
// with the backends themselves (model_backends() in src/engine/model_backends.cpp), the one place a backend is
// registered; the config reader reads and checks [model] by it, and Problem::build builds the model by the same
// entry.
struct ModelKey {
  enum class Form {
    path,        // a file, relative to the config's folder (resolved by the reader); never empty
    identifier,  // letters, digits and _, not first a digit (a C symbol prefix, a Python function)
    words,       // a non-empty array of strings (a command and its arguments), in ModelSetting::words
    names,       // a non-empty array of identifiers, each once (a program's outputs), in ModelSetting::words
    seconds,     // a number >= 0 (0: no limit), as text in the value
    count        // a whole number >= 0, as text in the value
  };
  std::string name;
  Form form = Form::path;
  bool required = false;
  std::string example;        // a required key's value in the refusal when it is missing ("path/to/model.so"; the
                              // TOML text of an array form: ["program", "{x}"])
  std::string default_value;  // an optional key's value when the config does not give it
};

struct ModelKind {
  std::string name;
  std::vector<ModelKey> keys;
};

// In the order `mcsens` lists them ("known: expressions, plugin").
const std::vector<ModelKind>& model_kinds();

}  // namespace mcsens
