// SPDX-License-Identifier: MIT
// The curves, scenarios and claim-drivers parts of the uncertainty analysis, against closed forms.
#include <gtest/gtest.h>

#include <algorithm>
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

// Issue 16, part 4, the example of the issue: y = max(0.001, a - t), a ~ U(0.3, 0.7), t in [0, 1] (101 points,
// h = 0.01). The curve falls with slope -1 up to the kink b = a - 0.001 and is constant after it.
//  - inflection (max dy/dt = 0, first reached at the plateau): the tie rule gives the first node whose three-point
//    stencil lies on the plateau, x[K + 1] with x[K] the first node >= b, so the feature is h (ceil(b/h) + 1) with
//    b ~ U(0.299, 0.699): a law on the nodes 0.31 .. 0.71 with P(feature <= h (k + 1)) = (k h - 0.299) / 0.4.
//    Before the fix, rounding noise of 1e-19 picked a node anywhere on the plateau (quantiles up to 0.81).
//  - steepest_fall (slope -1 from t = 0): the first searched node in every draw, an edge value.
TEST(CurvesScenarios, InflectionOfPlateauIsItsFirstNode) {
  const Problem problem = problem_from(R"toml(
[parameters]
a = { dist = "uniform", low = 0.3, high = 0.7 }
[outputs]
a_out = "a"
[[curves]]
name = "ramp"
x = "t"
grid = { low = 0, high = 1, points = 101 }
y = "max(0.001, a - t)"
features = ["inflection", "steepest_fall"]
)toml");
  const std::uint64_t n = 20000;
  const auto r = run(problem, n);
  ASSERT_EQ(r.results.curves.size(), 1u);
  const FeatureSummary& inflection = r.results.curves[0].features[0];
  const FeatureSummary& fall = r.results.curves[0].features[1];
  const double h = 0.01;
  // The exact law of the feature: P(K = k) for K = ceil(b / h), k = 30 .. 70.
  const auto cdf = [&](int k) { return std::clamp((k * h - 0.299) / 0.4, 0.0, 1.0); };
  double mean = 0.0;
  for (int k = 30; k <= 70; ++k) mean += (cdf(k) - cdf(k - 1)) * h * (k + 1);
  EXPECT_NEAR(mean, 0.514, 1e-12);  // E[b] + h/2 (the ceiling) + h (the stencil's half-width)
  const auto exact_quantile = [&](double p) {
    int k = 30;
    while (k < 70 && cdf(k) < p) ++k;
    return h * (k + 1);
  };
  EXPECT_EQ(inflection.stats.count, n);
  EXPECT_EQ(inflection.stats.nonfinite, 0u);
  EXPECT_EQ(inflection.at_edge, 0u);
  EXPECT_NEAR(inflection.stats.mean, mean, 4 * inflection.stats.mean_se);
  EXPECT_GE(inflection.stats.min, 0.31 - 1e-12);  // no value outside the law's support (before: up to 0.81+)
  EXPECT_LE(inflection.stats.max, 0.71 + 1e-12);
  // Each quantile between the exact quantiles at p -+ 4 binomial standard errors, widened by the sketch's accuracy.
  const double alpha = inflection.stats.quantile_accuracy;
  for (double p : {0.05, 0.25, 0.5, 0.75, 0.95}) {
    const double se = std::sqrt(p * (1 - p) / static_cast<double>(n));
    const double q = inflection.stats.quantile(p);
    EXPECT_GE(q, exact_quantile(p - 4 * se) * (1 - 2 * alpha) - 1e-12) << p;
    EXPECT_LE(q, exact_quantile(p + 4 * se) * (1 + 2 * alpha) + 1e-12) << p;
  }
  // Steepest fall: every draw at the grid's edge, counted apart, none in the statistics.
  EXPECT_EQ(fall.at_edge, n);
  EXPECT_EQ(fall.stats.count, 0u);
  EXPECT_EQ(fall.stats.nonfinite, 0u);
  EXPECT_EQ(r.state.curves[0].at_edge, (std::vector<std::uint64_t>{0, n}));
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

// Issue 18: the baseline as a contender and lower_is_better. cost = x, x ~ U(0, 1) in the baseline; the scenarios
// fix x to 0.3 and 0.8 (common random numbers: the baseline's x is the draw's uniform u). So, exactly,
// P(baseline cheaper than low) = P(u < 0.3) = 0.3, P(baseline cheaper than high) = P(u < 0.8) = 0.8, P(low cheaper
// than high) = 1, and with larger-is-better each probability is that of the transposed pair (no ties: P(u = c) = 0).
TEST(Scenarios, RankingWithTheBaselineAndLowerIsBetterHasTheExactProbabilities) {
  const std::string model = R"toml(
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
cost = "x"
[[scenarios]]
name = "low"
parameters = { x = { value = 0.3 } }
[[scenarios]]
name = "high"
parameters = { x = { value = 0.8 } }
[ranking]
rank_by = "cost"
include_baseline = true
)toml";
  const std::uint64_t n = 20000;
  // better[i][j] = P(i better than j) with lower_is_better, contenders baseline, low, high.
  const double better[3][3] = {{0.0, 0.3, 0.8}, {0.7, 0.0, 1.0}, {0.2, 0.0, 0.0}};
  for (bool lower : {true, false}) {
    const Problem problem = problem_from(model + "lower_is_better = " + (lower ? "true" : "false") + "\n");
    ASSERT_TRUE(problem.ranking());
    EXPECT_EQ(problem.ranking()->contenders(), 3u);
    const auto r = run(problem, n);
    ASSERT_TRUE(r.results.has_ranking);
    const RankingSummary& ranking = r.results.ranking;
    EXPECT_TRUE(ranking.include_baseline);
    EXPECT_EQ(ranking.lower_is_better, lower);
    EXPECT_EQ(ranking.scenarios, (std::vector<std::string>{"baseline", "low", "high"}));
    ASSERT_EQ(ranking.probability.size(), 9u);
    for (size_t i = 0; i < 3; ++i) {
      for (size_t j = 0; j < 3; ++j) {
        const double p = lower ? better[i][j] : better[j][i];
        const double got = ranking.probability[i * 3 + j];
        if (i == j) {
          EXPECT_EQ(got, 0.0);
          continue;
        }
        // A binomial share of n draws: within 4 standard errors (exact when p is 0 or 1).
        EXPECT_NEAR(got, p, 4 * std::sqrt(p * (1 - p) / static_cast<double>(n)) + 1e-12) << i << " " << j;
        EXPECT_LE(ranking.ci_low[i * 3 + j], got);
        EXPECT_GE(ranking.ci_high[i * 3 + j], got);
        EXPECT_DOUBLE_EQ(got + ranking.probability[j * 3 + i], 1.0);  // no ties
      }
    }
  }
  // Without the baseline: the two scenarios only, and a single scenario is enough with the baseline.
  const Problem two = problem_from(model.substr(0, model.find("include_baseline")));
  EXPECT_EQ(two.ranking()->contenders(), 2u);
  EXPECT_EQ(run(two, 1000).results.ranking.scenarios, (std::vector<std::string>{"low", "high"}));
  const Problem one = problem_from(R"toml(
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
cost = "x"
[[scenarios]]
name = "low"
parameters = { x = { value = 0.3 } }
[ranking]
rank_by = "cost"
include_baseline = true
lower_is_better = true
)toml");
  const auto r = run(one, n);
  EXPECT_EQ(r.results.ranking.scenarios, (std::vector<std::string>{"baseline", "low"}));
  EXPECT_NEAR(r.results.ranking.probability[0 * 2 + 1], 0.3, 4 * std::sqrt(0.3 * 0.7 / static_cast<double>(n)));
}

// A sum bounded by a whole-valued parameter: its range covers the baseline and every scenario (a scenario that
// lengthens the horizon beyond the baseline's largest value must not be cut short), and a curve over that parameter
// is refused rather than summed over a grid of fractions.
TEST(CurvesScenarios, AWholeParameterBoundCoversEveryScenario) {
  const Problem problem = problem_from(R"toml(
[parameters]
years = { dist = "uniform_int", low = 5, high = 10 }
[outputs]
annuity = "sum(t, 1, years, 1)"
[[scenarios]]
name = "longer"
parameters = { years = { value = 30 } }
[[scenarios]]
name = "choice"
parameters = { years = { dist = "discrete", values = [2, 40], weights = [1, 1] } }
)toml");
  const Results results = testing::run_draws(problem, 4000, 3);
  EXPECT_GE(results.outputs[0].min, 5.0);
  EXPECT_LE(results.outputs[0].max, 10.0);
  EXPECT_NEAR(results.outputs[0].mean, 7.5, 5.0 * results.outputs[0].mean_se);
  ASSERT_EQ(results.scenarios.size(), 2u);
  EXPECT_EQ(results.scenarios[0].outputs[0].min, 30.0);
  EXPECT_EQ(results.scenarios[0].outputs[0].max, 30.0);
  EXPECT_EQ(results.scenarios[1].outputs[0].min, 2.0);
  EXPECT_EQ(results.scenarios[1].outputs[0].max, 40.0);
  try {
    problem_from(R"toml(
[parameters]
years = { dist = "uniform_int", low = 5, high = 10 }
[outputs]
annuity = "sum(t, 1, years, 1)"
[[curves]]
name = "by_years"
x = "years"
grid = { low = 1, high = 20, points = 11 }
y = "sum(t, 1, years, 1)"
)toml");
    ADD_FAILURE() << "a curve over a sum's bound must be refused";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("a bound of sum(...)"), std::string::npos) << e.message();
  }
}

}  // namespace mcsens
