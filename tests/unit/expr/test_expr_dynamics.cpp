// SPDX-License-Identifier: MIT
// State equations of [dynamics] and the reductions of their trajectories (issue "Models that move in time",
// part 3): Euler and RK4 against hand-written loops and exact solutions, their orders of convergence measured,
// each reduction against values worked out by hand, and every refused form with its location.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "expr_test_util.hpp"

namespace mcsens {
namespace {

using test::compile_error;

struct State {
  std::string name, initial, rate;
};

// A model with the given inputs, definitions, targets and states (rates as if written on line 3 of model.toml).
ModelSource dynamic_model(std::vector<std::string> inputs, std::vector<std::pair<std::string, std::string>> defs,
                          std::vector<std::string> targets, const std::vector<State>& states, long long steps,
                          double dt, StepMethod method = StepMethod::kEuler, double start = 0.0) {
  ModelSource model = test::model_of(std::move(inputs), std::move(defs), std::move(targets));
  model.dynamics.method = method;
  model.dynamics.steps = steps;
  model.dynamics.dt = dt;
  model.dynamics.start = start;
  model.dynamics.location.file = "model.toml";
  model.dynamics.location.line = 1;
  model.dynamics.location.column = 1;
  model.dynamics.location.line_text = "[dynamics]";
  for (const auto& s : states) {
    StateSpec spec;
    spec.name = s.name;
    spec.initial = test::source_of(s.name + "_initial", s.initial);
    spec.rate = test::source_of(s.name + "_rate", s.rate);
    spec.location = spec.rate.location;
    model.dynamics.states.push_back(spec);
  }
  return model;
}

std::vector<double> run_one(const ModelSource& model, const std::vector<double>& inputs) {
  std::vector<std::vector<double>> columns;
  for (double x : inputs) columns.push_back({x});
  const auto out = test::run_columns(Program::compile(model), columns);
  std::vector<double> values;
  for (const auto& column : out) values.push_back(column[0]);
  return values;
}

TEST(ExprDynamics, EulerIsTheLoopYPlusHTimesTheRate) {
  // dy/dt = -k y + sin(t): the loop below is the scheme, term for term; the program must agree to rounding (a
  // native build may fuse y + h * f into one multiply-add).
  const double k = 0.7;
  const double h = 0.05;
  double y = 2.0;
  for (int step = 0; step < 200; ++step) y = y + h * (-k * y + std::sin(0.0 + step * h));
  const auto model = dynamic_model({"k"}, {}, {"at_end(y)"}, {{"y", "2", "-k * y + sin(t)"}}, 200, h);
  EXPECT_NEAR(run_one(model, {k})[0], y, 1e-13);
}

TEST(ExprDynamics, EulerIsOfOrderOneAndRk4OfOrderFour) {
  // dy/dt = -y, y(0) = 1: y(2) = exp(-2). Halving the step divides the error by 2^order.
  const auto error = [](StepMethod method, long long steps) {
    const auto model = dynamic_model({}, {}, {"at_end(y)"}, {{"y", "1", "-y"}}, steps, 2.0 / steps, method);
    return std::fabs(run_one(model, {})[0] - std::exp(-2.0));
  };
  const double euler = error(StepMethod::kEuler, 100) / error(StepMethod::kEuler, 200);
  EXPECT_NEAR(euler, 2.0, 0.05);
  const double rk4 = error(StepMethod::kRk4, 20) / error(StepMethod::kRk4, 40);
  EXPECT_NEAR(rk4, 16.0, 0.8);
  EXPECT_LT(error(StepMethod::kRk4, 40), 1e-7);
}

TEST(ExprDynamics, Rk4OfAnOscillatorKeepsItsPhaseAndTimeEntersTheStages) {
  // x'' = -x as a system: x(t) = cos t. And y' = t, y(0) = 0: RK4 integrates a polynomial of degree 1 in t
  // exactly, which needs the stage times t + h/2 and t + h.
  const auto model = dynamic_model({}, {}, {"at_end(x)", "at_end(y)", "at_end(z)"},
                                   {{"x", "1", "v"}, {"v", "0", "-x"}, {"y", "0", "t"}, {"z", "0", "3 * t^2"}}, 100,
                                   0.1, StepMethod::kRk4, 1.0);
  const auto out = run_one(model, {});
  EXPECT_NEAR(out[0], std::cos(10.0), 1e-5);              // RK4's global error here: about 4e-6
  EXPECT_NEAR(out[1], (11.0 * 11.0 - 1.0) / 2.0, 1e-10);  // y = (t^2 - 1) / 2 from t = 1 to 11
  EXPECT_NEAR(out[2], 11.0 * 11.0 * 11.0 - 1.0, 1e-9);    // Simpson's rule is exact for t^2
}

TEST(ExprDynamics, TrajectoryReductionsAgainstValuesWorkedOutByHand) {
  // x' = 1 from x(0) = 0, ten steps of 0.5: x_k = t_k = 0.5 k, k = 0..10.
  const auto model = dynamic_model(
      {}, {},
      {"at_end(x)", "max_of(sin(x))", "time_of_max(-(x - 2)^2)", "min_of(abs(x - 3.2))", "time_of_min(abs(x - 3.2))",
       "first_time(x > 2.2)", "first_time(x > 100)", "ever(x > 4.9)", "always(x < 5)", "always(x <= 5)", "sum_of(x)",
       "integral_of(x)", "integral_of(x^2)", "time_of_max(x < 1 ? 1 : 0)"},
      {{"x", "0", "1"}}, 10, 0.5);
  const auto out = run_one(model, {});
  EXPECT_DOUBLE_EQ(out[0], 5.0);
  EXPECT_DOUBLE_EQ(out[1], std::sin(1.5));  // sin peaks at pi/2; the nearest step is 1.5
  EXPECT_DOUBLE_EQ(out[2], 2.0);
  EXPECT_NEAR(out[3], 0.2, 1e-15);
  EXPECT_DOUBLE_EQ(out[4], 3.0);
  EXPECT_DOUBLE_EQ(out[5], 2.5);
  EXPECT_TRUE(std::isnan(out[6]));  // never: NaN, counted as non-finite like a curve feature not found
  EXPECT_EQ(out[7], 1.0);
  EXPECT_EQ(out[8], 0.0);  // x_10 = 5
  EXPECT_EQ(out[9], 1.0);
  EXPECT_DOUBLE_EQ(out[10], 27.5);    // 0.5 (0 + 1 + ... + 10)
  EXPECT_DOUBLE_EQ(out[11], 12.5);    // the trapezoidal rule is exact for a line
  EXPECT_DOUBLE_EQ(out[12], 41.875);  // 125/3 + (b - a) h^2 f'' / 12 = 41.6667 + 0.2083: its order-2 error
  EXPECT_DOUBLE_EQ(out[13], 0.0);     // a tie: the first time the maximum is reached
}

// The working set of a strip does not grow with the steps: every reduction reads each step's value at its step,
// and the schedule runs it there, instead of keeping the whole trajectory live until the last step (1000 steps of
// the SIR example needed 2000 registers of 2 KiB, in L2).
TEST(ExprDynamics, RegistersDoNotGrowWithTheSteps) {
  const auto registers = [](long long steps) {
    auto model = dynamic_model(
        {"beta", "gamma"}, {},
        {"max_of(I)", "time_of_max(I)", "at_end(R)", "first_time(I > 0.1)", "min_of(S)", "time_of_min(S)",
         "ever(I > 0.2)", "always(S > 0.1)", "sum_of(I)", "integral_of(I)"},
        {{"S", "0.99", "-beta * S * I"}, {"I", "0.01", "beta * S * I - gamma * I"}, {"R", "0", "gamma * I"}}, steps,
        0.1);
    model.dynamics.form = StepForm::kUnrolled;  // the unrolled form's schedule (the loop's body is one step anyway)
    return Program::compile(model).num_registers();
  };
  const std::size_t few = registers(10);
  EXPECT_EQ(registers(1000), few);
  EXPECT_LE(few, 40u);
}

TEST(ExprDynamics, FirstTimeCountsANanAsTrueAndHoldsForTimesThatDecrease) {
  // x' = 1 from 0 in steps of 0.25: the argument is 0 up to x = 1, then NaN (log of a negative number), which a
  // condition counts as true (NaN != 0), as if() does.
  const auto model =
      dynamic_model({}, {}, {"first_time(x > 1 ? log(1 - x) : 0)", "first_time(x > 0.6)"}, {{"x", "0", "1"}}, 8, 0.25);
  const auto out = run_one(model, {});
  EXPECT_DOUBLE_EQ(out[0], 1.25);
  EXPECT_DOUBLE_EQ(out[1], 0.75);
  // A model built without the config's check of dt (dt < 0, time running backwards from 0): still the first step
  // at which the argument holds, not the earliest time.
  const auto backwards =
      dynamic_model({}, {}, {"first_time(x < -2.2)", "first_time(x < -9)"}, {{"x", "0", "1"}}, 10, -0.5);
  const auto back = run_one(backwards, {});
  EXPECT_DOUBLE_EQ(back[0], -2.5);
  EXPECT_TRUE(std::isnan(back[1]));
}

TEST(ExprDynamics, ANanAtAStepMakesTheExtremeAndItsTimeNonFinite) {
  // y = log(1 - t) is NaN once t > 1 (t_k = 0.25 k up to 2).
  const auto model = dynamic_model({}, {}, {"max_of(log(1.5 - x))", "time_of_max(log(1.5 - x))", "at_end(x)"},
                                   {{"x", "0", "1"}}, 8, 0.25);
  const auto out = run_one(model, {});
  EXPECT_TRUE(std::isnan(out[0]));
  EXPECT_TRUE(std::isnan(out[1]));
  EXPECT_DOUBLE_EQ(out[2], 2.0);
}

TEST(ExprDynamics, StatesReadParametersDerivedValuesAndFunctionsAndDefinitionsReduceTheTrajectory) {
  // Logistic growth N' = r N (1 - N / K) with K derived; its Euler steps against the loop, and a definition built
  // on a reduction (the share of the capacity reached).
  const double r = 0.4;
  const double capacity = 10.0;
  double n = 1.0;
  double peak_rate = r * n * (1 - n / capacity);
  for (int k = 0; k < 60; ++k) {
    n = n + 0.25 * (r * n * (1 - n / capacity));
    peak_rate = std::max(peak_rate, r * n * (1 - n / capacity));
  }
  ModelSource model = dynamic_model({"r", "K0"}, {{"K", "2 * K0"}, {"reached", "at_end(N) / K"}},
                                    {"reached", "max_of(growth(N))"}, {{"N", "1", "growth(N)"}}, 60, 0.25);
  FunctionSpec growth;
  growth.name = "growth";
  growth.args = {"N"};
  growth.body = test::source_of("growth", "r * N * (1 - N / K)");
  model.functions.push_back(growth);
  const auto out = run_one(model, {r, capacity / 2});
  EXPECT_NEAR(out[0], n / capacity, 1e-13);
  EXPECT_NEAR(out[1], peak_rate, 1e-13);
}

TEST(ExprDynamics, ManyDrawsStepInLockstepAndMatchOneDrawAtATime) {
  const auto model = dynamic_model({"a"}, {}, {"at_end(y)", "time_of_max(y)"}, {{"y", "0", "a * cos(t) - 0.1 * y"}},
                                   300, 0.05, StepMethod::kRk4);
  const Program program = Program::compile(model);
  std::vector<double> a(1500);
  for (size_t i = 0; i < a.size(); ++i) a[i] = 0.5 + 0.001 * static_cast<double>(i);
  const auto block = test::run_columns(program, {a}, 256);
  for (size_t i = 0; i < a.size(); i += 137) {
    const auto one = test::run_columns(program, {{a[i]}}, 1);
    EXPECT_EQ(block[0][i], one[0][0]) << i;
    EXPECT_EQ(block[1][i], one[1][0]) << i;
  }
}

TEST(ExprDynamics, RefusedFormsAreLocated) {
  // An update that reads an unknown state: a did-you-mean among the states.
  Error e = compile_error(dynamic_model({"b"}, {}, {"at_end(S)"}, {{"S", "1", "-b * S * Iz"}, {"I", "0", "S"}}, 5, 1));
  EXPECT_EQ(e.message(), "unknown name 'Iz' (did you mean 'I'?)");
  EXPECT_EQ(e.where().column, test::column_of("S_rate", 9));
  // A state read outside a rate and outside a reduction.
  e = compile_error(dynamic_model({}, {}, {"x + 1"}, {{"x", "0", "1"}}, 5, 1));
  EXPECT_NE(e.message().find("'x' is a state of [dynamics]"), std::string::npos) << e.message();
  EXPECT_EQ(e.where().column, test::column_of("t0", 0));
  e = compile_error(dynamic_model({}, {}, {"t"}, {{"x", "0", "1"}}, 5, 1));
  EXPECT_NE(e.message().find("'t' is the time of [dynamics]"), std::string::npos) << e.message();
  // A reduction over a scalar.
  e = compile_error(dynamic_model({"b"}, {}, {"1 + max_of(2 * b)"}, {{"x", "0", "1"}}, 5, 1));
  EXPECT_EQ(e.message(),
            "max_of(...) reduces a trajectory over time, but its argument reads no state and not t: it has one value, "
            "not one per step");
  EXPECT_EQ(e.where().column, test::column_of("t0", 4));
  // A reduction without dynamics, inside a function, inside a sum, inside a reduction.
  e = compile_error(test::model_of({"b"}, {}, {"at_end(b)"}));
  EXPECT_EQ(e.message(), "at_end(...) reduces a trajectory of [dynamics], and this model has no [dynamics] table");
  e = compile_error(dynamic_model({}, {}, {"sum(i, 1, 2, at_end(x * i))"}, {{"x", "0", "1"}}, 5, 1));
  EXPECT_NE(e.message().find("not inside a function, a sum, a rate, a trajectory(...) or another reduction"),
            std::string::npos);
  EXPECT_EQ(e.where().column, test::column_of("t0", 13));
  e = compile_error(dynamic_model({}, {}, {"max_of(x + at_end(x))"}, {{"x", "0", "1"}}, 5, 1));
  EXPECT_EQ(e.where().column, test::column_of("t0", 11));
  // A rate that depends on a reduction (through a derived value).
  e = compile_error(dynamic_model({}, {{"top", "max_of(x)"}}, {"top"}, {{"x", "0", "1 / top"}}, 5, 1));
  EXPECT_NE(e.message().find("an initial value or a rate cannot depend on it"), std::string::npos) << e.message();
  EXPECT_EQ(e.where().column, test::column_of("top", 0));
  // Names: a state named like a parameter, a duplicate state, a time named like a state.
  e = compile_error(dynamic_model({"x"}, {}, {"x"}, {{"x", "0", "1"}}, 5, 1));
  EXPECT_EQ(e.message(), "state 'x' has the name of an input (a parameter)");
  e = compile_error(dynamic_model({}, {}, {"at_end(x)"}, {{"x", "0", "1"}, {"x", "1", "1"}}, 5, 1));
  EXPECT_EQ(e.message(), "duplicate state 'x'");
  ModelSource clash = dynamic_model({}, {}, {"at_end(x)"}, {{"x", "0", "1"}}, 5, 1);
  clash.dynamics.time = "x";
  e = compile_error(clash);
  EXPECT_NE(e.message().find("the time of [dynamics] is called 'x', which is already a state"), std::string::npos);
  // Too many steps for the program when they are unrolled: the dynamics are blamed, not an expression. The step
  // loop compiles them (StepLoopProgramsDoNotGrowWithTheSteps).
  ModelSource unrolled = dynamic_model({"b"}, {}, {"at_end(x)"}, {{"x", "b", "sin(x + b) * cos(x - b) * exp(-x * b)"}},
                                       100000, 0.001, StepMethod::kRk4);
  unrolled.dynamics.form = StepForm::kUnrolled;
  e = compile_error(unrolled);
  EXPECT_NE(e.message().find("the model is too large once its dynamics are stepped"), std::string::npos) << e.message();
  EXPECT_EQ(e.where().line, 1);
}

// Every column of `model` compiled as a step loop and unrolled, over `rows` rows of inputs in [0.5, 1.5) (more
// than one strip of the tape): the same bits.
void expect_loop_equals_unrolled(ModelSource model, std::size_t rows) {
  std::vector<std::vector<double>> columns(model.inputs.size(), std::vector<double>(rows));
  for (std::size_t j = 0; j < columns.size(); ++j) {
    for (std::size_t r = 0; r < rows; ++r) columns[j][r] = 0.5 + std::fmod(0.618033988749895 * (r + 1) * (j + 2), 1.0);
  }
  model.dynamics.form = StepForm::kLoop;
  const Program loop = Program::compile(model);
  model.dynamics.form = StepForm::kUnrolled;
  const Program unrolled = Program::compile(model);
  ASSERT_NE(loop.disassemble().find("step loop"), std::string::npos);
  ASSERT_EQ(unrolled.disassemble().find("step loop"), std::string::npos);
  ASSERT_EQ(loop.num_columns(), unrolled.num_columns());
  for (std::size_t t = 0; t < loop.num_targets(); ++t) {
    EXPECT_EQ(loop.target_columns()[t].coordinates, unrolled.target_columns()[t].coordinates) << t;
  }
  const auto a = test::run_columns(loop, columns);
  const auto b = test::run_columns(unrolled, columns);
  for (std::size_t c = 0; c < a.size(); ++c) {
    for (std::size_t r = 0; r < rows; ++r) {
      std::uint64_t x = 0;
      std::uint64_t y = 0;
      std::memcpy(&x, &a[c][r], 8);
      std::memcpy(&y, &b[c][r], 8);
      ASSERT_EQ(x, y) << "column " << c << " row " << r << ": " << a[c][r] << " vs " << b[c][r];
    }
  }
}

TEST(ExprDynamics, TheStepLoopGivesTheUnrolledFormsBits) {
  // The SIR example with every reduction and a recorded trajectory (101 of 1000 steps), 700 rows.
  auto sir = dynamic_model(
      {"beta", "gamma"}, {{"I_daily", "trajectory(I)"}, {"infections", "beta"}},
      {"max_of(I)", "time_of_max(I)", "at_end(R)", "first_time(I > 0.1)", "min_of(S)", "time_of_min(S)",
       "ever(I > 0.2)", "always(S > 0.1)", "sum_of(I)", "integral_of(I)", "I_daily", "at_end(S + I + R)"},
      {{"S", "0.99", "-beta * S * I"}, {"I", "0.01", "beta * S * I - gamma * I"}, {"R", "0", "gamma * I"}}, 1000, 0.1);
  sir.dynamics.record_every = 10;
  expect_loop_equals_unrolled(sir, 700);
  // RK4, a rate of the time, a start time, a stride that does not divide the steps, a NaN part of the way.
  auto rk4 =
      dynamic_model({"k", "b"}, {{"path", "trajectory(2 * y + t)"}},
                    {"at_end(y)", "path", "max_of(log(1.7 - y))", "time_of_max(log(1.7 - y))", "integral_of(y * t)",
                     "first_time(y > 1.2)", "time_of_min(y - t)", "sum_of(z)"},
                    {{"y", "1", "-k * y + sin(t) + b"}, {"z", "b", "y - z * t"}}, 37, 0.05, StepMethod::kRk4, 1.0);
  rk4.dynamics.record_every = 5;
  expect_loop_equals_unrolled(rk4, 600);
  // The time compared in a select (a policy from year lag on), in both branches, squared and cubed, with k:
  // the unrolled form folds these where the loop computes them.
  auto policy = dynamic_model({"lag", "k"}, {},
                              {"at_end(c)", "max_of(c * t)", "first_time(t > lag)", "sum_of(t >= lag ? c : t * k)"},
                              {{"c", "0.1", "(t >= lag ? k * c : t^2 - c) * (1 - c) + t^3 * 1e-4"}}, 200, 0.05);
  expect_loop_equals_unrolled(policy, 530);
  // Constant states and reductions that fold in the unrolled form, a state no column reads, one step.
  auto folded = dynamic_model({"a"}, {}, {"at_end(x)", "max_of(c)", "sum_of(c * t)", "ever(x > a)"},
                              {{"x", "a", "1"}, {"c", "2", "0"}, {"unused", "a", "a * unused"}}, 1, 0.5);
  expect_loop_equals_unrolled(folded, 3);
}

TEST(ExprDynamics, StepLoopProgramsDoNotGrowWithTheSteps) {
  // 10 or 1,000,000 steps: the same program (the steps are a loop count), compiled as fast. Automatically, the
  // steps are unrolled while that stays below kMaxUnrolledInstructions, and looped beyond.
  const auto program = [](long long steps, StepForm form) {
    auto model = dynamic_model({"b"}, {}, {"at_end(x)", "max_of(x)", "integral_of(x)"},
                               {{"x", "b", "sin(x + b) * cos(x - b) * exp(-x * b)"}}, steps, 1e-4, StepMethod::kRk4);
    model.dynamics.form = form;
    return Program::compile(model);
  };
  EXPECT_EQ(program(1000000, StepForm::kLoop).num_instructions(), program(10, StepForm::kLoop).num_instructions());
  EXPECT_EQ(program(1000000, StepForm::kAutomatic).num_instructions(), program(10, StepForm::kLoop).num_instructions());
  EXPECT_EQ(program(10, StepForm::kAutomatic).disassemble().find("step loop"), std::string::npos);
  EXPECT_GT(program(10, StepForm::kAutomatic).num_instructions(), program(10, StepForm::kLoop).num_instructions());
  // A million RK4 steps of x' = -x from 1 over t in [0, 1]: exp(-1) to RK4's accuracy.
  const auto model = dynamic_model({}, {}, {"at_end(x)"}, {{"x", "1", "-x"}}, 1000000, 1e-6, StepMethod::kRk4);
  EXPECT_NEAR(run_one(model, {})[0], std::exp(-1.0), 1e-12);
}

TEST(ExprDynamics, ATrajectoryOutputRecordsEveryStrideStepInItsOwnColumns) {
  // dy/dt = -k y + sin(t) from t = 1 by Euler, 7 steps recorded every 3rd: steps 0, 3, 6 (the 7th is not a
  // multiple of the stride), in columns 1..3 between two scalar targets.
  const double k = 0.7, h = 0.05, start = 1.0;
  std::vector<double> expected;
  double y = 2.0;
  for (int step = 0; step <= 7; ++step) {
    if (step % 3 == 0) expected.push_back(2 * y);
    y = y + h * (-k * y + std::sin(start + step * h));
  }
  auto model = dynamic_model({"k"}, {{"path", "trajectory(2 * y)"}}, {"at_end(y)", "path", "max_of(y)"},
                             {{"y", "2", "-k * y + sin(t)"}}, 7, h, StepMethod::kEuler, start);
  model.dynamics.record_every = 3;
  const Program program = Program::compile(model);
  EXPECT_EQ(program.num_targets(), 3u);
  ASSERT_EQ(program.num_columns(), 5u);
  const auto& columns = program.target_columns();
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_FALSE(columns[0].is_array());
  EXPECT_EQ(columns[0].first, 0u);
  EXPECT_EQ(columns[1].first, 1u);
  EXPECT_EQ(columns[1].count, 3u);
  EXPECT_EQ(columns[1].dimension, "t");
  EXPECT_EQ(columns[1].coordinates, (std::vector<double>{start, start + 3 * h, start + 6 * h}));
  EXPECT_EQ(columns[2].first, 4u);
  EXPECT_EQ(columns[2].count, 1u);
  const auto values = run_one(model, {k});
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(values[1 + i], expected[i], 1e-13) << i;
  EXPECT_EQ(values[1], 4.0);  // the initial value, exactly
  // Without a stride every step is recorded; the last is at_end(2 y).
  model.dynamics.record_every = 1;
  const Program every = Program::compile(model);
  EXPECT_EQ(every.target_columns()[1].count, 8u);
  const auto all = run_one(model, {k});
  EXPECT_EQ(all[8], 2 * all[0]);
}

TEST(ExprDynamics, ATrajectoryIsTheWholeExpressionOfAnOutputAndNothingReadsItWhole) {
  const auto refused = [](std::vector<std::pair<std::string, std::string>> defs, std::vector<std::string> targets,
                          std::vector<std::string> inputs = {"b"}) {
    return compile_error(
        dynamic_model(std::move(inputs), std::move(defs), std::move(targets), {{"x", "1", "-b * x"}}, 10, 0.1));
  };
  // Inside an expression, a function, a reduction, another trajectory: located at the call.
  Error e = refused({{"y", "1 + trajectory(x)"}}, {"y"});
  EXPECT_NE(e.message().find("trajectory(...) gives one value per recorded step, so it can only be the whole "
                             "expression of an output"),
            std::string::npos)
      << e.message();
  EXPECT_EQ(e.where().column, test::column_of("y", 4));
  e = refused({{"y", "max_of(trajectory(x))"}}, {"y"});
  EXPECT_EQ(e.where().column, test::column_of("y", 7));
  e = refused({{"y", "trajectory(trajectory(x))"}}, {"y"});
  EXPECT_EQ(e.where().column, test::column_of("y", 11));
  ModelSource in_function = dynamic_model({"b"}, {}, {"at_end(x)"}, {{"x", "1", "-b * x"}}, 10, 0.1);
  in_function.functions.push_back(FunctionSpec{"f", {"u"}, test::source_of("f", "trajectory(u)"), {}});
  e = compile_error(in_function);
  EXPECT_EQ(e.where().column, test::column_of("f", 0));
  // Read by name from another output or a claim.
  e = refused({{"y", "trajectory(x)"}, {"z", "y + 1"}}, {"y", "z"});
  EXPECT_NE(e.message().find("'y' is a trajectory (one value per recorded step of [dynamics])"), std::string::npos)
      << e.message();
  EXPECT_EQ(e.where().column, test::column_of("z", 0));
  e = refused({{"y", "trajectory(x)"}}, {"y", "y > 1"});
  EXPECT_EQ(e.where().column, test::column_of("t1", 0));
  // Of a scalar, of an unknown state, without dynamics, with the wrong number of arguments.
  e = refused({{"y", "trajectory(2 * b)"}}, {"y"});
  EXPECT_EQ(e.message(),
            "trajectory(...) records a trajectory over time, but its argument reads no state and not t: it has one "
            "value, not one per step");
  EXPECT_EQ(e.where().column, test::column_of("y", 0));
  e = refused({{"y", "trajectory(xx + 1)"}}, {"y"});
  EXPECT_EQ(e.message(), "unknown name 'xx' (did you mean 'x'?)");
  EXPECT_EQ(e.where().column, test::column_of("y", 11));
  // A reduction's index inside is not an unknown name.
  e = refused({{"y", "trajectory(sum(i, 1, 2, i * b))"}}, {"y"});
  EXPECT_NE(e.message().find("reads no state"), std::string::npos) << e.message();
  e = compile_error(test::model_of({"b"}, {{"y", "trajectory(b)"}}, {"y"}));
  EXPECT_EQ(e.message(), "trajectory(...) records a trajectory of [dynamics], and this model has no [dynamics] table");
  e = refused({{"y", "trajectory(x, 2)"}}, {"y"});
  EXPECT_EQ(e.message(), "'trajectory' takes 1 argument, not 2");
  // More values than a trajectory records: the stride that fits is suggested.
  ModelSource long_run = dynamic_model({}, {{"y", "trajectory(x)"}}, {"y"}, {{"x", "1", "-x"}}, 25000, 0.001);
  e = compile_error(long_run);
  EXPECT_EQ(e.message(),
            "trajectory(...) would record 25001 values (dynamics.steps = 25000, record_every = 1); at most 10001 are "
            "recorded: set dynamics.record_every to at least 3");
  long_run.dynamics.record_every = 3;
  EXPECT_EQ(Program::compile(long_run).target_columns()[0].count, 8334u);
}

}  // namespace
}  // namespace mcsens
