// SPDX-License-Identifier: MIT
#include "config/problem_reader.hpp"
#include "config/string_positions.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "config/bounded_read.hpp"
#include "config/config_impl.hpp"
#include "config/data_column.hpp"
#include "config/model_kinds.hpp"
#include "core/fnv1a.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/expr/program.hpp"
#include "mcsens/space/number_text.hpp"
#include "mcsens/suggest.hpp"

namespace mcsens::detail {

namespace {

// The most time steps [dynamics] may take: each step is unrolled into the program (at the compiler's size limit, a
// model of three states with a few operations per rate reaches about 20,000 Euler steps).
constexpr std::uint64_t kMaxDynamicsSteps = 100'000'000;  // beyond 20,000 unrolled instructions the steps loop
// The most values an output over an index may have (as a trajectory records at most 10,001).
constexpr std::uint64_t kMaxIndexSize = 10'000;

// The largest confidence level (run.confidence, sensitivity.sobol.confidence) whose intervals are all computable.
constexpr double kMaxConfidence = 1 - 1e-12;

const char* type_word(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

// toml++ keeps a table's keys sorted by name; the config's order (the order used everywhere: tables, HDF5, plots)
// is the order of the keys in the file.
std::vector<std::pair<std::string, const toml::node*>> in_file_order(const toml::table& table) {
  std::vector<std::pair<std::string, const toml::node*>> entries;
  std::vector<std::pair<std::pair<std::uint32_t, std::uint32_t>, size_t>> positions;
  for (auto&& [key, node] : table) {
    const auto& where = key.source().begin.line ? key.source() : node.source();
    positions.push_back({{where.begin.line, where.begin.column}, entries.size()});
    entries.emplace_back(std::string(key.str()), &node);
  }
  std::stable_sort(positions.begin(), positions.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::pair<std::string, const toml::node*>> ordered;
  for (const auto& p : positions) ordered.push_back(entries[p.second]);
  return ordered;
}

// Reads one config with shape checks; every error names the dotted key and points at it.
class Reader {
 public:
  explicit Reader(const ConfigSource& source) : source_(source) {}

  SourceLocation where(const toml::node& node) const { return source_.locate(node.source()); }

  // A file the config names (a data file, a plugin library), relative to the config's folder, never to the
  // working folder's accident: the same file for `run`, `--resume` and `merge` from any folder.
  std::filesystem::path resolve(const std::string& name) const {
    namespace fs = std::filesystem;
    const fs::path path(name);
    if (path.is_absolute()) return path;
    if (!source_.folder.empty()) return fs::path(source_.folder) / path;
    if (source_.name.find('<') == 0) return path;  // a built-in text: the working folder
    const fs::path folder = fs::path(source_.name).parent_path();
    return (folder.empty() ? fs::path(".") : folder) / path;
  }

  [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
    throw Error(message, where(node));
  }

  // Every name a config gives (parameters, derived, outputs, claims, curves, scenarios, functions and their
  // arguments) is a name of the model language, checked where it is written: one that is not would break the
  // result file (a '/' or '.' makes groups) or could never be used in an expression.
  void check_name(const std::string& name, const SourceLocation& at, const std::string& what,
                  bool in_expressions) const {
    if (!is_identifier(name)) {
      throw Error(what + " \"" + name +
                      "\" is not a name: use ASCII letters, digits and '_', starting with a letter or '_' (as in "
                      "expressions)",
                  at);
    }
    const char* kind = in_expressions ? builtin_kind(name) : nullptr;
    if (kind != nullptr) {
      throw Error(what + " '" + name + "' has the name of the built-in " + kind + " '" + name + "'", at);
    }
  }

  // Where a key of `table` is written (its value's position when the key has none). A lookup, not a scan: it is
  // called for every name of a table (a scan made 16,384 [derived] names quadratic, past the fuzzer's 10 s).
  SourceLocation key_where(const toml::table& table, const std::string& name) const {
    const auto found = table.find(name);
    if (found == table.end()) return {};
    const auto& [key, node] = *found;
    return source_.locate(key.source().begin.line ? key.source() : node.source());
  }

  // Unknown keys are errors with a did-you-mean: a typo must never be silently ignored.
  void check_keys(const toml::table& table, const std::string& path, const std::vector<std::string>& known) const {
    for (const auto& [name, entry] : in_file_order(table)) {
      const toml::node& node = *entry;
      bool found = false;
      for (const auto& k : known) found = found || k == name;
      if (!found) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        throw Error("unknown key '" + join(path, name) + "'" + did_you_mean(name, known) + "; " +
                        (path.empty() ? "top-level keys" : "keys of " + path) + " are: " + list,
                    source_.locate(node.source()));
      }
    }
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  const toml::table* optional_table(const toml::table& parent, const std::string& path, const char* key) const {
    const toml::node* node = parent.get(key);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) fail(*node, join(path, key) + " must be a table, not " + type_word(*node));
    return node->as_table();
  }

  const toml::table& as_table(const toml::node& node, const std::string& key) const {
    if (!node.is_table()) fail(node, key + " must be a table, not " + type_word(node));
    return *node.as_table();
  }

  std::string as_string(const toml::node& node, const std::string& key) const {
    if (!node.is_string()) fail(node, key + " must be a string, not " + type_word(node));
    return std::string(node.as_string()->get());
  }

  double as_number(const toml::node& node, const std::string& key) const {
    if (node.is_integer()) return static_cast<double>(node.as_integer()->get());
    if (node.is_floating_point()) {
      const double value = node.as_floating_point()->get();
      if (!std::isfinite(value)) fail(node, key + " must be a finite number, not " + std::to_string(value));
      return value;
    }
    fail(node, key + " must be a number, not " + type_word(node));
  }

  bool as_bool(const toml::node& node, const std::string& key) const {
    if (!node.is_boolean()) fail(node, key + " must be true or false, not " + type_word(node));
    return node.as_boolean()->get();
  }

  // A replicate count: a power of two in [kMinReplicates, kMaxReplicates].
  std::size_t replicates(const toml::node& node, const std::string& key) const {
    const std::uint64_t r = as_count(node, key);
    if (r < kMinReplicates || r > kMaxReplicates || (r & (r - 1)) != 0) {
      fail(node, key + " must be a power of two from " + std::to_string(kMinReplicates) + " to " +
                     std::to_string(kMaxReplicates) + " (16 to 64 is usual), not " + std::to_string(r));
    }
    return static_cast<std::size_t>(r);
  }

  // A positive whole number: an integer, an integral float (1e6) or a count string ("10M", "2^20").
  std::uint64_t as_count(const toml::node& node, const std::string& key) const {
    if (node.is_string()) {
      try {
        return parse_count(std::string(node.as_string()->get()), key);
      } catch (const Error& e) {
        fail(node, e.message());
      }
    }
    if (node.is_integer()) {
      const auto value = node.as_integer()->get();
      if (value <= 0) fail(node, key + " must be a positive whole number, not " + std::to_string(value));
      return static_cast<std::uint64_t>(value);
    }
    if (node.is_floating_point()) {
      const double value = node.as_floating_point()->get();
      if (!(value >= 1.0) || value != std::floor(value) || value > 1.8e19) {
        fail(node, key + " must be a positive whole number, not " + std::to_string(value));
      }
      return static_cast<std::uint64_t>(value);
    }
    fail(node, key + " must be a positive whole number (e.g. 1000000, 1e6, \"10M\"), not " + type_word(node));
  }

  // The location of an expression's first character: one past the opening quote of a one-line string.
  ExpressionSource expression(const toml::node& node, const std::string& key, const std::string& name) const {
    ExpressionSource out;
    out.name = name;
    out.text = as_string(node, key);
    out.location = where(node);
    const auto& text = out.location.line_text;
    const auto col = byte_of_column(text, out.location.column);
    if (col < text.size()) {
      const bool triple = text.compare(col, 3, "\"\"\"") == 0 || text.compare(col, 3, "'''") == 0;
      if (!triple && (text[col] == '"' || text[col] == '\'')) out.location.column += 1;
    }
    // Escapes, multi-line strings and non-ASCII characters: a position per byte (docs/robustness.md).
    if (out.location.file == source_.name && !out.location.in_argument) {
      const auto& begin = node.source().begin;
      out.positions = string_positions(source_, static_cast<int>(begin.line), static_cast<int>(begin.column), out.text);
    }
    if (out.text.find_first_not_of(" \t\r\n") == std::string::npos) fail(node, key + " is an empty expression");
    return out;
  }

  std::vector<double> number_array(const toml::node& node, const std::string& key) const {
    if (!node.is_array()) fail(node, key + " must be an array of numbers, not " + type_word(node));
    std::vector<double> out;
    size_t i = 0;
    for (const auto& item : *node.as_array()) out.push_back(as_number(item, key + "[" + std::to_string(i++) + "]"));
    return out;
  }

  // `of_array`: the element of an array parameter, whose table also holds its size (read by the caller).
  ParameterSpec parameter(const std::string& name, const toml::node& node, const std::string& path,
                          bool of_array = false) const {
    const std::string key = join(path, name);
    ParameterSpec spec;
    spec.name = name;
    spec.location = where(node);
    if (!node.is_table()) {
      fail(node, key + " must be a table such as { dist = \"uniform\", low = 0, high = 1 } or { value = 0.5 }, not " +
                     type_word(node));
    }
    const auto& table = *node.as_table();
    if (const auto* label = table.get("label")) spec.label = as_string(*label, key + ".label");
    if (const auto* unit = table.get("unit")) spec.unit = as_string(*unit, key + ".unit");
    if (const auto* value = table.get("value")) {
      check_keys(table, key, {"value", "label", "unit"});
      spec.constant = as_number(*value, key + ".value");
      return spec;
    }
    const auto* dist = table.get("dist");
    if (dist == nullptr) fail(node, key + " needs dist = \"...\" (a distribution) or value = x (a constant)");
    DistributionSpec& d = spec.distribution;
    d.kind = as_string(*dist, key + ".dist");
    d.key = key;
    d.location = where(node);
    if (d.kind == "empirical") read_empirical(table, node, key, d);
    for (auto&& [k, v] : table) {
      const std::string field(k.str());
      if (field == "dist" || field == "label" || field == "unit" || (of_array && field == "size")) continue;
      if (d.kind == "empirical" && (field == "file" || field == "column")) continue;
      if (field == "values") {
        d.values = number_array(v, key + ".values");
      } else if (field == "weights") {
        d.weights = number_array(v, key + ".weights");
      } else if (v.is_integer() || v.is_floating_point()) {
        d.numbers[field] = as_number(v, key + "." + field);
        d.number_locations[field] = where(v);
      } else {
        // A misspelt text key (`lable = "x"`) is named as such, not as a number of the distribution.
        const std::vector<std::string> text_keys = {"label", "unit", "dist", "file", "column"};
        if (const std::string hint = did_you_mean(field, text_keys); !hint.empty()) {
          fail(v, key + ": unknown key '" + field + "'" + hint);
        }
        fail(v, key + "." + field + " must be a number, not " + type_word(v));
      }
    }
    return spec;
  }

  // An empirical distribution's data: one column of a CSV file (comma-separated, path relative to the config),
  // chosen by its header name (column = "q") or its 1-based position (column = 2; the first row is a header when
  // its cell there is not a number). Blank lines are skipped. Errors point at the config key and, for a bad cell,
  // name the CSV file, line and column.
  void read_empirical(const toml::table& table, const toml::node& node, const std::string& key,
                      DistributionSpec& d) const {
    const auto* file = table.get("file");
    if (file == nullptr) fail(node, key + ": empirical needs file = \"data.csv\" (a CSV file, relative to the config)");
    const std::string name = as_string(*file, key + ".file");
    const auto* column = table.get("column");
    if (column == nullptr) fail(node, key + ": empirical needs column = \"NAME\" (a header) or column = N (1-based)");
    std::string wanted;
    std::int64_t position = 0;
    if (column->is_string()) {
      wanted = std::string(column->as_string()->get());
    } else if (column->is_integer() && column->as_integer()->get() >= 1) {
      position = column->as_integer()->get();
    } else {
      fail(*column, key + ".column must be a header name (a string) or a column number from 1, not " +
                        (column->is_integer() ? std::to_string(column->as_integer()->get()) : type_word(*column)));
    }
    const std::filesystem::path path = resolve(name);
    std::string text;
    try {
      text = read_bounded_file(path.string(), kMaxDataFileBytes, kConfigReadSeconds, "a CSV file");
    } catch (const UnreadableFile& e) {
      fail(*file, key + ".file: cannot read '" + name + "' (looked for " + path.string() + "): " + e.what());
    }
    record_data_file(path.string(), text);
    ColumnChoice choice;
    choice.name = wanted;
    choice.position = position;
    try {
      DataColumn read = read_data_column(std::move(text), name, choice);
      d.data = std::move(read.values);
      d.data_source = name + ", " + read.column_name;
    } catch (const DataColumnError& e) {
      if (e.blames_column) fail(*column, key + ".column" + e.what());
      fail(*file, key + ".file" + e.what());
    }
  }

  // The data files read so far, each once, in the order they were first read.
  const std::vector<FileDigest>& data_files() const { return data_files_; }

  void read_run(const toml::table& root, ProblemSpec& spec) const {
    const toml::table* run = optional_table(root, "", "run");
    if (run == nullptr) return;
    check_keys(*run, "run", {"samples", "seed", "sampler", "confidence", "replicates"});
    if (const auto* n = run->get("samples")) {
      spec.run.samples = as_count(*n, "run.samples");
      spec.run.samples_location = where(*n);
    }
    if (const auto* s = run->get("seed")) {
      if (!s->is_integer() || s->as_integer()->get() < 0) fail(*s, "run.seed must be a non-negative integer");
      spec.run.seed = static_cast<std::uint64_t>(s->as_integer()->get());
    }
    if (const auto* s = run->get("sampler")) {
      spec.run.sampler = as_string(*s, "run.sampler");
      spec.run.sampler_location = where(*s);
      if (spec.run.sampler != "mc" && spec.run.sampler != "sobol" && spec.run.sampler != "lhs") {
        fail(*s, "run.sampler must be \"mc\", \"sobol\" or \"lhs\", not \"" + spec.run.sampler + "\"" +
                     did_you_mean(spec.run.sampler, {"mc", "sobol", "lhs"}));
      }
    }
    if (const auto* c = run->get("confidence")) spec.run.confidence = confidence(*c, "run.confidence");
    if (const auto* r = run->get("replicates")) spec.run.replicates = replicates(*r, "run.replicates");
  }

  // A two-sided interval level: a number strictly between 0 and 1.
  double confidence(const toml::node& node, const std::string& key) const {
    const double level = as_number(node, key);
    if (!(level > 0.0 && level < 1.0)) {
      fail(node, key + " must be strictly between 0 and 1 (e.g. 0.95), not " + detail::format_number(level));
    }
    // The intervals take quantiles at 0.5 + level / 2, which rounds to 1 (an infinite quantile) for the largest
    // doubles below 1: refused here rather than after the run's work is done.
    if (level > kMaxConfidence) {
      fail(node, key + " = " + detail::format_number(level) +
                     " is closer to 1 than intervals can be computed for: at " +
                     "most 1 - 1e-12 (the tail probability (1 - level) / 2 must be at least 5e-13)");
    }
    return level;
  }

  // [model]: the kind, and the keys of that kind (model_kinds(): the backends' own registry).
  void read_model(const toml::table& root, ProblemSpec& spec) const {
    const ModelKind* kind = &model_kinds().front();  // the default, "expressions"
    const toml::table* model = optional_table(root, "", "model");
    if (model != nullptr) {
      std::vector<std::string> keys = {"kind"};
      for (const ModelKind& k : model_kinds()) {
        for (const ModelKey& key : k.keys) {
          if (std::find(keys.begin(), keys.end(), key.name) == keys.end()) keys.push_back(key.name);
        }
      }
      check_keys(*model, "model", keys);
      spec.model.location = where(*model);
      if (const auto* k = model->get("kind")) {
        spec.model.kind = as_string(*k, "model.kind");
        spec.model.location = where(*k);
        std::vector<std::string> names;
        for (const ModelKind& known : model_kinds()) names.push_back(known.name);
        const auto found = std::find(names.begin(), names.end(), spec.model.kind);
        if (found == names.end()) {
          std::string known;
          for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
          fail(*k, "model.kind: unknown model kind '" + spec.model.kind + "' (known: " + known + ")" +
                       did_you_mean(spec.model.kind, names));
        }
        kind = &model_kinds()[static_cast<std::size_t>(found - names.begin())];
      }
      // A key of another kind.
      for (const std::string& name : keys) {
        const auto* v = model->get(name);
        const bool own =
            std::any_of(kind->keys.begin(), kind->keys.end(), [&](const ModelKey& key) { return key.name == name; });
        if (v == nullptr || own || name == "kind") continue;
        for (const ModelKind& other : model_kinds()) {
          if (std::any_of(other.keys.begin(), other.keys.end(),
                          [&](const ModelKey& key) { return key.name == name; })) {
            fail(*v, "model." + name + " belongs to kind = \"" + other.name + "\"");
          }
        }
      }
    }
    for (const ModelKey& key : kind->keys) spec.model.settings.push_back(model_setting(model, *kind, key));
  }

  // The value of one key of the model's kind: a path resolved against the config's folder (always with a folder:
  // dlopen searches the system's library path for a bare name), or a C identifier; a missing key's default.
  ModelSetting model_setting(const toml::table* model, const ModelKind& kind, const ModelKey& key) const {
    const std::string name = "model." + key.name;
    const auto* v = model != nullptr ? model->get(key.name) : nullptr;
    const bool array = key.form == ModelKey::Form::words || key.form == ModelKey::Form::names;
    if (v == nullptr) {
      if (key.required) {
        fail(*model, "model: kind = \"" + kind.name + "\" needs " + key.name + " = " +
                         (array ? key.example : "\"" + key.example + "\""));
      }
      return ModelSetting{key.name, key.default_value, model != nullptr ? where(*model) : SourceLocation{}, {}};
    }
    if (array) {
      const toml::array* items = v->as_array();
      if (items == nullptr || items->empty()) {
        fail(*v, name + " must be a non-empty array of strings, as " + key.name + " = " + key.example);
      }
      // A command's words are relative to the config's folder, like every path of a config: its value is it.
      ModelSetting setting{key.name, key.form == ModelKey::Form::words ? resolve(".").string() : "", where(*v), {}};
      for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string item = as_string(*items->get(i), name + "[" + std::to_string(i) + "]");
        if (key.form == ModelKey::Form::names) {
          if (!is_identifier(item)) fail(*items->get(i), name + ": \"" + item + "\" is not a name");
          if (std::find(setting.words.begin(), setting.words.end(), item) != setting.words.end()) {
            fail(*items->get(i), name + ": '" + item + "' is listed twice");
          }
        }
        if (key.form == ModelKey::Form::words && i == 0 && item.empty()) fail(*items->get(i), name + "[0] is empty");
        setting.words.push_back(item);
      }
      return setting;
    }
    if (key.form == ModelKey::Form::count) {
      const bool whole = v->is_integer() && v->as_integer()->get() >= 0 && v->as_integer()->get() <= 4096;
      if (!whole) {
        fail(*v,
             name + " must be a whole number from 0 to 4096" + (key.meaning.empty() ? "" : " (" + key.meaning + ")"));
      }
      return ModelSetting{key.name, std::to_string(v->as_integer()->get()), where(*v), {}};
    }
    if (key.form == ModelKey::Form::seconds) {
      const double seconds = as_number(*v, name);
      if (!(seconds >= 0) || !std::isfinite(seconds)) {
        fail(*v, name + " must be a number of seconds >= 0 (0: no limit), not " + detail::format_number(seconds));
      }
      return ModelSetting{key.name, detail::format_number(seconds), where(*v), {}};
    }
    std::string value = as_string(*v, name);
    if (key.form == ModelKey::Form::choice) {
      if (std::find(key.choices.begin(), key.choices.end(), value) == key.choices.end()) {
        std::string known;
        for (const std::string& c : key.choices) known += (known.empty() ? "\"" : ", \"") + c + "\"";
        fail(*v, name + " must be one of " + known + ", not \"" + value + "\"" + did_you_mean(value, key.choices));
      }
      return ModelSetting{key.name, value, where(*v), {}};
    }
    if (key.form == ModelKey::Form::path) {
      if (value.empty()) fail(*v, name + " is empty");
      value = resolve(value).string();
    } else if (!is_identifier(value)) {
      fail(*v, name + " must be an identifier (letters, digits and _, not first a digit), not \"" + value + "\"");
    }
    return ModelSetting{key.name, value, where(*v), {}};
  }

  void read_parameters(const toml::table& root, ProblemSpec& spec) const {
    const toml::table* params = optional_table(root, "", "parameters");
    if (params != nullptr && params->empty() && params->source().begin.line > 0) {
      fail(*params, "[parameters] is empty: a model needs at least one input");
    }
    if (params == nullptr || params->empty()) {
      throw Error("the config has no [parameters]: a model needs at least one input",
                  SourceLocation{source_.name, 0, 0, {}});
    }
    for (const auto& [name, node] : in_file_order(*params)) {
      check_name(name, key_where(*params, name), "parameter", true);
      const toml::node* size = node->is_table() ? node->as_table()->get("size") : nullptr;
      if (size == nullptr) {
        spec.parameters.push_back(parameter(name, *node, "parameters"));
        continue;
      }
      // An array parameter: `size` i.i.d. elements of the same law, named name[1] .. name[size].
      const std::string key = "parameters." + name + ".size";
      const std::uint64_t n = as_count(*size, key);
      if (n > kMaxIndexSize) {
        fail(*size, key + " must be at most " + std::to_string(kMaxIndexSize) + ", not " + std::to_string(n));
      }
      if (node->as_table()->contains("value")) {
        fail(*size, key +
                        ": an array parameter has a distribution (its elements are i.i.d. draws of it); a constant "
                        "needs no size");
      }
      const ParameterSpec element = parameter(name, *node, "parameters", true);
      spec.array_parameters.push_back({name, spec.parameters.size(), static_cast<std::size_t>(n), where(*size)});
      for (std::uint64_t k = 1; k <= n; ++k) {
        ParameterSpec p = element;
        p.name = name + "[" + std::to_string(k) + "]";
        spec.parameters.push_back(std::move(p));
      }
    }
  }

  void read_correlation(const toml::table& root, ProblemSpec& spec) const {
    const toml::table* corr = optional_table(root, "", "correlation");
    if (corr == nullptr) return;
    check_keys(*corr, "correlation", {"pairs"});
    const auto* pairs = corr->get("pairs");
    if (pairs == nullptr) return;
    if (!pairs->is_array()) fail(*pairs, "correlation.pairs must be an array of [\"a\", \"b\", rho] triples");
    size_t i = 0;
    for (const auto& item : *pairs->as_array()) {
      const std::string key = "correlation.pairs[" + std::to_string(i++) + "]";
      if (!item.is_array() || item.as_array()->size() != 3) {
        fail(item, key + " must be a triple [\"a\", \"b\", rho]");
      }
      const auto& triple = *item.as_array();
      CorrelationPairSpec pair;
      pair.first = as_string(*triple.get(0), key + "[0]");
      pair.second = as_string(*triple.get(1), key + "[1]");
      pair.rho = as_number(*triple.get(2), key + "[2]");
      pair.location = where(item);
      spec.correlations.push_back(pair);
    }
  }

  void read_functions(const toml::table& root, ProblemSpec& spec) const {
    const toml::table* fns = optional_table(root, "", "functions");
    if (fns == nullptr) return;
    for (const auto& [name, node] : in_file_order(*fns)) {
      const toml::node& v = *node;
      const std::string key = "functions." + name;
      check_name(name, key_where(*fns, name), "function", false);
      const auto& table = as_table(v, key);
      check_keys(table, key, {"args", "expr"});
      FunctionSpec fn;
      fn.name = name;
      fn.location = where(v);
      const auto* args = table.get("args");
      if (args == nullptr) fail(v, key + " needs args = [\"x\", ...]");
      if (!args->is_array()) fail(*args, key + ".args must be an array of names");
      size_t i = 0;
      for (const auto& a : *args->as_array()) {
        fn.args.push_back(as_string(a, key + ".args[" + std::to_string(i++) + "]"));
        check_name(fn.args.back(), where(a), "argument", true);
      }
      const auto* body = table.get("expr");
      if (body == nullptr) fail(v, key + " needs expr = \"...\"");
      fn.body = expression(*body, key + ".expr", name);
      spec.functions.push_back(std::move(fn));
    }
  }

  void read_derived(const toml::table& root, ProblemSpec& spec) const {
    const toml::table* derived = optional_table(root, "", "derived");
    if (derived == nullptr) return;
    for (const auto& [name, node] : in_file_order(*derived)) {
      check_name(name, key_where(*derived, name), "derived quantity", false);
      spec.derived.push_back(expression(*node, "derived." + name, name));
    }
  }

  // [dynamics]: the integration settings and the states, each { initial = "...", rate = "..." } (in file order).
  void read_dynamics(const toml::table& root, ProblemSpec& spec) const {
    const toml::table* dynamics = optional_table(root, "", "dynamics");
    if (dynamics == nullptr) return;
    check_keys(*dynamics, "dynamics", {"method", "steps", "dt", "start", "time", "record_every", "states"});
    DynamicsSpec& d = spec.dynamics;
    d.location = where(*dynamics);
    if (const auto* m = dynamics->get("method")) {
      const std::string method = as_string(*m, "dynamics.method");
      if (method == "euler") {
        d.method = StepMethod::kEuler;
      } else if (method == "rk4") {
        d.method = StepMethod::kRk4;
      } else {
        fail(*m,
             "dynamics.method must be \"euler\" (explicit Euler, order 1) or \"rk4\" (classic Runge-Kutta, "
             "order 4), not \"" +
                 method + "\"" + did_you_mean(method, {"euler", "rk4"}));
      }
    }
    const auto* steps = dynamics->get("steps");
    if (steps == nullptr) fail(*dynamics, "dynamics needs steps = N, the number of time steps");
    const std::uint64_t n = as_count(*steps, "dynamics.steps");
    if (n > kMaxDynamicsSteps) {
      fail(*steps,
           "dynamics.steps must be at most " + std::to_string(kMaxDynamicsSteps) + ", not " + std::to_string(n));
    }
    d.steps = static_cast<long long>(n);
    const auto* dt = dynamics->get("dt");
    if (dt == nullptr) fail(*dynamics, "dynamics needs dt = h, the size of a time step");
    d.dt = as_number(*dt, "dynamics.dt");
    if (!(d.dt > 0.0)) fail(*dt, "dynamics.dt must be a positive number, not " + format_number(d.dt));
    if (const auto* start = dynamics->get("start")) d.start = as_number(*start, "dynamics.start");
    if (const auto* every = dynamics->get("record_every")) {
      const std::uint64_t r = as_count(*every, "dynamics.record_every");
      if (r > n) {
        fail(*every, "dynamics.record_every must be at most dynamics.steps (" + std::to_string(n) +
                         "), so that a trajectory records more than its start; not " + std::to_string(r));
      }
      d.record_every = static_cast<long long>(r);
      d.record_every_location = where(*every);
    }
    if (const auto* time = dynamics->get("time")) {
      d.time = as_string(*time, "dynamics.time");
      d.time_location = where(*time);
      check_name(d.time, where(*time), "dynamics.time", true);
    }
    const toml::table* states = optional_table(*dynamics, "dynamics", "states");
    if (states == nullptr || states->empty()) {
      fail(states != nullptr ? static_cast<const toml::node&>(*states) : *dynamics,
           "dynamics needs at least one state: [dynamics.states] x = { initial = \"...\", rate = \"...\" }");
    }
    for (const auto& [name, node] : in_file_order(*states)) {
      const std::string key = "dynamics.states." + name;
      check_name(name, key_where(*states, name), "state", true);
      const auto& table = as_table(*node, key);
      check_keys(table, key, {"initial", "rate"});
      StateSpec state;
      state.name = name;
      state.location = where(*node);
      const auto* initial = table.get("initial");
      if (initial == nullptr) fail(*node, key + " needs initial = \"...\", its value at the start time");
      state.initial = expression(*initial, key + ".initial", name + ".initial");
      const auto* rate = table.get("rate");
      if (rate == nullptr) fail(*node, key + " needs rate = \"...\", its derivative d" + name + "/dt");
      state.rate = expression(*rate, key + ".rate", name + ".rate");
      d.states.push_back(std::move(state));
    }
  }

  HistogramSpec histogram(const toml::node& node, const std::string& key) const {
    const auto& table = as_table(node, key);
    check_keys(table, key, {"bins", "low", "high"});
    HistogramSpec h;
    h.location = where(node);
    if (const auto* b = table.get("bins")) {
      const auto bins = as_count(*b, key + ".bins");
      if (bins > 100000) fail(*b, key + ".bins must be at most 100000");
      h.bins = static_cast<size_t>(bins);
    }
    if (const auto* lo = table.get("low")) h.low = as_number(*lo, key + ".low");
    if (const auto* hi = table.get("high")) h.high = as_number(*hi, key + ".high");
    if (h.low.has_value() != h.high.has_value()) fail(node, key + " needs both low and high, or neither (automatic)");
    if (h.low && !(*h.low < *h.high)) fail(node, key + ": low must be below high");
    return h;
  }

  // An output's quantile levels: a non-empty array of distinct probabilities strictly inside (0, 1), kept sorted.
  std::vector<double> quantile_levels(const toml::node& node, const std::string& key) const {
    std::vector<double> levels = number_array(node, key);
    if (levels.empty()) fail(node, key + " must list at least one probability (e.g. [0.005, 0.5, 0.995])");
    size_t i = 0;
    for (const auto& item : *node.as_array()) {
      const double p = levels[i++];
      if (!(p > 0.0 && p < 1.0)) {
        fail(item, key + " are probabilities strictly between 0 and 1, not " + detail::format_number(p));
      }
    }
    std::sort(levels.begin(), levels.end());
    const auto twice = std::adjacent_find(levels.begin(), levels.end());
    if (twice != levels.end()) fail(node, key + " lists " + detail::format_number(*twice) + " twice");
    return levels;
  }

  void read_outputs(const toml::table& root, ProblemSpec& spec) const {
    const toml::table* outputs = optional_table(root, "", "outputs");
    if (outputs != nullptr && outputs->empty() && outputs->source().begin.line > 0) {
      fail(*outputs, "[outputs] is empty: name at least one quantity to report");
    }
    if (outputs == nullptr || outputs->empty()) {
      throw Error("the config has no [outputs]: name at least one quantity to report",
                  SourceLocation{source_.name, 0, 0, {}});
    }
    for (const auto& [name, node] : in_file_order(*outputs)) {
      const toml::node& v = *node;
      const std::string key = "outputs." + name;
      check_name(name, key_where(*outputs, name), "output", false);
      OutputSpec out;
      if (v.is_string()) {
        out.expr = expression(v, key, name);
      } else if (v.is_table()) {
        const auto& table = *v.as_table();
        check_keys(table, key, {"expr", "label", "unit", "histogram", "quantiles", "over", "size"});
        const auto* e = table.get("expr");
        if (e == nullptr) fail(v, key + " needs expr = \"...\"");
        out.expr = expression(*e, key + ".expr", name);
        if (const auto* l = table.get("label")) out.label = as_string(*l, key + ".label");
        if (const auto* u = table.get("unit")) out.unit = as_string(*u, key + ".unit");
        if (const auto* h = table.get("histogram")) out.histogram = histogram(*h, key + ".histogram");
        if (const auto* q = table.get("quantiles")) out.quantiles = quantile_levels(*q, key + ".quantiles");
        const auto* over = table.get("over");
        const auto* size = table.get("size");
        if ((over == nullptr) != (size == nullptr)) {
          fail(over != nullptr ? *over : *size,
               key + " needs both over = \"index\" and size = N (the index runs from 1 to N), or neither");
        }
        if (over != nullptr) {
          out.over = as_string(*over, key + ".over");
          out.over_location = where(*over);
          check_name(out.over, out.over_location, key + ".over", true);
          const std::uint64_t n = as_count(*size, key + ".size");
          if (n > kMaxIndexSize) {
            fail(*size, key + ".size must be at most " + std::to_string(kMaxIndexSize) +
                            " (each value has its own statistics), not " + std::to_string(n));
          }
          out.size = static_cast<long long>(n);
        }
      } else {
        fail(v, key + " must be an expression string or a table with expr = \"...\", not " + type_word(v));
      }
      spec.outputs.push_back(std::move(out));
    }
  }

  const toml::array* optional_array_of_tables(const toml::table& root, const char* key) const {
    const auto* node = root.get(key);
    if (node == nullptr) return nullptr;
    if (!node->is_array_of_tables()) {
      fail(*node, std::string(key) + " must be written as [[" + key + "]] tables");
    }
    return node->as_array();
  }

  std::string required_name(const toml::table& table, const toml::node& node, const std::string& key,
                            std::set<std::string>& seen) const {
    const auto* n = table.get("name");
    if (n == nullptr) fail(node, key + " needs name = \"...\"");
    std::string name = as_string(*n, key + ".name");
    check_name(name, where(*n), key + ".name", false);
    if (!seen.insert(name).second) fail(*n, key + ".name \"" + name + "\" is used twice");
    return name;
  }

  void read_claims(const toml::table& root, ProblemSpec& spec) const {
    const auto* claims = optional_array_of_tables(root, "claims");
    if (claims == nullptr) return;
    std::set<std::string> seen;
    size_t i = 0;
    for (const auto& node : *claims) {
      const std::string key = "claims[" + std::to_string(i++) + "]";
      const auto& table = *node.as_table();
      check_keys(table, key, {"name", "expr", "text"});
      ClaimSpec claim;
      claim.name = required_name(table, node, key, seen);
      claim.location = where(node);
      const auto* e = table.get("expr");
      if (e == nullptr) fail(node, key + " needs expr = \"...\" (a condition)");
      claim.expr = expression(*e, key + ".expr", "claims." + claim.name);
      claim.text = claim.expr.text;
      if (const auto* t = table.get("text")) claim.text = as_string(*t, key + ".text");
      spec.claims.push_back(std::move(claim));
    }
  }

  FeatureSpec feature(const toml::node& node, const std::string& key) const {
    static const std::vector<std::string> kinds = {
        "inflection", "takeoff",       "steepest_fall",  "elasticity_break",
        "crossing",   "crossing_expr", "crossing_below", "crossing_below_expr"};
    static const std::vector<std::string> crossings = {"crossing", "crossing_expr", "crossing_below",
                                                       "crossing_below_expr"};
    const std::string forms =
        "{ crossing = LEVEL }, { crossing_expr = \"EXPR\" }, { crossing_below = LEVEL } or "
        "{ crossing_below_expr = \"EXPR\" }";
    FeatureSpec f;
    f.location = where(node);
    if (node.is_string()) {
      f.kind = as_string(node, key);
      if (std::find(crossings.begin(), crossings.end(), f.kind) != crossings.end()) {
        fail(node, key + ": write a crossing as " + forms);
      }
      bool known = false;
      for (const auto& k : kinds) known = known || k == f.kind;
      if (!known) fail(node, key + ": unknown curve feature '" + f.kind + "'" + did_you_mean(f.kind, kinds));
      return f;
    }
    if (!node.is_table() || node.as_table()->size() != 1) fail(node, key + " must be a feature name or " + forms);
    const auto& table = *node.as_table();
    check_keys(table, key, crossings);
    if (const auto* c = table.get("crossing")) {
      f.kind = "crossing";
      f.level = as_number(*c, key + ".crossing");
    } else if (const auto* b = table.get("crossing_below")) {
      f.kind = "crossing_below";
      f.level = as_number(*b, key + ".crossing_below");
    } else if (const auto* e = table.get("crossing_expr")) {
      f.kind = "crossing_expr";
      f.level_expr = expression(*e, key + ".crossing_expr", key);
    } else {
      f.kind = "crossing_below_expr";
      f.level_expr = expression(*table.get("crossing_below_expr"), key + ".crossing_below_expr", key);
    }
    return f;
  }

  void read_curves(const toml::table& root, ProblemSpec& spec) const {
    const auto* curves = optional_array_of_tables(root, "curves");
    if (curves == nullptr) return;
    std::set<std::string> seen;
    size_t i = 0;
    for (const auto& node : *curves) {
      const std::string key = "curves[" + std::to_string(i++) + "]";
      const auto& table = *node.as_table();
      check_keys(table, key, {"name", "x", "grid", "y", "bands", "features", "label", "unit", "x_label", "x_unit"});
      CurveSpec curve;
      curve.name = required_name(table, node, key, seen);
      curve.location = where(node);
      const auto* x = table.get("x");
      if (x == nullptr) fail(node, key + " needs x = \"name\" (the variable swept over the grid)");
      curve.x = as_string(*x, key + ".x");
      if (!is_identifier(curve.x)) {
        fail(*x, key + ".x must be a name (a parameter, or a new variable that y reads), not \"" + curve.x + "\"");
      }
      if (const char* kind = builtin_kind(curve.x)) {
        fail(*x, key + ".x: '" + curve.x + "' has the name of the built-in " + kind +
                     " of the model language; give the swept variable another name");
      }
      const auto* grid = table.get("grid");
      if (grid == nullptr) fail(node, key + " needs grid = { low = ..., high = ..., points = ... }");
      const auto& g = as_table(*grid, key + ".grid");
      check_keys(g, key + ".grid", {"low", "high", "points"});
      curve.grid.location = where(*grid);
      if (!g.get("low") || !g.get("high") || !g.get("points")) fail(*grid, key + ".grid needs low, high and points");
      curve.grid.low = as_number(*g.get("low"), key + ".grid.low");
      curve.grid.high = as_number(*g.get("high"), key + ".grid.high");
      const auto points = as_count(*g.get("points"), key + ".grid.points");
      if (!(curve.grid.low < curve.grid.high)) fail(*grid, key + ".grid: low must be below high");
      if (points < 5 || points > 100000) fail(*g.get("points"), key + ".grid.points must be between 5 and 100000");
      curve.grid.points = static_cast<size_t>(points);
      const auto* y = table.get("y");
      if (y == nullptr) fail(node, key + " needs y = \"...\" (an expression of x)");
      curve.y = expression(*y, key + ".y", "curves." + curve.name);
      if (const auto* b = table.get("bands")) {
        curve.bands = number_array(*b, key + ".bands");
        for (double p : curve.bands) {
          if (!(p > 0.0 && p < 1.0)) fail(*b, key + ".bands are probabilities strictly between 0 and 1");
        }
      }
      if (const auto* f = table.get("features")) {
        if (!f->is_array()) fail(*f, key + ".features must be an array");
        size_t j = 0;
        for (const auto& item : *f->as_array()) {
          curve.features.push_back(feature(item, key + ".features[" + std::to_string(j++) + "]"));
        }
      }
      if (const auto* l = table.get("label")) curve.label = as_string(*l, key + ".label");
      if (const auto* u = table.get("unit")) curve.unit = as_string(*u, key + ".unit");
      if (const auto* l = table.get("x_label")) curve.x_label = as_string(*l, key + ".x_label");
      if (const auto* u = table.get("x_unit")) curve.x_unit = as_string(*u, key + ".x_unit");
      spec.curves.push_back(std::move(curve));
    }
  }

  void read_scenarios(const toml::table& root, ProblemSpec& spec) const {
    const auto* scenarios = optional_array_of_tables(root, "scenarios");
    if (scenarios == nullptr) return;
    std::set<std::string> seen;
    size_t i = 0;
    for (const auto& node : *scenarios) {
      const std::string key = "scenarios[" + std::to_string(i++) + "]";
      const auto& table = *node.as_table();
      check_keys(table, key, {"name", "text", "parameters"});
      ScenarioSpec scenario;
      scenario.name = required_name(table, node, key, seen);
      if (scenario.name.rfind("ranking", 0) == 0) {
        // The result file keeps the ranking's datasets beside the scenarios' groups, in /scenarios.
        fail(*table.get("name"), key + ".name \"" + scenario.name +
                                     "\": names beginning with \"ranking\" are reserved for the ranking's datasets "
                                     "beside the scenarios in the result file (/scenarios/ranking...); choose another");
      }
      scenario.location = where(node);
      if (const auto* t = table.get("text")) scenario.text = as_string(*t, key + ".text");
      if (const auto* p = table.get("parameters")) {
        const auto& params = as_table(*p, key + ".parameters");
        for (const auto& [name, node] : in_file_order(params)) {
          scenario.parameters.push_back(parameter(name, *node, key + ".parameters"));
        }
      }
      spec.scenarios.push_back(std::move(scenario));
    }
  }

  void read_ranking(const toml::table& root, ProblemSpec& spec) const {
    const toml::table* ranking = optional_table(root, "", "ranking");
    if (ranking == nullptr) return;
    check_keys(*ranking, "ranking", {"rank_by", "scenarios", "include_baseline", "lower_is_better"});
    RankingSpec r;
    r.location = where(*ranking);
    const auto* by = ranking->get("rank_by");
    if (by == nullptr) fail(*ranking, "ranking needs rank_by = \"OUTPUT\" (the output that orders the scenarios)");
    r.output = as_string(*by, "ranking.rank_by");
    r.rank_by_location = where(*by);
    if (const auto* list = ranking->get("scenarios")) {
      if (!list->is_array()) fail(*list, "ranking.scenarios must be an array of scenario names");
      r.scenarios_location = where(*list);
      if (list->as_array()->empty()) {
        fail(*list, "ranking.scenarios is empty; leave the key out to rank every scenario, or name at least two");
      }
      size_t i = 0;
      for (const auto& item : *list->as_array()) {
        const std::string key = "ranking.scenarios[" + std::to_string(i++) + "]";
        std::string name = as_string(item, key);
        if (std::find(r.scenarios.begin(), r.scenarios.end(), name) != r.scenarios.end()) {
          fail(item, key + ": the scenario '" + name + "' is listed twice");
        }
        r.scenarios.push_back(std::move(name));
        r.scenario_locations.push_back(where(item));
      }
    }
    if (const auto* b = ranking->get("include_baseline")) {
      r.include_baseline = as_bool(*b, "ranking.include_baseline");
      r.include_baseline_location = where(*b);
    }
    if (const auto* b = ranking->get("lower_is_better")) r.lower_is_better = as_bool(*b, "ranking.lower_is_better");
    spec.ranking = r;
  }

  void read_sensitivity(const toml::table& root, ProblemSpec& spec) const {
    const toml::table* sens = optional_table(root, "", "sensitivity");
    if (sens == nullptr) return;
    spec.has_sensitivity = true;
    SensitivitySpec& s = spec.sensitivity;
    s.location = where(*sens);
    check_keys(*sens, "sensitivity", {"outputs", "sobol", "morris", "shapley", "regression"});
    if (const auto* o = sens->get("outputs")) {
      if (!o->is_array()) fail(*o, "sensitivity.outputs must be an array of output or claim names");
      size_t i = 0;
      for (const auto& item : *o->as_array()) {
        s.outputs.push_back(as_string(item, "sensitivity.outputs[" + std::to_string(i++) + "]"));
        s.output_locations.push_back(where(item));
      }
    }
    if (const auto* node = sens->get("sobol")) {
      const auto& t = as_table(*node, "sensitivity.sobol");
      check_keys(t, "sensitivity.sobol", {"base_samples", "second_order", "confidence", "sampler", "replicates"});
      SobolSpec sobol;
      sobol.location = where(*node);
      sobol.confidence = spec.run.confidence;  // one key, run.confidence, sets every level unless this one is given
      if (const auto* n = t.get("base_samples")) sobol.base_samples = as_count(*n, "sensitivity.sobol.base_samples");
      if (const auto* b = t.get("second_order")) sobol.second_order = as_bool(*b, "sensitivity.sobol.second_order");
      if (const auto* c = t.get("confidence")) sobol.confidence = confidence(*c, "sensitivity.sobol.confidence");
      if (const auto* r = t.get("replicates")) sobol.replicates = replicates(*r, "sensitivity.sobol.replicates");
      if (const auto* m = t.get("sampler")) {
        sobol.sampler = as_string(*m, "sensitivity.sobol.sampler");
        if (sobol.sampler != "mc" && sobol.sampler != "sobol" && sobol.sampler != "lhs") {
          fail(*m, "sensitivity.sobol.sampler must be \"mc\", \"sobol\" or \"lhs\"" +
                       did_you_mean(sobol.sampler, {"mc", "sobol", "lhs"}));
        }
      }
      s.sobol = sobol;
    }
    if (const auto* node = sens->get("morris")) {
      const auto& t = as_table(*node, "sensitivity.morris");
      check_keys(t, "sensitivity.morris", {"trajectories", "levels", "candidates"});
      MorrisSpec morris;
      morris.location = where(*node);
      if (const auto* n = t.get("trajectories")) morris.trajectories = as_count(*n, "sensitivity.morris.trajectories");
      if (const auto* l = t.get("levels")) {
        const auto levels = as_count(*l, "sensitivity.morris.levels");
        if (levels < 2 || levels > 1000) fail(*l, "sensitivity.morris.levels must be between 2 and 1000");
        morris.levels = static_cast<int>(levels);
        if (levels % 2 != 0) fail(*l, "sensitivity.morris.levels must be even (Morris 1991: Delta = p / (2 (p - 1)))");
      }
      if (const auto* c = t.get("candidates")) {
        morris.candidates = as_count(*c, "sensitivity.morris.candidates");
        if (morris.candidates <= morris.trajectories || morris.candidates > 5000) {
          fail(*c,
               "sensitivity.morris.candidates must exceed trajectories (and be at most 5000): Campolongo's "
               "selection picks the trajectories from that many candidates");
        }
      }
      s.morris = morris;
    }
    if (const auto* node = sens->get("shapley")) s.shapley = read_shapley(*node);
    if (const auto* r = sens->get("regression")) s.regression = as_bool(*r, "sensitivity.regression");
  }

  ShapleySpec read_shapley(const toml::node& node) const {
    const auto& t = as_table(node, "sensitivity.shapley");
    check_keys(t, "sensitivity.shapley", {"method", "outer", "permutations", "inner", "blocks"});
    ShapleySpec shapley;
    shapley.location = where(node);
    shapley.method_location = shapley.location;
    if (const auto* m = t.get("method")) {
      shapley.method = as_string(*m, "sensitivity.shapley.method");
      shapley.method_location = where(*m);
      if (shapley.method != "auto" && shapley.method != "exact" && shapley.method != "random") {
        fail(*m, "sensitivity.shapley.method must be \"auto\", \"exact\" or \"random\", not \"" + shapley.method +
                     "\"" + did_you_mean(shapley.method, {"auto", "exact", "random"}));
      }
    }
    if (const auto* b = t.get("blocks")) {
      shapley.blocks = as_count(*b, "sensitivity.shapley.blocks");
      if (shapley.blocks < 2 || shapley.blocks > 10000) {
        fail(*b,
             "sensitivity.shapley.blocks must be between 2 and 10000 (the interval is a Student t over the blocks)");
      }
    }
    const auto at_least_blocks = [&](const toml::node& n, const char* key, std::uint64_t value) {
      if (value < shapley.blocks || value > (std::uint64_t{1} << 40)) {
        fail(n, std::string("sensitivity.shapley.") + key + " must be at least blocks (" +
                    std::to_string(shapley.blocks) + ": every block needs items) and at most 2^40");
      }
    };
    if (const auto* o = t.get("outer")) {
      shapley.outer = as_count(*o, "sensitivity.shapley.outer");
      at_least_blocks(*o, "outer", shapley.outer);
    }
    if (const auto* p = t.get("permutations")) {
      shapley.permutations = as_count(*p, "sensitivity.shapley.permutations");
      at_least_blocks(*p, "permutations", shapley.permutations);
    }
    if (const auto* i = t.get("inner")) {
      shapley.inner = as_count(*i, "sensitivity.shapley.inner");
      if (shapley.inner < 2 || shapley.inner > 1000) {
        fail(*i, "sensitivity.shapley.inner must be between 2 and 1000 (a conditional variance needs two draws)");
      }
    }
    if (const auto* b = t.get("blocks");
        b && (shapley.outer < shapley.blocks || shapley.permutations < shapley.blocks)) {
      fail(*b, "sensitivity.shapley.blocks = " + std::to_string(shapley.blocks) +
                   " exceeds the default outer (1000) or permutations (4000): give them too, at least as many");
    }
    return shapley;
  }

 private:
  void record_data_file(const std::string& path, const std::string& bytes) const {
    for (const auto& f : data_files_) {
      if (f.path == path) return;
    }
    data_files_.push_back({path, fnv1a(bytes.data(), bytes.size())});
  }

  const ConfigSource& source_;
  mutable std::vector<FileDigest> data_files_;  // filled by the const readers as they read files
};

}  // namespace

ProblemSpec read_problem(const toml::table& root, const ConfigSource& source) {
  Reader reader(source);
  reader.check_keys(root, "", kTopLevelKeys);
  ProblemSpec spec;
  if (const auto* t = root.get("title")) spec.title = reader.as_string(*t, "title");
  reader.read_run(root, spec);  // before read_sensitivity: sobol's confidence defaults to run.confidence
  reader.read_model(root, spec);
  reader.read_parameters(root, spec);
  reader.read_correlation(root, spec);
  reader.read_functions(root, spec);
  reader.read_derived(root, spec);
  reader.read_dynamics(root, spec);
  reader.read_outputs(root, spec);
  reader.read_claims(root, spec);
  reader.read_curves(root, spec);
  reader.read_scenarios(root, spec);
  reader.read_ranking(root, spec);
  reader.read_sensitivity(root, spec);
  spec.data_files = reader.data_files();
  return spec;
}

}  // namespace mcsens::detail
