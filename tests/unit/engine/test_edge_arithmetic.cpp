// SPDX-License-Identifier: MIT
// Issue 23, class 4: accepted configs at the edges of the double range must give the right numbers (finite draws,
// edges and statistics), computed in forms that cannot overflow. Each expected value is exact arithmetic on the
// config's numbers; the tolerances are derived from the standard error of n draws.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "mcsens/engine/problem.hpp"
#include "support/problem_from.hpp"
#include "support/requests.hpp"

namespace mcsens {

namespace {

using testing::problem_from;

constexpr std::uint64_t kDraws = 20000;

const OutputSummary& output(const Results& r, const std::string& name) {
  for (const auto& o : r.outputs) {
    if (o.name == name) return o;
  }
  throw std::runtime_error("no output " + name);
}

void expect_all_finite(const OutputSummary& o) {
  EXPECT_EQ(o.nonfinite, 0u) << o.name;
  EXPECT_EQ(o.count, kDraws) << o.name;
  EXPECT_TRUE(std::isfinite(o.mean) && std::isfinite(o.sd) && std::isfinite(o.mean_se)) << o.name;
  for (double e : o.histogram_edges) EXPECT_TRUE(std::isfinite(e)) << o.name;
  for (double q : o.quantiles) EXPECT_TRUE(std::isfinite(q)) << o.name;
}

}  // namespace

// uniform(-1e308, 1.7e308): high - low overflows. Mean (low + high) / 2 = 3.5e307, sd (high - low) / sqrt(12) =
// 7.794e307; the draws and their statistics are finite.
TEST(EdgeArithmetic, UniformWiderThanTheDoubleRange) {
  const Problem problem = problem_from(R"toml(
[parameters]
a = { dist = "uniform", low = -1e308, high = 1.7e308 }
[outputs]
y = "a"
)toml");
  const auto r = testing::drawn(problem, kDraws);
  const auto& y = output(r.results, "y");
  expect_all_finite(y);
  const double sd = 1.35e308 / std::sqrt(3.0);
  EXPECT_NEAR(y.mean, 3.5e307, 5 * sd / std::sqrt(kDraws));
  EXPECT_NEAR(y.sd, sd, 0.03 * sd);
  EXPECT_GE(y.min, -1e308);
  EXPECT_LE(y.max, 1.7e308);
  // The median of the uniform law is its mean.
  EXPECT_NEAR(y.quantile(0.5), 3.5e307, 0.03 * 1.7e308);
}

// loguniform(1e-160, 1e160): high / low overflows. log10 of a draw is uniform on [-160, 160]: median 1, and the
// output log10(a) has mean 0 and sd 320 / sqrt(12).
TEST(EdgeArithmetic, LogUniformWhoseRatioOverflows) {
  const Problem problem = problem_from(R"toml(
[parameters]
a = { dist = "loguniform", low = 1e-160, high = 1e160 }
[outputs]
y = "a"
z = "log10(a)"
)toml");
  const auto r = testing::drawn(problem, kDraws);
  const auto& y = output(r.results, "y");
  const auto& z = output(r.results, "z");
  EXPECT_EQ(y.nonfinite, 0u);
  EXPECT_GE(y.min, 1e-160 * (1 - 1e-12));
  EXPECT_LE(y.max, 1e160 * (1 + 1e-12));
  expect_all_finite(z);
  const double sd = 320 / std::sqrt(12.0);
  EXPECT_NEAR(z.mean, 0.0, 5 * sd / std::sqrt(kDraws));
  EXPECT_NEAR(z.sd, sd, 0.03 * sd);
}

// Three values of weight 1e308 each (their sum overflows): each has probability 1/3, so the mean of the values
// 1, 2, 3 is 2 and the sd sqrt(2/3).
TEST(EdgeArithmetic, DiscreteWeightsWhoseSumOverflows) {
  const Problem problem = problem_from(R"toml(
[parameters]
a = { dist = "discrete", values = [1, 2, 3], weights = [1e308, 1e308, 1e308] }
[outputs]
y = "a"
)toml");
  const auto r = testing::drawn(problem, kDraws);
  const auto& y = output(r.results, "y");
  expect_all_finite(y);
  const double sd = std::sqrt(2.0 / 3.0);
  EXPECT_NEAR(y.mean, 2.0, 5 * sd / std::sqrt(kDraws));
  EXPECT_EQ(y.min, 1.0);
  EXPECT_EQ(y.max, 3.0);
}

// Draws near 1e300: a sum of 65536 of them overflows, their squares do too. y = 1e300 (1 + u), u uniform on
// [0, 1): mean 1.5e300, sd 1e300 / sqrt(12); the variance (8.3e598) is beyond the double range, the sd is not.
TEST(EdgeArithmetic, MomentsOfDrawsNear1e300) {
  const Problem problem = problem_from(R"toml(
[parameters]
u = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "1e300 * (1 + u)"
big = "1.7e308 * (2 * u - 1)"
)toml");
  const auto r = testing::drawn(problem, kDraws);
  const auto& y = output(r.results, "y");
  expect_all_finite(y);
  const double sd = 1e300 / std::sqrt(12.0);
  EXPECT_NEAR(y.mean, 1.5e300, 5 * sd / std::sqrt(kDraws));
  EXPECT_NEAR(y.sd, sd, 0.03 * sd);
  EXPECT_NEAR(y.skewness, 0.0, 0.1);
  EXPECT_NEAR(y.kurtosis, -1.2, 0.1);  // a uniform law's excess kurtosis
  // Spread over +-1.7e308: mean 0, sd 1.7e308 / sqrt(3).
  const auto& big = output(r.results, "big");
  expect_all_finite(big);
  EXPECT_NEAR(big.mean, 0.0, 5 * 1.7e308 / std::sqrt(3.0 * kDraws));
  EXPECT_NEAR(big.sd, 1.7e308 / std::sqrt(3.0), 0.03e308);
}

// A histogram range and a curve grid from -1.7e308 to 1.7e308: finite, evenly spaced edges and grid points.
TEST(EdgeArithmetic, HistogramAndGridSpanningTheDoubleRange) {
  const Problem problem = problem_from(R"toml(
[parameters]
u = { dist = "uniform", low = -1.7e308, high = 1.7e308 }
c = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = { expr = "u", histogram = { bins = 4, low = -1.7e308, high = 1.7e308 } }
[[curves]]
name = "line"
x = "c"
grid = { low = -1.7e308, high = 1.7e308, points = 5 }
y = "c / 2"
)toml");
  const auto r = testing::drawn(problem, kDraws);
  const auto& y = output(r.results, "y");
  expect_all_finite(y);
  const std::vector<double> edges = {-1.7e308, -0.85e308, 0.0, 0.85e308, 1.7e308};
  ASSERT_EQ(y.histogram_edges.size(), edges.size());
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) EXPECT_DOUBLE_EQ(y.histogram_edges[i], edges[i]) << i;
  for (std::size_t i = 0; i < y.histogram_counts.size(); ++i) {
    // Each of the 4 bins holds a quarter of the uniform draws.
    const double p = 0.25, se = std::sqrt(p * (1 - p) / kDraws);
    EXPECT_NEAR(static_cast<double>(y.histogram_counts[i]) / kDraws, p, 5 * se) << i;
    total += y.histogram_counts[i];
  }
  EXPECT_EQ(total + y.underflow + y.overflow, kDraws);
  ASSERT_EQ(r.results.curves.size(), 1u);
  const auto& grid = r.results.curves[0].grid;
  ASSERT_EQ(grid.size(), edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) EXPECT_DOUBLE_EQ(grid[i], edges[i]) << i;
  for (double b : r.results.curves[0].bands) EXPECT_TRUE(std::isfinite(b));
}

// Triangular(0, 1e200, 1e200): (high - low)^2 overflows. Its median is 1e200 sqrt(1/2), its mean 2e200 / 3.
TEST(EdgeArithmetic, TriangularWhoseSquaredWidthOverflows) {
  const Problem problem = problem_from(R"toml(
[parameters]
a = { dist = "triangular", low = 0, mode = 1e200, high = 1e200 }
[outputs]
y = "a"
)toml");
  const auto r = testing::drawn(problem, kDraws);
  const auto& y = output(r.results, "y");
  expect_all_finite(y);
  const double sd = 1e200 / std::sqrt(18.0);
  EXPECT_NEAR(y.mean, 2e200 / 3, 5 * sd / std::sqrt(kDraws));
  EXPECT_NEAR(y.quantile(0.5), 1e200 * std::sqrt(0.5), 0.02e200);
}

}  // namespace mcsens

namespace mcsens {

// y = 1e308 + a is 1e308 for every a of [0, 1]: the automatic histogram's centre (q_low + q_high) / 2 overflowed
// and the run was refused with a message without a position. Now: mean 1e308, sd 0, a finite histogram.
TEST(EdgeArithmetic, ConstantOutputNearTheLargestDouble) {
  const Problem problem = problem_from(R"toml(
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "1e308 + a"
)toml");
  const auto r = testing::drawn(problem, kDraws);
  const auto& y = output(r.results, "y");
  expect_all_finite(y);
  EXPECT_EQ(y.mean, 1e308);
  EXPECT_EQ(y.sd, 0.0);
  EXPECT_EQ(y.min, 1e308);
  EXPECT_EQ(y.max, 1e308);
}

}  // namespace mcsens
