// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
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
    count,       // a whole number from 0 to 4096, as text in the value
    choice       // one of ModelKey::choices
  };
  std::string name;
  Form form = Form::path;
  bool required = false;
  std::string example;        // a required key's value in the refusal when it is missing ("path/to/model.so"; the
                              // TOML text of an array form: ["program", "{x}"])
  std::string default_value;  // an optional key's value when the config does not give it
  std::string meaning;        // what a count's 0 means, for its refusal ("0: as many as the run's threads, -t")
  std::vector<std::string> choices;  // the values a choice takes, the default first

  static ModelKey required_key(std::string name, Form form, std::string example) {
    ModelKey k;
    k.name = std::move(name);
    k.form = form;
    k.required = true;
    k.example = std::move(example);
    return k;
  }
  static ModelKey optional_key(std::string name, Form form, std::string default_value, std::string meaning = "",
                               std::vector<std::string> choices = {}) {
    ModelKey k;
    k.name = std::move(name);
    k.form = form;
    k.default_value = std::move(default_value);
    k.meaning = std::move(meaning);
    k.choices = std::move(choices);
    return k;
  }
};

struct ModelKind {
  std::string name;
  std::vector<ModelKey> keys;
};

// In the order `mcsens` lists them ("known: expressions, plugin").
const std::vector<ModelKind>& model_kinds();

}  // namespace mcsens
