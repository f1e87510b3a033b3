// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/space/distribution.hpp"
#include "mcsens/space/normal.hpp"

namespace mcsens {
namespace {

DistributionSpec spec(const std::string& kind, std::map<std::string, double> numbers) {
  DistributionSpec s;
  s.kind = kind;
  s.numbers = std::move(numbers);
  s.key = "parameters.x";
  s.location.file = "model.toml";
  s.location.line = 3;
  s.location.column = 5;
  int column = 20;
  for (const auto& [k, v] : s.numbers) {
    SourceLocation at = s.location;
    at.column = column;
    column += 10;
    s.number_locations[k] = at;
  }
  return s;
}

std::string error_of(const DistributionSpec& s, SourceLocation* where = nullptr) {
  try {
    make_distribution(s);
  } catch (const Error& e) {
    if (where != nullptr) *where = e.where();
    return e.message();
  }
  return "(no error)";
}

double quantile1(const Distribution& d, double u) {
  double x = 0;
  d.quantile(&u, &x, 1);
  return x;
}

TEST(DistributionErrors, ImpossibleBetaNamesTheKey) {
  DistributionSpec s = spec("beta", {{"mean", 0.5}, {"sd", 0.6}});
  s.key = "parameters.s_hb";
  SourceLocation where;
  EXPECT_EQ(error_of(s, &where),
            "parameters.s_hb: beta with mean 0.5 and sd 0.6 does not exist (sd must be below 0.5)");
  EXPECT_EQ(where.column, s.number_locations["sd"].column);
  EXPECT_NE(error_of(spec("beta", {{"mean", 1.5}, {"sd", 0.1}})).find("mean must be inside (0, 1)"), std::string::npos);
  // With rescaling the limit is on the rescaled scale: sqrt(m (1 - m)) (high - low).
  EXPECT_EQ(error_of(spec("beta", {{"mean", 5}, {"sd", 5}, {"low", 0}, {"high", 10}})),
            "parameters.x: beta with mean 5 and sd 5 does not exist (sd must be below 5)");
}

TEST(DistributionErrors, UnknownKindAndKeySuggest) {
  EXPECT_EQ(error_of(spec("normla", {{"mean", 0}, {"sd", 1}})),
            "parameters.x: unknown distribution 'normla' (known: uniform, loguniform, normal, lognormal, triangular, "
            "pert, beta, gamma, discrete, exponential, weibull, student_t, uniform_int, empirical) (did you mean "
            "'normal'?)");
  SourceLocation where;
  const auto s = spec("normal", {{"meen", 0}, {"sd", 1}});
  const std::string m = error_of(s, &where);
  EXPECT_EQ(m, "parameters.x: normal takes no key 'meen' (it takes mean, sd, low, high) (did you mean 'mean'?)");
  EXPECT_EQ(where.column, s.number_locations.at("meen").column);
}

TEST(DistributionErrors, MissingAndInvalidValues) {
  EXPECT_EQ(error_of(spec("uniform", {{"low", 0}})), "parameters.x: uniform needs 'high'");
  EXPECT_EQ(error_of(spec("uniform", {{"low", 2}, {"high", 1}})),
            "parameters.x: uniform needs low < high, got low = 2 and high = 1");
  EXPECT_EQ(error_of(spec("uniform", {{"low", 1}, {"high", 1}})),
            "parameters.x: uniform needs low < high, got low = 1 and high = 1");
  EXPECT_EQ(error_of(spec("normal", {{"mean", 0}, {"sd", 0}})), "parameters.x: normal needs sd > 0, got 0");
  EXPECT_EQ(error_of(spec("normal", {{"mean", 0}, {"sd", -1}})), "parameters.x: normal needs sd > 0, got -1");
  EXPECT_EQ(error_of(spec("loguniform", {{"low", 0}, {"high", 1}})), "parameters.x: loguniform needs low > 0, got 0");
  EXPECT_EQ(error_of(spec("gamma", {{"shape", 2}, {"scale", -1}})), "parameters.x: gamma needs scale > 0, got -1");
  EXPECT_NE(error_of(spec("triangular", {{"low", 0}, {"mode", 2}, {"high", 1}})).find("low <= mode <= high"),
            std::string::npos);
  EXPECT_NE(error_of(spec("lognormal", {{"median", 1}, {"gsd", 2}, {"mu", 0}})).find("not two of them"),
            std::string::npos);
  EXPECT_NE(error_of(spec("lognormal", {{"median", 1}, {"gsd", 0.5}})).find("gsd > 1"), std::string::npos);
  EXPECT_NE(error_of(spec("beta", {{"a", 1}, {"b", 2}, {"sd", 0.1}})).find("not both"), std::string::npos);
  EXPECT_NE(error_of(spec("normal", {{"mean", 0}, {"sd", 1}, {"low", 50}})).find("keeps a probability"),
            std::string::npos);
  EXPECT_NE(error_of(spec("uniform", {{"low", 0}, {"high", INFINITY}})).find("finite"), std::string::npos);
}

// Issue 18: the distributions added for first-time users refuse impossible parameters, naming the key.
TEST(DistributionErrors, NewDistributionsRefuseImpossibleParameters) {
  SourceLocation where;
  const auto rate = spec("exponential", {{"rate", -2}});
  EXPECT_EQ(error_of(rate, &where), "parameters.x: exponential needs rate > 0, got -2");
  EXPECT_EQ(where.column, rate.number_locations.at("rate").column);
  EXPECT_EQ(error_of(spec("exponential", {{"mean", 0}})), "parameters.x: exponential needs mean > 0, got 0");
  EXPECT_EQ(error_of(spec("exponential", {{"mean", 1}, {"rate", 1}})),
            "parameters.x: exponential takes either rate or mean, not both");
  EXPECT_EQ(error_of(spec("exponential", {})), "parameters.x: exponential needs either rate or mean (= 1 / rate)");
  EXPECT_EQ(error_of(spec("weibull", {{"shape", 0}, {"scale", 1}})), "parameters.x: weibull needs shape > 0, got 0");
  EXPECT_EQ(error_of(spec("weibull", {{"shape", 2}, {"scale", -1}})), "parameters.x: weibull needs scale > 0, got -1");
  EXPECT_EQ(error_of(spec("student_t", {{"df", 0}})), "parameters.x: student_t needs df > 0, got 0");
  EXPECT_EQ(error_of(spec("student_t", {{"df", 3}, {"scale", 0}})), "parameters.x: student_t needs scale > 0, got 0");
  EXPECT_EQ(error_of(spec("student_t", {{"df", 3}, {"low", 2}, {"high", 1}})),
            "parameters.x: student_t needs low < high, got low = 2 and high = 1");
  EXPECT_NE(error_of(spec("student_t", {{"df", 30}, {"low", 1e6}})).find("keeps a probability of"), std::string::npos);
  EXPECT_EQ(error_of(spec("gamma", {{"mean", -1}, {"sd", 1}})), "parameters.x: gamma needs mean > 0, got -1");
  EXPECT_EQ(error_of(spec("gamma", {{"mean", 1}, {"sd", 0}})), "parameters.x: gamma needs sd > 0, got 0");
  EXPECT_EQ(error_of(spec("gamma", {{"mean", 1}, {"shape", 1}})),
            "parameters.x: gamma takes either shape and scale, or mean and sd, not both");
  EXPECT_EQ(error_of(spec("lognormal", {{"mean", 0}, {"sd", 1}})), "parameters.x: lognormal needs mean > 0, got 0");
  EXPECT_EQ(error_of(spec("lognormal", {{"mean", 2}, {"sd", -1}})), "parameters.x: lognormal needs sd > 0, got -1");
  EXPECT_EQ(error_of(spec("uniform_int", {{"low", 1.5}, {"high", 6}})),
            "parameters.x: uniform_int needs whole numbers, got low = 1.5");
  EXPECT_EQ(error_of(spec("uniform_int", {{"low", 6}, {"high", 1}})),
            "parameters.x: uniform_int needs low <= high, got low = 6 and high = 1");
  DistributionSpec e = spec("empirical", {});
  e.data = {3};
  e.data_source = "d.csv, 'q'";
  EXPECT_EQ(error_of(e), "parameters.x: empirical needs at least 2 data values, got 1 (d.csv, 'q')");
  e.data = {2, 2, 2};
  EXPECT_EQ(error_of(e), "parameters.x: empirical data are all equal to 2 (d.csv, 'q'): use { value = x }");
  DistributionSpec u = spec("uniform", {{"low", 0}, {"high", 1}});
  u.data = {1, 2};
  EXPECT_EQ(error_of(u), "parameters.x: uniform takes no data file (only empirical does)");
}

// Closed forms: exponential -log(1 - u) / rate, Weibull scale (-log(1 - u))^(1/shape), uniform_int
// low + floor(u (high - low + 1)), empirical linear interpolation between order statistics (Hyndman and Fan 1996,
// definition 7): data {4, 1, 2} sorted {1, 2, 4}, Q(u) = 1 + 2u for u <= 1/2 and 2 + 4 (u - 1/2) above.
TEST(Distribution, NewClosedFormQuantilesAreExact) {
  const auto ex = make_distribution(spec("exponential", {{"mean", 2}}));
  EXPECT_DOUBLE_EQ(quantile1(*ex, 0.5), 2 * std::log(2.0));
  EXPECT_DOUBLE_EQ(ex->mean(), 2);
  EXPECT_EQ(ex->describe(), "exponential(mean=2; rate=0.5)");
  const auto wb = make_distribution(spec("weibull", {{"shape", 2}, {"scale", 3}}));
  EXPECT_DOUBLE_EQ(quantile1(*wb, 1 - std::exp(-1.0)), 3);
  EXPECT_DOUBLE_EQ(wb->cdf(3), 1 - std::exp(-1.0));
  const auto ui = make_distribution(spec("uniform_int", {{"low", 1}, {"high", 6}}));
  EXPECT_EQ(quantile1(*ui, 1e-12), 1);
  EXPECT_EQ(quantile1(*ui, 0.5), 4);
  EXPECT_EQ(quantile1(*ui, 1 - 1e-16), 6);
  EXPECT_DOUBLE_EQ(ui->mean(), 3.5);
  EXPECT_DOUBLE_EQ(ui->variance(), 35.0 / 12);
  DistributionSpec e = spec("empirical", {});
  e.data = {4, 1, 2};
  const auto em = make_distribution(e);
  EXPECT_DOUBLE_EQ(quantile1(*em, 0.25), 1.5);
  EXPECT_DOUBLE_EQ(quantile1(*em, 0.5), 2);
  EXPECT_DOUBLE_EQ(quantile1(*em, 0.75), 3);
  EXPECT_DOUBLE_EQ(em->cdf(3), 0.75);
  EXPECT_DOUBLE_EQ(em->cdf(1.5), 0.25);
  // Mean: the average of the segment midpoints (1.5 + 3) / 2; E X^2 = ((1 + 2 + 4) / 3 + (4 + 8 + 16) / 3) / 2.
  EXPECT_DOUBLE_EQ(em->mean(), 2.25);
  EXPECT_NEAR(em->variance(), 35.0 / 6 - 2.25 * 2.25, 1e-14);
  // Moment forms: gamma shape (m / s)^2, scale s^2 / m; lognormal sigma^2 = log(1 + s^2 / m^2).
  const auto g = make_distribution(spec("gamma", {{"mean", 6}, {"sd", 3}}));
  EXPECT_EQ(g->describe(), "gamma(mean=6, sd=3; shape=4, scale=1.5)");
  const auto ln = make_distribution(spec("lognormal", {{"mean", 10}, {"sd", 5}}));
  EXPECT_NEAR(ln->mean(), 10, 1e-12);
  EXPECT_NEAR(std::sqrt(ln->variance()), 5, 1e-12);
}

TEST(DistributionErrors, Discrete) {
  DistributionSpec s = spec("discrete", {});
  s.values = {1, 2, 3};
  s.weights = {1, 1};
  EXPECT_EQ(error_of(s), "parameters.x: discrete has 3 values but 2 weights (they must pair up)");
  s.weights = {1, -1, 1};
  EXPECT_NE(error_of(s).find("non-negative"), std::string::npos);
  s.weights = {0, 0, 0};
  EXPECT_EQ(error_of(s), "parameters.x: discrete weights must sum to a positive number, they sum to 0");
  s.weights = {1, 1, 1};
  s.numbers["low"] = 0;
  EXPECT_NE(error_of(s).find("discrete takes no key 'low'"), std::string::npos);
  DistributionSpec u = spec("uniform", {{"low", 0}, {"high", 1}});
  u.values = {1};
  EXPECT_EQ(error_of(u), "parameters.x: uniform takes no 'values' (only discrete does)");
}

TEST(Distribution, ClosedFormQuantilesAreExact) {
  const auto uni = make_distribution(spec("uniform", {{"low", 2}, {"high", 6}}));
  EXPECT_EQ(quantile1(*uni, 0.25), 3.0);
  EXPECT_DOUBLE_EQ(uni->mean(), 4.0);
  const auto tri = make_distribution(spec("triangular", {{"low", 0}, {"mode", 1}, {"high", 4}}));
  EXPECT_NEAR(quantile1(*tri, 0.25), 1.0, 1e-15);  // F(mode) = (mode - low) / (high - low) = 1/4
  EXPECT_NEAR(tri->cdf(quantile1(*tri, 0.8)), 0.8, 1e-15);
  const auto lu = make_distribution(spec("loguniform", {{"low", 1}, {"high", 100}}));
  EXPECT_NEAR(quantile1(*lu, 0.5), 10.0, 1e-13);
  const auto ln = make_distribution(spec("lognormal", {{"median", 3}, {"gsd", 2}}));
  EXPECT_NEAR(quantile1(*ln, 0.5), 3.0, 1e-14);
  EXPECT_NEAR(quantile1(*ln, 0.8413447460685429), 6.0, 1e-12);  // Phi(1): median * gsd
}

TEST(Distribution, DiscreteQuantileIsTheSmallestValueReachingU) {
  DistributionSpec s = spec("discrete", {});
  s.values = {3, 1, 2};
  s.weights = {1, 2, 1};  // sorted: 1 (0.5), 2 (0.25), 3 (0.25)
  const auto d = make_distribution(s);
  EXPECT_EQ(quantile1(*d, 0.1), 1.0);
  EXPECT_EQ(quantile1(*d, 0.5), 1.0);
  EXPECT_EQ(quantile1(*d, 0.5000001), 2.0);
  EXPECT_EQ(quantile1(*d, 0.75), 2.0);
  EXPECT_EQ(quantile1(*d, 0.99), 3.0);
  EXPECT_DOUBLE_EQ(d->mean(), 1.75);
  EXPECT_DOUBLE_EQ(d->cdf(2.0), 0.75);
  EXPECT_DOUBLE_EQ(d->cdf(0.5), 0.0);
}

TEST(Distribution, DescribeAndParameters) {
  const auto b = make_distribution(spec("beta", {{"mean", 0.4}, {"sd", 0.1}}));
  EXPECT_EQ(b->kind(), "beta");
  // nu = 0.24 / 0.01 - 1 = 23, a = 9.2, b = 13.8
  const auto p = b->parameters();
  auto get = [&](const std::string& k) {
    for (const auto& [name, v] : p) {
      if (name == k) return v;
    }
    return std::numeric_limits<double>::quiet_NaN();
  };
  EXPECT_NEAR(get("a"), 9.2, 1e-12);
  EXPECT_NEAR(get("b"), 13.8, 1e-12);
  EXPECT_EQ(get("low"), 0.0);
  EXPECT_EQ(b->describe().substr(0, 25), "beta(mean=0.4, sd=0.1; a=");
  const auto u = make_distribution(spec("uniform", {{"low", 0}, {"high", 1}}));
  EXPECT_EQ(u->describe(), "uniform(low=0, high=1)");
}

// AS241 against Boost.Math's normal quantile: AS241 is good to about 1e-16 in exact arithmetic; in doubles both
// sides carry a few ulps, hence 1e-15 relative.
TEST(Distribution, NormalQuantileMatchesBoost) {
  const boost::math::normal_distribution<> n;
  std::vector<double> u;
  for (int k = 1; k < 20000; ++k) u.push_back(k / 20000.0);
  for (int e = 3; e <= 300; e += 3) {
    u.push_back(std::pow(10.0, -e));
    u.push_back(1 - std::pow(10.0, -e / 20.0));
  }
  std::vector<double> z(u.size());
  detail::normal_quantile_block(u.data(), z.data(), u.size());
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double want = boost::math::quantile(n, u[i]);
    ASSERT_NEAR(z[i], want, 1e-15 * std::max(1.0, std::fabs(want))) << "u = " << u[i];
    ASSERT_EQ(z[i], detail::normal_quantile(u[i]));
  }
}

// The accuracy requirement for tabulated quantiles: within 1e-9 of Boost.Math's quantile times the
// distribution's scale, for u in [1e-12, 1 - 1e-12]. The sweep is log-spaced in both tails and dense inside.
void expect_table_accuracy(const Distribution& d, const std::function<double(double)>& lower,
                           const std::function<double(double)>& upper, double scale, double relative = 0) {
  std::vector<double> u;
  for (int k = 0; k <= 4000; ++k) {
    const double w = std::pow(10.0, -12.0 + 11.7 * k / 4000.0);  // 1e-12 .. 0.5
    u.push_back(w);
    u.push_back(1.0 - w);
  }
  for (int k = 1; k < 20000; ++k) u.push_back(k / 20000.0 + 1.234e-6);
  std::vector<double> x(u.size());
  d.quantile(u.data(), x.data(), u.size());
  double worst = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double want = u[i] < 0.5 ? lower(u[i]) : upper(1.0 - u[i]);
    worst = std::max(worst, std::fabs(x[i] - want) / scale);
    ASSERT_LE(std::fabs(x[i] - want), 1e-9 * scale + relative * std::fabs(want)) << d.describe() << " at u = " << u[i];
  }
  ::testing::Test::RecordProperty("worst_error_over_scale", std::to_string(worst));
}

TEST(TableQuantile, BetaWithinOneBillionthOfBoost) {
  const std::vector<std::pair<double, double>> shapes = {{2, 5}, {0.5, 0.5}, {0.2, 3}, {9.2, 13.8}, {30, 0.7}};
  for (const auto& [a, b] : shapes) {
    const auto d = make_distribution(spec("beta", {{"a", a}, {"b", b}, {"low", 2}, {"high", 5}}));
    const boost::math::beta_distribution<> ref(a, b);
    expect_table_accuracy(
        *d, [&](double w) { return 2 + 3 * boost::math::quantile(ref, w); },
        [&](double w) { return 2 + 3 * boost::math::quantile(boost::math::complement(ref, w)); }, 3.0);
  }
}

TEST(TableQuantile, GammaWithinOneBillionthOfBoost) {
  const std::vector<std::pair<double, double>> params = {{2, 3}, {0.3, 1}, {50, 0.1}, {1, 2}};
  for (const auto& [k, theta] : params) {
    const auto d = make_distribution(spec("gamma", {{"shape", k}, {"scale", theta}}));
    const boost::math::gamma_distribution<> ref(k, theta);
    expect_table_accuracy(
        *d, [&](double w) { return boost::math::quantile(ref, w); },
        [&](double w) { return boost::math::quantile(boost::math::complement(ref, w)); }, theta);
  }
}

// Student's t, heavy tails included (df = 1 is Cauchy), and truncated on one side like the normal. Out in the
// Cauchy tail (|Q| ~ 1e11 at u = 1e-12) one ulp of Q exceeds 1e-9, so a few ulps (1e-15 relative) are allowed.
TEST(TableQuantile, StudentTWithinOneBillionthOfBoost) {
  for (double df : {1.0, 3.0, 30.0}) {
    const auto d = make_distribution(spec("student_t", {{"df", df}, {"location", 1}, {"scale", 2}}));
    const boost::math::students_t_distribution<> ref(df);
    expect_table_accuracy(
        *d, [&](double w) { return 1 + 2 * boost::math::quantile(ref, w); },
        [&](double w) { return 1 + 2 * boost::math::quantile(boost::math::complement(ref, w)); }, 2.0, 1e-15);
  }
  const boost::math::students_t_distribution<> ref(4);
  const auto d = make_distribution(spec("student_t", {{"df", 4}, {"low", 0.5}}));
  const double sa = boost::math::cdf(boost::math::complement(ref, 0.5));
  expect_table_accuracy(
      *d, [&](double w) { return boost::math::quantile(boost::math::complement(ref, sa - w * sa)); },
      [&](double w) { return boost::math::quantile(boost::math::complement(ref, w * sa)); }, 1.0);
}

TEST(TableQuantile, PertWithinOneBillionthOfBoost) {
  const auto d = make_distribution(spec("pert", {{"low", 1}, {"mode", 2}, {"high", 5}}));
  const boost::math::beta_distribution<> ref(1 + 4 * 1.0 / 4, 1 + 4 * 3.0 / 4);  // Vose (2008), lambda = 4
  expect_table_accuracy(
      *d, [&](double w) { return 1 + 4 * boost::math::quantile(ref, w); },
      [&](double w) { return 1 + 4 * boost::math::quantile(boost::math::complement(ref, w)); }, 4.0);
  EXPECT_NEAR(d->mean(), (1 + 4 * 2 + 5) / 6.0, 1e-14);
}

TEST(TableQuantile, TruncatedNormalWithinOneBillionthOfBoost) {
  struct Case {
    double mean, sd, low, high;
  };
  const boost::math::normal_distribution<> n;
  for (const Case& c :
       {Case{0, 1, -1, 2}, Case{10, 2, 11, INFINITY}, Case{0, 1, -INFINITY, -2.5}, Case{5, 3, 4, 4.5}}) {
    std::map<std::string, double> numbers = {{"mean", c.mean}, {"sd", c.sd}};
    if (std::isfinite(c.low)) numbers["low"] = c.low;
    if (std::isfinite(c.high)) numbers["high"] = c.high;
    const auto d = make_distribution(spec("normal", numbers));
    const double a = (c.low - c.mean) / c.sd, b = (c.high - c.mean) / c.sd;
    // Reference on whichever side of the normal keeps the probabilities from cancelling.
    const double pa = std::isinf(a) ? 0 : boost::math::cdf(n, a), pb = std::isinf(b) ? 1 : boost::math::cdf(n, b);
    const double sa = std::isinf(a) ? 1 : boost::math::cdf(boost::math::complement(n, a));
    const double sb = std::isinf(b) ? 0 : boost::math::cdf(boost::math::complement(n, b));
    const double z = a > 0 ? sa - sb : pb - pa;
    auto lower = [&](double w) {
      return c.mean + c.sd * (a > 0 ? boost::math::quantile(boost::math::complement(n, sa - w * z))
                                    : boost::math::quantile(n, pa + w * z));
    };
    auto upper = [&](double w) {
      return c.mean + c.sd * (b < 0 ? boost::math::quantile(n, pb - w * z)
                                    : boost::math::quantile(boost::math::complement(n, sb + w * z)));
    };
    expect_table_accuracy(*d, lower, upper, c.sd);
  }
}

}  // namespace
}  // namespace mcsens

namespace mcsens {
namespace {

// Issue 23, class 4: parameters at the edges of the double range give finite, exact draws, or are refused at the
// key that cannot be represented.
TEST(DistributionEdges, UniformWiderThanTheDoubleRange) {
  const auto d = make_distribution(spec("uniform", {{"low", -1e308}, {"high", 1.7e308}}));
  // Q(u) = 2 (low / 2 + u (high / 2 - low / 2)): Q(0) = low, Q(1/2) = 3.5e307, Q(1) = high, all finite.
  EXPECT_EQ(quantile1(*d, 0.0), -1e308);
  EXPECT_DOUBLE_EQ(quantile1(*d, 0.5), 3.5e307);
  EXPECT_DOUBLE_EQ(quantile1(*d, 1.0), 1.7e308);
  for (double u : {1e-12, 0.1, 0.37, 0.9, 1 - 1e-12}) {
    const double x = quantile1(*d, u);
    EXPECT_TRUE(std::isfinite(x)) << u;
    EXPECT_NEAR(d->cdf(x), u, 1e-12) << u;
  }
  EXPECT_DOUBLE_EQ(d->mean(), 3.5e307);
}

TEST(DistributionEdges, LogUniformWhoseRatioOverflows) {
  const auto d = make_distribution(spec("loguniform", {{"low", 1e-160}, {"high", 1e160}}));
  // log Q(u) = log low + u (log high - log low): Q(1/2) = 1, Q(1/4) = 1e-80.
  EXPECT_NEAR(quantile1(*d, 0.5), 1.0, 1e-12);
  EXPECT_NEAR(std::log10(quantile1(*d, 0.25)), -80.0, 1e-10);
  EXPECT_NEAR(std::log10(quantile1(*d, 1 - 1e-12)), 160.0, 1e-9);
  EXPECT_NEAR(d->cdf(1.0), 0.5, 1e-12);
  // mean (high - low) / log(high / low) = 1e160 / (320 ln 10).
  EXPECT_NEAR(d->mean() / (1e160 / (320 * std::log(10.0))), 1.0, 1e-12);
  EXPECT_FALSE(std::isnan(d->variance()));
}

TEST(DistributionEdges, DiscreteWeightsWhoseSumOverflows) {
  DistributionSpec s = spec("discrete", {});
  s.values = {1, 2, 3};
  s.weights = {1e308, 1e308, 1e308};
  const auto d = make_distribution(s);
  EXPECT_EQ(quantile1(*d, 0.2), 1.0);
  EXPECT_EQ(quantile1(*d, 0.5), 2.0);
  EXPECT_EQ(quantile1(*d, 0.9), 3.0);
  EXPECT_DOUBLE_EQ(d->mean(), 2.0);
  EXPECT_DOUBLE_EQ(d->cdf(1.0), 1.0 / 3.0);
}

// Issue 32 class 4: finite data near the edges of the double range give finite draws (the segment's width, 3.4e308,
// used to make every draw inside it +inf or NaN) and finite or honestly infinite moments, never NaN.
TEST(DistributionEdges, EmpiricalDataNearTheDoubleRange) {
  DistributionSpec s = spec("empirical", {});
  s.data = {-1.7e308, 0.0, 1.7e308};
  const auto d = make_distribution(s);
  // Q(u) = -1.7e308 + 2u (1.7e308) on the first segment: Q(1/8) = -1.275e308, Q(1/2) = 0, Q(3/4) = 0.85e308.
  EXPECT_DOUBLE_EQ(quantile1(*d, 0.125), -1.275e308);
  EXPECT_EQ(quantile1(*d, 0.5), 0.0);
  EXPECT_DOUBLE_EQ(quantile1(*d, 0.75), 0.85e308);
  EXPECT_EQ(quantile1(*d, 1.0), 1.7e308);
  EXPECT_DOUBLE_EQ(d->mean(), 0.0);
  EXPECT_TRUE(std::isinf(d->variance()));  // sd 1.39e308, variance 1.9e616: beyond the range, not NaN
  DistributionSpec w = spec("empirical", {});
  w.data = {-1.5e308, 1.5e308};  // one segment wider than the range
  const auto wide = make_distribution(w);
  for (double u : {0.0, 1e-9, 0.3, 0.5, 0.7, 1 - 1e-9, 1.0}) {
    const double x = quantile1(*wide, u);
    EXPECT_TRUE(std::isfinite(x)) << u;
    EXPECT_NEAR(x / 1.5e308, 2 * u - 1, 1e-15) << u;
    EXPECT_NEAR(wide->cdf(x), u, 1e-15) << u;
  }
  EXPECT_DOUBLE_EQ(wide->mean(), 0.0);
  EXPECT_TRUE(std::isinf(wide->variance()));  // (1.5e308)^2 / 3: beyond the range, not NaN
  DistributionSpec big = spec("empirical", {});
  big.data = {1e152, 3e152};  // moments of data beyond 1e150 go through scaled sums: mean 2e152, variance 1e304 / 3
  const auto scaled = make_distribution(big);
  EXPECT_DOUBLE_EQ(scaled->mean(), 2e152);
  EXPECT_NEAR(scaled->variance() / (1e304 / 3), 1.0, 1e-14);
}

// Issue 32 class 5: Student's t with df well below 1 has finite quantiles far beyond where Boost's inverse gives inf
// (its incomplete-beta argument underflows: df 0.05 at p = 1e-9 needs x = 1e-347). References: mpmath 1.2 at 40
// digits, solving F(-t) = I_x(df/2, 1/2) / 2 for x = df / (df + t^2) (SciPy 1.10's t.ppf clamps at 1e100 there).
TEST(DistributionEdges, StudentTWithVeryHeavyTails) {
  struct Case {
    double df, p, t;
  };
  for (const Case c : {Case{0.05, 1e-9, 1.08760446760017e173}, Case{0.05, 1e-15, 1.08760446760015e293},
                       Case{0.1, 1e-30, 1.60442570566651e296}, Case{0.02, 1e-5, 6.33148748160745e233},
                       Case{0.05, 1e-3, 1.08760446760019e53}, Case{0.5, 1e-12, 1.02849115631634e23}}) {
    const auto d = make_distribution(spec("student_t", {{"df", c.df}}));
    EXPECT_NEAR(quantile1(*d, c.p) / -c.t, 1.0, 1e-12) << c.df << " " << c.p;
    if (c.p < 1e-12) continue;  // 1 - p would round to (or near) 1
    // 1 - p rounds by up to 1.1e-16, which moves t by a relative 1.1e-16 / (p df).
    EXPECT_NEAR(quantile1(*d, 1 - c.p) / c.t, 1.0, 1e-12 + 1.2e-16 / c.p / c.df) << c.df << " " << c.p;
  }
  // Beyond the double range the draw is -inf/+inf (a non-finite draw), as before: df 0.05 at 1e-30 is 1e593.
  const auto d = make_distribution(spec("student_t", {{"df", 0.05}}));
  EXPECT_EQ(quantile1(*d, 1e-30), -std::numeric_limits<double>::infinity());
}

TEST(DistributionEdges, TriangularWithAHugeRange) {
  // (high - low)^2 overflows from 1e154 on. Q(u) = high - sqrt((1 - u) (high - low) (high - mode)) for u >= split.
  const auto d = make_distribution(spec("triangular", {{"low", 0}, {"mode", 1e200}, {"high", 1e200}}));
  EXPECT_DOUBLE_EQ(quantile1(*d, 0.5), 1e200 * std::sqrt(0.5));
  EXPECT_DOUBLE_EQ(quantile1(*d, 0.25), 0.5e200);
  EXPECT_NEAR(d->cdf(0.5e200), 0.25, 1e-15);
  const auto wide = make_distribution(spec("triangular", {{"low", -1.7e308}, {"mode", 0}, {"high", 1.7e308}}));
  EXPECT_NEAR(quantile1(*wide, 0.5), 0.0, 1e293);        // within rounding of the range, 3.4e308
  EXPECT_DOUBLE_EQ(quantile1(*wide, 0.125), -0.85e308);  // F(-h/2) = (1/2)^2 / 2
  EXPECT_NEAR(wide->cdf(0.85e308), 0.875, 1e-15);
  EXPECT_DOUBLE_EQ(wide->mean(), 0.0);
}

TEST(DistributionEdges, ShapesBeyondWhatTheQuantilesHandleAreRefusedAtTheKey) {
  // Boost's inverse incomplete beta gives NaN for a = b = 1e-300 and does not return for a = b = 1e20.
  SourceLocation where;
  DistributionSpec tiny = spec("beta", {{"a", 1e-300}, {"b", 1e-300}});
  EXPECT_EQ(error_of(tiny, &where),
            "parameters.x: beta with a = 1e-300 and b = 1e-300 is beyond the shapes mcsens computes quantiles for "
            "(a + b >= 1e-150, a and b <= 1e15): it is a two-point law, use discrete");
  EXPECT_EQ(where.column, tiny.number_locations["a"].column);
  DistributionSpec huge = spec("beta", {{"a", 1}, {"b", 1e20}});
  EXPECT_NE(error_of(huge, &where).find("it is a point mass, use a value"), std::string::npos);
  EXPECT_EQ(where.column, huge.number_locations["b"].column);
  DistributionSpec narrow = spec("beta", {{"mean", 0.5}, {"sd", 1e-12}});  // a = b = 1.25e23
  EXPECT_NE(error_of(narrow, &where).find("a point mass"), std::string::npos);
  EXPECT_EQ(where.column, narrow.number_locations["sd"].column);
  // Small shapes that Boost handles stay accepted: a two-point-like law with finite draws.
  const auto edge = make_distribution(spec("beta", {{"a", 1e-100}, {"b", 1e-100}}));
  EXPECT_EQ(quantile1(*edge, 0.25), 0.0);
  EXPECT_EQ(quantile1(*edge, 0.75), 1.0);
  // gamma: the incomplete gamma series gives up beyond shape 1e10.
  DistributionSpec g = spec("gamma", {{"shape", 1e12}, {"scale", 1}});
  EXPECT_NE(error_of(g, &where).find("gamma with shape 1e+12 is beyond the shapes"), std::string::npos);
  EXPECT_EQ(where.column, g.number_locations["shape"].column);
  // PERT and beta scale by high - low, which must be a double.
  EXPECT_EQ(error_of(spec("pert", {{"low", -1e308}, {"mode", 0}, {"high", 1e308}}), &where),
            "parameters.x: pert needs high - low within the double range (at most 1.8e308), got low = -1e+308 "
            "and high = 1e+308");
  EXPECT_NE(error_of(spec("beta", {{"a", 2}, {"b", 2}, {"low", -1e308}, {"high", 1e308}})).find("high - low"),
            std::string::npos);
}

TEST(DistributionEdges, StudentTTailsBeyondTheDoubleRangeAreInfiniteNotAnException) {
  // df = 0.05: Q(1e-15) is about -(1e15)^(1/0.05) = -1e300 or beyond; Boost's overflow is +-inf, not a throw.
  const auto d = make_distribution(spec("student_t", {{"df", 0.05}}));
  double x = 0;
  EXPECT_NO_THROW(x = quantile1(*d, 1e-15));
  EXPECT_TRUE(x < -1e200);
  EXPECT_EQ(quantile1(*d, 0.5), 0.0);
}

}  // namespace
}  // namespace mcsens
