// SPDX-License-Identifier: MIT
// Semantics of the model language: precedence, functions against std::, logic, ternaries, non-finite values,
// block-size and thread invariance.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <thread>

#include "expr_test_util.hpp"

namespace mcsens {
namespace {

using test::eval;

struct Case {
  const char* text;
  double expected;
};

TEST(ExprSemantics, PrecedenceAndAssociativityTable) {
  const Case cases[] = {
      {"1 + 2 * 3", 7},
      {"(1 + 2) * 3", 9},
      {"10 - 4 - 3", 3},
      {"24 / 4 / 3", 2},
      {"2 ^ 3 ^ 2", 512},
      {"(2 ^ 3) ^ 2", 64},
      {"-2 ^ 2", -4},
      {"(-2) ^ 2", 4},
      {"2 ^ -1", 0.5},
      {"-2 ^ -2", -0.25},
      {"2 * 3 ^ 2", 18},
      {"- - 3", 3},
      {"+3 - -3", 6},
      {"1 + 2 < 4", 1},
      {"1 < 2 == 1", 1},
      {"2 == 2 && 0", 0},
      {"1 || 0 && 0", 1},
      {"(1 || 0) && 0", 0},
      {"!0 + 1", 2},
      {"!(0 + 1)", 0},
      {"1 ? 2 : 3 ? 4 : 5", 2},
      {"0 ? 2 : 0 ? 4 : 5", 5},
      {"0 ? 1 : 2 + 3", 5},
      {"1 < 2 ? 10 : 20", 10},
      {"2 * -3", -6},
      {"6 / 2 * 3", 9},
      {"1 - 2 + 3", 2},
      {".5 + 1e-3 * 2E+3", 2.5},
      {"3 >= 3 != 0", 1},
      {"!1 == 0", 1},
      {"2^0.5^2", std::pow(2.0, 0.25)},
  };
  for (const auto& c : cases) EXPECT_EQ(eval(c.text), c.expected) << c.text;
}

TEST(ExprSemantics, ConstantsAndNames) {
  EXPECT_EQ(eval("pi"), 3.14159265358979323846);
  EXPECT_EQ(eval("e"), 2.71828182845904523536);
  EXPECT_EQ(eval("a * b - c", {{"a", 3}, {"b", 4}, {"c", 5}}), 7);
  EXPECT_EQ(eval("x_1 + _y", {{"x_1", 1}, {"_y", 2}}), 3);
}

TEST(ExprSemantics, ComparisonsAndLogicGiveOneOrZero) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(eval("a < b", {{"a", 1}, {"b", 2}}), 1);
  EXPECT_EQ(eval("a <= b", {{"a", 2}, {"b", 2}}), 1);
  EXPECT_EQ(eval("a > b", {{"a", 1}, {"b", 2}}), 0);
  EXPECT_EQ(eval("a >= b", {{"a", 1}, {"b", 2}}), 0);
  EXPECT_EQ(eval("a == b", {{"a", 2}, {"b", 2}}), 1);
  EXPECT_EQ(eval("a != b", {{"a", 2}, {"b", 2}}), 0);
  EXPECT_EQ(eval("a && b", {{"a", 0.5}, {"b", -3}}), 1);
  EXPECT_EQ(eval("a && b", {{"a", 0.5}, {"b", 0}}), 0);
  EXPECT_EQ(eval("a || b", {{"a", 0}, {"b", 0}}), 0);
  EXPECT_EQ(eval("a || b", {{"a", 0}, {"b", 7}}), 1);
  EXPECT_EQ(eval("!a", {{"a", 7}}), 0);
  EXPECT_EQ(eval("!a", {{"a", 0}}), 1);
  // IEEE: every comparison with NaN is false, except !=; NaN is nonzero, hence true.
  EXPECT_EQ(eval("a < 1", {{"a", nan}}), 0);
  EXPECT_EQ(eval("a == a", {{"a", nan}}), 0);
  EXPECT_EQ(eval("a != a", {{"a", nan}}), 1);
  EXPECT_EQ(eval("a && 1", {{"a", nan}}), 1);
}

TEST(ExprSemantics, TernaryAndIfNestAndSelectPerLane) {
  const Program program = Program::compile(test::model_of(
      {"x"}, {}, {"x < 0 ? -1 : x == 0 ? 0 : 1", "if(x < 0, x > -2 ? 10 : 20, if(x > 1, 30, 40))", "x ? 5 : 6"}));
  const auto out = test::run_columns(program, {{-3, -1, 0, 0.5, 2}});
  EXPECT_EQ(out[0], (std::vector<double>{-1, -1, 0, 1, 1}));
  EXPECT_EQ(out[1], (std::vector<double>{20, 10, 40, 40, 30}));
  EXPECT_EQ(out[2], (std::vector<double>{5, 5, 6, 5, 5}));
}

// The three-operand kernels read a constant operand as an immediate, in any position (select's branches, clamp's
// value or bounds): every combination against the values worked out lane by lane.
TEST(ExprSemantics, SelectAndClampWithAConstantInEveryPosition) {
  const Program program = Program::compile(test::model_of(
      {"c", "x", "y"}, {},
      {"c ? x : y", "c ? 2 : y", "c ? x : 3", "c ? 2 : 3", "clamp(x, c, y)", "clamp(0.5, c, y)", "clamp(x, 0.25, y)",
       "clamp(x, c, 0.75)", "clamp(x, 0.25, 0.75)", "clamp(0.5, 0.25, y)", "clamp(0.5, c, 0.75)"}));
  const std::vector<double> c = {1, 0, 0.2, 0.6, 0};
  const std::vector<double> x = {-1, 0.5, 0.1, 0.9, 0.3};
  const std::vector<double> y = {4, 0.4, 0.8, 0.7, 0.6};
  const auto out = test::run_columns(program, {c, x, y});
  const auto clamp = [](double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); };
  for (std::size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(out[0][i], c[i] != 0 ? x[i] : y[i]) << i;
    EXPECT_EQ(out[1][i], c[i] != 0 ? 2 : y[i]) << i;
    EXPECT_EQ(out[2][i], c[i] != 0 ? x[i] : 3) << i;
    EXPECT_EQ(out[3][i], c[i] != 0 ? 2 : 3) << i;
    EXPECT_EQ(out[4][i], clamp(x[i], c[i], y[i])) << i;
    EXPECT_EQ(out[5][i], clamp(0.5, c[i], y[i])) << i;
    EXPECT_EQ(out[6][i], clamp(x[i], 0.25, y[i])) << i;
    EXPECT_EQ(out[7][i], clamp(x[i], c[i], 0.75)) << i;
    EXPECT_EQ(out[8][i], clamp(x[i], 0.25, 0.75)) << i;
    EXPECT_EQ(out[9][i], clamp(0.5, 0.25, y[i])) << i;
    EXPECT_EQ(out[10][i], clamp(0.5, c[i], 0.75)) << i;
  }
}

TEST(ExprSemantics, ExactFunctions) {
  EXPECT_EQ(eval("sqrt(x)", {{"x", 2}}), std::sqrt(2.0));
  EXPECT_EQ(eval("abs(x)", {{"x", -2.5}}), 2.5);
  EXPECT_EQ(eval("floor(x)", {{"x", -2.5}}), -3);
  EXPECT_EQ(eval("ceil(x)", {{"x", -2.5}}), -2);
  EXPECT_EQ(eval("min(x, 3)", {{"x", -2.5}}), -2.5);
  EXPECT_EQ(eval("max(x, 3)", {{"x", -2.5}}), 3);
  EXPECT_EQ(eval("clamp(x, 0, 1)", {{"x", -2.5}}), 0);
  EXPECT_EQ(eval("clamp(x, 0, 1)", {{"x", 2.5}}), 1);
  EXPECT_EQ(eval("clamp(x, 0, 1)", {{"x", 0.25}}), 0.25);
  EXPECT_EQ(eval("pow(x, 2)", {{"x", 1.1}}), 1.1 * 1.1);
  EXPECT_EQ(eval("x ^ 2", {{"x", 1.1}}), 1.1 * 1.1);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(eval("min(x, 1)", {{"x", nan}})));
  EXPECT_TRUE(std::isnan(eval("min(1, x)", {{"x", nan}})));
  EXPECT_TRUE(std::isnan(eval("max(x, 1)", {{"x", nan}})));
  EXPECT_TRUE(std::isnan(eval("max(1, x)", {{"x", nan}})));
}

// Distance in units in the last place between two doubles of the same sign (0 when both are NaN).
std::uint64_t ulp_distance(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return 0;
  if (a == b) return 0;
  if (std::isnan(a) || std::isnan(b) || std::signbit(a) != std::signbit(b)) return UINT64_MAX;
  std::int64_t ia = 0;
  std::int64_t ib = 0;
  std::memcpy(&ia, &a, sizeof a);
  std::memcpy(&ib, &b, sizeof b);
  return static_cast<std::uint64_t>(ia > ib ? ia - ib : ib - ia);
}

struct FunctionCase {
  const char* text;
  double (*reference)(double);
  double low, high;
  bool log_scale;      // draw x log-uniformly in [low, high] (both positive)
  std::uint64_t ulps;  // the bound: 0 for exact functions, 4 for libmvec (glibc manual), + roundings of a formula
};

double ref_exp(double x) {
  return std::exp(x);
}
double ref_log(double x) {
  return std::log(x);
}
double ref_log10(double x) {
  return std::log10(x);
}
double ref_sqrt(double x) {
  return std::sqrt(x);
}
double ref_abs(double x) {
  return std::fabs(x);
}
double ref_sin(double x) {
  return std::sin(x);
}
double ref_cos(double x) {
  return std::cos(x);
}
double ref_tan(double x) {
  return std::tan(x);
}
double ref_tanh(double x) {
  return std::tanh(x);
}
double ref_floor(double x) {
  return std::floor(x);
}
double ref_ceil(double x) {
  return std::ceil(x);
}
double ref_logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
double ref_normcdf(double x) {
  return 0.5 * std::erfc(-x * 0.70710678118654752440);
}

TEST(ExprSemantics, EveryFunctionAgainstStdWithinItsUlpBound) {
  const FunctionCase cases[] = {
      {"exp(x)", ref_exp, -700, 700, false, 4},
      {"log(x)", ref_log, 1e-300, 1e300, true, 4},
      {"log(x)", ref_log, 0.5, 2, false, 4},
      {"log10(x)", ref_log10, 1e-300, 1e300, true, 4},
      {"sqrt(x)", ref_sqrt, 1e-300, 1e300, true, 0},
      {"abs(x)", ref_abs, -1e6, 1e6, false, 0},
      {"sin(x)", ref_sin, -1e4, 1e4, false, 4},
      {"cos(x)", ref_cos, -1e4, 1e4, false, 4},
      {"tan(x)", ref_tan, -1e4, 1e4, false, 4},
      {"tanh(x)", ref_tanh, -20, 20, false, 4},
      {"floor(x)", ref_floor, -1e6, 1e6, false, 0},
      {"ceil(x)", ref_ceil, -1e6, 1e6, false, 0},
      {"logistic(x)", ref_logistic, -700, 700, false, 5},
      {"normcdf(x)", ref_normcdf, -37, 8, false, 4},
  };
  std::mt19937_64 rng(20261126);
  for (const auto& c : cases) {
    std::vector<double> x(4099);  // not a multiple of the packet or strip size: tails are exercised too
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (auto& v : x) {
      v = c.log_scale ? std::exp(std::log(c.low) + u(rng) * (std::log(c.high) - std::log(c.low)))
                      : c.low + u(rng) * (c.high - c.low);
    }
    const Program program = Program::compile(test::model_of({"x"}, {}, {c.text}));
    const auto out = test::run_columns(program, {x});
    std::uint64_t worst = 0;
    double worst_x = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      const std::uint64_t d = ulp_distance(out[0][i], c.reference(x[i]));
      if (d > worst) worst = d, worst_x = x[i];
    }
    EXPECT_LE(worst, c.ulps) << c.text << " at x = " << worst_x;
  }
}

TEST(ExprSemantics, PowAgainstStd) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> ux(-3.0, 3.0);
  std::uniform_real_distribution<double> uy(-50.0, 50.0);
  std::vector<double> x(2000);
  std::vector<double> y(2000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::pow(10.0, ux(rng)), y[i] = uy(rng);
  const Program program = Program::compile(test::model_of({"x", "y"}, {}, {"pow(x, y)", "x ^ y", "x ^ 1.5"}));
  const auto out = test::run_columns(program, {x, y});
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_LE(ulp_distance(out[0][i], std::pow(x[i], y[i])), 4u) << x[i] << " " << y[i];
    EXPECT_EQ(out[1][i], out[0][i]);
    EXPECT_LE(ulp_distance(out[2][i], std::pow(x[i], 1.5)), 4u) << x[i];
  }
}

TEST(ExprSemantics, SmallIntegerPowersAreProductsWithinTwoUlp) {
  // x^3 and x^4 compile to products (two roundings): within 2 ulp of the correctly rounded std::pow, for negative
  // bases too, with pow's signs and non-finite results.
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> ux(-3.0, 3.0);
  std::vector<double> x(2000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 2 ? -1.0 : 1.0) * std::pow(10.0, ux(rng));
  x[0] = -std::numeric_limits<double>::infinity();
  x[1] = 0.0;
  const Program program = Program::compile(test::model_of({"x"}, {}, {"x ^ 3", "x ^ 4", "pow(x, 3)"}));
  const auto out = test::run_columns(program, {x});
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_LE(ulp_distance(out[0][i], std::pow(x[i], 3.0)), 2u) << x[i];
    EXPECT_LE(ulp_distance(out[1][i], std::pow(x[i], 4.0)), 2u) << x[i];
    EXPECT_EQ(out[2][i], out[0][i]);
  }
}

TEST(ExprSemantics, NonFiniteResultsAreIeeeValues) {
  EXPECT_EQ(eval("1 / x", {{"x", 0}}), std::numeric_limits<double>::infinity());
  EXPECT_EQ(eval("-1 / x", {{"x", 0}}), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(eval("log(x)", {{"x", -1}})));
  EXPECT_EQ(eval("log(x)", {{"x", 0}}), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(eval("sqrt(x)", {{"x", -1}})));
  EXPECT_TRUE(std::isnan(eval("x / x", {{"x", 0}})));
  // Folded at compile time, the same values.
  EXPECT_EQ(eval("1 / 0"), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(eval("log(-1)")));
}

// A model with arithmetic, transcendental functions, selects and functions, for the invariance tests.
Program invariance_program() {
  ModelSource model = test::model_of(
      {"a", "b"}, {{"d1", "exp(-a) * sin(b) + log(1 + a * a)"}, {"d2", "a > 0 ? tanh(b) : normcdf(a - b)"}},
      {"d1 + d2", "logistic(d1) ^ b", "clamp(d1 * d2, -0.5, 0.5) + log10(abs(b) + 1)", "3"});
  return Program::compile(model);
}

std::vector<std::vector<double>> invariance_inputs(size_t n) {
  std::mt19937_64 rng(99);
  std::normal_distribution<double> z(0.0, 2.0);
  std::vector<std::vector<double>> columns(2, std::vector<double>(n));
  for (auto& column : columns) {
    for (auto& v : column) v = z(rng);
  }
  return columns;
}

TEST(ExprSemantics, BlockSizeDoesNotChangeAnyBit) {
  const Program program = invariance_program();
  const auto inputs = invariance_inputs(3001);
  const auto reference = test::run_columns(program, inputs, 1024);
  for (size_t block : {size_t{1}, size_t{7}, size_t{256}, size_t{1000}, size_t{4096}}) {
    const auto out = test::run_columns(program, inputs, block);
    for (size_t t = 0; t < out.size(); ++t) {
      ASSERT_EQ(std::memcmp(out[t].data(), reference[t].data(), out[t].size() * sizeof(double)), 0)
          << "block " << block << " target " << t;
    }
  }
  EXPECT_EQ(reference[3][17], 3.0);
}

TEST(ExprSemantics, ThreadsShareOneProgramAndGetTheSameBits) {
  const Program program = invariance_program();
  const auto inputs = invariance_inputs(5000);
  const auto reference = test::run_columns(program, inputs, 512);
  std::vector<std::vector<std::vector<double>>> results(4);
  std::vector<std::thread> threads;
  for (size_t k = 0; k < results.size(); ++k) {
    threads.emplace_back([&, k] {
      for (int repeat = 0; repeat < 5; ++repeat) results[k] = test::run_columns(program, inputs, 512 + 100 * k);
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) {
    for (size_t t = 0; t < result.size(); ++t) {
      EXPECT_EQ(std::memcmp(result[t].data(), reference[t].data(), result[t].size() * sizeof(double)), 0);
    }
  }
}

}  // namespace
}  // namespace mcsens
