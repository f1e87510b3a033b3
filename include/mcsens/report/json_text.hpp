// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

// JSON text as mcsens writes it everywhere (`run --json`, `show --json`, `check --json`): one escaping and one
// number format, so that every document it prints reads back the same way.
namespace mcsens::json {

// A JSON string: quotes and backslashes escaped, \n \r \t by name, the other control characters and DEL as
// \u00XX; every other byte (UTF-8 included) as it is.
std::string quoted(std::string_view text);

// A JSON number: the shortest text that reads back to the same double, with a plain exponent (12.6, 1e6,
// 2.5e-7, 123456); null for NaN and infinity, which JSON cannot hold.
std::string number(double x);

// ["a", "b"] and [1, null].
std::string quoted_list(const std::vector<std::string>& items);
std::string number_list(const std::vector<double>& values);

}  // namespace mcsens::json
