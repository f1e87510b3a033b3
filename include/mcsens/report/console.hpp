// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>

#include "mcsens/engine/results.hpp"

namespace mcsens {

// Tables for people: one per output (mean ± standard error, sd, q05, median, q95, non-finite), then the claims,
// their drivers, curves, scenarios and the ranking, and the sensitivity indices. What `run` prints and `show`
// prints again from a file.
void print_summary(std::ostream& out, const Results& results);

}  // namespace mcsens
