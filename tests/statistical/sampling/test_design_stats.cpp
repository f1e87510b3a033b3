// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "mcsens/sampling/sampler.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kDims = 8;

// f(x) = prod_j (1 + (x_j - 1/2) / j) on [0, 1]^8: integral exactly 1, variance prod_j (1 + 1 / (12 j^2)) - 1.
double integrate(const Sampler& s, std::size_t n) {
  std::vector<double> pts(kDims * n);
  s.fill(0, n, pts.data(), n);
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double f = 1;
    for (std::size_t j = 0; j < kDims; ++j) f *= 1 + (pts[j * n + i] - 0.5) / static_cast<double>(j + 1);
    sum += f;
  }
  return sum / static_cast<double>(n);
}

double variance_of_f() {
  double v = 1;
  for (std::size_t j = 1; j <= kDims; ++j) v *= 1 + 1 / (12.0 * static_cast<double>(j * j));
  return v - 1;
}

// Scrambled Sobol' converges near 1/N on this smooth integrand while Monte Carlo converges as 1/sqrt(N)
// (Owen 1997, "Scrambled net variance for integrals of smooth functions"): at N = 2^16 the QMC error must be at
// least 20 times below the MC standard error, for each of several scrambles.
TEST(DesignStats, ScrambledSobolBeatsMonteCarloTwentyfold) {
  const std::size_t n = std::size_t{1} << 16;
  const double mc_se = std::sqrt(variance_of_f() / static_cast<double>(n));
  for (std::uint64_t seed : {1ULL, 2ULL, 3ULL, 20240611ULL}) {
    const double qmc = integrate(Sampler(SamplerKind::sobol, seed, kDims, n), n);
    EXPECT_LT(std::fabs(qmc - 1), mc_se / 20)
        << "seed " << seed << ": QMC error " << std::fabs(qmc - 1) << " vs MC se " << mc_se;
    // Monte Carlo itself behaves as its standard error says.
    const double mc = integrate(Sampler(SamplerKind::mc, seed, kDims, n), n);
    EXPECT_LT(std::fabs(mc - 1), 5 * mc_se) << "seed " << seed;
  }
}

// The error shrinks markedly faster than N^-1/2: from N = 2^8 to N = 2^16 the mean absolute error over 8 scrambles
// drops by 16 at the MC rate and by 256 or more at the QMC rate; more than 64 is required.
TEST(DesignStats, ScrambledSobolErrorDecaysFasterThanMonteCarlo) {
  double small = 0, large = 0;
  for (std::uint64_t seed = 100; seed < 108; ++seed) {
    small += std::fabs(integrate(Sampler(SamplerKind::sobol, seed, kDims, 1 << 8), 1 << 8) - 1);
    large += std::fabs(integrate(Sampler(SamplerKind::sobol, seed, kDims, 1 << 16), 1 << 16) - 1);
  }
  EXPECT_GT(small / large, 16 * 4) << "ratio " << small / large << " (MC would give 16)";
}

// Latin hypercube sampling is unbiased and, on this additive-dominated integrand, beats MC's variance
// (McKay, Beckman and Conover 1979): the estimate lies within 5 MC standard errors (a loose bound).
TEST(DesignStats, LatinHypercubeIsUnbiased) {
  const std::size_t n = 1 << 14;
  const double mc_se = std::sqrt(variance_of_f() / static_cast<double>(n));
  for (std::uint64_t seed : {5ULL, 6ULL}) {
    EXPECT_LT(std::fabs(integrate(Sampler(SamplerKind::lhs, seed, kDims, n), n) - 1), 5 * mc_se);
  }
}

}  // namespace
}  // namespace mcsens
