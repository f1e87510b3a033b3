// SPDX-License-Identifier: MIT
// Data checked against a config's distributions (mcsens analyze --config): a column drawn from its declared law
// passes, one from another law or off a declared constant is warned about, and undeclared columns are not checked.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "mcsens/config/config.hpp"
#include "mcsens/study/data_checks.hpp"

namespace mcsens {
namespace {

TEST(DataChecks, ColumnsAgainstTheirDeclaredLaws) {
  const ProblemSpec spec = Config::load_text(R"(title = "declared"
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 0, sd = 1 }
c = { value = 2 }
[outputs]
y = { expr = "a + b + c" }
)",
                                             "declared.toml")
                               .problem();
  const ParameterSpace space(spec.parameters, spec.correlations);
  // 5000 rows: a uniform (as declared), b uniform too (declared normal), c = 2 but one row, d undeclared.
  DataColumns data;
  data.inputs = {"a", "b", "c", "d"};
  data.outputs = {"y"};
  data.rows = 5000;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t r = 0; r < 5000; ++r) data.x.insert(data.x.end(), {u(rng), u(rng), r == 17 ? 2.5 : 2.0, u(rng)});
  data.y.assign(1, std::vector<double>(5000, 0.0));
  const std::vector<DistributionCheck> checks = check_declared_distributions(data, space, "declared.toml");
  ASSERT_EQ(checks.size(), 3u);  // d is not declared
  EXPECT_EQ(checks[0].column, "a");
  EXPECT_FALSE(checks[0].contradicts);
  EXPECT_GT(checks[0].p_value, 1e-3);
  EXPECT_LT(checks[0].ks_distance, 0.03);  // about 0.87 / sqrt(5000) = 0.012 for a right law
  EXPECT_TRUE(checks[0].warning.empty());
  // U(0, 1) against N(0, 1): the CDFs differ most at 0, by Phi(0) - 0 = 1/2.
  EXPECT_TRUE(checks[1].contradicts);
  EXPECT_NEAR(checks[1].ks_distance, 0.5, 0.02);
  EXPECT_NE(checks[1].warning.find("column 'b' does not look drawn from normal"), std::string::npos)
      << checks[1].warning;
  EXPECT_NE(checks[1].warning.find("declared.toml"), std::string::npos);
  EXPECT_TRUE(checks[2].contradicts);
  EXPECT_EQ(checks[2].warning,
            "column 'c' is not the constant 2 of declared.toml: 0.02 % of its 5000 values differ from it");
}

}  // namespace
}  // namespace mcsens
