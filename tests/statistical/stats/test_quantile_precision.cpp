// SPDX-License-Identifier: MIT
// Issue 16, part 3: quantiles as accurate as the draws allow. The sample p-quantile of N draws has the standard
// error se = sqrt(p (1 - p) / N) / f(x_p) (asymptotic normality of sample quantiles, Cramer 1946, 28.5; exact
// quantiles and densities from Boost.Math). Through the engine's pattern (the first chunk of 65536 draws is the
// pilot that places the windows, then chunks merged in order), every reported quantile must lie within 4 se of
// the exact value at 1e7 and 1e8 draws, and its stated error bound must stay below the se of 1e9 draws (the bound
// is fixed by the pilot: it does not grow with N). Fixed seeds; std::mt19937_64 with libstdc++'s distributions.
#include <gtest/gtest.h>

#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "mcsens/stats/quantile_sketch.hpp"

namespace mcsens {
namespace {

// reported_quantile_probabilities() of the engine (include/mcsens/engine/results.hpp).
const std::vector<double> kLevels = {0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999};
constexpr std::size_t kChunk = 65536;  // the engine's default chunk size

template <class Law>
QuantileSketch accumulate(Law law, std::size_t n, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::vector<double> x(kChunk);
  for (double& v : x) v = law(engine);
  const QuantileSketch prototype = QuantileSketch::refined(x, kLevels);
  QuantileSketch total = prototype;
  total.add(x.data(), x.size());  // chunk 0 is both the pilot and the first chunk, as in the engine
  for (std::size_t done = kChunk; done < n; done += kChunk) {
    const std::size_t m = std::min(kChunk, n - done);
    for (std::size_t i = 0; i < m; ++i) x[i] = law(engine);
    QuantileSketch chunk = prototype;
    chunk.add(x.data(), m);
    total.merge(chunk);
  }
  return total;
}

template <class Exact>
void expect_within_sampling_error(const QuantileSketch& sketch, const Exact& law, double n, const char* what) {
  ASSERT_EQ(sketch.count(), static_cast<std::uint64_t>(n));
  double worst = 0;
  for (double p : kLevels) {
    const double q = boost::math::quantile(law, p);
    const double density = boost::math::pdf(law, q);
    const double se = std::sqrt(p * (1.0 - p) / n) / density;
    const double se_1e9 = std::sqrt(p * (1.0 - p) / 1e9) / density;
    const double error = std::fabs(sketch.quantile(p) - q);
    worst = std::max(worst, error / se);
    EXPECT_LT(error, 4.0 * se) << what << " p = " << p << ": " << sketch.quantile(p) << " exact " << q << " ("
                               << error / se << " se)";
    EXPECT_LT(sketch.error_bound(p), se_1e9) << what << " p = " << p << ": bound " << sketch.error_bound(p);
  }
  std::printf("%s, N = %.0e: worst quantile error %.2f se\n", what, n, worst);
}

TEST(QuantilePrecision, NormalAt1e7And1e8) {
  const boost::math::normal_distribution<double> law(0.55, 0.03);
  for (const double n : {1e7, 1e8}) {
    const QuantileSketch s =
        accumulate(std::normal_distribution<double>(0.55, 0.03), static_cast<std::size_t>(n), n < 5e7 ? 16 : 17);
    expect_within_sampling_error(s, law, n, "N(0.55, 0.03)");
    if (n > 5e7) std::printf("median of N(0.55, 0.03) at 1e8 draws: %.7f\n", s.quantile(0.5));
  }
}

// A skewed law with its mode at the lower end, where the windows' pilot is least like a symmetric one.
TEST(QuantilePrecision, ExponentialAt1e7) {
  const boost::math::exponential_distribution<double> law(2.0);
  const QuantileSketch s = accumulate(std::exponential_distribution<double>(2.0), 10000000, 18);
  expect_within_sampling_error(s, law, 1e7, "Exp(2)");
}

}  // namespace
}  // namespace mcsens
