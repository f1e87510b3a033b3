// SPDX-License-Identifier: MIT
#include "mcsens/config/config.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include "config/bounded_read.hpp"
#include "config/config_impl.hpp"
#include "config/problem_reader.hpp"
#include "config/toml_hints.hpp"
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
    if (found != override_texts.end()) {
      where.line_text = found->second.text;
      where.line = 1;
      where.column = std::max(1, where.column + found->second.shift);
      where.in_argument = true;
    }
    return where;
  }
  if (where.line >= 1 && static_cast<size_t>(where.line) <= lines.size()) {
    where.line_text = lines[static_cast<size_t>(where.line - 1)];
  }
  return where;
}

namespace {

// toml++ parses and frees nested tables recursively: a dotted key or a header of 100000 parts would exhaust the
// stack. Before the text reaches it, the depth of every key is measured here: the open arrays and inline tables
// around it plus the parts of its dotted key. Strings and comments are skipped; a number such as 1.5 counts as a
// key of two parts, harmless.
void check_nesting(const ConfigSource& source) {
  const std::string& text = source.text;
  int line = 1;
  size_t line_start = 0;
  int chain = 0;          // dots in the dotted key (or value) being read
  bool in_chain = false;  // the last significant character was part of a key
  std::vector<int> open;  // the depth each open bracket or brace added
  int depth = 0;
  const auto fail_at = [&](size_t i) {
    SourceLocation where{source.name, line, static_cast<int>(i - line_start) + 1, {}};
    if (static_cast<size_t>(line) <= source.lines.size()) where.line_text = source.lines[static_cast<size_t>(line - 1)];
    throw Error("tables, arrays and dotted keys nest more than " + std::to_string(kMaxConfigNesting) +
                    " levels deep here; mcsens reads configs up to that depth",
                where);
  };
  const auto newline = [&](size_t i) {
    ++line;
    line_start = i + 1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      if (i < text.size()) newline(i);
      chain = 0;
      in_chain = false;
      continue;
    }
    if (c == '"' || c == '\'') {
      const bool multi = text.compare(i, 3, std::string(3, c)) == 0;
      i += multi ? 3 : 1;
      while (i < text.size()) {
        if (text[i] == '\n') {
          newline(i);
          if (!multi) break;  // an unterminated string: toml++ reports it
        } else if (c == '"' && text[i] == '\\') {
          if (i + 1 < text.size() && text[i + 1] == '\n') newline(i + 1);
          ++i;
        } else if (text[i] == c && (!multi || text.compare(i, 3, std::string(3, c)) == 0)) {
          if (multi) i += 2;
          break;
        }
        ++i;
      }
      in_chain = true;
      continue;
    }
    const bool key_char = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '+';
    if (key_char) {
      in_chain = true;
    } else if (c == '.') {
      if (in_chain && depth + ++chain >= kMaxConfigNesting) fail_at(i);
    } else if (c == ' ' || c == '\t' || c == '\r') {
    } else {
      if (c == '[' || c == '{') {
        open.push_back(chain + 1);
        depth += chain + 1;
        if (depth >= kMaxConfigNesting) fail_at(i);
      } else if ((c == ']' || c == '}') && !open.empty()) {
        depth -= open.back();
        open.pop_back();
      }
      if (c == '\n') {
        newline(i);
        if (open.empty()) depth = 0;
      }
      chain = 0;
      in_chain = false;
    }
  }
}

}  // namespace

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

Config Config::load_text(std::string text, std::string source_name, std::string folder) {
  auto impl = std::make_unique<Impl>();
  impl->source.name = std::move(source_name);
  impl->source.folder = std::move(folder);
  impl->source.text = std::move(text);
  impl->source.lines = detail::split_lines(impl->source.text);
  if (impl->source.text.find('\0') != std::string::npos) {
    throw Error("this is not a TOML text file (it contains NUL bytes)", SourceLocation{impl->source.name, 0, 0, {}});
  }
  if (impl->source.text.size() > detail::kMaxConfigBytes) {
    throw Error("the config is larger than " + std::to_string(detail::kMaxConfigBytes >> 20) +
                    " MiB; mcsens reads configs up to that size",
                SourceLocation{impl->source.name, 0, 0, {}});
  }
  detail::check_nesting(impl->source);
  try {
    impl->table = toml::parse(impl->source.text, impl->source.name);
  } catch (const toml::parse_error& e) {
    SourceLocation where = impl->source.locate(e.source());
    const std::string what = "TOML syntax error: " + std::string(e.description());
    if (const auto hint = detail::multiline_inline_table_hint(impl->source.text, where.line, where.column)) {
      where.line_text.clear();  // the table form below says more than a caret at the end of the line
      throw Error(what + "; " + *hint, where);
    }
    throw Error(what, where);
  }
  return Config(std::move(impl));
}

Config Config::load_file(const std::string& path) {
  if (path.empty()) throw Error("cannot read config file '': the path is empty");
  std::string text;
  try {
    text = detail::read_bounded_file(path, detail::kMaxConfigBytes, detail::kConfigReadSeconds, "a config file");
  } catch (const detail::UnreadableFile& e) {
    throw Error("cannot read config file '" + path + "': " + e.what());
  }
  Config config = load_text(std::move(text), path);
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  if (!ec) config.impl_->source.folder = absolute.parent_path().lexically_normal().string();
  return config;
}

void Config::apply_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw Error("--set takes KEY=VALUE (e.g. --set parameters.gamma.high=1.5), not '" + assignment + "'");
  }
  // One assignment per --set: a newline (or any control character) would hide a second one that is not applied.
  for (size_t i = 0; i < assignment.size(); ++i) {
    const auto byte = static_cast<unsigned char>(assignment[i]);
    if (byte < 0x20 || byte == 0x7f) {
      std::string shown = assignment;
      for (char& c : shown) c = (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
      SourceLocation where{"--set " + shown, 1, static_cast<int>(i) + 1, shown, true};
      throw Error(std::string(assignment[i] == '\n' ? "a newline" : "a control character") +
                      " in --set; give one KEY=VALUE per --set",
                  where);
    }
  }
  const std::string key = assignment.substr(0, eq);
  const std::string value_text = assignment.substr(eq + 1);
  const std::string origin = "--set " + assignment;
  // Positions in the parsed text "v = VALUE" are moved onto the argument: VALUE starts at column eq + 2.
  auto& located = impl_->source.override_texts[origin];
  located.text = assignment;
  located.shift = static_cast<int>(eq) + 2 - 5;

  // The value is whatever TOML makes of it; bare words that are not TOML (--set run.sampler=sobol) are strings,
  // parsed as a quoted TOML string so that they keep their position (column 1 of the string is its quote, and
  // the reader of expressions adds one for a quote it sees in the argument only).
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + value_text, origin);
  } catch (const toml::parse_error&) {
    std::string quoted;
    for (char c : value_text) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    try {
      parsed = toml::parse("v = \"" + quoted + "\"", origin);
    } catch (const toml::parse_error&) {
      parsed = toml::table{};
      parsed.insert("v", value_text);
    }
  }
  toml::node* value = parsed.get("v");

  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(key);
  while (std::getline(in, part, '.')) parts.push_back(part);
  if (static_cast<int>(parts.size()) > detail::kMaxConfigNesting) {
    throw Error("--set " + key + ": a key of more than " + std::to_string(detail::kMaxConfigNesting) + " parts");
  }
  // An empty part (`parameters..low`, a leading or trailing dot) would create a key named "": refused with a caret
  // at it, not blamed later on the config file.
  if (key.empty() || key.back() == '.') parts.emplace_back();
  for (size_t i = 0, column = 1; i < parts.size(); column += parts[i].size() + 1, ++i) {
    if (!parts[i].empty()) continue;
    SourceLocation where{origin, 1, static_cast<int>(column), assignment, true};
    throw Error("an empty part in the key " + key + " (two dots in a row, or a dot at an end)", where);
  }
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
const std::string& Config::folder() const {
  return impl_->source.folder;
}
const std::string& Config::text() const {
  return impl_->source.text;
}
const std::vector<std::string>& Config::overrides() const {
  return impl_->overrides;
}

}  // namespace mcsens
