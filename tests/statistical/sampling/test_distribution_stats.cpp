// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <functional>
#include <vector>

#include "mcsens/sampling/sampler.hpp"
#include "mcsens/space/distribution.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kN = 100000;
// Kolmogorov's limiting distribution: P(sqrt(N) D > 1.9495) = 0.001 (Marsaglia, Tsang and Wang 2003).
const double kKsCritical = 1.9495 / std::sqrt(static_cast<double>(kN));

DistributionSpec spec(const std::string& kind, std::map<std::string, double> numbers) {
  DistributionSpec s;
  s.kind = kind;
  s.numbers = std::move(numbers);
  s.key = "parameters.x";
  return s;
}

std::vector<double> draw(const Distribution& d, SamplerKind kind, std::uint64_t seed) {
  const Sampler sampler(kind, seed, 1, kN);
  std::vector<double> u(kN), x(kN);
  sampler.fill(0, kN, u.data(), kN);
  d.quantile(u.data(), x.data(), kN);
  return x;
}

double ks_statistic(std::vector<double> x, const std::function<double(double)>& cdf) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

// KS against Boost.Math's CDF at N = 1e5; sample mean and variance against Boost.Math's exact values within
// 5 standard errors (se of the variance from the sample's fourth central moment); the distribution's own
// mean() and variance() against Boost.Math to 1e-12.
template <class BoostDist>
void check(const DistributionSpec& s, const BoostDist& ref, double shift = 0, double scale = 1) {
  const auto d = make_distribution(s);
  const double mean = shift + scale * boost::math::mean(ref);
  const double var = scale * scale * boost::math::variance(ref);
  EXPECT_NEAR(d->mean(), mean, 1e-12 * std::max(1.0, std::fabs(mean))) << d->describe();
  EXPECT_NEAR(d->variance(), var, 1e-12 * std::max(1.0, var)) << d->describe();
  for (SamplerKind kind : {SamplerKind::mc, SamplerKind::lhs}) {
    const auto x = draw(*d, kind, 4242);
    const double ks = ks_statistic(x, [&](double v) { return boost::math::cdf(ref, (v - shift) / scale); });
    EXPECT_LT(ks, kKsCritical) << d->describe() << " with " << sampler_name(kind);
    if (kind != SamplerKind::mc) continue;  // the moment standard errors below are those of independent draws
    double m = 0;
    for (double v : x) m += v;
    m /= kN;
    double m2 = 0, m4 = 0;
    for (double v : x) {
      const double c = (v - m) * (v - m);
      m2 += c;
      m4 += c * c;
    }
    m2 /= kN;
    m4 /= kN;
    EXPECT_LT(std::fabs(m - mean), 5 * std::sqrt(var / kN)) << d->describe();
    EXPECT_LT(std::fabs(m2 - var), 5 * std::sqrt((m4 - m2 * m2) / kN)) << d->describe();
  }
}

TEST(DistributionStats, Uniform) {
  check(spec("uniform", {{"low", -2}, {"high", 5}}), boost::math::uniform_distribution<>(-2, 5));
}

TEST(DistributionStats, LogUniform) {
  // log X ~ U(log low, log high): test the log against Boost's uniform.
  const auto d = make_distribution(spec("loguniform", {{"low", 0.01}, {"high", 100}}));
  auto x = draw(*d, SamplerKind::mc, 11);
  for (double& v : x) v = std::log(v);
  const boost::math::uniform_distribution<> ref(std::log(0.01), std::log(100.0));
  EXPECT_LT(ks_statistic(x, [&](double v) { return boost::math::cdf(ref, v); }), kKsCritical);
  EXPECT_NEAR(d->mean(), (100 - 0.01) / std::log(1e4), 1e-12);
}

TEST(DistributionStats, Normal) {
  check(spec("normal", {{"mean", 3}, {"sd", 0.5}}), boost::math::normal_distribution<>(3, 0.5));
}

TEST(DistributionStats, LogNormal) {
  check(spec("lognormal", {{"median", 2}, {"gsd", 1.5}}),
        boost::math::lognormal_distribution<>(std::log(2.0), std::log(1.5)));
  check(spec("lognormal", {{"mu", 0.1}, {"sigma", 0.8}}), boost::math::lognormal_distribution<>(0.1, 0.8));
}

TEST(DistributionStats, Triangular) {
  check(spec("triangular", {{"low", 1}, {"mode", 1.5}, {"high", 4}}),
        boost::math::triangular_distribution<>(1, 1.5, 4));
}

TEST(DistributionStats, Beta) {
  check(spec("beta", {{"a", 2}, {"b", 5}}), boost::math::beta_distribution<>(2, 5));
  check(spec("beta", {{"a", 0.5}, {"b", 0.7}, {"low", 10}, {"high", 12}}), boost::math::beta_distribution<>(0.5, 0.7),
        10, 2);
  // mean/sd form: nu = m (1 - m) / s^2 - 1 = 0.24 / 0.0025 - 1 = 95, a = 38, b = 57.
  check(spec("beta", {{"mean", 0.4}, {"sd", 0.05}}), boost::math::beta_distribution<>(38, 57));
}

TEST(DistributionStats, Pert) {
  // Beta-PERT (lambda = 4) on [0, 10] with mode 2: a = 1 + 4 * 0.2 = 1.8, b = 1 + 4 * 0.8 = 4.2.
  check(spec("pert", {{"low", 0}, {"mode", 2}, {"high", 10}}), boost::math::beta_distribution<>(1.8, 4.2), 0, 10);
}

TEST(DistributionStats, Gamma) {
  check(spec("gamma", {{"shape", 2.5}, {"scale", 1.5}}), boost::math::gamma_distribution<>(2.5, 1.5));
  check(spec("gamma", {{"shape", 0.4}, {"scale", 3}}), boost::math::gamma_distribution<>(0.4, 3));
}

// Truncated normal: CDF (Phi(z) - Phi(alpha)) / (Phi(beta) - Phi(alpha)) from Boost's normal; mean and variance
// from Johnson, Kotz and Balakrishnan (1994), eq. 13.134, computed here independently.
TEST(DistributionStats, TruncatedNormal) {
  const double mu = 1, sd = 2, low = 0, high = 5;
  const auto d = make_distribution(spec("normal", {{"mean", mu}, {"sd", sd}, {"low", low}, {"high", high}}));
  const boost::math::normal_distribution<> n;
  const double a = (low - mu) / sd, b = (high - mu) / sd;
  const double z = boost::math::cdf(n, b) - boost::math::cdf(n, a);
  const double pa = boost::math::pdf(n, a), pb = boost::math::pdf(n, b);
  const double mean = mu + sd * (pa - pb) / z;
  const double var = sd * sd * (1 + (a * pa - b * pb) / z - (pa - pb) * (pa - pb) / (z * z));
  EXPECT_NEAR(d->mean(), mean, 1e-12);
  EXPECT_NEAR(d->variance(), var, 1e-12);
  const auto x = draw(*d, SamplerKind::mc, 99);
  EXPECT_LT(
      ks_statistic(x, [&](double v) { return (boost::math::cdf(n, (v - mu) / sd) - boost::math::cdf(n, a)) / z; }),
      kKsCritical);
  double m = 0, m2 = 0, m4 = 0;
  for (double v : x) m += v;
  m /= kN;
  for (double v : x) {
    m2 += (v - m) * (v - m);
    m4 += std::pow(v - m, 4);
  }
  m2 /= kN;
  m4 /= kN;
  EXPECT_LT(std::fabs(m - mean), 5 * std::sqrt(var / kN));
  EXPECT_LT(std::fabs(m2 - var), 5 * std::sqrt((m4 - m2 * m2) / kN));
  for (double v : x) ASSERT_TRUE(v >= low && v <= high) << v;
}

// Discrete: each value's frequency within 5 binomial standard errors of its probability.
TEST(DistributionStats, Discrete) {
  DistributionSpec s = spec("discrete", {});
  s.values = {10, -1, 3.5, 7};
  s.weights = {1, 2, 3, 4};
  const auto d = make_distribution(s);
  const auto x = draw(*d, SamplerKind::mc, 5);
  for (std::size_t k = 0; k < s.values.size(); ++k) {
    const double p = s.weights[k] / 10.0;
    const double f = static_cast<double>(std::count(x.begin(), x.end(), s.values[k])) / kN;
    EXPECT_LT(std::fabs(f - p), 5 * std::sqrt(p * (1 - p) / kN)) << s.values[k];
  }
  EXPECT_NEAR(d->mean(), (10 * 1 - 1 * 2 + 3.5 * 3 + 7 * 4) / 10.0, 1e-14);
}

}  // namespace
}  // namespace mcsens
