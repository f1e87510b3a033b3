// SPDX-License-Identifier: MIT
// Every config the project ships (configs/, configs/paper/, configs/benchmarks/) passes `mcsens check`, and a small
// run of each benchmark through the CLI's --json summary reports what its comments promise.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "integration/cli_runner.hpp"

namespace mcsens {

namespace {

std::vector<std::filesystem::path> shipped_configs() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path root = std::filesystem::path(MCSENS_SOURCE_DIR) / "configs";
  for (const char* folder : {"", "paper", "benchmarks", "examples"}) {
    for (const auto& entry : std::filesystem::directory_iterator(root / folder)) {
      if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(CliPack, EveryShippedConfigPassesCheck) {
  const auto files = shipped_configs();
  // configs/paper.toml, the nine paper configs, the five benchmarks and the two examples at least.
  EXPECT_GE(files.size(), 17u);
  for (const auto& file : files) {
    const testing::CliResult r = testing::run_cli("check '" + file.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << file << "\n" << r.err;
    EXPECT_TRUE(r.err.empty()) << file << "\n" << r.err;
    EXPECT_NE(r.out.find("model: expressions"), std::string::npos) << file;
  }
}

// linear.toml through `mcsens run --json`: the summary carries the exact indices (0.16, 0.12, 0.72, 0) within the
// printed intervals widened to 5 standard errors, and the inert x4 at exactly 0.
TEST(CliPack, LinearBenchmarkSummary) {
  testing::TempDir dir("pack_linear");
  const std::string config = std::string(MCSENS_SOURCE_DIR) + "/configs/benchmarks/linear.toml";
  const testing::CliResult r =
      testing::run_cli("run '" + config + "' -n 20000 -q --json --set sensitivity.sobol.base_samples=4096 -o '" +
                       (dir / "linear.h5").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* key : {"\"S1\": [", "\"ST\": [", "\"src\": [", "\"mu_star\": ["}) {
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
  }
  // Parse the S1 and ST arrays and their bounds from the JSON text (4 numbers each).
  const auto numbers = [&](const std::string& key) {
    std::vector<double> values;
    const auto at = r.out.find("\"" + key + "\": [");
    EXPECT_NE(at, std::string::npos) << key;
    if (at == std::string::npos) return values;
    std::size_t pos = r.out.find('[', at) + 1;
    while (values.size() < 4) {
      std::size_t used = 0;
      values.push_back(std::stod(r.out.substr(pos), &used));
      pos += used;
      pos = r.out.find_first_not_of(", ", pos);
    }
    return values;
  };
  const double exact[4] = {0.16, 0.12, 0.72, 0.0};
  for (const std::string index : {"S1", "ST"}) {
    const auto value = numbers(index), low = numbers(index + "_low"), high = numbers(index + "_high");
    ASSERT_EQ(value.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
      const double se = (high[i] - low[i]) / 3.92;
      EXPECT_NEAR(value[i], exact[i], 5 * se + 0.002) << index << " x" << i + 1;
    }
    EXPECT_EQ(value[3], 0.0) << index;
  }
}

}  // namespace mcsens

namespace mcsens {

// Second-order indices reach the JSON summary and the console, not only the file (the G-function's strongest
// pair is x1 x x2: S2 = V1 V2 / V = (1/3)(1/12) / V, about 0.06 for a = (0, 1, 4.5, 9, 99, 99, 99, 99)).
TEST(CliPack, SecondOrderIndicesInTheSummaries) {
  testing::TempDir dir("pack_s2");
  const std::string config = std::string(MCSENS_SOURCE_DIR) + "/configs/benchmarks/gfunction.toml";
  const std::string common = "run '" + config +
                             "' -n 2000 --only sobol --set sensitivity.sobol.base_samples=2048 -o '" +
                             (dir / "g.h5").string() + "'";
  const testing::CliResult json = testing::run_cli(common + " -q --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"S2\": [null, "), std::string::npos) << json.out;
  const testing::CliResult text = testing::run_cli(common + " --force");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("largest second-order indices S2 [interval]: x1 x x2 "), std::string::npos) << text.out;
}

}  // namespace mcsens
