// SPDX-License-Identifier: MIT
// The curves, scenarios and claim-drivers parts of the uncertainty analysis, against closed forms.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "engine/uncertainty_design.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"
#include "support/problem_from.hpp"
#include "support/requests.hpp"

namespace mcsens {

namespace {

using testing::problem_from;

testing::Drawn run(const Problem& problem, std::uint64_t n, int threads = 0) {
  return testing::drawn(problem, n, 8, SamplerKind::mc, threads, 4096);
}

// MODELS.md M2: net(c) = 1 + eta / (1 + exp(-k (c - cstar))). Inflection and the crossing of 1 + eta/2 are cstar;
// the take-off (maximum of the second derivative) is cstar - ln(2 + sqrt 3) / k.
const char* kNetwork = R"toml(
[parameters]
eta = { dist = "uniform", low = 0.5, high = 2.0 }
k = { dist = "uniform", low = 10, high = 30 }
cstar = { dist = "normal", mean = 0.55, sd = 0.03 }
x = { dist = "normal", mean = 0, sd = 1 }
[functions]
net = { args = ["c"], expr = "1 + eta / (1 + exp(-k * (c - cstar)))" }
[outputs]
y = "x + cstar"
[[claims]]
name = "x_pos"
expr = "x > 0"
[[curves]]
name = "network"
x = "c"
grid = { low = 0, high = 1, points = 201 }
y = "net(c)"
features = ["inflection", "takeoff", { crossing_expr = "1 + eta / 2" }, { crossing = 10 }]
[[scenarios]]
name = "same"
parameters = { x = { dist = "normal", mean = 0, sd = 1 } }
[[scenarios]]
name = "wider"
parameters = { x = { dist = "normal", mean = 0, sd = 2 } }
)toml";

std::vector<std::uint8_t> bits_of(const UncertaintyState& s) {
  ByteWriter w;
  UncertaintyDesign::encode(s, w);
  return w.bytes();
}

}  // namespace

TEST(Curves, FeaturesMatchTheLogisticClosedForms) {
  const Problem problem = problem_from(kNetwork);
  const std::uint64_t n = 20000;
  const auto r = run(problem, n);
  ASSERT_EQ(r.state.curves.size(), 1u);
  const auto& f = r.state.curves[0].features;
  ASSERT_EQ(f.size(), 4u);
  // Inflection: E = 0.55, sd 0.03 (cstar's law), up to the refined grid error (< 1e-3, MODELS.md M2).
  EXPECT_NEAR(f[0].moments.mean(), 0.55, 5 * 0.03 / std::sqrt(n) + 1e-3);
  EXPECT_NEAR(f[0].moments.sd(), 0.03, 0.002);
  // Take-off: E[cstar] - ln(2 + sqrt 3) E[1/k], E[1/k] = ln(3) / 20 for k ~ U(10, 30).
  const double takeoff = 0.55 - std::log(2 + std::sqrt(3.0)) * std::log(3.0) / 20;
  EXPECT_NEAR(f[1].moments.mean(), takeoff, 5 * f[1].moments.mean_se() + 5e-4);
  EXPECT_EQ(f[1].moments.nonfinite(), 0u);
  // The per-draw level 1 + eta/2 is crossed at cstar.
  EXPECT_NEAR(f[2].moments.mean(), 0.55, 5 * 0.03 / std::sqrt(n) + 1e-3);
  // A level of 10 is never reached (net <= 3): every draw counted as not found, none dropped.
  EXPECT_EQ(f[3].moments.nonfinite(), n);
  EXPECT_EQ(f[3].moments.count(), 0u);
  // Bands: the median of net at c = 0.55 is near 1 + E-ish: check the band is monotone in p and finite.
  const auto& bands = r.state.curves[0].bands;
  ASSERT_EQ(bands.size(), 201u);
  EXPECT_LE(bands[110].quantile(0.05), bands[110].quantile(0.5));
  EXPECT_LE(bands[110].quantile(0.5), bands[110].quantile(0.95));
  EXPECT_EQ(bands[110].count(), n);
}

TEST(Scenarios, RestatedDistributionGivesExactlyZeroDelta) {
  const Problem problem = problem_from(kNetwork);
  const auto r = run(problem, 10000);
  const auto& delta = r.state.scenarios[0].deltas[0].moments;
  EXPECT_EQ(delta.count(), 10000u);
  EXPECT_EQ(delta.mean(), 0.0);
  EXPECT_EQ(delta.min(), 0.0);
  EXPECT_EQ(delta.max(), 0.0);
}

// Common random numbers: x' = 2 z and x = z for the same normal score z, so the delta x' - x = z has sd 1
// (the paired formula), not sqrt(1 + 4) as independent draws would give.
TEST(Scenarios, DeltaSpreadFollowsThePairedFormula) {
  const Problem problem = problem_from(kNetwork);
  const std::uint64_t n = 40000;
  const auto r = run(problem, n);
  const auto& delta = r.state.scenarios[1].deltas[0].moments;
  EXPECT_NEAR(delta.mean(), 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(delta.sd(), 1.0, 5 * std::sqrt(0.5 / n));  // sd of a sample sd of a normal: sigma / sqrt(2n)
  // The ranking: P(wider > same) = P(2z > z) = P(z > 0) = 1/2.
  EXPECT_NEAR(r.state.ranking.probability(1, 0), 0.5, 5 * std::sqrt(0.25 / n));
  EXPECT_EQ(r.state.ranking.probability(0, 1) + r.state.ranking.probability(1, 0), 1.0);
}

// Spear and Hornberger filtering: x_pos = (x > 0) holds exactly on x's upper half, so the holding and failing
// groups of x have disjoint supports (KS distance 1), while eta, k and cstar do not matter (D near 0).
TEST(Drivers, ClaimNamesItsDriver) {
  const Problem problem = problem_from(kNetwork);
  const std::uint64_t n = 40000;
  const auto r = run(problem, n);
  ASSERT_EQ(r.state.drivers.size(), 1u);
  ASSERT_EQ(r.results.claims[0].drivers.size(), 4u);
  const FilteringResult f = r.state.drivers[0].result({0.5});
  EXPECT_NEAR(f.inputs[3].ks_distance, 1.0, 1e-3);  // x (bins of width 1e-3 in probability limit it)
  // Two-sample KS critical value at 99.9 %: 1.95 sqrt((n1 + n2) / (n1 n2)).
  const double critical = 1.95 * std::sqrt(1.0 / f.n_hold + 1.0 / f.n_fail);
  for (int j = 0; j < 3; ++j) EXPECT_LT(f.inputs[static_cast<size_t>(j)].ks_distance, critical) << j;
  // Where x_pos holds, the median of x is the median of a half-normal: Phi^-1(0.75) = 0.6745.
  EXPECT_NEAR(f.inputs[3].hold_quantiles[0], 0.6745, 0.03);
}

TEST(CurvesScenarios, IdenticalBitsForOneTwoThreeThreads) {
  const Problem problem = problem_from(kNetwork);
  const auto reference = bits_of(run(problem, 9000, 1).state);
  EXPECT_EQ(bits_of(run(problem, 9000, 2).state), reference);
  EXPECT_EQ(bits_of(run(problem, 9000, 3).state), reference);
}

TEST(Curves, XMustNotNameADerivedQuantity) {
  try {
    problem_from(R"toml(
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
[derived]
d = "2 * a"
[outputs]
y = "d"
[[curves]]
name = "bad"
x = "d"
grid = { low = 0, high = 1, points = 11 }
y = "d"
)toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("x must be a parameter"), std::string::npos) << e.what();
  }
}

TEST(Scenarios, UnknownParameterAndRankingErrors) {
  const std::string base = R"toml(
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "a"
[[scenarios]]
name = "s1"
parameters = { aa = { dist = "uniform", low = 0, high = 2 } }
)toml";
  try {
    problem_from(base);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'a'?"), std::string::npos) << e.what();
  }
  try {
    problem_from(R"toml(
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "a"
[[scenarios]]
name = "s1"
[[scenarios]]
name = "s2"
[ranking]
rank_by = "yy"
)toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ranking.rank_by: 'yy' is not an output (did you mean 'y'?)"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace mcsens
