// SPDX-License-Identifier: MIT
// The file of `mcsens analyze -o` (data_analysis_file.hpp): what is written reads back the same, bit for bit; the
// file is told apart from a run's; and docs/hdf5-schema.md lists every path it has.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "mcsens/error.hpp"
#include "mcsens/report/data_analysis_file.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/study/data_claims.hpp"

namespace mcsens {
namespace {

namespace fs = std::filesystem;

class DataAnalysisFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("mcsens_analysis_file_" + std::to_string(::getpid()) + "_" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string file(const std::string& name) const { return (folder_ / name).string(); }
  fs::path folder_;
};

// 400 rows of y = x1 + 2 x2 + 0 x3 and z = x3^2, with one NaN output.
DataColumns sample() {
  DataColumns data;
  data.path = "sample.csv";
  data.inputs = {"x1", "x2", "x3"};
  data.outputs = {"y", "z"};
  data.rows = 400;
  std::mt19937_64 rng(33);
  std::normal_distribution<double> normal(0.0, 1.0);
  data.y.assign(2, std::vector<double>(400));
  for (std::size_t r = 0; r < 400; ++r) {
    for (int i = 0; i < 3; ++i) data.x.push_back(normal(rng));
    data.y[0][r] = data.x[3 * r] + 2 * data.x[3 * r + 1];
    data.y[1][r] = data.x[3 * r + 2] * data.x[3 * r + 2];
  }
  data.y[1][7] = std::nan("");
  return data;
}

// Equal bit for bit, NaN equal to NaN.
void expect_same(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i])) {
      EXPECT_TRUE(std::isnan(b[i])) << what << "[" << i << "]";
    } else {
      EXPECT_EQ(a[i], b[i]) << what << "[" << i << "]";
    }
  }
}

TEST_F(DataAnalysisFileTest, ReadsBackWhatItWrote) {
  const DataColumns data = sample();
  const std::vector<DataAnalysis> analyses = analyze_data(data, 0.9);
  const std::vector<ClaimSummary> claims =
      evaluate_data_claims(data, parse_data_claims({"big = y > 1", "z < 0.5 && x1 > 0"}), 0.9);
  write_data_analysis_file(file("a.h5"), false, data_analysis_file(data, analyses, claims));
  EXPECT_TRUE(is_data_analysis_file(file("a.h5")));
  EXPECT_FALSE(is_mcsens_file(file("a.h5")) && !is_data_analysis_file(file("a.h5")));
  const DataAnalysisFile back = read_data_analysis_file(file("a.h5"));
  EXPECT_EQ(back.data, "sample.csv");
  EXPECT_EQ(back.rows, 400u);
  EXPECT_EQ(back.inputs, data.inputs);
  EXPECT_EQ(back.outputs, data.outputs);
  EXPECT_EQ(back.confidence, 0.9);
  ASSERT_EQ(back.analyses.size(), 2u);
  for (std::size_t o = 0; o < 2; ++o) {
    const DataAnalysis& a = analyses[o];
    const DataAnalysis& b = back.analyses[o];
    EXPECT_EQ(b.output, a.output);
    EXPECT_EQ(b.inputs, a.inputs);
    expect_same(a.rank.S1, b.rank.S1, "S1");
    expect_same(a.S1_low, b.S1_low, "S1_low");
    expect_same(a.S1_high, b.S1_high, "S1_high");
    EXPECT_EQ(a.rank.n, b.rank.n);
    EXPECT_EQ(a.rank.dropped_rows, b.rank.dropped_rows);
    expect_same(a.delta.value, b.delta.value, "delta");
    expect_same(a.delta.low, b.delta.low, "delta low");
    expect_same(a.delta.high, b.delta.high, "delta high");
    expect_same(a.delta_sample.delta, b.delta_sample.delta, "delta uncorrected");
    EXPECT_EQ(a.delta_sample.classes, b.delta_sample.classes);
    for (const auto& [x, y] : {std::pair{&a.pawn_median, &b.pawn_median}, std::pair{&a.pawn_mean, &b.pawn_mean},
                               std::pair{&a.pawn_max, &b.pawn_max}}) {
      expect_same(x->value, y->value, "pawn");
      expect_same(x->low, y->low, "pawn low");
      expect_same(x->high, y->high, "pawn high");
    }
    expect_same(a.pawn_sample.published_median, b.pawn_sample.published_median, "published median");
    EXPECT_EQ(a.pawn_null_median, b.pawn_null_median);
    expect_same(a.hsic.r2, b.hsic.r2, "r2");
    expect_same(a.hsic.p_value, b.hsic.p_value, "p");
    expect_same(a.hsic_low, b.hsic_low, "r2 low");
    EXPECT_EQ(a.hsic.n, b.hsic.n);
    expect_same(a.regression.src, b.regression.src, "src");
    expect_same(a.regression.prcc, b.regression.prcc, "prcc");
    EXPECT_EQ(a.regression.r_squared, b.regression.r_squared);
  }
  EXPECT_EQ(back.analyses[1].rank.dropped_rows, 1u);
  ASSERT_EQ(back.claims.size(), 2u);
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_EQ(back.claims[c].name, claims[c].name);
    EXPECT_EQ(back.claims[c].expr, claims[c].expr);
    EXPECT_EQ(back.claims[c].count, claims[c].count);
    EXPECT_EQ(back.claims[c].n, claims[c].n);
    EXPECT_EQ(back.claims[c].ci_low, claims[c].ci_low);
    ASSERT_EQ(back.claims[c].drivers.size(), 3u);
    EXPECT_EQ(back.claims[c].drivers[1].ks_distance, claims[c].drivers[1].ks_distance);
  }
  EXPECT_EQ(back.claims[1].name, "claim_2");
  EXPECT_EQ(back.claims[1].nonfinite, 1u);  // the row whose z is NaN
}

TEST_F(DataAnalysisFileTest, ARunsFileIsNotOne) {
  const DataColumns data = sample();
  write_data_analysis_file(file("a.h5"), false, data_analysis_file(data, analyze_data(data)));
  EXPECT_THROW(write_data_analysis_file(file("a.h5"), false, data_analysis_file(data, analyze_data(data))), Error);
  std::ofstream(file("text.h5")) << "not HDF5";
  EXPECT_FALSE(is_data_analysis_file(file("text.h5")));
  EXPECT_THROW(read_data_analysis_file(file("missing.h5")), Error);
}

// docs/hdf5-schema.md lists every path of the file between its markers; MCSENS_UPDATE_DOCS=1 rewrites the table.
TEST(DataAnalysisSchemaPage, ListsEveryPathAnalyzeWrites) {
  const std::string page_path = std::string(MCSENS_SOURCE_DIR) + "/docs/hdf5-schema.md";
  std::ifstream in(page_path);
  ASSERT_TRUE(in) << page_path;
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string begin = "<!-- analyze paths: begin (generated by the test DataAnalysisSchemaPage) -->\n";
  const std::string end = "<!-- analyze paths: end -->";
  const auto from = page.find(begin);
  const auto to = page.find(end);
  ASSERT_TRUE(from != std::string::npos && to != std::string::npos && from < to) << "the page has no markers";
  const std::string listed = page.substr(from + begin.size(), to - from - begin.size());
  const std::string expected = data_analysis_schema_table();
  if (listed != expected && std::getenv("MCSENS_UPDATE_DOCS") != nullptr) {
    std::ofstream(page_path) << page.substr(0, from + begin.size()) << expected << page.substr(to);
    return;
  }
  EXPECT_EQ(listed, expected) << "docs/hdf5-schema.md's table of the analyze file differs from what the program "
                                 "writes; regenerate it: MCSENS_UPDATE_DOCS=1 build/ci/tests/unit/report/test_report "
                                 "--gtest_filter=DataAnalysisSchemaPage.*";
}

}  // namespace
}  // namespace mcsens
