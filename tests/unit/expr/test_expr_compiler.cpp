// SPDX-License-Identifier: MIT
// Lowering: shared subexpressions, constant folding, dead definitions, function inlining, the tape listing, and
// a property test of the parser on random token strings.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "expr_test_util.hpp"

namespace mcsens {
namespace {

size_t instructions(const std::vector<std::string>& inputs, std::vector<std::pair<std::string, std::string>> defs,
                    std::vector<std::string> targets) {
  return Program::compile(test::model_of(inputs, std::move(defs), std::move(targets))).num_instructions();
}

size_t count_of(const std::string& text, const std::string& word) {
  size_t count = 0;
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++count;
  return count;
}

TEST(ExprCompiler, CommonSubexpressionsAreComputedOnce) {
  EXPECT_EQ(instructions({"a", "b"}, {}, {"a*b + a*b"}), 2u);  // one mul, one add
  EXPECT_EQ(instructions({"a", "b"}, {}, {"a*b", "b*a + 1"}), 2u);
  EXPECT_EQ(instructions({"a", "b"}, {{"d", "exp(a) / b"}}, {"d + 1", "exp(a) / b - 1", "d"}), 4u);
  const Program program = Program::compile(test::model_of({"a", "b"}, {}, {"sin(a*b) + sin(b*a)"}));
  EXPECT_EQ(count_of(program.disassemble(), "= sin"), 1u);
  EXPECT_EQ(count_of(program.disassemble(), "= mul"), 1u);
}

TEST(ExprCompiler, ConstantsAreFolded) {
  EXPECT_EQ(instructions({"a"}, {}, {"2*3 + a"}), 1u);
  // 1 + a * 0 (a*0 is not 0 for infinite a): one fused multiply-then-add.
  EXPECT_EQ(instructions({"a"}, {}, {"exp(0) * log(e) + a * (pi - pi)"}), 1u);
  EXPECT_EQ(instructions({"a"}, {}, {"1 < 2 ? a : a + 1"}), 0u);  // a constant condition picks a
  EXPECT_EQ(instructions({"a"}, {}, {"7"}), 0u);
  EXPECT_EQ(instructions({"a"}, {}, {"a ^ 2"}), 1u);
  const Program folded = Program::compile(test::model_of({"a"}, {}, {"2*3 + a", "sqrt(16)"}));
  EXPECT_NE(folded.disassemble().find("add a, 6"), std::string::npos) << folded.disassemble();
  EXPECT_NE(folded.disassemble().find("t1 <- 4"), std::string::npos) << folded.disassemble();
  std::vector<double> a = {1.5};
  const auto out = test::run_columns(folded, {a}, 1);
  EXPECT_EQ(out[0][0], 7.5);
  EXPECT_EQ(out[1][0], 4.0);
}

TEST(ExprCompiler, DeadDefinitionsAreNotInTheTape) {
  const Program program =
      Program::compile(test::model_of({"a", "b"}, {{"dead", "exp(a) * tanh(b)"}, {"used", "a + b"}}, {"used * 2"}));
  EXPECT_EQ(program.num_instructions(), 1u);  // (a + b) * 2, fused
  EXPECT_EQ(program.disassemble().find("exp"), std::string::npos);
  EXPECT_EQ(program.num_inputs(), 2u);
  EXPECT_EQ(program.num_targets(), 1u);
}

TEST(ExprCompiler, DefinitionsInAnyOrder) {
  const Program program =
      Program::compile(test::model_of({"x"}, {{"c", "b * 2"}, {"b", "a + 1"}, {"a", "x * 10"}}, {"c", "a"}));
  const auto out = test::run_columns(program, {{1.0, 2.0}});
  EXPECT_EQ(out[0], (std::vector<double>{22.0, 42.0}));
  EXPECT_EQ(out[1], (std::vector<double>{10.0, 20.0}));
}

FunctionSpec function(const std::string& name, std::vector<std::string> args, const std::string& body) {
  FunctionSpec spec;
  spec.name = name;
  spec.args = std::move(args);
  spec.body = test::source_of(name, body);
  spec.location = spec.body.location;
  return spec;
}

TEST(ExprCompiler, FunctionsAreInlinedAndMayCallEachOtherAndReadParameters) {
  ModelSource with = test::model_of({"x", "eta", "k", "cstar"}, {{"d", "net(x) / net(0.5)"}}, {"d", "twice(x, 3)"});
  with.functions = {function("net", {"c"}, "1 + eta / (1 + exp(-k * (c - cstar)))"),
                    function("twice", {"c", "x"}, "net(c) * x + net(2 * c)")};  // arg x shadows the input x
  const ModelSource without = test::model_of(
      {"x", "eta", "k", "cstar"},
      {{"d", "(1 + eta / (1 + exp(-k * (x - cstar)))) / (1 + eta / (1 + exp(-k * (0.5 - cstar))))"}},
      {"d", "(1 + eta / (1 + exp(-k * (x - cstar)))) * 3 + (1 + eta / (1 + exp(-k * (2 * x - cstar))))"});
  const Program a = Program::compile(with);
  const Program b = Program::compile(without);
  EXPECT_EQ(a.num_instructions(), b.num_instructions());
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.1, 2.0);
  std::vector<std::vector<double>> columns(4, std::vector<double>(100));
  for (auto& column : columns) {
    for (auto& v : column) v = u(rng);
  }
  const auto out_a = test::run_columns(a, columns);
  const auto out_b = test::run_columns(b, columns);
  for (size_t t = 0; t < 2; ++t) EXPECT_EQ(out_a[t], out_b[t]);
}

// M5 of the model catalogue (dynamic adaptation), compiled from text, against the same formulas in C++.
TEST(ExprCompiler, DynamicAdaptationModelMatchesHandWrittenFormulas) {
  const ModelSource model = test::model_of(
      {"gamma", "s_zj", "d_zj", "lag_zj", "ie_zj", "eps_zj", "s_hb", "d_hb", "lag_hb", "ie_hb", "eps_hb"},
      {{"rde_zj", "gamma * tps_zj / ifc_zj + eps_zj"},
       {"rde_hb", "gamma * tps_hb / ifc_hb + eps_hb"},
       {"ratio", "(tps_zj / ifc_zj) / (tps_hb / ifc_hb)"},
       {"tps_zj", "s_zj * d_zj"},
       {"tps_hb", "s_hb * d_hb"},
       {"ifc_zj", "lag_zj + (1 - ie_zj)"},
       {"ifc_hb", "lag_hb + (1 - ie_hb)"}},
      {"rde_zj", "rde_hb", "ratio"});
  const Program program = Program::compile(model);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.1, 1.0);
  std::vector<std::vector<double>> in(11, std::vector<double>(777));
  for (auto& column : in) {
    for (auto& v : column) v = u(rng);
  }
  const auto out = test::run_columns(program, in, 300);
  for (size_t i = 0; i < 777; ++i) {
    const double gamma = in[0][i];
    const double tps_zj = in[1][i] * in[2][i];
    const double ifc_zj = in[3][i] + (1 - in[4][i]);
    const double tps_hb = in[6][i] * in[7][i];
    const double ifc_hb = in[8][i] + (1 - in[9][i]);
    EXPECT_EQ(out[0][i], gamma * tps_zj / ifc_zj + in[5][i]);
    EXPECT_EQ(out[1][i], gamma * tps_hb / ifc_hb + in[10][i]);
    EXPECT_EQ(out[2][i], (tps_zj / ifc_zj) / (tps_hb / ifc_hb));
  }
}

TEST(ExprCompiler, DisassemblyListsTheTape) {
  const Program program = Program::compile(test::model_of({"a", "b"}, {}, {"sin(a * b) + 2", "a", "sin(a * b) / b"}));
  EXPECT_EQ(program.disassemble(),
            "4 instructions, 2 registers, 2 inputs\n"
            "  0: r0 = mul a, b\n"
            "  1: r1 = sin r0\n"
            "  2: [t0] = add r1, 2\n"
            "  3: [t2] = div r1, b\n"
            "  t0 <- [t0]\n"
            "  t1 <- a\n"
            "  t2 <- [t2]\n");
}

TEST(ExprCompiler, TargetsReadBackFromOutputsAndRepeatedTargets) {
  // sin(a) is written into target 0's output, then read from there by target 1 and copied into target 2.
  const Program program = Program::compile(test::model_of({"a"}, {}, {"sin(a)", "sin(a) * 2", "sin(a)", "a", "5"}));
  std::vector<double> a(1000);
  for (size_t i = 0; i < a.size(); ++i) a[i] = 0.01 * static_cast<double>(i) - 3.0;
  for (size_t block : {size_t{1}, size_t{7}, size_t{300}, size_t{1024}}) {
    const auto out = test::run_columns(program, {a}, block);
    for (size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(out[1][i], out[0][i] * 2) << block;
      ASSERT_EQ(out[2][i], out[0][i]) << block;
      ASSERT_EQ(out[3][i], a[i]) << block;
      ASSERT_EQ(out[4][i], 5.0) << block;
      ASSERT_LE(std::fabs(out[0][i] - std::sin(a[i])), 1e-15) << block;
    }
  }
}

TEST(ExprCompiler, ASelectAbsorbsTheComparisonItTests) {
  // One pass each: the comparison is fused into the select; a constant on the left is mirrored first (0.5 < x is
  // x > 0.5, one node for both spellings). A comparison read elsewhere too stays its own instruction.
  EXPECT_EQ(instructions({"x", "y"}, {}, {"x > y ? 1 : 2"}), 1u);
  EXPECT_EQ(instructions({"x"}, {}, {"0.5 < x ? x : 2", "x > 0.5 ? x : 2"}), 1u);
  EXPECT_EQ(instructions({"x"}, {}, {"x > 0.5 ? 1 : 2", "x > 0.5"}), 2u);
  const Program program = Program::compile(test::model_of({"x"}, {}, {"0.5 <= x ? 1 : 2"}));
  EXPECT_NE(program.disassemble().find("select (ge x, 0.5), 1, 2"), std::string::npos) << program.disassemble();
  // Every comparison, each operand a register or an immediate, against the unfused values; NaN compares false
  // (but !=).
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> x = {-1, 0.5, 0.7, nan, 2};
  const std::vector<double> y = {0, 0.5, 0.6, 1, 3};
  for (const char* cmp : {"<", "<=", ">", ">=", "==", "!="}) {
    const std::string c = cmp;
    const std::vector<std::string> fused = {"x " + c + " y ? x : y", "x " + c + " 0.5 ? 7 : y", "x " + c + " y ? 7 : 8",
                                            "0.6 " + c + " x ? x : 9"};
    const Program p = Program::compile(test::model_of({"x", "y"}, {}, fused));
    const auto out = test::run_columns(p, {x, y});
    const auto holds = [&](double a, double b) {
      return c == "<"    ? a < b
             : c == "<=" ? a <= b
             : c == ">"  ? a > b
             : c == ">=" ? a >= b
             : c == "==" ? a == b
                         : a != b;
    };
    for (size_t i = 0; i < x.size(); ++i) {
      const auto same = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
      EXPECT_TRUE(same(out[0][i], holds(x[i], y[i]) ? x[i] : y[i])) << c << " " << i;
      EXPECT_TRUE(same(out[1][i], holds(x[i], 0.5) ? 7 : y[i])) << c << " " << i;
      EXPECT_TRUE(same(out[2][i], holds(x[i], y[i]) ? 7 : 8)) << c << " " << i;
      EXPECT_TRUE(same(out[3][i], holds(0.6, x[i]) ? x[i] : 9)) << c << " " << i;
    }
  }
}

TEST(ExprCompiler, SingleUseArithmeticIsFused) {
  // lag + (1 - ie) is one instruction; gamma * tps / ifc is one; the shared tps and ifc are computed once.
  const Program program = Program::compile(test::model_of({"gamma", "s", "d", "lag", "ie", "eps"},
                                                          {{"tps", "s * d"}, {"ifc", "lag + (1 - ie)"}},
                                                          {"gamma * tps / ifc + eps", "tps / ifc"}));
  EXPECT_EQ(program.num_instructions(), 4u) << program.disassemble();
  EXPECT_NE(program.disassemble().find("[t0] = add (div (mul r0, gamma), r1), eps"), std::string::npos)
      << program.disassemble();
  EXPECT_NE(program.disassemble().find("add lag, (sub 1, ie)"), std::string::npos) << program.disassemble();
  const auto out = test::run_columns(program, {{2.0}, {0.5}, {0.25}, {1.5}, {0.75}, {0.125}});
  EXPECT_EQ(out[0][0], 2.0 * (0.5 * 0.25) / (1.5 + (1 - 0.75)) + 0.125);
  EXPECT_EQ(out[1][0], (0.5 * 0.25) / (1.5 + (1 - 0.75)));
}

TEST(ExprCompiler, RegistersAreReused) {
  // A long chain needs two registers however long it is (a destination never aliases its source).
  std::string text = "a";
  for (int k = 0; k < 50; ++k) text = "sin(" + text + ")";
  const Program program = Program::compile(test::model_of({"a"}, {}, {text}));
  EXPECT_EQ(program.num_instructions(), 50u);
  EXPECT_NE(program.disassemble().find("50 instructions, 2 registers"), std::string::npos);
}

// Property: random token strings never crash or hang the compiler; each either compiles (and then runs) or
// throws mcsens::Error. A fixed seed keeps the test reproducible.
TEST(ExprCompiler, RandomTokenStringsCompileOrThrowError) {
  const char* vocabulary[] = {
      "1", "0.5", ".5", "1e3", "1e", "2E+3", "x",  "y",  "gama",  "exp", "max", "if",  "pi",    "e",
      "+", "-",   "*",  "/",   "^",  "<",    "<=", "==", "!=",    "&&",  "||",  "!",   "?",     ":",
      "(", ")",   ",",  "=",   "&",  "$",    "f",  "d",  "clamp", "(",   ")",   "log", "1.2.3", "x1"};
  const size_t words = sizeof vocabulary / sizeof vocabulary[0];
  std::mt19937_64 rng(20251126);
  std::uniform_int_distribution<size_t> pick(0, words - 1);
  std::uniform_int_distribution<int> length(0, 14);
  ModelSource model = test::model_of({"x", "y"}, {{"d", "x * y"}}, {"0"});
  model.functions = {function("f", {"c"}, "c * x + d")};
  std::vector<double> x = {0.5, -1.0, 2.0};
  std::vector<double> y = {3.0, 0.0, -0.25};
  size_t compiled = 0;
  for (int trial = 0; trial < 100000; ++trial) {
    std::string text;
    const int n = length(rng);
    for (int k = 0; k < n; ++k) {
      if (k > 0 && (rng() & 1) != 0) text += ' ';
      text += vocabulary[pick(rng)];
    }
    model.targets[0] = test::source_of("t0", text);
    try {
      const Program program = Program::compile(model);
      ++compiled;
      if (compiled % 16 == 0) test::run_columns(program, {x, y});
    } catch (const Error&) {
      // expected for most strings
    }
  }
  EXPECT_GT(compiled, 1000u);  // the generator reaches valid expressions too, not only syntax errors
}

}  // namespace
}  // namespace mcsens

namespace mcsens {
namespace {

FunctionSpec chain_function(int k, const std::string& body) {
  FunctionSpec spec;
  spec.name = "f" + std::to_string(k);
  spec.args = {"x"};
  spec.body = test::source_of("functions.f" + std::to_string(k), body);
  spec.location = spec.body.location;
  return spec;
}

// Issue 23: every pass is iterative, so that long flat chains compile instead of exhausting the stack.
TEST(ExprCompilerLimits, LongChainsCompileWithoutRecursion) {
  std::string sum = "a";
  for (int k = 1; k < 30000; ++k) sum += " + a";
  const auto values = test::run_columns(Program::compile(test::model_of({"a"}, {}, {sum})), {{2.0}});
  EXPECT_EQ(values[0][0], 60000.0);

  ModelSource chain = test::model_of({"a"}, {}, {"f19999(a)"});
  chain.functions.push_back(chain_function(0, "x"));
  for (int k = 1; k < 20000; ++k) chain.functions.push_back(chain_function(k, "f" + std::to_string(k - 1) + "(x + 1)"));
  EXPECT_EQ(test::run_columns(Program::compile(chain), {{0.5}})[0][0], 19999.5);

  std::vector<std::pair<std::string, std::string>> defs = {{"d0", "a"}};
  for (int k = 1; k < 10000; ++k) defs.push_back({"d" + std::to_string(k), "d" + std::to_string(k - 1) + " + 1"});
  EXPECT_EQ(test::run_columns(Program::compile(test::model_of({"a"}, defs, {"d9999"})), {{1.0}})[0][0], 10000.0);
}

TEST(ExprCompilerLimits, LongCyclesAreReportedNotCrashed) {
  std::vector<std::pair<std::string, std::string>> defs;
  for (int k = 0; k < 10000; ++k) defs.push_back({"d" + std::to_string(k), "d" + std::to_string((k + 1) % 10000)});
  EXPECT_THROW(Program::compile(test::model_of({"a"}, defs, {"d0"})), Error);
  ModelSource chain = test::model_of({"a"}, {}, {"f0(a)"});
  for (int k = 0; k < 20000; ++k) {
    chain.functions.push_back(chain_function(k, "f" + std::to_string((k + 1) % 20000) + "(x)"));
  }
  try {
    Program::compile(chain);
    FAIL() << "a recursive chain compiled";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("recursive function: f0 -> f1 -> f2"), std::string::npos) << e.what();
  }
}

// A function calling the previous one twice with the same arguments is inlined once: linear, not 2^28.
TEST(ExprCompilerLimits, RepeatedCallsAreShared) {
  ModelSource doubling = test::model_of({"a"}, {}, {"f28(a)"});
  doubling.functions.push_back(chain_function(0, "x + 1"));
  for (int k = 1; k <= 28; ++k) {
    const std::string prev = "f" + std::to_string(k - 1) + "(x)";
    doubling.functions.push_back(chain_function(k, prev + " * " + prev + " / 2"));
  }
  const Program program = Program::compile(doubling);
  EXPECT_LE(program.num_instructions(), 2u * 29u + 1u);
  EXPECT_EQ(test::run_columns(program, {{1.0}})[0][0], 2.0);  // (a + 1) = 2, and 2 * 2 / 2 = 2 each time
}

// Calls with different arguments at every level grow exponentially: refused with a located error, quickly.
TEST(ExprCompilerLimits, ExplodingInliningIsAnErrorAtTheCall) {
  ModelSource exploding = test::model_of({"a"}, {}, {"1 + f40(a)"});
  exploding.functions.push_back(chain_function(0, "x + 1"));
  for (int k = 1; k <= 40; ++k) {
    const std::string prev = "f" + std::to_string(k - 1);
    exploding.functions.push_back(chain_function(k, prev + "(x + 1) * " + prev + "(x * 2)"));
  }
  try {
    Program::compile(exploding);
    FAIL() << "an exponential model compiled";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("model.toml:3:11: the model is too large once its functions are inlined"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace mcsens
