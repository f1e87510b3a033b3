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

// The draws a model failed, as attributes of the root or a scenario's group (written only when some failed).
const layout::Layout<FailureCounts>& failures_layout();

// A scenario: /scenarios/<scenario>, with its outputs, claims, curves and paired changes (delta/).
const layout::Layout<ScenarioSummary>& scenario_layout();

// The ranking of the scenarios, datasets of the /scenarios group itself (written when the run ranks them).
const layout::Layout<RankingSummary>& ranking_layout();

// Sensitivity indices of one target: /sensitivity/<method>/<target>. The run's caveat (with [correlation]
// pairs) is an attribute the writer supplies to each Sobol' and Morris group.
const layout::Layout<SobolSummary>& sobol_layout();
const layout::Layout<MorrisSummary>& morris_layout();
const layout::Layout<ShapleySummary>& shapley_layout();
const layout::Layout<RegressionSummary>& regression_layout();

}  // namespace mcsens
