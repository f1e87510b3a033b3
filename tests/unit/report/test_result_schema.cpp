// SPDX-License-Identifier: MIT
// A whole result file against its description (result_schema(), issue 33, part 0): a run with every section
// (constants and distributions, correlation, claims with drivers, a curve, scenarios with a ranking, second-order
// Sobol', Morris, Shapley, regression, kept draws) writes only what the schema lists, everything the schema says
// every file has, and reads back to what it wrote.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "support/h5_contents.hpp"
#include "support/problem_from.hpp"
#include "support/requests.hpp"

namespace mcsens {
namespace {

namespace fs = std::filesystem;

// Every section a file can hold, from the config the Python readers' test uses too.
std::string every_section_config() {
  std::ifstream in(std::string(MCSENS_SOURCE_DIR) + "/tests/integration/data/every_section.toml");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A schema path as a pattern: each <placeholder> stands for one name.
std::regex pattern(const std::string& path) {
  std::string re;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '<') {
      i = path.find('>', i);
      re += "[^/@]+";
    } else if (std::string("\\^$.|?*+()[]{}").find(path[i]) != std::string::npos) {
      re += std::string("\\") + path[i];
    } else {
      re += path[i];
    }
  }
  return std::regex(re);
}

class ResultSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("mcsens_schema_" + std::to_string(::getpid()));
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  fs::path folder_;
};

TEST_F(ResultSchema, AFileWithEverySectionHoldsWhatTheSchemaListsAndReadsBack) {
  const Problem problem = testing::problem_from(every_section_config());
  RequestChoices choices;
  choices.samples = 4000;
  choices.keep_samples = 100;
  const Results results = run_request(problem, testing::request_for(problem, choices, 2));
  const std::string path = (folder_ / "every.h5").string();
  write_result_file(path, false, problem, results);

  std::set<std::string> held;
  testing::h5_contents(h5::InputFile(path).root(), "", held);
  const std::vector<layout::SchemaLine> schema = result_schema();
  std::vector<std::regex> patterns;
  for (const auto& line : schema) patterns.push_back(pattern(line.path));
  for (const auto& p : held) {
    bool listed = false;
    for (const auto& re : patterns) listed = listed || std::regex_match(p, re);
    EXPECT_TRUE(listed) << p << " is in the file but not in the schema";
  }
  // A line listed as always there is there wherever its parent (the group or dataset it is in) is.
  for (const auto& line : schema) {
    if (!line.always) continue;
    const std::string path = line.group ? line.path.substr(0, line.path.size() - 1) : line.path;
    const auto cut = path.find_last_of("/@");
    const std::string parent = cut == std::string::npos ? "" : path.substr(0, cut + (path[cut] == '/' ? 1 : 0));
    const std::string rest = line.path.substr(parent.size());
    if (parent.empty()) {
      EXPECT_TRUE(held.count(line.path)) << line.path << " is listed as always there, but missing";
      continue;
    }
    const std::regex parent_pattern = pattern(parent);
    for (const auto& p : held) {
      if (std::regex_match(p, parent_pattern)) {
        EXPECT_TRUE(held.count(p + rest))
            << p + rest << " is listed as always there (" << line.path << "), but missing";
      }
    }
  }
  // Every dataset's axes are named by dimension scales, as its line lists them (issue 33, part 1): what netCDF
  // readers such as xarray and ncdump need to name them without inventing "phony" dimensions.
  std::map<std::string, std::string> dimensions;
  testing::h5_dimensions(h5::InputFile(path).root(), "", dimensions);
  for (const auto& [dataset, names] : dimensions) {
    const auto line = std::find_if(schema.begin(), schema.end(), [&](const layout::SchemaLine& l) {
      return !l.group && std::regex_match(dataset, pattern(l.path));
    });
    ASSERT_NE(line, schema.end()) << dataset;
    std::string listed;
    for (const auto& d : line->dims) listed += (listed.empty() ? "" : ", ") + d.name;
    EXPECT_EQ(names, listed) << dataset << "'s dimension scales";
  }
  EXPECT_EQ(dimensions.at("sensitivity/sobol/y/S2"), "input, input_2");
  EXPECT_EQ(dimensions.at("outputs/y/histogram/counts"), "bin");
  EXPECT_EQ(dimensions.at("resume/state"), "byte");
  EXPECT_EQ(h5::InputFile(path).root().open_group("outputs/y").read_strings("moment"),
            (std::vector<std::string>{"mean", "sd", "skewness", "kurtosis", "min", "max"}));

  // The sections this config asks for are there (the schema's optional parts included).
  for (const char* p : {"parameters/c/@value", "parameters/a/@mean", "claims/big/drivers/ks_d", "curves/scan/bands",
                        "scenarios/more_b/delta/y/moments", "scenarios/ranking", "sensitivity/sobol/y/S2",
                        "sensitivity/sobol/y/@caveat", "sensitivity/morris/y/@caveat", "sensitivity/shapley/y/effects",
                        "sensitivity/regression/z/prcc", "samples/inputs", "resume/state"}) {
    EXPECT_TRUE(held.count(p)) << p;
  }

  const Results back = read_result_summary(path);
  EXPECT_EQ(back.title, results.title);
  EXPECT_EQ(back.samples, results.samples);
  EXPECT_EQ(back.outputs.size(), 2u);
  EXPECT_EQ(back.outputs[1].label, "difference");
  EXPECT_EQ(back.outputs[0].quantiles, results.outputs[0].quantiles);
  EXPECT_EQ(back.claims.at(0).drivers.size(), results.claims.at(0).drivers.size());
  EXPECT_EQ(back.curves.at(0).bands, results.curves.at(0).bands);
  ASSERT_EQ(back.scenarios.size(), 2u);
  EXPECT_EQ(back.scenarios[1].name, "fixed_a");
  EXPECT_TRUE(back.has_ranking);
  EXPECT_EQ(back.ranking.probability, results.ranking.probability);
  EXPECT_EQ(back.sobol.at(0).result.S2.size(), results.sobol.at(0).result.S2.size());
  EXPECT_EQ(back.shapley.at(0).result.effects, results.shapley.at(0).result.effects);
  EXPECT_EQ(back.sensitivity_caveat, results.sensitivity_caveat);
  EXPECT_FALSE(back.sensitivity_caveat.empty());
}

// docs/hdf5-schema.md lists every line of result_schema(): its table between the markers is result_schema_table().
// After a change of the file's layout, MCSENS_UPDATE_DOCS=1 makes this test write the new table into the page.
TEST(ResultSchemaPage, ListsEveryPathTheProgramWrites) {
  const std::string page_path = std::string(MCSENS_SOURCE_DIR) + "/docs/hdf5-schema.md";
  std::ifstream in(page_path);
  ASSERT_TRUE(in) << page_path;
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string begin = "<!-- every path: begin (generated by the test ResultSchemaPage) -->\n";
  const std::string end = "<!-- every path: end -->";
  const auto from = page.find(begin);
  const auto to = page.find(end);
  ASSERT_TRUE(from != std::string::npos && to != std::string::npos && from < to) << "the page has no markers";
  const std::string listed = page.substr(from + begin.size(), to - from - begin.size());
  const std::string expected = result_schema_table();
  if (listed != expected && std::getenv("MCSENS_UPDATE_DOCS") != nullptr) {
    std::ofstream(page_path) << page.substr(0, from + begin.size()) << expected << page.substr(to);
    return;
  }
  EXPECT_EQ(listed, expected) << "docs/hdf5-schema.md's table differs from what the program writes; regenerate it: "
                                 "MCSENS_UPDATE_DOCS=1 build/ci/tests/unit/report/test_report "
                                 "--gtest_filter=ResultSchemaPage.*";
}

}  // namespace
}  // namespace mcsens
