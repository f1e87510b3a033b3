// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/engine/results.hpp"
#include "mcsens/report/layout.hpp"
#include "mcsens/space/parameter_space.hpp"

// The groups of a result file, described once (mcsens/report/layout.hpp): what each Results type is written as.
// Sections not yet described here are written by hand in src/report/result_file.cpp (issue 33, part 0, in steps).
namespace mcsens {

// A parameter as the run used it (/parameters/<parameter>), from the ParameterSpace.
ParameterRecord parameter_record(const ParameterSpace& space, std::size_t p);
const layout::Layout<ParameterRecord>& parameter_layout();

// The version of the layout this mcsens writes (the root's format_version attribute), and the oldest it reads.
// 1: no format_version attribute; 2: every dataset's axes are HDF5 dimension scales (netCDF-4 readers name them),
// with coordinate datasets such as "input" and "quantile" and the curves' grid dimension named "x".
// Bump it when a path or a meaning changes, and say in read_result_summary what an older file lacks.
inline constexpr int result_format_version = 2;
inline constexpr int oldest_result_format_version = 1;

// The root group's attributes (provenance), and the groups after /parameters.
const layout::Layout<Results>& root_layout();
const layout::Layout<Results>& contents_layout();

// The time stamp of a file's created_utc attribute: now, UTC, ISO 8601 ("2026-12-06T14:42:00Z").
std::string created_utc_now();

// Every line of a result file, in the order written: the root's attributes, /parameters, then the contents.
std::vector<layout::SchemaLine> result_schema();

// result_schema() as the table of docs/hdf5-schema.md ("Every path"): one row per line, paths absolute
// ("/outputs/<output>/moments", "/@title" for an attribute of the root, "/claims/<claim>/drivers/@method" of a
// group, ".../moments@names" of a dataset).
std::string result_schema_table();
// Schema lines as such a table (also of the file mcsens analyze writes, mcsens/report/data_analysis_file.hpp).
std::string schema_table(const std::vector<layout::SchemaLine>& lines);

// An output's summary: /outputs/<output>, and the same group for a scenario's outputs and paired changes
// (/scenarios/<scenario>/outputs/<output>, .../delta/<output>) and a curve feature's statistics.
const layout::Layout<OutputSummary>& output_layout();
// An array output of one dimension (issue 35): /outputs/<array output>, with @dimension, its coordinate dataset
// named after the dimension, and each element's statistics along axis 0 (moments (T, 6), quantiles (T, K)).
const layout::Layout<OutputSummary>& array_output_layout();

// A claim: /claims/<claim> (and /scenarios/<scenario>/claims/<claim>), with drivers/ when they were computed.
const layout::Layout<ClaimSummary>& claim_layout();

// A response curve: /curves/<curve> (and a scenario's), its bands and features/<feature>, each an output's
// statistics (embedded) with not_found and at_edge.
const layout::Layout<CurveSummary>& curve_layout();
const layout::Layout<FeatureSummary>& feature_layout();

// The draws a model failed, as attributes of the root or a scenario's group (written only when some failed).
const layout::Layout<FailureCounts>& failures_layout();

// A scenario: /scenarios/<scenario>, with its outputs, claims, curves and paired changes (delta/).
const layout::Layout<ScenarioSummary>& scenario_layout();

// The ranking of the scenarios, datasets of the /scenarios group itself (written when the run ranks them).
const layout::Layout<RankingSummary>& ranking_layout();

// Sensitivity indices of one target: /sensitivity/<method>/<target>. The run's caveat (with [correlation]
// pairs) is an attribute the writer supplies to each Sobol' and Morris group.
const layout::Layout<SobolSummary>& sobol_layout();
// Of an array output (issue 35, step 4): /sensitivity/sobol/<array target>, per element along its dimension.
const layout::Layout<SobolSummary>& array_sobol_layout();
const layout::Layout<MorrisSummary>& morris_layout();
const layout::Layout<ShapleySummary>& shapley_layout();
const layout::Layout<RegressionSummary>& regression_layout();

}  // namespace mcsens
