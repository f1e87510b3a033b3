// SPDX-License-Identifier: MIT
#include "mcsens/analysis/pawn.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/finite_rows.hpp"
#include "analysis/sorted_positions.hpp"

namespace mcsens {
namespace {

struct Statistics {
  double median, mean, max;
};

Statistics statistics(const std::vector<double>& values) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  double sum = 0;
  for (double v : values) sum += v;
  return {n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]), sum / static_cast<double>(n),
          sorted.back()};
}

}  // namespace

double pawn_null_level(std::size_t n, std::size_t classes, double kolmogorov_statistic) {
  const double p = 1.0 / static_cast<double>(classes);
  return kolmogorov_statistic * std::sqrt((1 - p) / (static_cast<double>(n) * p));
}

Pawn pawn_indices(const double* x, std::size_t n, std::size_t k, const double* y, std::size_t classes) {
  Pawn result;
  const std::vector<std::size_t> rows = detail::finite_rows(x, n, k, y);
  const std::size_t m = rows.size();
  result.n = m;
  result.dropped_rows = n - m;
  result.classes = classes;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto* v : {&result.median, &result.mean, &result.max, &result.published_median, &result.published_mean,
                  &result.published_max}) {
    v->assign(k, nan);
  }
  if (classes == 0 || m < 4 * classes) return result;
  // The draws in y order, and where each run of tied outputs ends.
  const std::vector<std::size_t> by_y = detail::sorted_positions(y, 1, rows);
  if (!(y[rows[by_y.front()]] < y[rows[by_y.back()]])) return result;
  std::vector<char> run_ends(m);
  for (std::size_t p = 0; p < m; ++p) run_ends[p] = p + 1 == m || y[rows[by_y[p + 1]]] != y[rows[by_y[p]]];

    // The inputs are independent of each other: one thread each, the result the same on any number of threads.
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<std::size_t> class_of(m);
    std::vector<char> half_of(m);
    const std::vector<std::size_t> order = detail::sorted_positions(x + i, k, rows);
    // Per class and half (even or odd position in x_i order), and over all draws: sizes.
    std::vector<std::array<double, 3>> size(classes, {0.0, 0.0, 0.0});  // half 0, half 1, both
    std::array<double, 3> all{0.0, 0.0, static_cast<double>(m)};
    for (std::size_t c = 0; c < classes; ++c) {
      for (std::size_t p = c * m / classes; p < (c + 1) * m / classes; ++p) {
        class_of[order[p]] = c;
        half_of[order[p]] = static_cast<char>(p % 2);
        size[c][p % 2] += 1;
        size[c][2] += 1;
        all[p % 2] += 1;
      }
    }
    // Pass 1, in y order: the published distance over all draws, and for each half where its own distance peaks
    // (the last position of a run of tied outputs) and with which sign.
    std::vector<std::array<double, 3>> below(classes, {0.0, 0.0, 0.0});
    std::array<double, 3> below_all{0.0, 0.0, 0.0};
    std::vector<double> published(classes, 0.0);
    std::vector<std::array<double, 2>> peak(classes, {-1.0, -1.0});
    std::vector<std::array<std::size_t, 2>> at(classes, {0, 0});
    std::vector<std::array<double, 2>> sign(classes, {0.0, 0.0});
    for (std::size_t p = 0; p < m; ++p) {
      const std::size_t j = by_y[p];
      below[class_of[j]][static_cast<std::size_t>(half_of[j])] += 1;
      below[class_of[j]][2] += 1;
      below_all[static_cast<std::size_t>(half_of[j])] += 1;
      below_all[2] += 1;
      if (!run_ends[p]) continue;
      for (std::size_t c = 0; c < classes; ++c) {
        published[c] = std::max(published[c], std::abs(below_all[2] / all[2] - below[c][2] / size[c][2]));
        for (std::size_t h = 0; h < 2; ++h) {
          const double d = below_all[h] / all[h] - below[c][h] / size[c][h];
          if (std::abs(d) > peak[c][h]) peak[c][h] = std::abs(d), at[c][h] = p, sign[c][h] = d > 0 ? 1.0 : -1.0;
        }
      }
    }
    // Pass 2: each half's peak read, with its sign, in the other half. Unbiased for the distance at that point,
    // which is at most the largest: 0 in expectation for an input without influence.
    std::fill(below.begin(), below.end(), std::array<double, 3>{0.0, 0.0, 0.0});
    below_all = {0.0, 0.0, 0.0};
    std::vector<double> held_out(classes, 0.0);
    for (std::size_t p = 0; p < m; ++p) {
      const std::size_t j = by_y[p];
      below[class_of[j]][static_cast<std::size_t>(half_of[j])] += 1;
      below_all[static_cast<std::size_t>(half_of[j])] += 1;
      if (!run_ends[p]) continue;
      for (std::size_t c = 0; c < classes; ++c) {
        for (std::size_t h = 0; h < 2; ++h) {
          if (at[c][h] != p) continue;
          const std::size_t other = 1 - h;
          held_out[c] += 0.5 * sign[c][h] * (below_all[other] / all[other] - below[c][other] / size[c][other]);
        }
      }
    }
    const Statistics cross_fitted = statistics(held_out);
    const Statistics as_published = statistics(published);
    result.median[i] = cross_fitted.median;
    result.mean[i] = cross_fitted.mean;
    result.max[i] = cross_fitted.max;
    result.published_median[i] = as_published.median;
    result.published_mean[i] = as_published.mean;
    result.published_max[i] = as_published.max;
  }
  return result;
}

}  // namespace mcsens
