// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>

#include "config/config_impl.hpp"
#include "mcsens/expr/expression_source.hpp"

namespace mcsens::detail {

// The byte of `line` at which character `column` (1-based, a column per UTF-8 code point as toml++ counts) starts;
// line.size() past its end.
std::size_t byte_of_column(const std::string& line, int column);

// Where each byte of the TOML string `value`, whose opening quote stands at `line`:`column` of the config (toml++
// positions: 1-based, a column per code point), stands in the file: through escapes (\t, \u00e9, \U0001F600),
// multi-line strings ("""...""" and '''...''', their trimmed first newline and line-ending backslashes) and
// non-ASCII characters. Null when every byte is at column + 1 + i of that line (a plain one-line string), or when
// the text at that position does not decode to `value` (then the caller keeps the string's start).
std::shared_ptr<const TextPositions> string_positions(const ConfigSource& source, int line, int column,
                                                      const std::string& value);

}  // namespace mcsens::detail
