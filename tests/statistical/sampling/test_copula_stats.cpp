// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "mcsens/sampling/sampler.hpp"
#include "mcsens/space/parameter_space.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kN = 100000;

ParameterSpec uncertain(const std::string& name, const std::string& kind, std::map<std::string, double> numbers) {
  ParameterSpec p;
  p.name = name;
  p.distribution.kind = kind;
  p.distribution.numbers = std::move(numbers);
  p.distribution.key = "parameters." + name;
  return p;
}

std::vector<double> ranks(const double* x, std::size_t n) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(n);
  for (std::size_t k = 0; k < n; ++k) r[order[k]] = static_cast<double>(k);
  return r;
}

double spearman(const double* x, const double* y, std::size_t n) {
  const auto rx = ranks(x, n), ry = ranks(y, n);
  const double mean = (static_cast<double>(n) - 1) / 2;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
  }
  return sxy / sxx;
}

double ks(std::vector<double> x, const std::function<double(double)>& cdf) {
  std::sort(x.begin(), x.end());
  double d = 0;
  const double n = static_cast<double>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

// Rank correlations through the Gaussian copula: the achieved Spearman correlation of 1e5 draws within 0.01 of
// the requested one (its standard error is about (1 - rho^2) / sqrt(N) < 0.0032), an uncorrelated pair stays
// near 0, and every marginal passes KS against Boost.Math's CDF at the 0.001 level.
TEST(CopulaStats, SpearmanCorrelationsAreAchievedAndMarginalsKept) {
  const std::vector<ParameterSpec> params = {
      uncertain("a", "normal", {{"mean", 1}, {"sd", 2}}), uncertain("b", "beta", {{"a", 2}, {"b", 5}}),
      uncertain("c", "gamma", {{"shape", 3}, {"scale", 0.5}}), uncertain("d", "uniform", {{"low", 0}, {"high", 1}})};
  std::vector<CorrelationPairSpec> corr(3);
  corr[0] = {"a", "b", 0.6, {}};
  corr[1] = {"b", "c", -0.4, {}};
  corr[2] = {"a", "c", -0.2, {}};
  const ParameterSpace space(params, corr);
  const Sampler sampler(SamplerKind::mc, 31415, space.dimensions(), kN);
  std::vector<double> unit(space.dimensions() * kN), phys(space.size() * kN);
  // In blocks of 1024, as the engine maps them.
  const std::size_t block = 1024;
  std::vector<double> u(space.dimensions() * block), x(space.size() * block);
  for (std::size_t first = 0; first < kN; first += block) {
    const std::size_t n = std::min(block, kN - first);
    sampler.fill(first, n, u.data(), block);
    space.map(u.data(), block, x.data(), block, n);
    for (std::size_t p = 0; p < space.size(); ++p) std::copy(&x[p * block], &x[p * block] + n, &phys[p * kN + first]);
  }
  const double* a = &phys[0];
  const double* b = &phys[kN];
  const double* c = &phys[2 * kN];
  const double* d = &phys[3 * kN];
  EXPECT_NEAR(spearman(a, b, kN), 0.6, 0.01);
  EXPECT_NEAR(spearman(b, c, kN), -0.4, 0.01);
  EXPECT_NEAR(spearman(a, c, kN), -0.2, 0.01);
  EXPECT_NEAR(spearman(a, d, kN), 0.0, 0.01);
  const double critical = 1.9495 / std::sqrt(static_cast<double>(kN));
  const boost::math::normal_distribution<> na(1, 2);
  const boost::math::beta_distribution<> bb(2, 5);
  const boost::math::gamma_distribution<> gc(3, 0.5);
  EXPECT_LT(ks(std::vector<double>(a, a + kN), [&](double v) { return boost::math::cdf(na, v); }), critical);
  EXPECT_LT(ks(std::vector<double>(b, b + kN), [&](double v) { return boost::math::cdf(bb, v); }), critical);
  EXPECT_LT(ks(std::vector<double>(c, c + kN), [&](double v) { return boost::math::cdf(gc, v); }), critical);
  EXPECT_LT(ks(std::vector<double>(d, d + kN), [&](double v) { return v; }), critical);
}

}  // namespace
}  // namespace mcsens
