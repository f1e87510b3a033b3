// SPDX-License-Identifier: MIT
#pragma once

#include <ostream>

#include "mcsens/report/data_analysis_file.hpp"

// What mcsens analyze prints, and mcsens show prints again from its -o file: a table per output (console) or one
// JSON document (docs/cli.md, "mcsens analyze").
namespace mcsens::cli {

void print_data_analysis(std::ostream& out, const DataAnalysisFile& file);
void print_data_analysis_json(std::ostream& out, const DataAnalysisFile& file);

}  // namespace mcsens::cli
