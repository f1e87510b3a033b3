// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "mcsens/error.hpp"

namespace mcsens {

// Where each byte of a string value stands in its file, for a value that is not its file text one for one (escapes
// such as \u00e9, a multi-line string, non-ASCII characters, which toml++ counts as one column each).
struct TextPositions {
  struct Position {
    int line = 0;
    int column = 0;
  };
  std::vector<Position> at;        // per byte of the value, then one past its end
  int first_line = 0;              // the line of lines[0]
  std::vector<std::string> lines;  // the file lines the value spans

  SourceLocation locate(SourceLocation where, int offset) const {
    if (at.empty()) return where;
    const Position& p = at[static_cast<std::size_t>(std::clamp(offset, 0, static_cast<int>(at.size()) - 1))];
    where.line = p.line;
    where.column = p.column;
    const int k = p.line - first_line;
    if (k >= 0 && k < static_cast<int>(lines.size())) where.line_text = lines[static_cast<std::size_t>(k)];
    return where;
  }
};

// An expression string of the model language, with where its first character stands in the config, so that
// the compiler can point at the offending character: location.shifted(i) is the position of text[i] for a
// one-line string of ASCII characters without escapes, positions->locate(location, i) otherwise.
struct ExpressionSource {
  std::string name;  // what it defines or belongs to ("rde_hb", "claims.cost_cut_zj", "curves.x.y")
  std::string text;
  SourceLocation location;
  std::shared_ptr<const TextPositions> positions = nullptr;  // null: location.shifted(i)

  SourceLocation location_of(int offset) const {
    return positions ? positions->locate(location, offset) : location.shifted(offset);
  }
};

// A [functions] entry: name(args...) = expr, inlined at compile time.
struct FunctionSpec {
  std::string name;
  std::vector<std::string> args;
  ExpressionSource body;
  SourceLocation location;
};

// A state variable of [dynamics]: its value at the start time, and its rate of change d(name)/dt, an expression
// of the states, time, parameters, derived values and functions.
struct StateSpec {
  std::string name;
  ExpressionSource initial;
  ExpressionSource rate;
  SourceLocation location;
};

// [dynamics]: state equations integrated over `steps` steps of size `dt` from `start`, unrolled at compile time
// into the program, so that every draw of a block steps in lockstep through the same vectorized tape.
// Trajectory reductions (at_end, max_of, time_of_max, first_time, integral_of, ...) turn them into values; an
// output defined as trajectory(e) records e at every record_every-th step (an array over time).
enum class StepMethod { kEuler, kRk4 };

// How [dynamics] is compiled. kUnrolled: every step in the program (faster per step today, but the program and its
// compiling grow with the steps, up to the operation cap); kLoop: one compiled step body run `steps` times (the
// program does not grow; needs dt > 0). kAutomatic: unrolled while that program stays small (at most
// kMaxUnrolledInstructions, program.hpp), the loop beyond.
enum class StepForm { kAutomatic, kUnrolled, kLoop };

struct DynamicsSpec {
  StepMethod method = StepMethod::kEuler;
  long long steps = 0;
  double dt = 0.0;
  double start = 0.0;
  long long record_every = 1;            // a trajectory(...) output records steps 0, r, 2r, ... (r = record_every)
  std::string time = "t";                // the name of time inside rates and reductions
  std::vector<StateSpec> states;         // none: the model has no dynamics
  SourceLocation location;               // the [dynamics] header
  SourceLocation time_location;          // the dynamics.time key when the config gives it (else unknown)
  SourceLocation record_every_location;  // the dynamics.record_every key when the config gives it
  // How the steps are compiled (the same results either way): automatic (StepForm) unless a test asks for one.
  StepForm form = StepForm::kAutomatic;
  bool present() const { return !states.empty(); }
};

}  // namespace mcsens
