// SPDX-License-Identifier: MIT
#include "config/string_positions.hpp"

#include <cstdint>

namespace mcsens::detail {

namespace {

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Walks the config's lines from a position, a byte at a time, with the line break between two lines as '\n' and
// '\0' past the end; the column is that of the code point the byte belongs to.
class Cursor {
 public:
  Cursor(const std::vector<std::string>& lines, std::size_t line, std::size_t byte, int column)
      : lines_(lines), line_(line), byte_(byte), column_(column) {}

  char peek(std::size_t ahead = 0) const {
    std::size_t line = line_;
    std::size_t byte = byte_;
    for (std::size_t k = 0; k < ahead; ++k) {
      if (byte < lines_[line].size()) {
        ++byte;
      } else if (line + 1 < lines_.size()) {
        ++line;
        byte = 0;
      } else {
        return '\0';
      }
    }
    if (byte < lines_[line].size()) return lines_[line][byte];
    return line + 1 < lines_.size() ? '\n' : '\0';
  }
  void advance() {
    if (byte_ < lines_[line_].size()) {
      ++byte_;
      if (byte_ >= lines_[line_].size() || !continuation(lines_[line_][byte_])) ++column_;
    } else if (line_ + 1 < lines_.size()) {
      ++line_;
      byte_ = 0;
      column_ = 1;
    }
  }
  TextPositions::Position position() const { return {static_cast<int>(line_) + 1, column_}; }
  std::size_t line_index() const { return line_; }

 private:
  const std::vector<std::string>& lines_;
  std::size_t line_;
  std::size_t byte_;
  int column_;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::size_t byte_of_column(const std::string& line, int column) {
  std::size_t byte = 0;
  for (int c = 1; byte < line.size(); ++byte) {
    if (continuation(line[byte])) continue;
    if (c >= column) break;
    ++c;
  }
  return byte;
}

std::shared_ptr<const TextPositions> string_positions(const ConfigSource& source, int line, int column,
                                                      const std::string& value) {
  const auto& lines = source.lines;
  if (line < 1 || static_cast<std::size_t>(line) > lines.size() || column < 1) return nullptr;
  const std::string& first = lines[static_cast<std::size_t>(line - 1)];
  const std::size_t byte = byte_of_column(first, column);
  if (byte >= first.size()) return nullptr;
  const char quote = first[byte];
  if (quote != '"' && quote != '\'') return nullptr;

  Cursor at(lines, static_cast<std::size_t>(line - 1), byte, column);
  const bool multi = at.peek(1) == quote && at.peek(2) == quote;
  for (int k = 0; k < (multi ? 3 : 1); ++k) at.advance();
  if (multi && at.peek() == '\n') at.advance();  // the newline right after the delimiter is not part of the value

  auto positions = std::make_shared<TextPositions>();
  positions->at.reserve(value.size() + 1);
  std::string decoded;
  decoded.reserve(value.size());
  const auto emit = [&](TextPositions::Position p, const std::string& bytes) {
    decoded += bytes;
    positions->at.insert(positions->at.end(), bytes.size(), p);
  };
  while (decoded.size() < value.size()) {
    const char c = at.peek();
    const TextPositions::Position p = at.position();
    if (c == '\0') return nullptr;
    if (quote == '"' && c == '\\') {
      at.advance();
      const char e = at.peek();
      if (multi && (e == ' ' || e == '\t' || e == '\n')) {
        // A line-ending backslash: the whitespace and line breaks that follow are not part of the value.
        while (at.peek() == ' ' || at.peek() == '\t' || at.peek() == '\n') at.advance();
        continue;
      }
      const int digits = e == 'u' ? 4 : e == 'U' ? 8 : e == 'x' ? 2 : 0;
      if (digits > 0) {
        std::uint32_t cp = 0;
        for (int k = 1; k <= digits; ++k) {
          const int d = hex_digit(at.peek(static_cast<std::size_t>(k)));
          if (d < 0) return nullptr;
          cp = cp * 16 + static_cast<std::uint32_t>(d);
        }
        if (cp > 0x10FFFF) return nullptr;
        std::string bytes;
        append_utf8(cp, bytes);
        emit(p, bytes);
        for (int k = 0; k <= digits; ++k) at.advance();
        continue;
      }
      const std::string simple = "btnfre\"\\";
      const std::string meaning = "\b\t\n\f\r\x1b\"\\";
      const auto found = simple.find(e);
      if (e == '\0' || found == std::string::npos) return nullptr;
      emit(p, std::string(1, meaning[found]));
      at.advance();
      continue;
    }
    emit(p, std::string(1, c));
    at.advance();
  }
  if (decoded != value) return nullptr;
  positions->at.push_back(at.position());  // one past the end: the closing quote

  // A one-line value of single-byte characters without escapes is exact as column + 1 + i: no table needed.
  bool plain = true;
  for (std::size_t i = 0; plain && i < positions->at.size(); ++i) {
    const auto& q = positions->at[i];
    plain = q.line == line && q.column == column + (multi ? 3 : 1) + static_cast<int>(i);
  }
  if (plain && !multi) return nullptr;
  positions->first_line = line;
  for (std::size_t k = static_cast<std::size_t>(line - 1); k <= at.line_index(); ++k)
    positions->lines.push_back(lines[k]);
  return positions;
}

}  // namespace mcsens::detail
