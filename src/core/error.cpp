// SPDX-License-Identifier: MIT
#include "mcsens/error.hpp"

namespace mcsens {

namespace {
std::string with_location(const std::string& message, const SourceLocation& where) {
  if (where.file.empty()) return message;
  std::string out = where.file;
  if (where.known() && !where.in_argument) {
    out += ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
  }
  return out + ": " + message;
}
}  // namespace

Error::Error(const std::string& message, SourceLocation where)
    : std::runtime_error(with_location(message, where)), message_(message), where_(std::move(where)) {}

namespace {

// Input text echoed to a terminal must not carry its control characters (a binary config could hold escape
// sequences that rewrite the screen): each becomes '?'. Tabs stay (the caret line keeps them); newlines stay in
// the message only, where mcsens itself puts them.
std::string printable(const std::string& text, bool keep_newlines) {
  std::string out = text;
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && !(keep_newlines && c == '\n')) || byte == 0x7f) c = '?';
  }
  return out;
}

}  // namespace

std::string Error::formatted() const {
  std::string out = printable(what(), true);
  if (where_.known() && where_.column > 0 && !where_.line_text.empty()) {
    out += "\n    " + printable(where_.line_text, false) + "\n    ";
    // Keep tabs so that the caret lines up with the source line as a terminal shows it. Columns count characters
    // (as toml++ does): the continuation bytes of a UTF-8 character add none.
    int column = 1;
    for (const char c : where_.line_text) {
      if (column >= where_.column) break;
      if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
      out += c == '\t' ? '\t' : ' ';
      ++column;
    }
    out += "^";
  }
  return out;
}

}  // namespace mcsens
