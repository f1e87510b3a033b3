// SPDX-License-Identifier: MIT
#include "mcsens/analysis/borgonovo_delta.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/finite_rows.hpp"
#include "analysis/sorted_positions.hpp"
#include "mcsens/space/normal.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kBins = 512;
constexpr std::size_t kMinRows = 16;
constexpr std::size_t kPiecesPerClass = 8;

// The normal scores of y over `rows`: Phi^-1((r + 1/2) / m) for the 0-based rank r, tied values sharing the mean of
// their ranks (so that a discrete output keeps one score per value).
std::vector<double> normal_scores(const double* y, const std::vector<std::size_t>& rows) {
  const std::size_t m = rows.size();
  const std::vector<std::size_t> order = detail::sorted_positions(y, 1, rows);
  std::vector<double> z(m);
  for (std::size_t first = 0; first < m;) {
    std::size_t last = first + 1;
    while (last < m && y[rows[order[last]]] == y[rows[order[first]]]) ++last;
    const double rank = 0.5 * static_cast<double>(first + last - 1);
    const double score = detail::normal_quantile((rank + 0.5) / static_cast<double>(m));
    for (std::size_t p = first; p < last; ++p) z[order[p]] = score;
    first = last;
  }
  return z;
}

// counts smoothed by a Gaussian kernel of standard deviation h bins, cut at 4 h; `scale` divides the result.
std::vector<double> smooth(const std::vector<double>& counts, double h, double scale) {
  const auto r = static_cast<std::ptrdiff_t>(std::min(std::ceil(4 * h), static_cast<double>(kBins)));
  std::vector<double> kernel(static_cast<std::size_t>(2 * r + 1));
  double total = 0;
  for (std::ptrdiff_t t = -r; t <= r; ++t) {
    const double u = static_cast<double>(t) / h;
    total += kernel[static_cast<std::size_t>(t + r)] = std::exp(-0.5 * u * u);
  }
  std::vector<double> out(kBins, 0.0);
  const auto bins = static_cast<std::ptrdiff_t>(kBins);
  for (std::ptrdiff_t b = 0; b < bins; ++b) {
    const double c = counts[static_cast<std::size_t>(b)];
    if (c == 0) continue;
    const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(-r, -b);
    const std::ptrdiff_t hi = std::min<std::ptrdiff_t>(r, bins - 1 - b);
    for (std::ptrdiff_t t = lo; t <= hi; ++t) {
      out[static_cast<std::size_t>(b + t)] += c * kernel[static_cast<std::size_t>(t + r)];
    }
  }
  for (double& v : out) v /= total * scale;
  return out;
}

}  // namespace

BorgonovoDelta borgonovo_delta(const double* x, std::size_t n, std::size_t k, const double* y) {
  BorgonovoDelta result;
  const std::vector<std::size_t> rows = detail::finite_rows(x, n, k, y);
  const std::size_t m = rows.size();
  result.n = m;
  result.dropped_rows = n - m;
  result.delta.assign(k, std::numeric_limits<double>::quiet_NaN());
  if (m < kMinRows) return result;
  const std::vector<double> z = normal_scores(y, rows);
  const auto [low, high] = std::minmax_element(z.begin(), z.end());
  if (!(*high > *low)) return result;
  const double width = (*high - *low) / static_cast<double>(kBins);
  std::vector<std::size_t> bin(m);
  for (std::size_t j = 0; j < m; ++j) {
    bin[j] = std::min(static_cast<std::size_t>((z[j] - *low) / width), kBins - 1);
  }
  const auto classes = static_cast<std::size_t>(std::ceil(std::cbrt(static_cast<double>(m))));
  result.classes = classes;

  const std::size_t pieces = std::max(classes, std::min(classes * kPiecesPerClass, m / 4));
  // The inputs are independent of each other: one thread each, the result the same on any number of threads.
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<std::vector<double>> excess(classes, std::vector<double>(kBins));
    std::vector<double> counts(kBins);
    std::vector<double> sign(kBins);
    const std::vector<std::size_t> order = detail::sorted_positions(x + i, k, rows);
    // The halves are the draws at even and odd positions in x_i order: each spans every class evenly.
    std::array<std::vector<double>, 2> overall{std::vector<double>(kBins, 0.0), std::vector<double>(kBins, 0.0)};
    for (std::size_t p = 0; p < m; ++p) overall[p % 2][bin[order[p]]] += 1;
    const std::array<double, 2> overall_n{static_cast<double>((m + 1) / 2), static_cast<double>(m / 2)};
    double total = 0;
    for (std::size_t s = 0; s < 2; ++s) {
      // Half s estimates, in each class, by how much the class's density exceeds the overall one ...
      for (std::size_t c = 0; c < classes; ++c) {
        std::fill(counts.begin(), counts.end(), 0.0);
        double count = 0, sum = 0, squares = 0;
        for (std::size_t p = c * m / classes; p < (c + 1) * m / classes; ++p) {
          if (p % 2 != s) continue;
          const double v = z[order[p]];
          counts[bin[order[p]]] += 1;
          count += 1;
          sum += v;
          squares += v * v;
        }
        const double mean = sum / count;
        const double sd = std::sqrt(std::max(0.0, squares / count - mean * mean));
        const double h = std::max(0.5, 1.06 * sd * std::pow(count, -0.2) / width);  // Silverman's rule, in bins
        const std::vector<double> f_class = smooth(counts, h, count);
        const std::vector<double> f_all = smooth(overall[s], h, overall_n[s]);
        for (std::size_t b = 0; b < kBins; ++b) excess[c][b] = f_class[b] - f_all[b];
      }
      // ... and the other half measures, with counts, how much more probability each piece of a class puts where
      // the excess, interpolated between the classes' centres to the piece's centre, is positive.
      for (std::size_t piece = 0; piece < pieces; ++piece) {
        const std::size_t first = piece * m / pieces;
        const std::size_t last = (piece + 1) * m / pieces;
        // The piece's centre in classes, 0 at the first class's centre; the two classes around it.
        const double centre =
            0.5 * static_cast<double>(first + last) * static_cast<double>(classes) / static_cast<double>(m) - 0.5;
        const double below = std::clamp(std::floor(centre), 0.0, static_cast<double>(classes < 2 ? 0 : classes - 2));
        const auto c0 = static_cast<std::size_t>(below);
        const std::size_t c1 = std::min(c0 + 1, classes - 1);
        const double weight = std::clamp(centre - static_cast<double>(c0), 0.0, 1.0);
        for (std::size_t b = 0; b < kBins; ++b) {
          const double d = (1 - weight) * excess[c0][b] + weight * excess[c1][b];
          sign[b] = d > 0 ? 1.0 : (d < 0 ? -1.0 : 0.0);
        }
        double in_piece = 0, measured = 0;
        for (std::size_t p = first; p < last; ++p) {
          if (p % 2 == s) continue;
          in_piece += sign[bin[order[p]]];
          measured += 1;
        }
        if (measured == 0) continue;
        double everywhere = 0;
        for (std::size_t b = 0; b < kBins; ++b) everywhere += sign[b] * overall[1 - s][b];
        const double measure = in_piece / measured - everywhere / overall_n[1 - s];
        total += static_cast<double>(last - first) / static_cast<double>(m) * 0.5 * measure;
      }
    }
    result.delta[i] = 0.5 * total;
  }
  return result;
}

}  // namespace mcsens
