// SPDX-License-Identifier: MIT
#pragma once

#include "mcsens/engine/results.hpp"
#include "mcsens/report/uncovered.hpp"

// What the JSON document (json.cpp) and the CSV tables (csv_tables.cpp) handle of each layout of the result file:
// show under keys or columns of their own, or leave to the file on purpose (coordinates, the names of rows,
// constant method texts; the CSV tables also histograms and provenance, the document the kept draws and the run
// state). Both were written for the fields of format 2, so one list per layout serves both; every entry not
// listed is written by each under its path (mcsens/report/uncovered.hpp). A writer that gives a new field a key
// or a column of its own lists it here, and then the other must too: the test result_readers requires every
// number of the file in both.
namespace mcsens::covered {

const layout::Covered& output();  // output_layout(), of every set of draws' statistics
// array_output_layout() of `o`: as output(), with its dimension and the coordinate named after it.
layout::Covered array_output(const OutputSummary& o);
const layout::Covered& claim();  // claim_layout(), its drivers/ included
const layout::Covered& curve();  // curve_layout() (its features: feature())
// feature_layout() of `f` beyond the statistics it embeds, which are an output's (output()).
layout::Covered feature(const FeatureSummary& f);
const layout::Covered& scenario();  // scenario_layout()'s own entries
const layout::Covered& ranking();   // ranking_layout()
const layout::Covered& sobol();     // sobol_layout()
// array_sobol_layout() of `so`: its dimension and the coordinate named after it too.
layout::Covered array_sobol(const SobolSummary& so);
const layout::Covered& morris();      // morris_layout()
const layout::Covered& shapley();     // shapley_layout()
const layout::Covered& regression();  // regression_layout()
const layout::Covered& parameter();   // parameter_layout()
const layout::Covered& root();        // root_layout() and contents_layout()'s own entries

}  // namespace mcsens::covered
