// SPDX-License-Identifier: MIT
// Sensitivity analyses end to end (model text -> parameter space -> design -> program -> estimators) against exact
// indices: Ishigami and Homma 1990 and the Sobol' G-function (values from reference_problems.hpp, which cites
// Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", and Sobol' 1993).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "mcsens/analysis/reference_problems.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "support/problem_from.hpp"
#include "support/requests.hpp"

namespace mcsens {

namespace {

using testing::problem_from;

const char* kIshigami = R"toml(
[parameters]
x1 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
x2 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
inert = { dist = "beta", mean = 0.9, sd = 0.03 }
x3 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
[outputs]
y = "sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"
)toml";

}  // namespace

// At N = 2^16 every index within 0.01 of the exact value (issue 6); an input that enters no formula gets exactly 0
// from both estimators (f_AB == f_A for it, so f_B (f_AB - f_A) and (f_A - f_AB)^2 vanish term by term).
TEST(SensitivityRun, IshigamiThroughTheEngine) {
  const Problem problem = problem_from(std::string(kIshigami) + "[sensitivity]\nsobol = { base_samples = 65536 }\n");
  const Results run = testing::run_only(problem, "sobol", 2026);
  ASSERT_EQ(run.sobol.size(), 1u);
  const SobolResult& r = run.sobol[0].result;
  const ReferenceIndices exact = ishigami_indices(7.0, 0.1);
  const size_t columns[3] = {0, 1, 3};  // x1, x2, x3 among the four inputs
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(r.S1[columns[i]], exact.S1[i], 0.01) << i;
    EXPECT_NEAR(r.ST[columns[i]], exact.ST[i], 0.01) << i;
    EXPECT_LE(r.ST_low[columns[i]], r.ST[columns[i]]);
    EXPECT_GE(r.ST_high[columns[i]], r.ST[columns[i]]);
  }
  EXPECT_EQ(r.S1[2], 0.0);
  EXPECT_EQ(r.ST[2], 0.0);
  EXPECT_EQ(run.sobol[0].evaluations, (1u << 16) * 6u);
}

// G-function with a = (0, 1, 4.5, 9, 99, 99, 99, 99): first, total and second-order indices within 0.01.
TEST(SensitivityRun, GFunctionWithSecondOrder) {
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99, 99, 99};
  std::string text = "[parameters]\n";
  for (size_t i = 1; i <= a.size(); ++i)
    text += "x" + std::to_string(i) + " = { dist = \"uniform\", low = 0, high = 1 }\n";
  text += "[outputs]\ny = \"1";
  for (size_t i = 0; i < a.size(); ++i) {
    text += " * (abs(4 * x" + std::to_string(i + 1) + " - 2) + " + std::to_string(a[i]) + ") / (1 + " +
            std::to_string(a[i]) + ")";
  }
  text += "\"\n[sensitivity]\nsobol = { base_samples = 65536, second_order = true }\n";
  const Problem problem = problem_from(text);
  const SobolResult r = testing::run_only(problem, "sobol", 7).sobol[0].result;
  const ReferenceIndices exact = g_function_indices(a);
  const size_t k = a.size();
  for (size_t i = 0; i < k; ++i) {
    EXPECT_NEAR(r.S1[i], exact.S1[i], 0.01) << i;
    EXPECT_NEAR(r.ST[i], exact.ST[i], 0.01) << i;
    for (size_t j = i + 1; j < k; ++j) EXPECT_NEAR(r.S2[i * k + j], exact.S2[i * k + j], 0.01) << i << "," << j;
  }
}

TEST(SensitivityRun, SobolAndMorrisIdenticalForOneTwoThreeThreads) {
  // 5000 base samples: not a multiple of the chunk size.
  const Problem problem = problem_from(
      std::string(kIshigami) + "[sensitivity]\nsobol = { base_samples = 5000 }\nmorris = { trajectories = 50 }\n");
  std::vector<double> reference;
  for (int threads : {1, 2, 3}) {
    RequestChoices choices;
    choices.only = {"sobol", "morris"};
    const Results results = run_request(problem, testing::request_for(problem, choices, threads));
    const SobolResult& s = results.sobol[0].result;
    const MorrisResult& m = results.morris[0].result;
    std::vector<double> all = s.S1;
    all.insert(all.end(), s.ST.begin(), s.ST.end());
    all.insert(all.end(), s.ST_low.begin(), s.ST_low.end());
    all.insert(all.end(), m.mu_star.begin(), m.mu_star.end());
    all.insert(all.end(), m.sigma.begin(), m.sigma.end());
    if (reference.empty()) {
      reference = all;
    } else {
      ASSERT_EQ(all.size(), reference.size());
      EXPECT_EQ(std::memcmp(all.data(), reference.data(), all.size() * sizeof(double)), 0) << threads;
    }
  }
}

// Morris on a linear model y = 3 x1 - 2 x2 with x1 ~ U(0, 2), x2 ~ U(10, 11): an elementary effect on the unit
// scale is c_i (high - low) exactly, so mu* = (6, 2), mu = (6, -2), sigma = 0.
TEST(SensitivityRun, MorrisOnALinearModelIsExact) {
  const Problem problem = problem_from(R"toml(
[parameters]
x1 = { dist = "uniform", low = 0, high = 2 }
x2 = { dist = "uniform", low = 10, high = 11 }
[outputs]
y = "3 * x1 - 2 * x2"
[sensitivity]
morris = { trajectories = 40, candidates = 200 }
)toml");
  const MorrisResult m = testing::run_only(problem, "morris").morris[0].result;
  EXPECT_NEAR(m.mu_star[0], 6.0, 1e-9);
  EXPECT_NEAR(m.mu_star[1], 2.0, 1e-9);
  EXPECT_NEAR(m.mu[1], -2.0, 1e-9);
  EXPECT_NEAR(m.sigma[0], 0.0, 1e-9);
  EXPECT_EQ(m.trajectories, 40u);
}

}  // namespace mcsens
