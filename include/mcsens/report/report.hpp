// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/engine/results.hpp"

namespace mcsens {

enum class ReportFormat { html, markdown };

// "html" or "md" (also "markdown"); mcsens::Error naming the choices otherwise.
ReportFormat parse_report_format(const std::string& text);

// Writes the report of a result file for people (`mcsens report`, docs/cli.md): provenance and config, parameters,
// outputs, claims and what drives them, curves, scenarios, sensitivity indices, notes and the methods with their
// references, with figures drawn by mcsens (SVG). `results` is the file's summary (read_result_summary(file)).
// html: one self-contained page at `path` (no script, nothing fetched). markdown: `path` plus a folder
// <path's stem>_figures/ of SVG files beside it, which the page links to.
// An existing `path` (or figure folder) is refused unless `overwrite` (mcsens::Error, exit 2); a file that cannot
// be written is a RuntimeFailure (exit 3). Returns the files written, the report first.
std::vector<std::string> write_report(const std::string& path, ReportFormat format, const Results& results,
                                      const std::string& file, bool overwrite);

}  // namespace mcsens
