// SPDX-License-Identifier: MIT
// Tidy CSV tables of a result (issue 33, part 2): fields and numbers as pandas and R read them, one row per
// observation, and the folder refused like `run -o`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/report/csv_tables.hpp"

namespace mcsens {
namespace {

namespace fs = std::filesystem;

TEST(CsvTables, FieldsAreQuotedOnlyWhenTheyMustBe) {
  EXPECT_EQ(csv::field("rde_hb"), "rde_hb");
  EXPECT_EQ(csv::field("a, b"), "\"a, b\"");
  EXPECT_EQ(csv::field("say \"yes\""), "\"say \"\"yes\"\"\"");
  EXPECT_EQ(csv::field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv::field(" padded"), "\" padded\"");  // read.csv would strip an unquoted space
  EXPECT_EQ(csv::field("Zhejiang – 浙江"), "Zhejiang – 浙江");
  EXPECT_EQ(csv::field(""), "");
}

TEST(CsvTables, NumbersReadBackExactlyAndTheSpecialValuesAsPandasAndRNameThem) {
  EXPECT_EQ(csv::number(0.1), "0.1");
  EXPECT_EQ(csv::number(1e6), "1e6");
  EXPECT_EQ(csv::number(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(csv::number(std::numeric_limits<double>::infinity()), "Inf");
  EXPECT_EQ(csv::number(-std::numeric_limits<double>::infinity()), "-Inf");
  const double third = 1.0 / 3.0;
  EXPECT_EQ(std::stod(csv::number(third)), third);
}

Results two_scenario_results() {
  Results r;
  OutputSummary y;
  y.name = "y";
  y.label = "the output, y";
  y.mean = 1.5;
  y.count = 10;
  y.probabilities = {0.05, 0.5};
  y.quantiles = {1.0, 1.5};
  r.outputs = {y};
  ClaimSummary c;
  c.name = "big";
  c.text = "y is \"big\"";
  c.probability = 0.25;
  c.drivers = {DriverSummary{"a", 0.5, 0.01, {1, 2, 3, 4, 5}}};
  r.claims = {c};
  ScenarioSummary s;
  s.name = "push";
  s.outputs = {y};
  s.deltas = {y};
  r.scenarios = {s};
  SobolSummary so;
  so.target = "y";
  so.inputs = {"a", "b", "c"};
  so.result.second_order = true;
  so.result.S1 = {0.1, 0.2, 0.3};
  so.result.S2 = std::vector<double>(9, std::numeric_limits<double>::quiet_NaN());
  so.result.S2[0 * 3 + 2] = 0.05;
  r.sobol = {so};
  return r;
}

const CsvTable& table(const std::vector<CsvTable>& tables, const std::string& name) {
  for (const auto& t : tables) {
    if (t.name == name) return t;
  }
  throw std::out_of_range("no table " + name);
}

TEST(CsvTables, OneRowPerObservationWithTheScenarioAsAColumn) {
  const std::vector<CsvTable> tables = csv_tables(two_scenario_results());
  std::vector<std::string> names;
  for (const auto& t : tables) names.push_back(t.name);
  // Only the sections the result holds, in the documented order.
  EXPECT_EQ(names, (std::vector<std::string>{"outputs", "output_quantiles", "claims", "drivers", "deltas",
                                             "delta_quantiles", "sobol", "sobol_second_order"}));
  const CsvTable& outputs = table(tables, "outputs");
  ASSERT_EQ(outputs.rows.size(), 2u);  // the baseline's y and the scenario's
  EXPECT_EQ(outputs.rows[0][0], "baseline");
  EXPECT_EQ(outputs.rows[1][0], "push");
  EXPECT_EQ(outputs.rows[0][2], "\"the output, y\"");
  EXPECT_EQ(table(tables, "output_quantiles").rows.size(), 4u);  // 2 levels x 2
  EXPECT_EQ(table(tables, "output_quantiles").rows[0][4], "");   // no error bound in this result: empty, not 0
  EXPECT_EQ(table(tables, "claims").rows[0].back(), "\"y is \"\"big\"\"\"");
  EXPECT_EQ(table(tables, "drivers").columns,
            (std::vector<std::string>{"claim", "input", "ks_d", "p_value", "holding_q05", "holding_q25",
                                      "holding_median", "holding_q75", "holding_q95"}));
  // S2 above the diagonal only: 3 pairs of 3 inputs, the defined one with its value.
  const CsvTable& s2 = table(tables, "sobol_second_order");
  ASSERT_EQ(s2.rows.size(), 3u);
  EXPECT_EQ(s2.rows[1][1], "a");
  EXPECT_EQ(s2.rows[1][2], "c");
  EXPECT_EQ(s2.rows[1][3], "0.05");
  EXPECT_EQ(s2.rows[0][3], "NaN");
}

TEST(CsvTables, AFolderThatHoldsAnythingIsRefusedWithoutForce) {
  const fs::path folder = fs::temp_directory_path() / ("mcsens_csv_" + std::to_string(::getpid()));
  fs::remove_all(folder);
  const std::vector<CsvTable> tables = csv_tables(two_scenario_results());
  const std::vector<std::string> written = write_csv_tables(folder.string(), tables, false);
  EXPECT_EQ(written.size(), tables.size());
  std::ifstream in(folder / "outputs.csv");
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "scenario,output,label,unit,mean,mean_se,sd,skewness,kurtosis,min,max,count,nonfinite");
  try {
    write_csv_tables(folder.string(), tables, false);
    ADD_FAILURE() << "a folder with tables in it was written over";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("use --force"), std::string::npos) << e.what();
  }
  std::ofstream(folder / "notes.txt") << "mine";
  EXPECT_NO_THROW(write_csv_tables(folder.string(), tables, true));
  EXPECT_TRUE(fs::exists(folder / "notes.txt"));  // --force replaces the tables, nothing else
  std::ofstream(folder / "plain_file") << "x";
  EXPECT_THROW(write_csv_tables((folder / "plain_file").string(), tables, true), Error);
  fs::remove_all(folder);
}

}  // namespace
}  // namespace mcsens
