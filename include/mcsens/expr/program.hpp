// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mcsens/expr/expression_source.hpp"

namespace mcsens {

// What the compiler may know of an input: its values are whole numbers in [low, high] (a whole constant, a
// uniform_int, a discrete law of whole values, in the baseline and in every scenario). A bound of sum(...) or
// prod(...) may be such an input: the terms are unrolled up to `high` and those beyond the draw's bound add 0.
struct IntegerRange {
  long long low = 0;
  long long high = 0;
};

// An output computed once per value of an index, 1 .. size: `cash = { expr = "cf * (1 + g)^year", over = "year",
// size = 20 }` is an array over year of 20 values, the expression lowered with year = 1, ..., 20.
struct IndexedOutput {
  std::string output;  // the definition it applies to
  std::string index;   // the index's name inside its expression
  long long size = 0;
  SourceLocation location;  // the `over` key
};

// An array parameter (`shock = { dist = "normal", ..., size = 20 }`): `size` consecutive inputs, its elements
// 1 .. size, read in expressions as shock[i] with i a whole number known before the run (a number, a sum's index).
struct ArrayInput {
  std::string name;
  std::size_t first = 0;  // the input of element 1
  std::size_t size = 0;
};

// Everything a program is compiled from. Names resolve to inputs, then definitions; functions are inlined.
struct ModelSource {
  std::vector<std::string> inputs;            // bound per row, in this order (parameters; a curve's x)
  std::vector<FunctionSpec> functions;        // [functions]
  std::vector<ExpressionSource> definitions;  // [derived] and [outputs]: named, in any order, cycles rejected
  std::vector<ExpressionSource> targets;      // what to compute, in order (an output is the target "its_name")
  DynamicsSpec dynamics;                      // [dynamics], if any
  std::vector<IndexedOutput> indexed;         // the outputs over an index (by definition name)
  std::vector<ArrayInput> array_inputs;       // the array parameters among the inputs (named "shock[1]", ...)
  // Per input (may be shorter than inputs, or empty): its whole-number range when it has one.
  std::vector<std::optional<IntegerRange>> integer_inputs;
  // Per input (may be shorter): why an input whole in the baseline has no whole-number range (the scenario that
  // makes it fractional), for the message of a sum bound that reads it; empty otherwise.
  std::vector<std::string> integer_input_notes;
};

// The columns a target fills when the program runs: one for a scalar; for an output defined as trajectory(e), one
// per recorded step of [dynamics] (steps 0, r, 2r, ... with r = record_every), holding e at that step's time; for
// an output over an index (IndexedOutput), one per index value 1 .. size.
struct TargetColumns {
  std::size_t first = 0;            // its first column among all targets' columns (targets in order, consecutive)
  std::size_t count = 1;            // its number of columns
  std::string dimension;            // an array's dimension: the time of [dynamics], or the index; empty for a scalar
  std::vector<double> coordinates;  // an array's values along it (the recorded times, 1 .. size), `count` of them
  bool is_array() const { return !dimension.empty(); }
};

// A name of the model language: an ASCII letter or '_', then letters, digits or '_'. Parameters, derived
// quantities, outputs, claims, curves, scenarios, functions and their arguments are named this way.
bool is_identifier(const std::string& name);
// "function" or "constant" when `name` is a built-in of the model language (exp, pi, ...), nullptr otherwise.
const char* builtin_kind(const std::string& name);

// [dynamics] with StepForm::kAutomatic is unrolled while its steps make at most this many instructions (a few MB of
// program, compiled in about 0.1 s), and run as a step loop beyond.
constexpr std::size_t kMaxUnrolledInstructions = 20000;

// All expressions of a model lowered into one register tape: constants folded, common subexpressions shared
// across targets, unused definitions dropped (but still checked). Immutable; share one Program between threads.
class Program {
 public:
  // Throws mcsens::Error "FILE:LINE:COL: message" (the column inside the expression string) for syntax errors,
  // unknown names (with a did-you-mean), wrong arity, unknown functions, cycles (printed), duplicate names.
  static Program compile(const ModelSource& source);

  ~Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;
  Program(const Program&);

  std::size_t num_inputs() const;
  std::size_t num_targets() const;
  // Every target's columns, in target order, and their total: what Evaluator::run fills.
  const std::vector<TargetColumns>& target_columns() const;
  std::size_t num_columns() const;
  std::size_t num_instructions() const;
  // Scratch registers of kStrip rows each that a run uses: the working set of a strip, beside inputs and outputs.
  std::size_t num_registers() const;
  // A readable listing of the tape, for debugging.
  std::string disassemble() const;

 private:
  Program() = default;
  friend class Evaluator;
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// Per-thread scratch for running a Program over blocks of rows. Not thread-safe; one per thread.
class Evaluator {
 public:
  explicit Evaluator(const Program& program, std::size_t max_block = 1024);
  ~Evaluator();
  Evaluator(Evaluator&&) noexcept;

  std::size_t max_block() const;

  // inputs[j][i] is input j of row i; outputs[c][i] receives column c of row i (target t's columns are
  // target_columns()[t].first onwards; a scalar target has one); i < n <= max_block.
  // Non-finite results are produced as IEEE values (never trapped). Comparisons and logic give 1.0 or 0.0.
  void run(const double* const* inputs, double* const* outputs, std::size_t n);

 private:
  void run_loop(const double* const* inputs, double* const* outputs, std::size_t n);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mcsens
