// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>

#include "mcsens/analysis/reference_problems.hpp"

namespace mcsens {
namespace {

TEST(ReferenceProblems, IshigamiValuesAndPublishedIndices) {
  const double centre[3] = {0.5, 0.5, 0.5};  // x = (0, 0, 0)
  EXPECT_NEAR(ishigami(centre), 0.0, 1e-15);
  const double peak[3] = {0.75, 0.75, 1.0};  // x = (pi/2, pi/2, pi): 1 + b pi^4 + a
  EXPECT_NEAR(ishigami(peak), 1.0 + 0.1 * std::pow(M_PI, 4) + 7.0, 1e-12);
  // Saltelli et al. 2008, The Primer, sec. 4.3 (a = 7, b = 0.1): S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424,
  // 0.2437; V = 13.8446.
  const ReferenceIndices r = ishigami_indices();
  EXPECT_NEAR(r.S1[0], 0.3139, 5e-5);
  EXPECT_NEAR(r.S1[1], 0.4424, 5e-5);
  EXPECT_EQ(r.S1[2], 0.0);
  EXPECT_NEAR(r.ST[0], 0.5576, 5e-5);
  EXPECT_NEAR(r.ST[1], 0.4424, 5e-5);
  EXPECT_NEAR(r.ST[2], 0.2437, 5e-5);
  EXPECT_NEAR(r.variance, 13.8446, 5e-4);
  // The decomposition is complete: S1 + S2 sum to 1 (no third-order term).
  EXPECT_NEAR(r.S1[0] + r.S1[1] + r.S1[2] + r.S2[2], 1.0, 1e-14);
  EXPECT_TRUE(std::isnan(r.S2[2 * 3 + 0]));
}

TEST(ReferenceProblems, GFunctionIdentities) {
  const std::vector<double> a = {0.0, 1.0};
  const double u[2] = {0.0, 1.0};  // |4u - 2| = 2: g = 2 * (2 + 1) / 2 = 3
  EXPECT_DOUBLE_EQ(g_function(u, a), 3.0);
  // k = 2: V1 = 1/3, V2 = 1/12, V = (4/3)(13/12) - 1 = 4/9; S1 + S2 + S12 = 1, ST_i = S_i + S12.
  const ReferenceIndices r = g_function_indices(a);
  EXPECT_NEAR(r.variance, 4.0 / 9.0, 1e-15);
  EXPECT_NEAR(r.S1[0], 0.75, 1e-15);
  EXPECT_NEAR(r.S1[0] + r.S1[1] + r.S2[1], 1.0, 1e-15);
  EXPECT_NEAR(r.ST[0], r.S1[0] + r.S2[1], 1e-15);
  EXPECT_NEAR(r.ST[1], r.S1[1] + r.S2[1], 1e-15);
}

TEST(ReferenceProblems, LinearModel) {
  const std::vector<double> c = {1.0, 2.0, 0.0};
  const double u[3] = {0.5, 0.25, 0.9};
  EXPECT_DOUBLE_EQ(linear_model(u, c), 1.0);
  const ReferenceIndices r = linear_model_indices(c);
  EXPECT_DOUBLE_EQ(r.S1[0], 0.2);
  EXPECT_DOUBLE_EQ(r.ST[1], 0.8);
  EXPECT_EQ(r.S1[2], 0.0);
  EXPECT_DOUBLE_EQ(r.variance, 5.0 / 12.0);
  EXPECT_EQ(r.S2[0 * 3 + 1], 0.0);
}

}  // namespace
}  // namespace mcsens
