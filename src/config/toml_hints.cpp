// SPDX-License-Identifier: MIT
#include "config/toml_hints.hpp"

#include <vector>

namespace mcsens::detail {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string trim(const std::string& s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (is_space(s[b]) || s[b] == '\n')) ++b;
  while (e > b && (is_space(s[e - 1]) || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

// The offset just past the string that starts at text[i] (a quote), over escapes and multi-line strings; the end
// of the text for a string that is not closed.
size_t skip_string(const std::string& text, size_t i) {
  const char q = text[i];
  const bool multi = text.compare(i, 3, std::string(3, q)) == 0;
  i += multi ? 3 : 1;
  while (i < text.size()) {
    if (q == '"' && text[i] == '\\') {
      i += 2;
      continue;
    }
    if (!multi && text[i] == '\n') return i;  // unterminated: the line ends it
    if (text[i] == q && (!multi || text.compare(i, 3, std::string(3, q)) == 0)) {
      i += multi ? 3 : 1;
      // A multi-line string may end in up to two more quotes of its kind ("""a"""" is a"): take them.
      while (multi && i < text.size() && text[i] == q) ++i;
      return i;
    }
    ++i;
  }
  return i;
}

size_t skip_comment(const std::string& text, size_t i) {
  while (i < text.size() && text[i] != '\n') ++i;
  return i;
}

struct Open {
  char bracket;
  size_t offset;
  std::string name;  // for a '{' that is the value of a key of a [table]: the table's dotted name, else ""
};

// The entries of the inline table whose '{' is at `open`, as written ("dist = \"normal\""), one per comma at its
// own level; comments dropped and line breaks folded. When the table is never closed, the entries on the line of
// its '{' only. Empty when an entry is not a key = value.
std::vector<std::string> entries_of(const std::string& text, size_t open) {
  std::vector<std::string> entries;
  std::string current;
  int depth = 0;
  size_t i = open + 1;
  bool closed = false;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      const size_t end = skip_string(text, i);
      current += text.substr(i, end - i);
      i = end;
      continue;
    }
    if (c == '#') {
      i = skip_comment(text, i);
      continue;
    }
    if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == '}') {
      closed = true;
      break;
    }
    if (c == ',' && depth == 0) {
      entries.push_back(current);
      current.clear();
    } else {
      current += c == '\n' ? ' ' : c;
    }
    ++i;
  }
  entries.push_back(current);
  if (!closed) {
    // Never closed: a forgotten '}' rather than a table over several lines; take what its first line holds.
    const size_t line_end = text.find('\n', open);
    return line_end == std::string::npos ? std::vector<std::string>{}
                                         : entries_of(text.substr(0, line_end) + "}", open);
  }
  std::vector<std::string> out;
  for (const auto& entry : entries) {
    std::string folded;
    for (const char c : trim(entry)) {
      if (is_space(c) && !folded.empty() && is_space(folded.back())) continue;
      folded += c;
    }
    if (folded.empty()) continue;  // a trailing comma
    if (folded.find('=') == std::string::npos) return {};
    out.push_back(folded);
  }
  return out;
}

}  // namespace

std::optional<std::string> multiline_inline_table_hint(const std::string& text, int line, int column) {
  if (line < 1 || column < 1) return std::nullopt;
  // The byte offset of the error: its line's start, then column - 1 code points (UTF-8 continuation bytes are not
  // code points of their own).
  size_t line_start = 0;
  for (int l = 1; l < line; ++l) {
    line_start = text.find('\n', line_start);
    if (line_start == std::string::npos) return std::nullopt;
    ++line_start;
  }
  size_t line_end = text.find('\n', line_start);
  if (line_end == std::string::npos) line_end = text.size();
  size_t at = line_start;
  for (int c = 1; c < column && at < line_end; ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80) ++c;
  }
  while (at < line_end && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  // The error must be at the end of its line: nothing but blanks and a comment follow it.
  for (size_t i = at; i < line_end && text[i] != '#'; ++i) {
    if (!is_space(text[i])) return std::nullopt;
  }

  // Which brackets are open at the error, and under which [table] header.
  std::vector<Open> open;
  std::string header;
  bool header_is_array = false;
  bool line_blank = true;  // only blanks so far on the current line
  size_t current_line_start = 0;
  for (size_t i = 0; i < at;) {
    const char c = text[i];
    if (c == '\n') {
      line_blank = true;
      current_line_start = ++i;
      continue;
    }
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '#') {
      i = skip_comment(text, i);
      continue;
    }
    const bool starts_line = line_blank;
    line_blank = false;
    if (c == '"' || c == '\'') {
      i = skip_string(text, i);
      continue;
    }
    if (c == '[' && open.empty() && starts_line) {
      // A [table] or [[array of tables]] header.
      header_is_array = text.compare(i, 2, "[[") == 0;
      const size_t from = i + (header_is_array ? 2 : 1);
      size_t end = from;
      while (end < line_end && end < text.size() && text[end] != ']' && text[end] != '\n') {
        end = (text[end] == '"' || text[end] == '\'') ? skip_string(text, end) : end + 1;
      }
      header = trim(text.substr(from, end - from));
      i = end;
      continue;
    }
    if (c == '[' || c == '{') {
      Open entry{c, i, ""};
      if (c == '{' && open.empty() && !header_is_array) {
        // key = { ... } directly under a [table]: the table form is [header.key].
        std::string before = trim(text.substr(current_line_start, i - current_line_start));
        if (!before.empty() && before.back() == '=') {
          const std::string key = trim(before.substr(0, before.size() - 1));
          if (!key.empty()) entry.name = header.empty() ? key : header + "." + key;
        }
      }
      open.push_back(entry);
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
    }
    ++i;
  }
  if (open.empty() || open.back().bracket != '{') return std::nullopt;

  std::string hint = "inline tables { ... } must stay on one line in TOML; write it on one line";
  const std::vector<std::string> entries =
      open.back().name.empty() ? std::vector<std::string>{} : entries_of(text, open.back().offset);
  if (entries.empty()) {
    return hint + ", or as a table of its own ([name] and one key = value per line below it)";
  }
  hint += ", or as a table of its own:\n    [" + open.back().name + "]";
  for (const auto& entry : entries) hint += "\n    " + entry;
  return hint;
}

}  // namespace mcsens::detail
