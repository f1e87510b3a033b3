// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace mcsens {
namespace detail {

// The shortest text that reads back to the same double ("0.5", "1e-09"), for messages and describe().
std::string format_number(double x);

}  // namespace detail
}  // namespace mcsens
