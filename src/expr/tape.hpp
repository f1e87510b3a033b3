// SPDX-License-Identifier: MIT
// The register tape a Program is lowered to, and the block kernels that execute one instruction.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mcsens/expr/program.hpp"

namespace mcsens::detail {

// Operations of the tape. Leaves (kInput, kConstant, kArgument) exist only in the expression graph the compiler
// builds; every other operation is one block kernel.
enum class Op : std::uint8_t {
  kInput,
  kConstant,
  kArgument,  // a placeholder for a [functions] argument while a function body is checked on its own
  // one operand
  kNeg,
  kNot,
  kExp,
  kLog,
  kLog10,
  kSqrt,
  kAbs,
  kSin,
  kCos,
  kTan,
  kTanh,
  kFloor,
  kCeil,
  kLogistic,
  kNormcdf,
  // two operands
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
  kMin,
  kMax,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual,
  kAnd,
  kOr,
  // three operands
  kSelect,  // c != 0 ? a : b, per lane
  kClamp,   // x < lo ? lo : (x > hi ? hi : x), per lane
};

int operand_count(Op op);
const char* op_name(Op op);

// Where an instruction reads an operand: a scratch register, an input column passed to run(), a constant (an
// immediate for the plain two- and three-operand kernels; a pre-filled constant register for fused kernels), or a
// target's output column that an earlier instruction wrote.
enum class OperandKind : std::uint8_t { kRegister, kInput, kConstant, kOutput };

struct Operand {
  OperandKind kind = OperandKind::kRegister;
  int index = 0;  // register, input column, or constant register (-1: an immediate, or an unused operand)
  double value = 0.0;
};

struct Instruction {
  Op op = Op::kAdd;
  // Fused arithmetic (add, sub, mul, div), which saves passes over the strip (a store and a load per lane per
  // fused operation) and keeps the roundings of the separate operations:
  // - a pair when inner != kInput and middle == kInput: w = inner(s0, s1); result = op(w, s2) if inner_first,
  //   else op(s2, w);
  // - a chain when middle != kInput too: v = inner(s0, s1); w = middle(v, s2) if middle_first, else
  //   middle(s2, v); result = op(w, s3) if inner_first, else op(s3, w).
  Op inner = Op::kInput;
  bool inner_first = true;
  Op middle = Op::kInput;
  bool middle_first = true;
  int destination = 0;  // a register; never equal to a source register (the kernels use __restrict)
  int output = -1;      // when >= 0, the result goes to this target's output column instead of a register
  std::array<Operand, 4> sources{};
};

struct TargetSlot {
  std::string name;
  Operand source;
};

// Rows per pass of the tape: every register is this long (4 KiB), so that the working set of a tape stays in L1 or
// close to it whatever the block size passed to run(). Measured on the SIR example (33 registers, 10 instructions a
// step): 256 rows 1.88 s, 512 rows 1.67 s, 1024 rows 1.95 s, 128 rows 2.31 s (the dispatch of each instruction is
// paid per strip); the P1, paper and cash-flow models are the same at 256 and 512.
constexpr std::size_t kStrip = 512;

// Computes `instruction` over n <= kStrip lanes. sources[k] points at operand k's lanes (unused for immediate
// constants of plain kernels). Results of each lane do not depend on n or on the lane's position: the
// vector math functions pad partial packets rather than falling back to scalar calls.
void run_instruction(const Instruction& instruction, double* destination, const double* const* sources, std::size_t n);

// The value the kernels give for one lane: used by constant folding, so that folding never changes a result.
double fold_constant(Op op, double a, double b, double c);

struct StepLoop;

// The time of step k of [dynamics], start + k dt: one function (in compiler.cpp, which always computed the unrolled
// form's times), so that the step loop's times are the unrolled form's in every build (a build that contracts it
// into one multiply-add rounds it once, everywhere alike).
double step_time(double start, double k, double dt);

// Everything a compiled Program holds.
struct Tape {
  std::vector<std::string> inputs;
  std::vector<detail::Instruction> code;
  std::vector<double> constant_registers;   // values of the pre-filled registers fused kernels read
  std::vector<detail::TargetSlot> targets;  // one per column
  std::vector<TargetColumns> columns;       // per target of the ModelSource: which slots are its columns
  int num_registers = 0;
  // The step loop's body: the operands that are times (instruction, source, time input 0..3), immediates whose
  // value is set before each step.
  struct TimePatch {
    int instruction;
    int source;
    int time;
  };
  std::vector<TimePatch> time_patches;
  // [dynamics] as a loop (then code and targets are empty and the loop fills every column), or null.
  std::shared_ptr<const StepLoop> loop;
};

// [dynamics] run as a loop over one compiled step body instead of unrolled into the tape: the program and its
// compiling do not grow with the steps. Three tapes over the model's inputs followed by the loop's own inputs
// (at first_virtual: the time before the step, its middle (RK4), the time after it, 1 at the last step else 0,
// then the carried values: the states, then the accumulators of the trajectory reductions):
//   pre:  slots 0 .. carried - 1 the carried values at step 0, then the recorded values at step 0;
//   body: run for k = 1 .. steps with the carried values of step k - 1: slots 0 .. carried - 1 those of step k,
//         then the recorded values at step k (kept when k is a multiple of record_every);
//   post: with the carried values of the last step: the scalar columns (post_columns).
// The body computes exactly the operations of one unrolled step, so the results are those of the unrolled form.
struct StepLoop {
  Tape pre, body, post;
  long long steps = 0;
  double start = 0.0;
  double dt = 0.0;
  long long record_every = 1;
  std::size_t first_virtual = 0;
  std::size_t carried = 0;
  std::vector<std::size_t> record_columns;  // per recorded value: the column of its step 0 (step k: + k / r)
  std::vector<std::size_t> post_columns;    // per post slot: its column
  std::array<bool, 4> time_columns{};       // the time inputs read as columns (the others only as immediates)
  double time_at(double k) const { return step_time(start, k, dt); }
};
constexpr std::size_t kLoopTimeInputs = 4;  // before, middle, after, last

}  // namespace mcsens::detail

namespace mcsens {

struct Program::Impl : detail::Tape {};

}  // namespace mcsens
