// SPDX-License-Identifier: MIT
#pragma once

#include "mcsens/engine/results.hpp"
#include "mcsens/report/layout.hpp"

// The groups of a result file, described once (mcsens/report/layout.hpp): what each Results type is written as.
// Sections not yet described here are written by hand in src/report/result_file.cpp (issue 33, part 0, in steps).
namespace mcsens {

// An output's summary: /outputs/<output>, and the same group for a scenario's outputs and paired changes
// (/scenarios/<scenario>/outputs/<output>, .../delta/<output>) and a curve feature's statistics.
const layout::Layout<OutputSummary>& output_layout();

// A claim: /claims/<claim> (and /scenarios/<scenario>/claims/<claim>), with drivers/ when they were computed.
const layout::Layout<ClaimSummary>& claim_layout();

// A response curve: /curves/<curve> (and a scenario's), its bands and features/<feature>.
const layout::Layout<CurveSummary>& curve_layout();

}  // namespace mcsens
