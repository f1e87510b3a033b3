// SPDX-License-Identifier: MIT
// Fixed-seed statistical tests of the accumulators against exact values, at 5 standard errors.
// Generators: std::mt19937_64 with libstdc++'s distributions (deterministic for a given standard library).
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "mcsens/stats/histogram.hpp"
#include "mcsens/stats/moments.hpp"
#include "mcsens/stats/quantile_sketch.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kDraws = 1000000;
constexpr std::size_t kChunk = 1000;  // the engine's pattern: per-chunk accumulators merged in order

template <class Law>
std::vector<double> draw(Law law, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::vector<double> x(kDraws);
  for (double& v : x) v = law(engine);
  return x;
}

Moments chunked_moments(const std::vector<double>& x) {
  Moments total;
  for (std::size_t i = 0; i < x.size(); i += kChunk) {
    Moments chunk;
    chunk.add(x.data() + i, std::min(kChunk, x.size() - i));
    total.merge(chunk);
  }
  return total;
}

// Standard errors by the delta method from the central moments mu_k of the law (Kendall and Stuart, vol. 1,
// 10.5 and 10.8; Cramer 1946, 27.7): with m_k the sample central moments,
//   n Cov(m_j, m_k) -> mu_{j+k} - mu_j mu_k - j mu_{j-1} mu_{k+1} - k mu_{k-1} mu_{j+1} + j k mu_{j-1} mu_{k-1} mu_2,
// and g1 = m3 / m2^1.5, g2 = m4 / m2^2 - 3 linearized around the population values. For mu2 = 1:
//   n Var(mean) = 1, n Var(s^2) = mu4 - 1,
//   n Var(g1) = (mu6 - mu3^2 - 6 mu4 + 9) + 9/4 mu3^2 (mu4 - 1) - 3 mu3 (mu5 - 4 mu3),
//   n Var(g2) = (mu8 - mu4^2 - 8 mu3 mu5 + 16 mu3^2) + 4 mu4^2 (mu4 - 1) - 4 mu4 (mu6 - mu4 - 4 mu3^2).
// Normal: mu3 = mu5 = 0, mu4 = 3, mu6 = 15, mu8 = 105 -> 1, 2, 6, 24.
// Exponential(1): central moments are the derangement numbers 1, 2, 9, 44, 265, 1854, 14833 -> 1, 8, 72, 8064.
struct Truth {
  double mean, variance, skewness, kurtosis;
  double n_var_mean, n_var_variance, n_var_skewness, n_var_kurtosis;  // for unit variance; scaled below
};

void expect_moments(const Moments& m, const Truth& t, double scale) {
  const double n = static_cast<double>(m.count());
  const double k = 5.0;
  EXPECT_EQ(m.count(), kDraws);
  EXPECT_NEAR(m.mean(), t.mean, k * scale * std::sqrt(t.n_var_mean / n));
  EXPECT_NEAR(m.variance(), t.variance, k * scale * scale * std::sqrt(t.n_var_variance / n));
  EXPECT_NEAR(m.skewness(), t.skewness, k * std::sqrt(t.n_var_skewness / n));
  EXPECT_NEAR(m.kurtosis(), t.kurtosis, k * std::sqrt(t.n_var_kurtosis / n));
  EXPECT_NEAR(m.mean_se(), scale / std::sqrt(n), 0.01 * scale / std::sqrt(n));
}

TEST(MomentsStatistical, NormalMeanVarianceSkewnessKurtosis) {
  const auto x = draw(std::normal_distribution<double>(3.0, 2.0), 20261127);
  const Moments m = chunked_moments(x);
  expect_moments(m, {3.0, 4.0, 0.0, 0.0, 1.0, 2.0, 6.0, 24.0}, 2.0);
  EXPECT_EQ(m.nonfinite(), 0u);
}

TEST(MomentsStatistical, ExponentialSkewnessTwoKurtosisSix) {
  const auto x = draw(std::exponential_distribution<double>(0.5), 42);  // scale 2
  const Moments m = chunked_moments(x);
  expect_moments(m, {2.0, 4.0, 2.0, 6.0, 1.0, 8.0, 72.0, 8064.0}, 2.0);
}

// Sketch quantiles against the exact normal quantiles q_p: the sketch adds at most alpha |q| to the sample
// order statistic, whose standard error is sqrt(p (1 - p) / n) / phi(q_p) (asymptotic normality of sample
// quantiles, Cramer 1946, 28.5). Tolerance: alpha |q_p| + 5 SE.
TEST(QuantileSketchStatistical, NormalQuantiles) {
  const double mu = 1.0;
  const double sigma = 3.0;
  const auto x = draw(std::normal_distribution<double>(mu, sigma), 7);
  QuantileSketch total;
  for (std::size_t i = 0; i < x.size(); i += kChunk) {
    QuantileSketch chunk;
    chunk.add(x.data() + i, kChunk);
    total.merge(chunk);
  }
  const boost::math::normal_distribution<double> law(mu, sigma);
  const double n = static_cast<double>(kDraws);
  for (double p : {0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999}) {
    const double q = boost::math::quantile(law, p);
    const double se = std::sqrt(p * (1.0 - p) / n) / boost::math::pdf(law, q);
    EXPECT_NEAR(total.quantile(p), q, total.alpha() * std::fabs(q) + 5.0 * se) << "p = " << p;
  }
}

// Histogram counts against the exact bin probabilities of the law: each count is binomial(n, P_bin), so the
// tolerance is 5 sqrt(n P (1 - P)). The range comes from a pilot sketch of the first chunk.
TEST(HistogramStatistical, NormalBinProbabilities) {
  const auto x = draw(std::normal_distribution<double>(0.0, 1.0), 99);
  QuantileSketch pilot;
  pilot.add(x.data(), kChunk);
  Histogram h = automatic_histogram(pilot, 40);
  h.add(x.data(), x.size());
  const boost::math::normal_distribution<double> law(0.0, 1.0);
  const std::vector<double> edges = h.edges();
  const double n = static_cast<double>(kDraws);
  auto expect_count = [n](std::uint64_t count, double probability, const char* what) {
    EXPECT_NEAR(static_cast<double>(count), n * probability, 5.0 * std::sqrt(n * probability * (1.0 - probability)))
        << what;
  };
  for (std::size_t b = 0; b < h.bins(); ++b) {
    expect_count(h.counts()[b], boost::math::cdf(law, edges[b + 1]) - boost::math::cdf(law, edges[b]), "bin");
  }
  expect_count(h.underflow(), boost::math::cdf(law, h.low()), "underflow");
  expect_count(h.overflow(), 1.0 - boost::math::cdf(law, h.high()), "overflow");
}

}  // namespace
}  // namespace mcsens
