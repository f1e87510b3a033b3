// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "mcsens/analysis/sobol.hpp"
#include "mcsens/error.hpp"
#include "mcsens/sampling/sampler.hpp"
#include "mcsens/space/normal.hpp"
#include "mcsens/space/parameter_space.hpp"

namespace mcsens {
namespace {

ParameterSpec uncertain(const std::string& name, const std::string& kind, std::map<std::string, double> numbers) {
  ParameterSpec p;
  p.name = name;
  p.distribution.kind = kind;
  p.distribution.numbers = std::move(numbers);
  p.distribution.key = "parameters." + name;
  return p;
}

ParameterSpec constant(const std::string& name, double value) {
  ParameterSpec p;
  p.name = name;
  p.constant = value;
  return p;
}

CorrelationPairSpec pair(const std::string& a, const std::string& b, double rho) {
  CorrelationPairSpec c;
  c.first = a;
  c.second = b;
  c.rho = rho;
  return c;
}

std::vector<ParameterSpec> example() {
  return {uncertain("gamma", "uniform", {{"low", 0.8}, {"high", 1.2}}), constant("c", 3.5),
          uncertain("s_hb", "beta", {{"mean", 0.4}, {"sd", 0.1}}),
          uncertain("d_hb", "normal", {{"mean", 1}, {"sd", 2}})};
}

std::string error_of(const std::vector<ParameterSpec>& p, const std::vector<CorrelationPairSpec>& c) {
  try {
    ParameterSpace space(p, c);
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

TEST(ParameterSpace, OrderAndDimensions) {
  const ParameterSpace s(example(), {});
  EXPECT_EQ(s.size(), 4u);
  EXPECT_EQ(s.dimensions(), 3u);
  EXPECT_EQ(s.names(), (std::vector<std::string>{"gamma", "c", "s_hb", "d_hb"}));
  EXPECT_TRUE(s.is_constant(1));
  EXPECT_EQ(s.constant_value(1), 3.5);
  EXPECT_EQ(s.distribution(1), nullptr);
  EXPECT_EQ(s.dimension_of(0), 0u);
  EXPECT_EQ(s.dimension_of(1), static_cast<std::size_t>(-1));
  EXPECT_EQ(s.dimension_of(2), 1u);
  EXPECT_EQ(s.dimension_of(3), 2u);
  EXPECT_EQ(s.distribution(2)->kind(), "beta");
  EXPECT_EQ(s.spec(3).name, "d_hb");
}

TEST(ParameterSpace, MapAppliesEachMarginal) {
  const ParameterSpace s(example(), {});
  const std::size_t n = 50;
  const Sampler sampler(SamplerKind::mc, 5, s.dimensions(), n);
  std::vector<double> unit(s.dimensions() * n), phys(s.size() * 64);
  sampler.fill(0, n, unit.data(), n);
  s.map(unit.data(), n, phys.data(), 64, n);
  for (std::size_t p = 0; p < s.size(); ++p) {
    for (std::size_t i = 0; i < n; ++i) {
      if (s.is_constant(p)) {
        EXPECT_EQ(phys[p * 64 + i], 3.5);
      } else {
        double x = 0;
        s.distribution(p)->quantile(&unit[s.dimension_of(p) * n + i], &x, 1);
        EXPECT_EQ(phys[p * 64 + i], x);
      }
    }
  }
}

// What the Sobol' design relies on to map only the A and B rows (SobolDesign::map_bases): without a copula, mapping
// the design's rows gives the bits of mapping A and B and copying the values into the rows; a fixed input (a
// scenario's { value = x }) and a constant included.
TEST(ParameterSpace, WithoutCopulaMappingCommutesWithTheSobolDesign) {
  const ParameterSpace base(example(), {});
  EXPECT_FALSE(base.has_copula());
  EXPECT_TRUE(ParameterSpace(example(), {pair("gamma", "d_hb", 0.5)}).has_copula());
  const ParameterSpace fixed = base.with_overrides({constant("s_hb", 0.25)});
  EXPECT_FALSE(fixed.has_copula());
  for (const ParameterSpace* s : {&base, &fixed}) {
    for (const bool second_order : {false, true}) {
      const std::size_t k = s->dimensions();
      const std::size_t n = 37;
      const std::size_t rows = n * sobol_rows_per_base(k, second_order);
      const Sampler sampler(SamplerKind::sobol, 11, 2 * k, 64);
      std::vector<double> ab(2 * k * n);
      sampler.fill(0, n, ab.data(), n);
      // Every design row mapped.
      std::vector<double> unit(k * rows);
      std::vector<double*> unit_columns;
      for (std::size_t d = 0; d < k; ++d) unit_columns.push_back(unit.data() + d * rows);
      sobol_design_block(ab.data(), n, n, k, second_order, unit_columns.data());
      std::vector<double> want(s->size() * rows);
      s->map(unit.data(), rows, want.data(), rows, rows);
      // A and B mapped, their values copied.
      std::vector<double> a(s->size() * n), b(s->size() * n), got(s->size() * rows);
      s->map(ab.data(), n, a.data(), n, n);
      s->map(ab.data() + k * n, n, b.data(), n, n);
      for (std::size_t p = 0; p < s->size(); ++p) {
        const std::size_t d = s->dimension_of(p);
        const double* bp = d < k ? b.data() + p * n : a.data() + p * n;
        sobol_design_column(a.data() + p * n, bp, n, d < k ? d : 0, k, second_order, got.data() + p * rows);
      }
      EXPECT_EQ(std::memcmp(got.data(), want.data(), got.size() * sizeof(double)), 0)
          << "second order " << second_order << ", fixed " << (s == &fixed);
    }
  }
}

TEST(ParameterSpace, OverridesKeepTheOtherInputsBitForBit) {
  const std::vector<CorrelationPairSpec> corr = {pair("gamma", "d_hb", 0.5)};
  const ParameterSpace base(example(), corr);
  const ParameterSpace scenario =
      base.with_overrides({uncertain("s_hb", "uniform", {{"low", 0}, {"high", 1}}), constant("c", 7)});
  EXPECT_EQ(scenario.names(), base.names());
  EXPECT_EQ(scenario.dimensions(), base.dimensions());
  const std::size_t n = 100;
  const Sampler sampler(SamplerKind::sobol, 5, base.dimensions(), n);
  std::vector<double> unit(base.dimensions() * n), a(base.size() * n), b(base.size() * n);
  sampler.fill(0, n, unit.data(), n);
  base.map(unit.data(), n, a.data(), n, n);
  scenario.map(unit.data(), n, b.data(), n, n);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(a[0 * n + i], b[0 * n + i]);
    EXPECT_EQ(b[1 * n + i], 7.0);
    EXPECT_EQ(b[2 * n + i], unit[1 * n + i]);  // uniform(0, 1) is the identity
    EXPECT_EQ(a[3 * n + i], b[3 * n + i]);
  }
  try {
    base.with_overrides({uncertain("gama", "uniform", {{"low", 0}, {"high", 1}})});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("unknown parameter 'gama' (did you mean 'gamma'?)"), std::string::npos) << e.message();
  }
  EXPECT_THROW(base.with_overrides({uncertain("c", "uniform", {{"low", 0}, {"high", 1}})}), Error);
}

// Issue 18: a scenario may fix an uncertain input, here gamma (in the copula with d_hb) and s_hb (outside it). The
// sampler keeps its dimensions, and every other input, d_hb included, gets the same bits as in the baseline.
TEST(ParameterSpace, AScenarioMayFixAnUncertainInputKeepingCommonRandomNumbers) {
  const std::vector<CorrelationPairSpec> corr = {pair("gamma", "d_hb", 0.5)};
  const ParameterSpace base(example(), corr);
  const ParameterSpace fixed = base.with_overrides({constant("gamma", 1.1), constant("s_hb", 0.25)});
  EXPECT_EQ(fixed.dimensions(), base.dimensions());
  EXPECT_TRUE(fixed.is_constant(0));
  EXPECT_EQ(fixed.constant_value(0), 1.1);
  const std::size_t n = 64;
  const Sampler sampler(SamplerKind::mc, 9, base.dimensions(), n);
  std::vector<double> unit(base.dimensions() * n), a(base.size() * n), b(base.size() * n);
  sampler.fill(0, n, unit.data(), n);
  base.map(unit.data(), n, a.data(), n, n);
  fixed.map(unit.data(), n, b.data(), n, n);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(b[0 * n + i], 1.1);
    EXPECT_EQ(a[1 * n + i], b[1 * n + i]);
    EXPECT_EQ(b[2 * n + i], 0.25);
    EXPECT_EQ(a[3 * n + i], b[3 * n + i]);  // d_hb: its copula partner is fixed, its own draw is not
  }
  try {
    base.with_overrides({uncertain("c", "uniform", {{"low", 0}, {"high", 1}})});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("'c' is a constant and a scenario cannot make it an uncertain input"), std::string::npos)
        << e.message();
  }
}

TEST(ParameterSpace, CorrelationErrors) {
  const auto p = example();
  EXPECT_EQ(error_of(p, {pair("gamma", "s_hb", 1.5)}),
            "correlation: rank correlation 1.5 of (gamma, s_hb) must be within [-1, 1]");
  EXPECT_EQ(error_of(p, {pair("gamma", "shb", 0.5)}),
            "correlation: unknown parameter 'shb' in pair (gamma, shb) (did you mean 's_hb'?)");
  EXPECT_EQ(error_of(p, {pair("gamma", "s_hb", 0.5), pair("s_hb", "gamma", 0.2)}),
            "correlation: pair (s_hb, gamma) is given more than once");
  EXPECT_EQ(error_of(p, {pair("gamma", "c", 0.5)}),
            "correlation: parameter 'c' is a constant and cannot be correlated");
  EXPECT_EQ(error_of(p, {pair("gamma", "gamma", 0.5)}), "correlation: pair (gamma, gamma) names one parameter twice");
  EXPECT_EQ(error_of(p, {pair("gamma", "s_hb", 0.9), pair("s_hb", "d_hb", 0.9), pair("gamma", "d_hb", -0.9)}),
            "correlation: the rank correlations of (gamma, s_hb), (s_hb, d_hb), (gamma, d_hb) do not form a positive "
            "definite matrix");
  EXPECT_EQ(error_of(p, {pair("gamma", "s_hb", 0.9), pair("s_hb", "d_hb", 0.9), pair("gamma", "d_hb", 0.8)}),
            "(no error)");
}

TEST(ParameterSpace, ZeroCorrelationLeavesMarginalsIndependent) {
  // rho = 0 gives L = I, so the copula path must reproduce the plain marginals (up to Phi(Phi^-1(u)) rounding).
  const ParameterSpace plain(example(), {});
  const ParameterSpace copula(example(), {pair("gamma", "s_hb", 0.0)});
  const std::size_t n = 200;
  const Sampler sampler(SamplerKind::mc, 8, plain.dimensions(), n);
  std::vector<double> unit(plain.dimensions() * n), a(plain.size() * n), b(plain.size() * n);
  sampler.fill(0, n, unit.data(), n);
  plain.map(unit.data(), n, a.data(), n, n);
  copula.map(unit.data(), n, b.data(), n, n);
  for (std::size_t k = 0; k < a.size(); ++k) EXPECT_NEAR(a[k], b[k], 1e-12) << k;
}

}  // namespace
}  // namespace mcsens

namespace mcsens {

// The copula in normal scores (what Shapley's conditional sampling draws from): R = 2 sin(pi rho / 6) at the
// dimensions of the pair, the identity elsewhere; and map() is map_normal_scores() of its own scores, z' = L z with
// z = Phi^-1(u), to rounding.
TEST(ParameterSpace, LatentCorrelationAndNormalScores) {
  const ParameterSpace space(example(), {pair("d_hb", "gamma", 0.5)});
  const std::vector<double> r = space.latent_correlation();
  ASSERT_EQ(r.size(), 9u);
  const double expected = 2.0 * std::sin(3.14159265358979323846 * 0.5 / 6.0);
  EXPECT_EQ(r[0 * 3 + 2], expected);  // gamma is dimension 0, d_hb dimension 2
  EXPECT_EQ(r[2 * 3 + 0], expected);
  EXPECT_EQ(r[0 * 3 + 1], 0.0);
  EXPECT_EQ(r[1 * 3 + 1], 1.0);
  // Unit points -> map(); the same points as correlated scores -> map_normal_scores(): equal to rounding.
  const std::size_t n = 3;
  const double unit[3 * n] = {0.1, 0.5, 0.93, 0.4, 0.7, 0.2, 0.25, 0.5, 0.8};
  std::vector<double> phys(4 * n), again(4 * n), z(3 * n);
  space.map(unit, n, phys.data(), n, n);
  const double l10 = expected, l11 = std::sqrt(1.0 - expected * expected);  // Cholesky of [[1, r], [r, 1]]
  for (std::size_t i = 0; i < n; ++i) {
    const double z0 = detail::normal_quantile(unit[i]), z2 = detail::normal_quantile(unit[2 * n + i]);
    z[i] = z0;
    z[n + i] = detail::normal_quantile(unit[n + i]);
    z[2 * n + i] = l10 * z0 + l11 * z2;
  }
  space.map_normal_scores(z.data(), n, again.data(), n, n);
  for (std::size_t i = 0; i < 4 * n; ++i) EXPECT_NEAR(again[i], phys[i], 1e-12 * (1 + std::fabs(phys[i]))) << i;
  EXPECT_EQ(again[n], 3.5);  // the constant
}

}  // namespace mcsens
