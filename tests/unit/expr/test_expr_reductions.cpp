// SPDX-License-Identifier: MIT
// Finite sums and products over an integer index, sum(i, first, last, body) and prod(...) (issue "Models that
// move in time", part 1): their values against closed forms and explicit loops, their order of summation, how
// they nest and combine with functions and definitions, and every refused form with its location.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "expr_test_util.hpp"

namespace mcsens {
namespace {

using test::compile_error;

TEST(ExprReductions, SumsAndProductsOfIntegersAgainstClosedForms) {
  EXPECT_EQ(test::eval("sum(i, 1, 100, i)"), 5050.0);
  EXPECT_EQ(test::eval("sum(k, 1, 10, k^2)"), 385.0);  // n(n+1)(2n+1)/6
  EXPECT_EQ(test::eval("prod(k, 1, 10, k)"), 3628800.0);
  EXPECT_EQ(test::eval("sum(i, -3, 3, i)"), 0.0);
  EXPECT_EQ(test::eval("sum(i, 5, 5, 2 * i)"), 10.0);
  // Empty ranges: the empty sum is 0, the empty product 1.
  EXPECT_EQ(test::eval("sum(i, 1, 0, i)"), 0.0);
  EXPECT_EQ(test::eval("prod(i, 3, 1, i)"), 1.0);
  // Bounds may be arithmetic of numbers and built-in constants, folded at compile time.
  EXPECT_EQ(test::eval("sum(i, 2 - 1, 2 * 5, 1)"), 10.0);
}

TEST(ExprReductions, DiscountedCashFlowsEqualTheLoopInTheSameOrder) {
  // A 20-year NPV: the terms are added from the first year to the last, as this loop does, so the bits agree.
  const double r = 0.07;
  const double cash = 12.5;
  double expected = -100.0;
  for (int t = 1; t <= 20; ++t) expected = expected + cash / std::pow(1.0 + r, static_cast<double>(t));
  // The sum alone starts from its first term (no 0 + ...): the same order as this loop.
  double loop = cash / (1.0 + r);
  for (int t = 2; t <= 20; ++t) loop += cash / std::pow(1.0 + r, t);
  const double npv = test::eval("-100 + sum(t, 1, 20, cash / (1 + r)^t)", {{"r", r}, {"cash", cash}});
  EXPECT_NEAR(npv, expected, 1e-12 * std::fabs(expected));
  // The closed form of an annuity, to within rounding.
  const double annuity = -100.0 + cash * (1.0 - std::pow(1.0 + r, -20.0)) / r;
  EXPECT_NEAR(npv, annuity, 1e-12 * std::fabs(annuity));
  EXPECT_NEAR(test::eval("sum(t, 1, 20, cash / (1 + r)^t)", {{"r", r}, {"cash", cash}}), loop, 4e-16 * loop);
}

TEST(ExprReductions, NestedReductionsAndIndicesInBoundsOfInnerOnes) {
  // sum over i of sum over j <= i of 1 = n(n+1)/2; the inner bound reads the outer index.
  EXPECT_EQ(test::eval("sum(i, 1, 30, sum(j, 1, i, 1))"), 465.0);
  // A product of sums: (1 + 2 + 3) * (1 + 2 + 3 + 4) * ... for i = 3..5.
  EXPECT_EQ(test::eval("prod(i, 3, 5, sum(j, 1, i, j))"), 6.0 * 10.0 * 15.0);
  // exp(x) by its Taylor series to 25 terms, with a factorial as a product.
  const double x = 0.7;
  EXPECT_NEAR(test::eval("sum(k, 0, 25, x^k / prod(m, 1, k, m))", {{"x", x}}), std::exp(x), 4e-16);
}

TEST(ExprReductions, ReductionsInFunctionsAndDefinitionsVaryPerRow) {
  ModelSource model = test::model_of({"r", "n_unused"}, {{"horizon", "5 * 4"}}, {"npv(r)", "sum(t, 1, horizon, t)"});
  FunctionSpec f;
  f.name = "npv";
  f.args = {"rate"};
  f.body = test::source_of("npv", "sum(t, 1, 10, 1 / (1 + rate)^t)");
  model.functions.push_back(f);
  const Program program = Program::compile(model);
  const std::vector<double> rates = {0.0, 0.05, 0.1, 0.2};
  const auto out = test::run_columns(program, {rates, {0, 0, 0, 0}});
  for (size_t k = 0; k < rates.size(); ++k) {
    double expected = 0.0;
    for (int t = 1; t <= 10; ++t) expected += 1.0 / std::pow(1.0 + rates[k], t);
    EXPECT_NEAR(out[0][k], expected, 1e-14 * expected) << rates[k];
    EXPECT_EQ(out[1][k], 210.0);  // a bound from a derived value that folds to 20
  }
}

TEST(ExprReductions, BoundsFromAFunctionArgumentAreCheckedWhereTheFunctionIsCalled) {
  ModelSource model = test::model_of({"x"}, {}, {"tail(x, 4)"});
  FunctionSpec f;
  f.name = "tail";
  f.args = {"v", "n"};
  f.body = test::source_of("tail", "sum(k, 1, n, v^k)");
  model.functions.push_back(f);
  const Program program = Program::compile(model);
  EXPECT_EQ(test::run_columns(program, {{2.0}})[0][0], 2.0 + 4.0 + 8.0 + 16.0);
  // Called with a parameter as the bound: refused at the bound inside the body.
  model.targets = {test::source_of("t0", "tail(x, x)")};
  const Error error = compile_error(model);
  EXPECT_NE(error.message().find("a bound of sum(...) must be an integer known before the run"), std::string::npos)
      << error.message();
  EXPECT_EQ(error.where().column, test::column_of("tail", 10));
}

TEST(ExprReductions, TheTermLimitAndTheProgramSizeLimitAreLocatedErrors) {
  EXPECT_NO_THROW(Program::compile(test::model_of({"x"}, {}, {"sum(i, 1, 10000, x * i)"})));
  const Error error = compile_error(test::model_of({"x"}, {}, {"x + sum(i, 0, 10000, x * i)"}));
  EXPECT_EQ(error.message(), "sum(...) from 0 to 10000 has 10001 terms; at most 10000 are allowed");
  EXPECT_EQ(error.where().column, test::column_of("t0", 4));
  // Nested sums that multiply past the compiler's operation budget end in its error, located at the outer sum,
  // not in minutes of work.
  const Error big = compile_error(test::model_of({"x"}, {}, {"x + sum(i, 1, 10000, sum(j, 1, 10000, x * i * j))"}));
  EXPECT_NE(big.message().find("the model is too large once its functions are inlined and its sums unrolled"),
            std::string::npos)
      << big.message();
  EXPECT_NE(big.message().find("a sum inside a sum"), std::string::npos) << big.message();
  EXPECT_EQ(big.where().column, test::column_of("t0", 4));
}

// A model whose input n takes the whole numbers low..high (as base_source finds for uniform_int).
ModelSource with_whole_input(const std::vector<std::string>& targets, long long low, long long high) {
  ModelSource model = test::model_of({"x", "n"}, {}, targets);
  model.integer_inputs = {std::nullopt, IntegerRange{low, high}};
  return model;
}

TEST(ExprReductions, ABoundThatIsAWholeParameterUnrollsToItsLargestValue) {
  // sum over t = 1..n of x / 1.05^t, n a parameter in 1..10: the terms beyond n add exactly 0, so each row's bits
  // are the loop's over 1..n.
  const Program program = Program::compile(with_whole_input(
      {"sum(t, 1, n, x / 1.05^t)", "prod(k, 1, n, k)", "sum(t, n - 2, 8, t)", "sum(t, 1, 12 - n, 1)"}, 1, 10));
  std::vector<double> x, n;
  for (int k = 1; k <= 10; ++k) {
    x.push_back(100.0 + k);
    n.push_back(k);
  }
  const auto out = test::run_columns(program, {x, n});
  for (int k = 1; k <= 10; ++k) {
    const auto r = static_cast<size_t>(k - 1);
    double loop = 0.0;
    for (int t = 1; t <= k; ++t) loop += x[r] / std::pow(1.05, t);
    EXPECT_NEAR(out[0][r], loop, 1e-12 * loop) << k;
    double factorial = 1.0;
    for (int m = 2; m <= k; ++m) factorial *= m;
    EXPECT_EQ(out[1][r], factorial) << k;
    double from = 0.0;
    for (int t = k - 2; t <= 8; ++t) from += t;
    EXPECT_EQ(out[2][r], from) << k;  // a parameter-valued first bound; an empty range when n - 2 > 8
    EXPECT_EQ(out[3][r], static_cast<double>(12 - k)) << k;
  }
  // The terms are those of the widest range: 10 of them, and no more than a constant bound of 10 would unroll.
  const Program fixed = Program::compile(test::model_of({"x"}, {}, {"sum(t, 1, 10, x / 1.05^t)"}));
  EXPECT_GT(program.num_instructions(), fixed.num_instructions());
}

TEST(ExprReductions, AWholeParameterBoundIsLimitedByItsWidestRange) {
  const Error error = compile_error(with_whole_input({"sum(t, 1, n, x)"}, 1, 1'000'000));
  EXPECT_EQ(error.message(),
            "sum(...) from 1 to 1000000 (the widest range its bounds' parameters allow) has 1000000 terms; at most "
            "10000 are allowed");
  // An input without a whole-number range stays refused, as does arithmetic beyond plus or minus a number.
  EXPECT_NE(compile_error(with_whole_input({"sum(t, 1, x, x)"}, 1, 3)).message().find("a bound of sum(...)"),
            std::string::npos);
  EXPECT_NE(compile_error(with_whole_input({"sum(t, 1, 2 * n, x)"}, 1, 3)).message().find("a bound of sum(...)"),
            std::string::npos);
}

struct Refused {
  const char* text;
  const char* message;
  int offset;
};

TEST(ExprReductions, RefusedFormsPointAtTheirCause) {
  const Refused cases[] = {
      {"sum(1, 1, 3, x)", "the first argument of sum(...) is the name of its index, as in sum(i, 1, 10, x^i)", 4},
      {"sum(i + 1, 1, 3, x)", "the first argument of sum(...) is the name of its index, as in sum(i, 1, 10, x^i)", 6},
      {"sum(x, 1, 3, x)", "the index 'x' of sum(...) already names an input; choose another name", 4},
      {"sum(pi, 1, 3, 1)", "the index 'pi' of sum(...) already names a built-in constant; choose another name", 4},
      {"sum(i, 1, 3, sum(i, 1, 2, i))",
       "the index 'i' of sum(...) already names an argument or an enclosing index; choose another name", 17},
      {"prod(exp, 1, 3, 1)", "the index 'exp' of prod(...) already names a built-in function; choose another name", 5},
      {"sum(i, 1, x, i)",
       "a bound of sum(...) must be an integer known before the run (numbers, enclosing indices, or derived values "
       "made of them) or a parameter with whole values (a whole constant, uniform_int, or discrete of whole numbers, "
       "plus or minus a number), not another value that depends on the parameters",
       10},
      {"sum(i, 0.5, 3, i)", "a bound of sum(...) must be an integer, got 0.5", 7},
      {"sum(i, 1, 1e300, i)",
       "a bound of sum(...) is too large: 1e+300 (bounds are integers of at most 1e15 in size, and a sum unrolls at "
       "most 10000 terms)",
       10},
      {"sum(i, 1, 3)", "'sum' takes 4 arguments, not 3", 0},
      {"prod(i, 1, 3, j)", "unknown name 'j' (did you mean 'i'?)", 14},
  };
  for (const auto& c : cases) {
    const Error error = compile_error(test::model_of({"x"}, {}, {c.text}));
    EXPECT_EQ(error.message(), c.message) << c.text;
    EXPECT_EQ(error.where().column, test::column_of("t0", c.offset)) << c.text;
  }
  // A user function or derived value may not be called sum or prod: they are built-in.
  const Error reserved = compile_error(test::model_of({"x"}, {{"sum", "x"}}, {"x"}));
  EXPECT_EQ(reserved.message(), "definition 'sum' has the name of the built-in function 'sum'");
}

TEST(ExprReductions, BlockSizeChangesNoBitOfASum) {
  const Program program = Program::compile(test::model_of({"r"}, {}, {"sum(t, 1, 30, 1 / (1 + r)^t)"}));
  std::vector<double> rates(1000);
  for (size_t k = 0; k < rates.size(); ++k) rates[k] = 0.001 * static_cast<double>(k);
  const auto whole = test::run_columns(program, {rates}, 1024);
  const auto small = test::run_columns(program, {rates}, 7);
  for (size_t k = 0; k < rates.size(); ++k) EXPECT_EQ(whole[0][k], small[0][k]) << k;
}

// An output over an index (issue 35, step 6): its expression once per index value 1 .. size, in columns of its own;
// the index is bound like a sum's (a bound of a sum inside may read it), and it must be a fresh name.
TEST(ExprReductions, AnOutputOverAnIndexFillsOneColumnPerIndexValue) {
  ModelSource model = test::model_of({"c", "r"}, {{"flows", "c * (1 + r)^-year"}, {"upto", "sum(i, 1, year, c)"}},
                                     {"flows", "c + 1", "upto"});
  model.indexed = {{"flows", "year", 4, {}}, {"upto", "year", 3, {}}};
  const Program program = Program::compile(model);
  EXPECT_EQ(program.num_targets(), 3u);
  ASSERT_EQ(program.num_columns(), 8u);
  const auto& columns = program.target_columns();
  EXPECT_EQ(columns[0].dimension, "year");
  EXPECT_EQ(columns[0].coordinates, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_FALSE(columns[1].is_array());
  EXPECT_EQ(columns[1].first, 4u);
  EXPECT_EQ(columns[2].first, 5u);
  EXPECT_EQ(columns[2].count, 3u);
  const auto out = test::run_columns(program, {{2.0}, {0.5}});
  for (int k = 1; k <= 4; ++k) EXPECT_NEAR(out[static_cast<size_t>(k - 1)][0], 2.0 * std::pow(1.5, -k), 1e-15) << k;
  EXPECT_EQ(out[4][0], 3.0);
  EXPECT_EQ(out[5][0], 2.0);
  EXPECT_EQ(out[6][0], 4.0);
  EXPECT_EQ(out[7][0], 6.0);
  // Refused: read whole by another expression; an index that already means something.
  ModelSource read = test::model_of({"c"}, {{"flows", "c * year"}, {"total", "flows + 1"}}, {"total"});
  read.indexed = {{"flows", "year", 3, {}}};
  Error e = compile_error(read);
  EXPECT_EQ(e.message(),
            "'flows' is an array over its index 'year' (one value per index), and an expression reads "
            "one value here");
  EXPECT_EQ(e.where().column, test::column_of("total", 0));
  ModelSource clash = test::model_of({"c"}, {{"flows", "c"}}, {"flows"});
  clash.indexed = {{"flows", "c", 3, {}}};
  EXPECT_EQ(compile_error(clash).message(),
            "the index 'c' of output 'flows' already names an input (a parameter); choose another name");
}

// name[i] (issue 35, step 6): one element of an array parameter (inputs "s[1]" .. "s[3]") or of an output over an
// index, the index a whole number known before the run; every refused form with its location.
TEST(ExprReductions, AnElementOfAnArrayParameterOrOfAnOutputOverAnIndex) {
  const auto model = [](std::vector<std::pair<std::string, std::string>> defs, std::vector<std::string> targets) {
    ModelSource m = test::model_of({"c", "s[1]", "s[2]", "s[3]"}, std::move(defs), std::move(targets));
    m.array_inputs = {{"s", 1, 3}};
    return m;
  };
  ModelSource m = model({{"flows", "c * s[year]"}},
                        {"s[2]", "sum(t, 1, 3, s[t] * t)", "s[1 + 1] - s[2]", "flows[3]", "flows", "flows[1] + 1"});
  m.indexed = {{"flows", "year", 3, {}}};
  const Program program = Program::compile(m);
  const auto out = test::run_columns(program, {{2.0}, {10.0}, {20.0}, {30.0}});
  EXPECT_EQ(out[0][0], 20.0);
  EXPECT_EQ(out[1][0], 10.0 + 40.0 + 90.0);
  EXPECT_EQ(out[2][0], 0.0);
  EXPECT_EQ(out[3][0], 60.0);  // flows[3] = c * s[3]
  EXPECT_EQ(out[4][0], 20.0);  // flows, column 1 of 3
  EXPECT_EQ(out[6][0], 60.0);  // column 3
  EXPECT_EQ(out[7][0], 21.0);  // flows[1] + 1
  const auto refused = [&](const std::string& text) { return compile_error(model({}, {text})); };
  Error e = refused("s[4]");
  EXPECT_EQ(e.message(), "index 4 of 's' is out of range: its elements are s[1] .. s[3]");
  EXPECT_EQ(e.where().column, test::column_of("t0", 2));
  e = refused("sum(t, 0, 2, s[t])");
  EXPECT_EQ(e.message(), "index 0 of 's' is out of range: its elements are s[1] .. s[3]");
  e = refused("s[c]");
  EXPECT_NE(e.message().find("the index of s[...] must be a whole number known before the run"), std::string::npos);
  EXPECT_EQ(e.where().column, test::column_of("t0", 2));
  e = refused("s[1.5]");
  EXPECT_NE(e.message().find("must be a whole number"), std::string::npos);
  e = refused("2 * s");
  EXPECT_EQ(e.message(),
            "'s' is an array parameter of 3 values: read one as s[i], i from 1 to 3 (a number, or a "
            "sum's index)");
  EXPECT_EQ(e.where().column, test::column_of("t0", 4));
  e = refused("c[1]");
  EXPECT_NE(e.message().find("'c' is not an array"), std::string::npos) << e.message();
  e = refused("sum(t, 1, 2, t[1])");
  EXPECT_NE(e.message().find("'t' is not an array"), std::string::npos) << e.message();
  e = refused("sx[1]");
  EXPECT_EQ(e.message(), "unknown name 'sx' (did you mean 's'?)");
  e = refused("s[1");
  EXPECT_EQ(e.message(), "expected ']' to close '[' opened at column " + std::to_string(test::column_of("t0", 1)));
  ModelSource beyond = model({{"flows", "c * year"}}, {"flows[4]"});
  beyond.indexed = {{"flows", "year", 3, {}}};
  EXPECT_EQ(compile_error(beyond).message(),
            "index 4 of 'flows' is out of range: its elements are flows[1] .. flows[3]");
}

}  // namespace
}  // namespace mcsens
