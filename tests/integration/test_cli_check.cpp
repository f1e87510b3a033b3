// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "integration/cli_runner.hpp"

namespace mcsens::testing {

namespace {
const char* kValid = R"toml(title = "small"
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 2, sd = 0.5 }
c = { value = 3 }
[outputs]
y = "a * b + c"
)toml";
}  // namespace

TEST(CliCheck, ValidConfigPrintsParametersAndOutputs) {
  TempDir dir("check_valid");
  const auto path = dir.write("small.toml", kValid);
  const CliResult r = run_cli("check '" + path.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("OK"), std::string::npos);
  EXPECT_NE(r.out.find("[parameters]  3 inputs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("uniform"), std::string::npos);
  EXPECT_NE(r.out.find("normal"), std::string::npos);
  EXPECT_NE(r.out.find("constant 3"), std::string::npos);
  EXPECT_NE(r.out.find("y     = a * b + c"), std::string::npos) << r.out;
}

TEST(CliCheck, PaperConfigIsValid) {
  const CliResult r = run_cli(std::string("check '") + MCSENS_SOURCE_DIR + "/configs/paper.toml'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rde_hb"), std::string::npos);
}

TEST(CliCheck, TomlSyntaxErrorIsFileLineColumnAndExitTwo) {
  TempDir dir("check_syntax");
  const auto path = dir.write("bad.toml", "[parameters]\na = { dist = \"uniform\" low = 0 }\n");
  const CliResult r = run_cli("check '" + path.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("mcsens: error: " + path.string() + ":2:", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("TOML syntax error"), std::string::npos);
  EXPECT_NE(r.err.find("^"), std::string::npos);  // the caret line
}

TEST(CliCheck, MissingFileExitsTwo) {
  const CliResult r = run_cli("check /nonexistent/model.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mcsens: error: cannot read config file '/nonexistent/model.toml': no such file or not readable\n");
}

TEST(CliCheck, WrongTypeNamesKeyAndLine) {
  TempDir dir("check_type");
  const auto path = dir.write("type.toml", std::string(kValid) + "[run]\nsamples = \"many\"\n");
  const CliResult r = run_cli("check '" + path.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("mcsens: error: " + path.string() + ":9:11: run.samples: 'many' is not a number of draws", 0),
            0u)
      << r.err;
}

TEST(CliCheck, NoConfigAndUnknownOption) {
  EXPECT_EQ(run_cli("check").exit_code, 2);
  const CliResult r = run_cli("check --frobnicate x.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("frobnicate"), std::string::npos);
}

TEST(CliCheck, SetOverridesAreApplied) {
  TempDir dir("check_set");
  const auto path = dir.write("small.toml", kValid);
  const CliResult r = run_cli("check '" + path.string() + "' --set parameters.a.high=5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("high=5"), std::string::npos) << r.out;
}

}  // namespace mcsens::testing
