// SPDX-License-Identifier: MIT
#include "mcsens/config/config.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_impl.hpp"
#include "config/problem_reader.hpp"
#include "mcsens/suggest.hpp"

namespace mcsens {

namespace detail {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

SourceLocation ConfigSource::locate(const toml::source_region& region) const {
  SourceLocation where;
  where.file = region.path ? std::string(*region.path) : name;
  where.line = static_cast<int>(region.begin.line);
  where.column = static_cast<int>(region.begin.column);
  if (region.path && *region.path != name) {
    // An override's value: its text is the --set argument, not a line of the file.
    auto found = override_texts.find(std::string(*region.path));
    if (found != override_texts.end()) where.line_text = found->second;
    return where;
  }
  if (where.line >= 1 && static_cast<size_t>(where.line) <= lines.size()) {
    where.line_text = lines[static_cast<size_t>(where.line - 1)];
  }
  return where;
}

}  // namespace detail

struct Config::Impl {
  detail::ConfigSource source;
  toml::table table;
  std::vector<std::string> overrides;
};

Config::Config(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Config::Config(Config&&) noexcept = default;
Config& Config::operator=(Config&&) noexcept = default;
Config::~Config() = default;

Config Config::load_text(std::string text, std::string source_name) {
  auto impl = std::make_unique<Impl>();
  impl->source.name = std::move(source_name);
  impl->source.text = std::move(text);
  impl->source.lines = detail::split_lines(impl->source.text);
  if (impl->source.text.find('\0') != std::string::npos) {
    throw Error("this is not a TOML text file (it contains NUL bytes)", SourceLocation{impl->source.name, 0, 0, {}});
  }
  try {
    impl->table = toml::parse(impl->source.text, impl->source.name);
  } catch (const toml::parse_error& e) {
    throw Error("TOML syntax error: " + std::string(e.description()), impl->source.locate(e.source()));
  }
  return Config(std::move(impl));
}

Config Config::load_file(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    throw Error("cannot read config file '" + path + "': it is a folder, not a config file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error("cannot read config file '" + path +
                "': " + (std::ifstream(path).good() ? "unreadable" : "no such file or not readable"));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return load_text(buffer.str(), path);
}

void Config::apply_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw Error("--set takes KEY=VALUE (e.g. --set parameters.gamma.high=1.5), not '" + assignment + "'");
  }
  const std::string key = assignment.substr(0, eq);
  const std::string value_text = assignment.substr(eq + 1);
  const std::string origin = "--set " + assignment;
  impl_->source.override_texts[origin] = assignment;

  // The value is whatever TOML makes of it; bare words that are not TOML (--set run.sampler=sobol) are strings.
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + value_text, origin);
  } catch (const toml::parse_error&) {
    parsed = toml::table{};
    parsed.insert("v", value_text);
  }
  toml::node* value = parsed.get("v");

  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(key);
  while (std::getline(in, part, '.')) parts.push_back(part);
  toml::table* table = &impl_->table;
  std::string walked;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    walked += (walked.empty() ? "" : ".") + parts[i];
    toml::node* next = table->get(parts[i]);
    if (next == nullptr) {
      // A section the config omits ([run], [sensitivity]) may be created; a misspelt one may not.
      const auto& sections = detail::kTopLevelKeys;
      if (i == 0 && std::find(sections.begin(), sections.end(), parts[0]) == sections.end()) {
        throw Error("--set " + key + ": a config has no section '" + walked + "'" + did_you_mean(parts[i], sections));
      }
      next = table->insert(parts[i], toml::table{}).first->second.as_table();
    }
    if (!next->is_table()) throw Error("--set " + key + ": '" + walked + "' is not a table");
    table = next->as_table();
  }
  if (parts.empty() || parts.back().empty()) throw Error("--set: empty key in '" + assignment + "'");
  table->insert_or_assign(parts.back(), std::move(*value));
  impl_->overrides.push_back(assignment);
}

ProblemSpec Config::problem() const {
  ProblemSpec spec = detail::read_problem(impl_->table, impl_->source);
  spec.source_name = impl_->source.name;
  spec.source_text = impl_->source.text;
  return spec;
}

const std::string& Config::source_name() const {
  return impl_->source.name;
}
const std::string& Config::text() const {
  return impl_->source.text;
}
const std::vector<std::string>& Config::overrides() const {
  return impl_->overrides;
}

}  // namespace mcsens
