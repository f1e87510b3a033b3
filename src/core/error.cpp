// SPDX-License-Identifier: MIT
#include "mcsens/error.hpp"

namespace mcsens {

namespace {
std::string with_location(const std::string& message, const SourceLocation& where) {
  if (where.file.empty()) return message;
  std::string out = where.file;
  if (where.known()) {
    out += ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
  }
  return out + ": " + message;
}
}  // namespace

Error::Error(const std::string& message, SourceLocation where)
    : std::runtime_error(with_location(message, where)), message_(message), where_(std::move(where)) {}

std::string Error::formatted() const {
  std::string out = what();
  if (where_.known() && where_.column > 0 && !where_.line_text.empty()) {
    out += "\n    " + where_.line_text + "\n    ";
    // Keep tabs so that the caret lines up with the source line as a terminal shows it.
    for (int i = 0; i + 1 < where_.column && i < static_cast<int>(where_.line_text.size()); ++i) {
      out += where_.line_text[static_cast<size_t>(i)] == '\t' ? '\t' : ' ';
    }
    out += "^";
  }
  return out;
}

}  // namespace mcsens
