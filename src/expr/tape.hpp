// SPDX-License-Identifier: MIT
// The register tape a Program is lowered to, and the block kernels that execute one instruction.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
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

// Everything a compiled Program holds.
struct Tape {
  std::vector<std::string> inputs;
  std::vector<detail::Instruction> code;
  std::vector<double> constant_registers;   // values of the pre-filled registers fused kernels read
  std::vector<detail::TargetSlot> targets;  // one per column
  std::vector<TargetColumns> columns;       // per target of the ModelSource: which slots are its columns
  int num_registers = 0;
};

}  // namespace mcsens::detail

namespace mcsens {

struct Program::Impl : detail::Tape {};

}  // namespace mcsens
