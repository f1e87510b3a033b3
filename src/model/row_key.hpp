// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>

namespace mcsens {

// A row of input values as a hash-map key: its bytes, so that two rows are the same key exactly when their bits are
// (the rows an external program ran, a design recorded, or rows evaluated elsewhere).
inline std::string row_key(const double* values, std::size_t n) {
  return std::string(reinterpret_cast<const char*>(values), n * sizeof(double));
}

}  // namespace mcsens
