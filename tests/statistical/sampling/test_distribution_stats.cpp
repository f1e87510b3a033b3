// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/math/distributions/weibull.hpp>
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

// Sample quantiles at p = 0.01, 0.1, 0.5, 0.9, 0.99 of N independent draws against Boost.Math's quantile: the
// order statistic's standard error is sqrt(p (1 - p) / N) / f(x_p) (Serfling 1980, 2.3.3); 5 of them allowed.
template <class BoostDist>
void check_quantiles(const DistributionSpec& s, const BoostDist& ref, double shift = 0, double scale = 1) {
  const auto d = make_distribution(s);
  auto x = draw(*d, SamplerKind::mc, 777);
  std::sort(x.begin(), x.end());
  for (double p : {0.01, 0.1, 0.5, 0.9, 0.99}) {
    const double want = shift + scale * boost::math::quantile(ref, p);
    const double density = boost::math::pdf(ref, (want - shift) / scale) / scale;
    const double se = std::sqrt(p * (1 - p) / kN) / density;
    const double got = x[static_cast<std::size_t>(p * kN)];
    EXPECT_LT(std::fabs(got - want), 5 * se) << d->describe() << " at p = " << p;
  }
}

TEST(DistributionStats, Exponential) {
  check(spec("exponential", {{"rate", 2.5}}), boost::math::exponential_distribution<>(2.5));
  check(spec("exponential", {{"mean", 4}}), boost::math::exponential_distribution<>(0.25));
  check_quantiles(spec("exponential", {{"mean", 4}}), boost::math::exponential_distribution<>(0.25));
}

TEST(DistributionStats, Weibull) {
  check(spec("weibull", {{"shape", 1.7}, {"scale", 3}}), boost::math::weibull_distribution<>(1.7, 3));
  check(spec("weibull", {{"shape", 0.6}, {"scale", 0.5}}), boost::math::weibull_distribution<>(0.6, 0.5));
  check_quantiles(spec("weibull", {{"shape", 1.7}, {"scale", 3}}), boost::math::weibull_distribution<>(1.7, 3));
}

TEST(DistributionStats, StudentT) {
  // df = 9: the fourth moment (needed by the variance's standard error) is finite.
  check(spec("student_t", {{"df", 9}, {"location", 2}, {"scale", 0.5}}), boost::math::students_t_distribution<>(9), 2,
        0.5);
  check_quantiles(spec("student_t", {{"df", 2}, {"location", -1}, {"scale", 3}}),
                  boost::math::students_t_distribution<>(2), -1, 3);
}

// Truncated t on [0, 3] (df 3, scale 1): CDF (T(z) - T(0)) / (T(3) - T(0)); mean from the closed form
// int_a^b t f(t) dt = df / (df - 1) [f(a) (1 + a^2 / df) - f(b) (1 + b^2 / df)] (the antiderivative of t f(t) is
// -df / (df - 1) (1 + t^2 / df) f(t)), computed here independently of the quadrature the library uses.
TEST(DistributionStats, TruncatedStudentT) {
  const double df = 3, low = 0, high = 3;
  const boost::math::students_t_distribution<> t(df);
  const auto d = make_distribution(spec("student_t", {{"df", df}, {"low", low}, {"high", high}}));
  const double z = boost::math::cdf(t, high) - boost::math::cdf(t, low);
  const auto g = [&](double v) { return (1 + v * v / df) * boost::math::pdf(t, v); };
  const double mean = df / (df - 1) * (g(low) - g(high)) / z;
  EXPECT_NEAR(d->mean(), mean, 1e-12);
  const auto x = draw(*d, SamplerKind::mc, 31);
  EXPECT_LT(ks_statistic(x, [&](double v) { return (boost::math::cdf(t, v) - boost::math::cdf(t, low)) / z; }),
            kKsCritical);
  double m = 0;
  for (double v : x) m += v;
  m /= kN;
  EXPECT_LT(std::fabs(m - mean), 5 * std::sqrt(d->variance() / kN));
  for (double v : x) ASSERT_TRUE(v >= low && v <= high) << v;
}

TEST(DistributionStats, GammaAndLogNormalByMeanAndSd) {
  // gamma(mean 6, sd 3): shape 4, scale 1.5. lognormal(mean 10, sd 5): sigma^2 = log 1.25, mu = log 10 - sigma^2/2.
  check(spec("gamma", {{"mean", 6}, {"sd", 3}}), boost::math::gamma_distribution<>(4, 1.5));
  const double sigma2 = std::log(1.25);
  check(spec("lognormal", {{"mean", 10}, {"sd", 5}}),
        boost::math::lognormal_distribution<>(std::log(10.0) - sigma2 / 2, std::sqrt(sigma2)));
  check_quantiles(spec("gamma", {{"mean", 6}, {"sd", 3}}), boost::math::gamma_distribution<>(4, 1.5));
}

// uniform_int on {-2, ..., 4}: each value's frequency within 5 binomial standard errors of 1/7, under MC and LHS.
TEST(DistributionStats, UniformInt) {
  const auto d = make_distribution(spec("uniform_int", {{"low", -2}, {"high", 4}}));
  for (SamplerKind kind : {SamplerKind::mc, SamplerKind::lhs, SamplerKind::sobol}) {
    const auto x = draw(*d, kind, 17);
    for (int v = -2; v <= 4; ++v) {
      const double f = static_cast<double>(std::count(x.begin(), x.end(), static_cast<double>(v))) / kN;
      EXPECT_LT(std::fabs(f - 1.0 / 7), 5 * std::sqrt((1.0 / 7) * (6.0 / 7) / kN)) << v << " " << sampler_name(kind);
    }
  }
}

// Empirical: data = Boost's normal(3, 2) quantiles at (i + 1/2) / 2001. The draws must follow the interpolated
// inverse CDF (KS against its CDF, computed here from the sorted data), and their mean must be within 5 se of the
// exact mean of that piecewise-linear distribution; with 2001 points it is also within 0.01 sd of the normal's.
TEST(DistributionStats, Empirical) {
  const boost::math::normal_distribution<> ref(3, 2);
  DistributionSpec s = spec("empirical", {});
  const std::size_t m = 2001;
  for (std::size_t i = m; i-- > 0;) s.data.push_back(boost::math::quantile(ref, (i + 0.5) / m));  // unsorted
  const auto d = make_distribution(s);
  std::vector<double> sorted = s.data;
  std::sort(sorted.begin(), sorted.end());
  auto cdf = [&](double v) {
    if (v <= sorted.front()) return 0.0;
    if (v >= sorted.back()) return 1.0;
    const auto k = static_cast<std::size_t>(std::upper_bound(sorted.begin(), sorted.end(), v) - sorted.begin()) - 1;
    return (k + (v - sorted[k]) / (sorted[k + 1] - sorted[k])) / (m - 1);
  };
  double exact = 0;
  for (std::size_t k = 0; k + 1 < m; ++k) exact += 0.5 * (sorted[k] + sorted[k + 1]) / (m - 1);
  EXPECT_NEAR(d->mean(), exact, 1e-12);
  EXPECT_NEAR(d->mean(), 3, 0.02);
  EXPECT_NEAR(std::sqrt(d->variance()), 2, 0.02 * 2);
  for (SamplerKind kind : {SamplerKind::mc, SamplerKind::lhs, SamplerKind::sobol}) {
    const auto x = draw(*d, kind, 8);
    EXPECT_LT(ks_statistic(x, cdf), kKsCritical) << sampler_name(kind);
    double mean = 0;
    for (double v : x) mean += v;
    mean /= kN;
    EXPECT_LT(std::fabs(mean - exact), 5 * std::sqrt(d->variance() / kN)) << sampler_name(kind);
    EXPECT_GE(*std::min_element(x.begin(), x.end()), sorted.front());
    EXPECT_LE(*std::max_element(x.begin(), x.end()), sorted.back());
  }
}

}  // namespace
}  // namespace mcsens
