// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

namespace mcsens::detail {

// Issue 18: TOML 1.0 inline tables ({ ... }) must stay on one line, and writing one over several lines is the
// first thing a user coming from JSON or Python tries. When a syntax error at (line, column) of `text` (1-based,
// toml++'s column in code points) falls at the end of a line that leaves an inline table open, this returns the
// rest of the message: that inline tables stay on one line, and the same entries as a table of their own, e.g.
//
//   inline tables { ... } must stay on one line in TOML; write it on one line, or as a table of its own:
//       [parameters.a]
//       dist = "normal"
//       ...
//
// Otherwise (the error is anything else) nothing.
std::optional<std::string> multiline_inline_table_hint(const std::string& text, int line, int column);

}  // namespace mcsens::detail
