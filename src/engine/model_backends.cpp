// SPDX-License-Identifier: MIT
#include "engine/model_backends.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "config/bounded_read.hpp"
#include "engine/model_sources.hpp"
#include "mcsens/error.hpp"
#include "mcsens/model/python_model_loader.hpp"
#include "mcsens/suggest.hpp"
#include "model/command_function.hpp"
#include "model/expression_model.hpp"
#include "model/function_model.hpp"
#include "model/plugin_model.hpp"

namespace mcsens {

void check_outside_model(const ProblemSpec& spec, const std::string& curve_reason, const std::string& dynamics_reason) {
  if (!spec.curves.empty()) {
    throw Error("curves '" + spec.curves[0].name + "': a curve sweeps the model's expressions over a grid, and " +
                    curve_reason + "; sweep the input with a [[scenarios]] list or a separate config instead",
                spec.curves[0].location);
  }
  if (spec.dynamics.present()) {
    throw Error("[dynamics] is part of the expression model; " + dynamics_reason, spec.dynamics.location);
  }
}

Program composed_program(const ProblemSpec& spec, const std::vector<std::string>& computed, const std::string& whose,
                         bool replace_outputs) {
  ModelSource source = base_source(spec);
  for (const auto& name : computed) {
    source.inputs.push_back(name);
    source.integer_inputs.push_back(std::nullopt);
  }
  source.definitions = spec.derived;
  for (const auto& o : spec.outputs) {
    if (std::find(computed.begin(), computed.end(), o.expr.name) == computed.end()) {
      source.definitions.push_back(o.expr);
      continue;
    }
    if (replace_outputs) continue;
    const auto first = o.expr.text.find_first_not_of(" \t");
    const auto last = o.expr.text.find_last_not_of(" \t");
    if (o.expr.text.substr(first, last - first + 1) != o.expr.name) {
      throw Error("output '" + o.expr.name + "' has the name of an output of " + whose + ": write " + o.expr.name +
                      " = \"" + o.expr.name + "\" to report it, or give this expression another name",
                  o.expr.location);
    }
  }
  for (const auto& o : spec.outputs)
    source.targets.push_back(ExpressionSource{o.expr.name, o.expr.name, o.expr.location});
  for (const auto& c : spec.claims) source.targets.push_back(c.expr);
  return Program::compile(source);
}

std::shared_ptr<const Model> function_model(const ProblemSpec& spec, std::shared_ptr<const BlockFunction> function,
                                            std::vector<ModelTarget> targets) {
  check_outside_model(spec, function->name() + " is the model", function->name() + " computes the model");
  std::vector<std::string> parameters;
  for (const auto& p : spec.parameters) parameters.push_back(p.name);
  Program program = composed_program(spec, function->outputs(), function->name(), function->replaces_outputs());
  return std::make_shared<FunctionModel>(std::move(function), std::move(parameters), std::move(program),
                                         std::move(targets));
}

namespace {

// The front end's loader of Python functions (install_python_model_loader); none in a program without Python.
PythonModelLoader& python_model_loader() {
  static PythonModelLoader loader;
  return loader;
}

// [model] kind = "expressions" (the default): the config's expressions are the model. An output written as
// trajectory(e) is an array over the time of [dynamics], its coordinates the recorded times; an output over an
// index is an array over that index, its coordinates 1 .. size.
std::shared_ptr<const Model> build_expression_model(const ProblemSpec& spec, std::vector<ModelTarget> targets) {
  Program program = Program::compile(full_source(spec));
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const TargetColumns& columns = program.target_columns()[t];
    if (columns.is_array()) {
      targets[t].shape.dimensions = {Dimension(columns.dimension, columns.count, columns.coordinates)};
    }
  }
  return std::make_shared<ExpressionModel>(std::move(program), base_source(spec).inputs, std::move(targets));
}

// [model] kind = "plugin": the library computes its outputs; the config's outputs and claims are expressions of the
// parameters and those outputs, and an output named like a plugin output (`flow = "flow"`) reports it as is.
std::shared_ptr<const Model> build_plugin_model(const ProblemSpec& spec, std::vector<ModelTarget> targets) {
  check_outside_model(spec, "with kind = \"plugin\" the model is the library",
                      "with kind = \"plugin\" the library computes the model");
  const ModelSetting& library = spec.model.setting("library");
  const auto plugin =
      PluginModel::load(library.value, spec.model.setting("prefix").value, library.location, base_source(spec).inputs);
  return plugin->with_program(composed_program(spec, plugin->plugin_outputs(), "the plugin"), std::move(targets));
}

// [model] kind = "python": a function of a Python file, loaded by the front end's interpreter (module and function
// are its keys), then composed with the config's expressions as a plugin is.
std::shared_ptr<const Model> build_python_model(const ProblemSpec& spec, std::vector<ModelTarget> targets) {
  const PythonModelLoader& loader = python_model_loader();
  if (!loader) {
    throw Error(
        "model.kind = \"python\": this program has no Python interpreter (an mcsens built with "
        "MCSENS_PYTHON=OFF); run the config with an mcsens built with Python (Debian's python3-dev and "
        "pybind11-dev), or from the Python package: mcsens.run(config)",
        spec.model.location);
  }
  return function_model(spec, loader(spec), std::move(targets));
}

// Why a placeholder ("{nme}") of the command or the template is refused: "names no parameter (did you mean ...)".
std::string names_no_parameter(const ExternalCommand& command, const std::string& placeholder) {
  const std::string name = placeholder.substr(1, placeholder.size() - 2);
  return "names no parameter" + did_you_mean(name, command.inputs) +
         " (a placeholder {name} is replaced by the draw's value of parameter name)";
}

// [model] template and workdir: each draw runs in a folder of its own with the template filled in
// (ExternalCommand). There, a word of the command that begins with ./ or ../ still names a file next to the config
// (it is made absolute); other relative words are relative to the draw's folder.
void add_template(const ProblemSpec& spec, ExternalCommand& command) {
  const ModelSetting& file = spec.model.setting("template");
  const ModelSetting& workdir = spec.model.setting("workdir");
  if (file.value.empty()) {
    if (!workdir.value.empty()) {
      throw Error("model.workdir keeps the folders the draws of a template run in: give template = \"input.tmpl\" too",
                  workdir.location);
    }
    return;
  }
  const std::string path = std::filesystem::path(file.value).lexically_normal().string();
  try {
    command.template_text = detail::read_bounded_file(path, std::size_t{16} << 20, 10, "a template");
  } catch (const detail::UnreadableFile& e) {
    throw Error("model.template: cannot read " + path + ": " + e.what(), file.location);
  }
  command.template_name = std::filesystem::path(file.value).filename().string();
  const std::vector<std::string> unknown = unknown_placeholders(command, command.template_text);
  if (!unknown.empty()) {
    const std::string& text = command.template_text;
    const auto line =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find(unknown.front())), '\n');
    throw Error("model.template: " + path + ":" + std::to_string(line) + " holds " + unknown.front() + ", which " +
                    names_no_parameter(command, unknown.front()),
                file.location);
  }
  for (std::string& word : command.words) {
    if (word.rfind("./", 0) == 0 || word.rfind("../", 0) == 0) {
      word = (std::filesystem::path(command.directory) / word).lexically_normal().string();
    }
  }
  command.kept_folder = workdir.value;
}

// [model] kind = "command": an external program run once per draw (src/model/command_function.hpp); the config's
// outputs and claims are expressions of the parameters and the program's outputs, as for a plugin. It runs in the
// config's folder, so a script next to the config is named as it is there.
std::shared_ptr<const Model> build_command_model(const ProblemSpec& spec, std::vector<ModelTarget> targets) {
  const ModelSetting& words = spec.model.setting("command");
  ExternalCommand command;
  command.words = words.words;
  command.directory = words.value;
  for (const auto& p : spec.parameters) command.inputs.push_back(p.name);
  command.outputs = spec.model.setting("outputs").words;
  command.timeout_seconds = std::stod(spec.model.setting("timeout").value);
  const std::vector<std::string> unknown = unknown_placeholders(command);
  if (!unknown.empty()) {
    throw Error("model.command: " + unknown.front() + " " + names_no_parameter(command, unknown.front()),
                words.location);
  }
  add_template(spec, command);
  CommandOptions options;
  options.jobs = static_cast<unsigned>(std::stoul(spec.model.setting("jobs").value));
  options.retries = static_cast<unsigned>(std::stoul(spec.model.setting("retries").value));
  options.abort_on_failure = spec.model.setting("on_failure").value == "abort";
  options.where = words.location;
  return function_model(spec, std::make_shared<CommandFunction>(std::move(command), options), std::move(targets));
}

}  // namespace

void install_python_model_loader(PythonModelLoader loader) {
  python_model_loader() = std::move(loader);
}

const std::vector<ModelBackend>& model_backends() {
  using Form = ModelKey::Form;
  static const std::vector<ModelBackend> backends = {
      {{"expressions", {}}, build_expression_model},
      {{"plugin",
        {ModelKey::required_key("library", Form::path, "path/to/model.so"),
         ModelKey::optional_key("prefix", Form::identifier, "mcsens_model")}},
       build_plugin_model},
      {{"python",
        {ModelKey::required_key("module", Form::path, "path/to/model.py"),
         ModelKey::required_key("function", Form::identifier, "model")}},
       build_python_model},
      {{"command",
        {ModelKey::required_key("command", Form::words, "[\"program\", \"--x\", \"{x}\"]"),
         ModelKey::required_key("outputs", Form::names, "[\"y\"]"),
         ModelKey::optional_key("timeout", Form::seconds, "0", "0: no limit"),
         ModelKey::optional_key("jobs", Form::count, "0", "0: as many as the run's threads, -t"),
         ModelKey::optional_key("retries", Form::count, "0", "0: a failed draw is not run again"),
         ModelKey::optional_key("on_failure", Form::choice, "skip", "", {"skip", "abort"}),
         ModelKey::optional_key("template", Form::path, ""), ModelKey::optional_key("workdir", Form::path, "")}},
       build_command_model},
  };
  return backends;
}

const ModelBackend& model_backend(const std::string& kind) {
  for (const ModelBackend& b : model_backends()) {
    if (b.kind.name == kind) return b;
  }
  throw std::logic_error("model_backend: no backend '" + kind + "' (the config reader refuses unknown kinds)");
}

const std::vector<ModelKind>& model_kinds() {
  static const std::vector<ModelKind> kinds = [] {
    std::vector<ModelKind> out;
    for (const ModelBackend& b : model_backends()) out.push_back(b.kind);
    return out;
  }();
  return kinds;
}

}  // namespace mcsens
