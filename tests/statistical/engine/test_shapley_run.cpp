// SPDX-License-Identifier: MIT
// Shapley effects end to end (config -> Gaussian copula -> conditional draws -> model -> estimator) against exact
// values:
// - a linear model y = b^T x with Gaussian inputs and a given covariance, whose Shapley effects are known in closed
//   form (Owen & Prieur 2017, SIAM/ASA JUQ 5:986; Iooss & Prieur 2019, Int. J. Uncertainty Quantification 9:493):
//   Sh_j = (1/k) sum over u not containing j of binom(k-1, |u|)^-1 [V(u + j) - V(u)] / Var(Y), with
//   V(u) = Var(E[Y | X_u]) = b^T S_{.u} S_uu^-1 S_u. b, computed here by exact linear algebra;
// - independent inputs (Ishigami and Homma 1990), where S1_j <= Sh_j <= ST_j (Owen 2014) and, with only the x1-x3
//   interaction, Sh_1 = S1_1 + S13 / 2, Sh_2 = S1_2, Sh_3 = S13 / 2 exactly (S13 = ST_3; reference_problems.hpp
//   cites Saltelli et al. 2008 for the indices).
// Tolerances: the run's own 95 % batch-means interval (20 blocks: t_19 = 2.09 standard errors), widened by 1.6 to
// 3.3 standard errors where several effects are checked at once, so that a correct estimator fails with a
// probability below 1e-3 per effect at the fixed seeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "mcsens/analysis/reference_problems.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "support/problem_from.hpp"
#include "support/requests.hpp"

namespace mcsens {

namespace {

using testing::problem_from;

constexpr double kPi = 3.14159265358979323846;
constexpr double kWiden = 1.6;

// Gauss-Jordan inverse of a small symmetric positive definite matrix (n x n row-major).
std::vector<double> inverse(std::vector<double> a, std::size_t n) {
  std::vector<double> inv(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) inv[i * n + i] = 1.0;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::fabs(a[r * n + c]) > std::fabs(a[p * n + c])) p = r;
    }
    for (std::size_t j = 0; j < n; ++j) {
      std::swap(a[c * n + j], a[p * n + j]);
      std::swap(inv[c * n + j], inv[p * n + j]);
    }
    const double d = a[c * n + c];
    for (std::size_t j = 0; j < n; ++j) {
      a[c * n + j] /= d;
      inv[c * n + j] /= d;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = a[r * n + c];
      for (std::size_t j = 0; j < n; ++j) {
        a[r * n + j] -= f * a[c * n + j];
        inv[r * n + j] -= f * inv[c * n + j];
      }
    }
  }
  return inv;
}

// Var(E[b^T X | X_u]) for X ~ N(mu, sigma): b^T S_{.u} S_uu^-1 S_{u.} b.
double explained(const std::vector<double>& b, const std::vector<double>& sigma, std::size_t k, unsigned mask) {
  std::vector<std::size_t> u;
  for (std::size_t i = 0; i < k; ++i) {
    if (mask & (1u << i)) u.push_back(i);
  }
  if (u.empty()) return 0.0;
  const std::size_t n = u.size();
  std::vector<double> suu(n * n), w(n, 0.0);  // w = S_{u.} b
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) suu[i * n + j] = sigma[u[i] * k + u[j]];
    for (std::size_t j = 0; j < k; ++j) w[i] += sigma[u[i] * k + j] * b[j];
  }
  const std::vector<double> inv = inverse(suu, n);
  double v = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) v += w[i] * inv[i * n + j] * w[j];
  }
  return v;
}

// The closed-form Shapley effects of the linear Gaussian model (the formula of the header).
std::vector<double> linear_gaussian_shapley(const std::vector<double>& b, const std::vector<double>& sigma) {
  const std::size_t k = b.size();
  const double total = explained(b, sigma, k, (1u << k) - 1);
  std::vector<double> sh(k, 0.0);
  for (std::size_t j = 0; j < k; ++j) {
    for (unsigned m = 0; m < (1u << k); ++m) {
      if (m & (1u << j)) continue;
      const auto s = static_cast<std::size_t>(__builtin_popcount(m));
      double binom = 1.0;
      for (std::size_t i = 1; i <= s; ++i) binom = binom * static_cast<double>(k - s + i - 1) / static_cast<double>(i);
      sh[j] += (explained(b, sigma, k, m | (1u << j)) - explained(b, sigma, k, m)) / binom;
    }
    sh[j] /= static_cast<double>(k) * total;
  }
  return sh;
}

struct Input {
  const char* name;
  double mean, sd, b;
};

// Four Gaussian inputs, two correlation pairs (Spearman rho in the config; Pearson 2 sin(pi rho / 6) between the
// normal scores, which for normal marginals is the Pearson correlation of the inputs themselves).
const Input kInputs[4] = {{"x1", 1.0, 1.0, 1.0}, {"x2", 0.0, 2.0, 1.0}, {"x3", -1.0, 1.5, 0.5}, {"x4", 2.0, 1.0, 1.0}};
const double kRho12 = 0.6, kRho23 = -0.4;

std::string linear_config(const std::vector<std::size_t>& line_order, const std::string& shapley) {
  std::string text = "[parameters]\n";
  for (std::size_t i : line_order) {
    text += std::string(kInputs[i].name) + " = { dist = \"normal\", mean = " + std::to_string(kInputs[i].mean) +
            ", sd = " + std::to_string(kInputs[i].sd) + " }\n";
  }
  text += "[correlation]\npairs = [[\"x1\", \"x2\", " + std::to_string(kRho12) + "], [\"x3\", \"x2\", " +
          std::to_string(kRho23) + "]]\n";
  text += "[outputs]\ny = \"";
  for (std::size_t i = 0; i < 4; ++i) {
    text += (i ? " + " : "") + std::to_string(kInputs[i].b) + " * " + kInputs[i].name;
  }
  text += "\"\n[sensitivity]\nshapley = " + shapley + "\nsobol = { base_samples = 16384 }\n";
  return text;
}

std::vector<double> linear_exact() {
  const std::size_t k = 4;
  std::vector<double> r(k * k, 0.0), sigma(k * k), b(k);
  for (std::size_t i = 0; i < k; ++i) r[i * k + i] = 1.0;
  r[0 * k + 1] = r[1 * k + 0] = 2.0 * std::sin(kPi * kRho12 / 6.0);
  r[1 * k + 2] = r[2 * k + 1] = 2.0 * std::sin(kPi * kRho23 / 6.0);
  for (std::size_t i = 0; i < k; ++i) {
    b[i] = kInputs[i].b;
    for (std::size_t j = 0; j < k; ++j) sigma[i * k + j] = kInputs[i].sd * kInputs[j].sd * r[i * k + j];
  }
  return linear_gaussian_shapley(b, sigma);
}

// The effect of input `name` in a result.
std::size_t column(const ShapleySummary& s, const std::string& name) {
  return static_cast<std::size_t>(std::find(s.inputs.begin(), s.inputs.end(), name) - s.inputs.begin());
}

void expect_near_exact(const ShapleySummary& s, const std::vector<double>& exact, const char* what) {
  const ShapleyResult& r = s.result;
  double sum = 0.0;
  for (std::size_t i = 0; i < exact.size(); ++i) {
    const std::size_t c = column(s, kInputs[i].name);
    ASSERT_LT(c, r.effects.size());
    sum += r.effects[c];
    const double half = (r.effects_high[c] - r.effects_low[c]) / 2;
    EXPECT_GT(half, 0.0);
    EXPECT_LT(half, 0.05) << what << " " << kInputs[i].name;  // informative: not needlessly wide
    EXPECT_NEAR(r.effects[c], exact[i], kWiden * half)
        << what << " " << kInputs[i].name << " interval [" << r.effects_low[c] << ", " << r.effects_high[c] << "]";
  }
  EXPECT_NEAR(sum, 1.0, 1e-12) << what;
}

}  // namespace

// The closed form itself: with independent inputs Sh_j = b_j^2 s_j^2 / Var(Y); the effects of any covariance sum
// to 1.
TEST(ShapleyRun, ClosedFormOfTheLinearGaussianModel) {
  const std::vector<double> b = {1.0, 2.0, 0.5};
  std::vector<double> sigma = {1, 0, 0, 0, 4, 0, 0, 0, 9};
  const std::vector<double> sh = linear_gaussian_shapley(b, sigma);
  const double v = 1 + 16 + 2.25;
  EXPECT_NEAR(sh[0], 1 / v, 1e-14);
  EXPECT_NEAR(sh[1], 16 / v, 1e-14);
  EXPECT_NEAR(sh[2], 2.25 / v, 1e-14);
  const std::vector<double> exact = linear_exact();
  EXPECT_NEAR(std::accumulate(exact.begin(), exact.end(), 0.0), 1.0, 1e-14);
  // Owen & Prieur 2017, sec. 3: two inputs, b = (1, 1), unit variances, correlation r: both effects 1/2.
  const std::vector<double> two = linear_gaussian_shapley({1, 1}, {1, 0.7, 0.7, 1});
  EXPECT_NEAR(two[0], 0.5, 1e-14);
  EXPECT_NEAR(two[1], 0.5, 1e-14);
}

// Every subset (k = 4 <= 8: method auto is exact), 4000 outer points.
TEST(ShapleyRun, LinearGaussianExactMethodMatchesTheClosedForm) {
  const Problem problem = problem_from(linear_config({0, 1, 2, 3}, "{ outer = 4000 }"));
  const Results run = testing::run_only(problem, "shapley", 2026);
  ASSERT_EQ(run.shapley.size(), 1u);
  EXPECT_EQ(run.shapley[0].result.method, "exact");
  EXPECT_EQ(run.shapley[0].evaluations, 4000u * (1 + 15 * 2));
  expect_near_exact(run.shapley[0], linear_exact(), "exact");
}

// Random permutations (Song et al. 2016, N_O = 1, N_I = 3).
TEST(ShapleyRun, LinearGaussianRandomPermutationsMatchTheClosedForm) {
  const Problem problem = problem_from(linear_config({0, 1, 2, 3}, "{ method = \"random\", permutations = 20000 }"));
  const Results run = testing::run_only(problem, "shapley", 77);
  ASSERT_EQ(run.shapley.size(), 1u);
  EXPECT_EQ(run.shapley[0].result.method, "random");
  EXPECT_EQ(run.shapley[0].evaluations, 20000u * (1 + 4 * 2));
  expect_near_exact(run.shapley[0], linear_exact(), "random");
}

// Order-free by construction: the parameter lines in another order (so other sampler dimensions, other draws)
// change the effects only within their intervals, while the Sobol' first-order index of x2 moves far outside its
// own (the copula's Cholesky factor follows the config order): the caveat's case.
TEST(ShapleyRun, PermutingTheParameterLinesChangesEffectsOnlyWithinTheirIntervals) {
  const Problem a = problem_from(linear_config({0, 1, 2, 3}, "{ outer = 4000 }"));
  const Problem b = problem_from(linear_config({3, 1, 2, 0}, "{ outer = 4000 }"));
  RequestChoices choices;
  choices.seed = 5;
  choices.only = {"shapley", "sobol"};
  const Results ra = run_request(a, testing::request_for(a, choices));
  const Results rb = run_request(b, testing::request_for(b, choices));
  const ShapleySummary& sa = ra.shapley[0];
  const ShapleySummary& sb = rb.shapley[0];
  for (const auto& in : kInputs) {
    const std::size_t ca = column(sa, in.name), cb = column(sb, in.name);
    const double ha = (sa.result.effects_high[ca] - sa.result.effects_low[ca]) / 2;
    const double hb = (sb.result.effects_high[cb] - sb.result.effects_low[cb]) / 2;
    EXPECT_NEAR(sa.result.effects[ca], sb.result.effects[cb], kWiden * std::hypot(ha, hb)) << in.name;
  }
  // Both runs carry the caveat on their Sobol' results.
  EXPECT_NE(ra.sensitivity_caveat.find("Shapley effects"), std::string::npos);
  EXPECT_NE(rb.sensitivity_caveat.find("order"), std::string::npos);
  // Sobol' S1 of x1 (first line, then last): with x1 first its S1 takes the share it carries of x2's; last, only
  // what is left once x2 and x3 are known. They differ by much more than their intervals.
  const auto s1 = [](const Results& r, const std::string& name) {
    const SobolSummary& s = r.sobol[0];
    const std::size_t c =
        static_cast<std::size_t>(std::find(s.inputs.begin(), s.inputs.end(), name) - s.inputs.begin());
    return std::make_pair(s.result.S1[c], (s.result.S1_high[c] - s.result.S1_low[c]) / 2);
  };
  const auto [x1a, h1a] = s1(ra, "x1");
  const auto [x1b, h1b] = s1(rb, "x1");
  EXPECT_GT(std::fabs(x1a - x1b), 3 * std::hypot(h1a, h1b)) << x1a << " vs " << x1b;
}

// Independent inputs: the Shapley effect lies between S1 and ST, and for Ishigami (one interaction, x1-x3) equals
// S1 plus half the interaction.
TEST(ShapleyRun, IndependentInputsLieBetweenFirstAndTotalOrder) {
  const Problem problem = problem_from(R"toml(
[parameters]
x1 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
x2 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
x3 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
[outputs]
y = "sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"
[sensitivity]
shapley = { outer = 8000 }
)toml");
  const Results run = testing::run_only(problem, "shapley", 99);
  ASSERT_EQ(run.shapley.size(), 1u);
  EXPECT_TRUE(run.sensitivity_caveat.empty());  // no correlations: no caveat
  const ShapleyResult& r = run.shapley[0].result;
  const ReferenceIndices exact = ishigami_indices(7.0, 0.1);
  const double s13 = exact.ST[2];
  const double shapley[3] = {exact.S1[0] + s13 / 2, exact.S1[1], s13 / 2};
  double sum = 0.0;
  for (std::size_t i = 0; i < 3; ++i) {
    sum += r.effects[i];
    const double half = (r.effects_high[i] - r.effects_low[i]) / 2;
    EXPECT_NEAR(r.effects[i], shapley[i], kWiden * half) << i;
    EXPECT_GE(r.effects[i] + kWiden * half, exact.S1[i]) << i;
    EXPECT_LE(r.effects[i] - kWiden * half, exact.ST[i]) << i;
    EXPECT_GE(shapley[i], exact.S1[i]);
    EXPECT_LE(shapley[i], exact.ST[i]);
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

}  // namespace mcsens
