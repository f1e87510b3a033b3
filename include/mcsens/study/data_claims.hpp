// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/engine/results.hpp"
#include "mcsens/study/data_analysis.hpp"

// Claims on data (issue 21): `mcsens analyze DATA --claim "big = y > 10"` asks how often a statement about the
// columns holds in the rows, and what drives it, with the machinery of a run's claims: the Wilson interval and
// Monte Carlo filtering (mcsens/analysis/filtering.hpp).
namespace mcsens {

struct DataClaim {
  std::string name;
  std::string expr;      // over the data's input and output columns, in the model language
  std::string argument;  // the --claim argument it came from, for located errors
  int expr_offset = 0;   // where expr starts in it
};

// The --claim arguments: "NAME = EXPR" (NAME an identifier; an '=' that is part of "==", "<=", ">=" or "!=" does
// not name) or "EXPR", named claim_1, claim_2, ... by position. mcsens::Error (exit 2) for an empty expression or a
// name given twice.
std::vector<DataClaim> parse_data_claims(const std::vector<std::string>& arguments);

// Each claim compiled over the columns (an Error located in its argument for a bad expression, an unknown name
// with a did-you-mean, a name that is a column), evaluated on every row: its probability over the rows where it is
// defined (undefined, counted and left out: a non-finite result, or a non-finite cell in a column it names) with the
// Wilson interval at `confidence`, its verdict in words, and its drivers: every input column's two-sample KS distance
// between the rows where it holds and where it fails, over 1000 bins of the column's range, with p-values and the
// column's quantiles where it holds.
std::vector<ClaimSummary> evaluate_data_claims(const DataColumns& data, const std::vector<DataClaim>& claims,
                                               double confidence);

}  // namespace mcsens
