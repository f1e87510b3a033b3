// SPDX-License-Identifier: MIT
// PAWN indices from one i.i.d. sample, as `mcsens analyze` reports them (pawn_indices, cross-fitted, corrected for
// their bias from 16 batches: analyze_data), against exact values, with fixed seeds. The model is linear Gaussian,
// y = a_1 x_1 + a_2 x_2 + a_3 x_3 with independent standard normal inputs. The population value of a class c, the
// inputs with x_i between the normal quantiles q_c = Phi^-1(c / M) and q_{c+1}, is
//
//   KS_c = max_y | Phi(y / sqrt(V)) - M integral_{q_c}^{q_{c+1}} Phi((y - a_i x) / s_i) phi(x) dx |,
//
// V = sum a_j^2 and s_i^2 = V - a_i^2: Y given X_i = x is N(a_i x, s_i^2). The integral is taken by Simpson's rule
// and the maximum over a grid of y refined by golden sections (to 1e-7; checked against SciPy). The tolerance is 5
// standard errors, from the interval (its half-width / t(15, 0.975)). PAWN as published, max_y |F_n - F_c|, is
// checked too: above the exact value by at most its noise, 1 / sqrt(rows per class), and for an input without
// influence near its noise floor (pawn_null_level, from Kolmogorov's distribution).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iostream>
#include <random>
#include <vector>

#include "linear_gaussian_data.hpp"
#include "mcsens/analysis/pawn.hpp"
#include "mcsens/space/normal.hpp"
#include "mcsens/stats/replicate_means.hpp"
#include "mcsens/study/data_analysis.hpp"

namespace mcsens {
namespace {

using test_data::linear_gaussian;

double phi(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI);
}
double big_phi(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// The exact PAWN statistics (median, mean, max over M classes) of input i.
struct ExactPawn {
  double median, mean, max;
};

ExactPawn exact_pawn(const std::vector<double>& a, std::size_t i, std::size_t classes) {
  double v = 0;
  for (double aj : a) v += aj * aj;
  const double s = std::sqrt(v - a[i] * a[i]);
  std::vector<double> ks;
  for (std::size_t c = 0; c < classes; ++c) {
    const double lo = c == 0 ? -9.0 : detail::normal_quantile(static_cast<double>(c) / classes);
    const double hi = c + 1 == classes ? 9.0 : detail::normal_quantile(static_cast<double>(c + 1) / classes);
    auto distance = [&](double y) {
      const int panels = 400;
      const double h = (hi - lo) / panels;
      double sum = 0;
      for (int j = 0; j <= panels; ++j) {
        const double x = lo + j * h;
        const double w = (j == 0 || j == panels) ? 1 : (j % 2 ? 4 : 2);
        sum += w * big_phi((y - a[i] * x) / s) * phi(x);
      }
      return std::abs(big_phi(y / std::sqrt(v)) - static_cast<double>(classes) * sum * h / 3);
    };
    double best_y = 0, best = -1;
    const double range = 6 * std::sqrt(v);
    for (int j = 0; j <= 2000; ++j) {
      const double y = -range + j * range / 1000;
      const double d = distance(y);
      if (d > best) best = d, best_y = y;
    }
    double left = best_y - range / 1000, right = best_y + range / 1000;
    const double g = (std::sqrt(5.0) - 1) / 2;
    for (int it = 0; it < 60; ++it) {
      const double m1 = right - g * (right - left), m2 = left + g * (right - left);
      if (distance(m1) > distance(m2)) {
        right = m2;
      } else {
        left = m1;
      }
    }
    ks.push_back(std::max(best, distance(0.5 * (left + right))));
  }
  std::vector<double> sorted = ks;
  std::sort(sorted.begin(), sorted.end());
  double sum = 0;
  for (double d : ks) sum += d;
  const std::size_t m = classes;
  return {m % 2 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]), sum / m, sorted.back()};
}

TEST(PawnStatistical, ExactValuesOfTheLinearGaussianModel) {
  // SciPy (quad over x, minimize_scalar over y) gives, for y = x1 + 2 x2 and 10 classes, a median of 0.133912 for
  // x1 and 0.409318 for x2; an input without influence has 0.
  const ExactPawn x1 = exact_pawn({1, 2, 0}, 0, 10);
  const ExactPawn x2 = exact_pawn({1, 2, 0}, 1, 10);
  const ExactPawn x3 = exact_pawn({1, 2, 0}, 2, 10);
  EXPECT_NEAR(x1.median, 0.1339124802648331, 1e-6);
  EXPECT_NEAR(x2.median, 0.4093180857967489, 1e-6);
  EXPECT_NEAR(x3.max, 0, 1e-7);  // the classes at the ends are cut at |x| = 9
}

void expect_exact(const std::vector<double>& a, std::uint64_t seed) {
  const std::size_t rows = std::size_t{1} << 18;
  const DataAnalysis analysis = analyze_data(linear_gaussian(a, rows, seed)).front();
  ASSERT_EQ(analysis.pawn_sample.classes, 10u);
  const double t = student_t_quantile(15, 0.975);
  const double noise = 1 / std::sqrt(rows / 10.0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const ExactPawn exact = exact_pawn(a, i, 10);
    const std::vector<std::pair<const IndexInterval*, double>> checks = {
        {&analysis.pawn_median, exact.median}, {&analysis.pawn_mean, exact.mean}, {&analysis.pawn_max, exact.max}};
    for (const auto& [index, value] : checks) {
      const double se = (index->high[i] - index->low[i]) / (2 * t);
      EXPECT_LT(se, 0.005) << "input " << i;  // the test must be able to fail
      EXPECT_NEAR(index->value[i], value, 5 * se) << "input " << i << ", se " << se;
    }
    const double se = (analysis.pawn_median.high[i] - analysis.pawn_median.low[i]) / (2 * t);
    if (a[i] == 0) {
      EXPECT_NEAR(analysis.pawn_sample.published_median[i], analysis.pawn_null_median, 5 * se);
    } else {
      EXPECT_GT(analysis.pawn_sample.published_median[i], exact.median - 5 * se) << "input " << i;
      EXPECT_LT(analysis.pawn_sample.published_median[i], exact.median + 5 * se + noise) << "input " << i;
    }
  }
}

TEST(PawnStatistical, LinearGaussianModel) {
  expect_exact({1, 2, 0}, 2015);
}
TEST(PawnStatistical, LinearGaussianModelOtherCoefficients) {
  expect_exact({0.5, 1, 3}, 2018);
}

TEST(PawnStatistical, IntervalsCoverTheExactValuesOverSeeds) {
  // 60 samples of 4096 rows of each of two models, 3 inputs each: 360 intervals of 95 % for each statistic; fewer
  // than 324 covering (the mean less about 4.6 standard deviations, sqrt(360 0.95 0.05) = 4.1; 0.90 of them) would
  // happen with probability below 1e-5 were each to cover with probability 0.95.
  std::array<int, 3> covered{0, 0, 0};
  int total = 0;
  for (const std::vector<double>& a : {std::vector<double>{1, 2, 0}, std::vector<double>{0.5, 1, 3}}) {
    std::vector<ExactPawn> exact;
    for (std::size_t i = 0; i < a.size(); ++i) exact.push_back(exact_pawn(a, i, 10));
    for (std::uint64_t seed = 0; seed < 60; ++seed) {
      const DataAnalysis analysis = analyze_data(linear_gaussian(a, 4096, 5000 + seed)).front();
      for (std::size_t i = 0; i < a.size(); ++i) {
        const std::array<std::pair<const IndexInterval*, double>, 3> checks = {
            std::pair{&analysis.pawn_median, exact[i].median}, std::pair{&analysis.pawn_mean, exact[i].mean},
            std::pair{&analysis.pawn_max, exact[i].max}};
        for (std::size_t s = 0; s < 3; ++s) {
          covered[s] += checks[s].first->low[i] <= checks[s].second && checks[s].second <= checks[s].first->high[i];
        }
        ++total;
      }
    }
  }
  ASSERT_EQ(total, 360);
  EXPECT_GE(covered[0], 324);
  EXPECT_GE(covered[1], 324);
  EXPECT_GE(covered[2], 324);
  std::cout << "95 % intervals covering the exact value, of 360: median " << covered[0] << ", mean " << covered[1]
            << ", max " << covered[2] << "\n";
}

}  // namespace
}  // namespace mcsens
