// SPDX-License-Identifier: MIT
#include "mcsens/report/report.hpp"

#include <filesystem>
#include <fstream>

#include "mcsens/error.hpp"
#include "report/report_document.hpp"

namespace mcsens {
namespace {

namespace fs = std::filesystem;

// Written whole under a temporary name and renamed, so a failed write leaves no half report.
void write_text(const fs::path& path, const std::string& text) {
  const fs::path partial = path.string() + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  std::error_code ec;
  if (!out) {
    fs::remove(partial, ec);
    throw RuntimeFailure("cannot write " + path.string(), SourceLocation{path.string(), 0, 0, {}});
  }
  fs::rename(partial, path, ec);
  if (ec) throw RuntimeFailure("cannot write " + path.string() + ": " + ec.message());
}

}  // namespace

ReportFormat parse_report_format(const std::string& text) {
  if (text == "html") return ReportFormat::html;
  if (text == "md" || text == "markdown") return ReportFormat::markdown;
  throw Error("report: unknown --format '" + text + "' (html or md)");
}

std::vector<std::string> write_report(const std::string& path, ReportFormat format, const Results& results,
                                      const std::string& file, bool overwrite) {
  const fs::path target(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw Error("report: -o " + path + " is a folder; name the report's file");
  if (fs::exists(target, ec) && !overwrite) throw Error("report: " + path + " exists; use --force to replace it");
  // As `run -o` says it: a missing folder is named, not reported as a failed write.
  const fs::path folder_of_report = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(folder_of_report, ec)) {
    throw RuntimeFailure("report: cannot write " + path + ": folder '" + folder_of_report.string() +
                         "' does not exist");
  }
  const report::Document document = report::build_report(results, file);
  std::vector<std::string> written;
  if (format == ReportFormat::html) {
    write_text(target, report::render_html(document));
    written.push_back(target.string());
    return written;
  }
  const std::string folder_name = target.stem().string() + "_figures";
  const fs::path folder = target.parent_path() / folder_name;
  if (fs::exists(folder, ec)) {
    if (!fs::is_directory(folder, ec)) throw Error("report: " + folder.string() + " exists and is not a folder");
    if (!overwrite) throw Error("report: " + folder.string() + " exists; use --force to replace its figures");
  } else if (!fs::create_directories(folder, ec)) {
    throw RuntimeFailure("report: cannot create " + folder.string() + ": " + ec.message());
  }
  write_text(target, report::render_markdown(document, folder_name));
  written.push_back(target.string());
  for (const auto& section : document.sections) {
    for (const auto& block : section.blocks) {
      if (block.kind != report::Block::Kind::figure) continue;
      const fs::path figure = folder / (block.figure.name + ".svg");
      write_text(figure, block.figure.svg + "\n");
      written.push_back(figure.string());
    }
  }
  return written;
}

}  // namespace mcsens
