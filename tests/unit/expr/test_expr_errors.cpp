// SPDX-License-Identifier: MIT
// The error catalogue: each malformed model gives its exact message, pointing at the offending character.
#include <gtest/gtest.h>

#include <string>

#include "expr_test_util.hpp"

namespace mcsens {
namespace {

using test::compile_error;

struct Malformed {
  const char* text;
  const char* message;
  int offset;  // of the character the error points at, in text
};

TEST(ExprErrors, MalformedExpressionsGiveMessageAndLineColumn) {
  const Malformed cases[] = {
      {"gama * 2", "unknown name 'gama' (did you mean 'gamma'?)", 0},
      {"s_hb + ex(x)", "unknown function 'ex' (did you mean 'exp'?)", 7},
      {"clamp(x, 1)", "'clamp' takes 3 arguments, not 2", 0},
      {"exp(x, 2)", "'exp' takes 1 argument, not 2", 0},
      {"x + 1)", "unexpected ')'", 5},
      {"2 * (x + 1", "expected ')' to close '(' opened at column 11", 10},
      {"max(x, 1 x", "expected ')' to close '(' opened at column 10, found name 'x'", 9},
      {"x *", "unexpected end of expression (expected a value after '*')", 3},
      {"1e + x", "invalid number '1e'", 0},
      {"x + 1.2.3", "invalid number '1.2.3'", 4},
      {"2x", "invalid number '2x'", 0},
      {"1_000", "invalid number '1_000'", 0},
      {"x $ 2", "unexpected character '$'", 2},
      {"x = 2", "'=' is not an operator here (did you mean '=='?)", 2},
      {"x & 1", "'&' is not an operator (did you mean '&&'?)", 2},
      {"x | 1", "'|' is not an operator (did you mean '||'?)", 2},
      {"", "empty expression", 0},
      {"   ", "empty expression", 3},
      {"x > 0 ? 1", "unexpected end of expression (expected ':' for the '?' at column 13)", 9},
      {"2 * * x", "unexpected '*'", 4},
      {"max(x,)", "unexpected ')'", 6},
      {"x y", "unexpected name 'y' (expected an operator)", 2},
      {"exp + 1", "'exp' is a function; call it as exp(...)", 0},
      {"x(2)", "'x' is not a function", 0},
      {"1e999 * x", "number '1e999' is too large for a double", 0},
      {"gamma ^", "unexpected end of expression (expected a value after '^')", 7},
      // Issue 18: habits of other languages
      {"x ** 2", "'**' is not an operator; write a power with '^' (x^2, not x**2)", 2},
      {"gamma + x**0.5", "'**' is not an operator; write a power with '^' (x^2, not x**2)", 9},
      {"ln(x)", "unknown function 'ln' (did you mean 'log'? log is the natural logarithm)", 0},
      {"2 * LN(x)", "unknown function 'LN' (did you mean 'log'? log is the natural logarithm)", 4},
      {"power(x, 2)", "unknown function 'power' (did you mean 'pow'? or write x^y)", 0},
      {"pnorm(x)", "unknown function 'pnorm' (did you mean 'normcdf'? the standard normal CDF)", 0},
      {"ifelse(x > 1, 1, 0)", "unknown function 'ifelse' (did you mean 'if'? or write c ? a : b)", 0},
      {"Exp(x)", "unknown function 'Exp' (did you mean 'exp'?)", 0},
      {"x * PI", "unknown name 'PI' (did you mean 'pi'?)", 4},
  };
  for (const auto& c : cases) {
    const Error error = compile_error(test::model_of({"gamma", "s_hb", "x"}, {}, {c.text}));
    EXPECT_EQ(error.message(), c.message) << c.text;
    EXPECT_EQ(error.where().file, "model.toml") << c.text;
    EXPECT_EQ(error.where().line, 3) << c.text;
    EXPECT_EQ(error.where().column, test::column_of("t0", c.offset)) << c.text;
  }
}

TEST(ExprErrors, FormattedErrorShowsFileLineColumnAndCaret) {
  const Error error = compile_error(test::model_of({"gamma"}, {{"rde", "gama * 2"}}, {"rde"}));
  EXPECT_EQ(error.formatted(),
            "model.toml:3:8: unknown name 'gama' (did you mean 'gamma'?)\n"
            "    rde = \"gama * 2\"\n"
            "           ^");
}

TEST(ExprErrors, DeepNestingIsAnErrorNotACrash) {
  const std::string text = std::string(5000, '(') + "1" + std::string(5000, ')');
  const Error error = compile_error(test::model_of({}, {}, {text}));
  EXPECT_EQ(error.message(), "expression nested too deeply (more than 200 levels)");
  const Error minus = compile_error(test::model_of({}, {}, {std::string(5000, '-') + "1"}));
  EXPECT_EQ(minus.message(), "expression nested too deeply (more than 200 levels)");
}

TEST(ExprErrors, CycleIsPrintedFromItsFirstDefinition) {
  const Error error =
      compile_error(test::model_of({"x"}, {{"c", "x + 1"}, {"a", "b + c"}, {"b", "2 * a"}, {"z", "a"}}, {"z"}));
  EXPECT_EQ(error.message(), "cycle in [derived]: a -> b -> a");
  EXPECT_EQ(error.where().column, test::column_of("a", 0));
  const Error self = compile_error(test::model_of({}, {{"s", "s + 1"}}, {"1"}));
  EXPECT_EQ(self.message(), "cycle in [derived]: s -> s");
}

TEST(ExprErrors, UnusedDefinitionsAreStillChecked) {
  const Error error = compile_error(test::model_of({"x"}, {{"used", "x"}, {"unused", "x + y"}}, {"used"}));
  EXPECT_EQ(error.message(), "unknown name 'y' (did you mean 'x'?)");
  EXPECT_EQ(error.where().column, test::column_of("unused", 4));
}

TEST(ExprErrors, DuplicateAndReservedNames) {
  EXPECT_EQ(compile_error(test::model_of({"x", "x"}, {}, {"x"})).message(), "duplicate input name 'x'");
  EXPECT_EQ(compile_error(test::model_of({"pi"}, {}, {"1"})).message(),
            "input 'pi' has the name of the built-in constant 'pi'");
  EXPECT_EQ(compile_error(test::model_of({}, {{"exp", "1"}}, {"1"})).message(),
            "definition 'exp' has the name of the built-in function 'exp'");
  EXPECT_EQ(compile_error(test::model_of({"x"}, {{"x", "1"}}, {"1"})).message(),
            "'x' is defined here and is also an input (a parameter)");
  EXPECT_EQ(compile_error(test::model_of({"x"}, {{"d", "x"}}, {"d(1)"})).message(), "'d' is not a function");
  const Error twice = compile_error(test::model_of({}, {{"d", "1"}, {"d", "2"}}, {"1"}));
  EXPECT_EQ(twice.message(), "duplicate definition 'd' (first defined at line 3, column 6)");
}

ModelSource with_functions(std::vector<FunctionSpec> functions, std::vector<std::string> targets) {
  ModelSource model = test::model_of({"x", "k"}, {{"d", "2 * x"}}, std::move(targets));
  model.functions = std::move(functions);
  return model;
}

FunctionSpec function(const std::string& name, std::vector<std::string> args, const std::string& body) {
  FunctionSpec spec;
  spec.name = name;
  spec.args = std::move(args);
  spec.body = test::source_of(name, body);
  spec.location = spec.body.location;
  return spec;
}

TEST(ExprErrors, FunctionErrorsPointIntoTheBody) {
  const Error unknown = compile_error(with_functions({function("f", {"c"}, "c + kk")}, {"f(1)"}));
  EXPECT_EQ(unknown.message(), "unknown name 'kk' (did you mean 'k'?)");
  EXPECT_EQ(unknown.where().column, test::column_of("f", 4));
  // A function body is checked even when no expression calls it.
  const Error unused = compile_error(with_functions({function("g", {"c"}, "log(c, 2)")}, {"x"}));
  EXPECT_EQ(unused.message(), "'log' takes 1 argument, not 2");
  const Error arity = compile_error(with_functions({function("f", {"a", "b"}, "a * b")}, {"x + f(1)"}));
  EXPECT_EQ(arity.message(), "'f' takes 2 arguments, not 1");
  EXPECT_EQ(arity.where().column, test::column_of("t0", 4));
  const Error recursive =
      compile_error(with_functions({function("f", {"a"}, "g(a) + 1"), function("g", {"a"}, "2 * f(a)")}, {"f(x)"}));
  EXPECT_EQ(recursive.message(), "recursive function: f -> g -> f");
  EXPECT_EQ(recursive.where().column, test::column_of("g", 4));
  EXPECT_EQ(compile_error(with_functions({function("h", {"h"}, "h")}, {"1"})).message(),
            "argument 'h' of function 'h' has the name of a function");
  EXPECT_EQ(compile_error(with_functions({function("h", {"c", "c"}, "c")}, {"1"})).message(),
            "duplicate argument 'c' in function 'h'");
  EXPECT_EQ(compile_error(with_functions({function("x", {"c"}, "c")}, {"1"})).message(),
            "function 'x' has the name of an input");
  EXPECT_EQ(compile_error(with_functions({function("max", {"c"}, "c")}, {"1"})).message(),
            "function 'max' has the name of the built-in function 'max'");
  EXPECT_EQ(compile_error(with_functions({function("f", {"e"}, "e")}, {"1"})).message(),
            "argument 'e' has the name of the built-in constant 'e'");
}

}  // namespace
}  // namespace mcsens
