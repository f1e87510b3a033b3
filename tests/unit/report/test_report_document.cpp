// SPDX-License-Identifier: MIT
// The report of a result file (`mcsens report`, issue 22 part 1): a file with every section gives a report with a
// section, a table and a figure for each, read back from the file alone; the HTML page fetches nothing and runs
// nothing; Markdown escapes what it must and links each figure; an existing report is refused without --force.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "mcsens/error.hpp"
#include "mcsens/report/report.hpp"
#include "mcsens/report/result_file.hpp"
#include "report/report_document.hpp"
#include "support/problem_from.hpp"
#include "support/requests.hpp"

namespace mcsens {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class ReportDocument : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = fs::temp_directory_path() / ("mcsens_report_" + std::to_string(::getpid()));
    fs::remove_all(folder_);
    fs::create_directories(folder_);
    const Problem problem = testing::problem_from(testing::every_section_config());
    RequestChoices choices;
    choices.samples = 4000;
    choices.keep_samples = 200;
    const Results results = run_request(problem, testing::request_for(problem, choices, 2));
    file_ = (folder_ / "every.h5").string();
    write_result_file(file_, false, problem, results);
  }
  static void TearDownTestSuite() { fs::remove_all(folder_); }
  static fs::path folder_;
  static std::string file_;
};
fs::path ReportDocument::folder_;
std::string ReportDocument::file_;

TEST_F(ReportDocument, AFileWithEverySectionGivesEverySectionFromTheFileAlone) {
  const report::Document d = report::build_report(read_result_summary(file_), file_);
  EXPECT_EQ(d.title, "every section");
  std::set<std::string> ids, figures;
  for (const auto& s : d.sections) {
    EXPECT_TRUE(ids.insert(s.id).second) << "two sections with the anchor " << s.id;
    for (const auto& b : s.blocks) {
      if (b.kind == report::Block::Kind::figure) {
        EXPECT_TRUE(figures.insert(b.figure.name).second) << "two figures named " << b.figure.name;
        EXPECT_EQ(b.figure.svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u) << b.figure.name;
        EXPECT_FALSE(b.figure.caption.empty()) << b.figure.name;
      }
    }
  }
  for (const char* id :
       {"summary",      "provenance",  "parameters", "outputs",   "claims",          "drivers",
        "drivers-big",  "curves",      "curve-scan", "scenarios", "scenario-more_b", "scenario-fixed_a",
        "ranking",      "sensitivity", "sobol-y",    "sobol-z",   "morris-y",        "shapley-y",
        "regression-y", "notes",       "methods",    "config"}) {
    EXPECT_EQ(ids.count(id), 1u) << "no section " << id;
  }
  for (const char* name : {"output_y", "output_z", "claims", "drivers_big", "curve_scan", "scenario_change_y",
                           "ranking", "sobol_y", "sobol_s2_y", "morris_y", "shapley_y", "regression_y"}) {
    EXPECT_EQ(figures.count(name), 1u) << "no figure " << name;
  }
}

TEST_F(ReportDocument, TheNumbersAreTheFilesAsTheConsoleWritesThem) {
  const Results r = read_result_summary(file_);
  const std::string html = report::render_html(report::build_report(r, file_));
  // The seed, the draws, a claim's probability and an output's mean, written as `mcsens show` writes them.
  EXPECT_NE(html.find("<td>seed</td><td>" + std::to_string(r.seed) + "</td>"), std::string::npos);
  EXPECT_NE(html.find("4,000 (mc sampler)"), std::string::npos);
  char p[32];
  std::snprintf(p, sizeof p, "%.4f", r.claims.at(0).probability);
  EXPECT_NE(html.find(std::string("<td class=\"n\">") + p + "</td>"), std::string::npos) << p;
  // The caveat of correlated inputs (a and b correlate) is in the notes and under Sobol' and Morris.
  ASSERT_FALSE(r.sensitivity_caveat.empty());
  EXPECT_GE(std::count(html.begin(), html.end(), '\n'), 100);
  EXPECT_NE(html.find("Owen 2014"), std::string::npos);  // the methods name Shapley's reference
  EXPECT_NE(html.find("Jansen 1999"), std::string::npos);
}

TEST_F(ReportDocument, CurvesNameTheirAxesByTheConfigsLabelsAndUnits) {
  const Results r = read_result_summary(file_);
  ASSERT_EQ(r.curves.size(), 1u);
  EXPECT_EQ(r.curves[0].x_label, "time");  // [[curves]] x_label, x_unit and unit, read back from the file
  EXPECT_EQ(r.curves[0].x_unit, "years");
  EXPECT_EQ(r.curves[0].unit, "m");
  const std::string html = report::render_html(report::build_report(r, file_));
  EXPECT_NE(html.find(">time (years)</text>"), std::string::npos);  // the x axis of the curve's figure
  EXPECT_NE(html.find(">scan (m)</text>"), std::string::npos);      // y: no label, so its name, and its unit
}

TEST_F(ReportDocument, TheHtmlPageFetchesNothingAndRunsNothing) {
  const std::string html = report::render_html(report::build_report(read_result_summary(file_), file_));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  // Every href is an anchor of the page; the only http text is SVG's namespace.
  const std::regex href("href=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
    const std::string target = (*it)[1];
    ASSERT_EQ(target.rfind('#', 0), 0u) << target;
    EXPECT_NE(html.find("id=\"" + target.substr(1) + "\""), std::string::npos) << target;
  }
  std::string rest = html;
  for (std::size_t at; (at = rest.find("xmlns=\"http://www.w3.org/2000/svg\"")) != std::string::npos;)
    rest.erase(at, 10);
  EXPECT_EQ(rest.find("http"), std::string::npos);
}

TEST_F(ReportDocument, MarkdownEscapesWhatItMustAndLinksEachFigure) {
  report::Document d;
  d.title = "a|b_c";
  report::Section s{"x", "Section *one*", 2, {}};
  s.table({{"name", "value"}, {{"a|b", "1"}}, {false, true}});
  s.figure({"fig", "a caption", "<svg/>"});
  s.code("```\nraw\n");
  d.sections.push_back(s);
  const std::string md = report::render_markdown(d, "r_figures");
  EXPECT_NE(md.find("# a|b\\_c"), std::string::npos);
  EXPECT_NE(md.find("## Section \\*one\\*"), std::string::npos);
  EXPECT_NE(md.find("| a\\|b | 1 |"), std::string::npos);
  EXPECT_NE(md.find("| --- | ---: |"), std::string::npos);
  EXPECT_NE(md.find("![a caption](r_figures/fig.svg)"), std::string::npos);
  EXPECT_NE(md.find("````\n```\nraw\n````"), std::string::npos);  // a fence longer than the text's backticks
}

TEST_F(ReportDocument, WritingRefusesAnExistingReportWithoutForceAndWritesMarkdownFiguresBesideIt) {
  const Results r = read_result_summary(file_);
  const fs::path html = folder_ / "r.html";
  const auto written = write_report(html.string(), ReportFormat::html, r, file_, false);
  ASSERT_EQ(written.size(), 1u);
  EXPECT_THROW(write_report(html.string(), ReportFormat::html, r, file_, false), Error);
  EXPECT_NO_THROW(write_report(html.string(), ReportFormat::html, r, file_, true));
  EXPECT_FALSE(fs::exists(html.string() + ".partial"));
  EXPECT_THROW(write_report(folder_.string(), ReportFormat::html, r, file_, true), Error);  // a folder
  try {
    write_report((folder_ / "no-such-folder" / "r.html").string(), ReportFormat::html, r, file_, false);
    ADD_FAILURE() << "a report into a missing folder was written";
  } catch (const RuntimeFailure& e) {
    EXPECT_NE(std::string(e.what()).find("folder '" + (folder_ / "no-such-folder").string() + "' does not exist"),
              std::string::npos)
        << e.what();
  }

  const fs::path md = folder_ / "supplement.md";
  const auto files = write_report(md.string(), ReportFormat::markdown, r, file_, false);
  ASSERT_GT(files.size(), 10u);
  const std::string text = read(md);
  for (std::size_t i = 1; i < files.size(); ++i) {
    const fs::path figure(files[i]);
    EXPECT_EQ(figure.parent_path().filename(), "supplement_figures");
    EXPECT_NE(text.find("(supplement_figures/" + figure.filename().string() + ")"), std::string::npos) << files[i];
    EXPECT_EQ(read(figure).rfind("<svg", 0), 0u);
  }
  EXPECT_THROW(write_report(md.string(), ReportFormat::markdown, r, file_, false), Error);
  EXPECT_EQ(parse_report_format("md"), ReportFormat::markdown);
  EXPECT_EQ(parse_report_format("html"), ReportFormat::html);
  EXPECT_THROW(parse_report_format("pdf"), Error);
}

}  // namespace
}  // namespace mcsens
