// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>

#include "mcsens/engine/results.hpp"

namespace mcsens {

// Tables for people: one per output (mean ± standard error, sd, q05, median, q95, non-finite), then the claims,
// their drivers, curves, scenarios and the ranking, and the sensitivity indices. What `run` prints and `show`
// prints again from a file.
void print_summary(std::ostream& out, const Results& results);

// The claims' part of it: each claim's probability, interval and verdict, then what drives it (the three inputs of
// largest KS distance). `replicates`: the run's randomized-QMC replicates (0 for plain draws), for the note on a
// Wilson interval. Also what `mcsens analyze --claim` prints.
void print_claims(std::ostream& out, const std::vector<ClaimSummary>& claims, std::size_t replicates);

}  // namespace mcsens
