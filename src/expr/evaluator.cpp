// SPDX-License-Identifier: MIT
// Block kernels of the tape and the Evaluator that runs a Program over blocks of rows.
//
// Every kernel is a tight loop over one strip of lanes that GCC vectorizes (checked with -fopt-info-vec-missed).
// Transcendental functions go through glibc's libmvec AVX2 variants (_ZGVdN4v_exp, ...), called directly on
// 4-lane packets, when the build targets AVX2 and libmvec is found; otherwise through the scalar std:: calls.
// libmvec documents a maximum error of 4 ulp for its vector functions (glibc manual, "Errors in Math Functions").
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "expr/tape.hpp"

#if MCSENS_HAS_LIBMVEC && defined(__AVX2__)
#define MCSENS_EXPR_VECTOR_MATH 1
#include <immintrin.h>
extern "C" {
__m256d _ZGVdN4v_exp(__m256d);
__m256d _ZGVdN4v_log(__m256d);
__m256d _ZGVdN4v_log10(__m256d);
__m256d _ZGVdN4v_sin(__m256d);
__m256d _ZGVdN4v_cos(__m256d);
__m256d _ZGVdN4v_tan(__m256d);
__m256d _ZGVdN4v_tanh(__m256d);
__m256d _ZGVdN4v_erfc(__m256d);
__m256d _ZGVdN4vv_pow(__m256d, __m256d);
}
#else
#define MCSENS_EXPR_VECTOR_MATH 0
#endif

namespace mcsens::detail {

namespace {

// ---- exact kernels: plain loops, vectorized by the compiler ----

template <class F>
void map1(double* __restrict d, const double* __restrict a, std::size_t n, F f) {
  for (std::size_t i = 0; i < n; ++i) d[i] = f(a[i]);
}

template <class F>
void map2(double* __restrict d, const double* __restrict a, const double* __restrict b, std::size_t n, F f) {
  for (std::size_t i = 0; i < n; ++i) d[i] = f(a[i], b[i]);
}

template <class F>
void map2_rc(double* __restrict d, const double* __restrict a, double b, std::size_t n, F f) {
  for (std::size_t i = 0; i < n; ++i) d[i] = f(a[i], b);
}

template <class F>
void map2_cr(double* __restrict d, double a, const double* __restrict b, std::size_t n, F f) {
  for (std::size_t i = 0; i < n; ++i) d[i] = f(a, b[i]);
}

template <class F>
void map3(double* __restrict d, const double* __restrict a, const double* __restrict b, const double* __restrict c,
          std::size_t n, F f) {
  for (std::size_t i = 0; i < n; ++i) d[i] = f(a[i], b[i], c[i]);
}

// A two-operand kernel in the form its operands call for: register/input pointers or an immediate constant.
template <class F>
void binary(const Instruction& ins, double* d, const double* const* s, std::size_t n, F f) {
  if (ins.sources[0].kind == OperandKind::kConstant) {
    map2_cr(d, ins.sources[0].value, s[1], n, f);
  } else if (ins.sources[1].kind == OperandKind::kConstant) {
    map2_rc(d, s[0], ins.sources[1].value, n, f);
  } else {
    map2(d, s[0], s[1], n, f);
  }
}

bool is_immediate(const Operand& o) {
  return o.kind == OperandKind::kConstant && o.index < 0;
}

// Calls f(std::bool_constant<a>{}, std::bool_constant<b>{}, std::bool_constant<c>{}): one instantiation per
// combination, so that a kernel's loop reads each operand as a register or an immediate by a compile-time choice.
template <class F>
void with_flags(bool a, bool b, bool c, F f) {
  using Y = std::true_type;
  using N = std::false_type;
  switch ((a ? 4 : 0) | (b ? 2 : 0) | (c ? 1 : 0)) {
    case 0:
      f(N{}, N{}, N{});
      break;
    case 1:
      f(N{}, N{}, Y{});
      break;
    case 2:
      f(N{}, Y{}, N{});
      break;
    case 3:
      f(N{}, Y{}, Y{});
      break;
    case 4:
      f(Y{}, N{}, N{});
      break;
    case 5:
      f(Y{}, N{}, Y{});
      break;
    case 6:
      f(Y{}, Y{}, N{});
      break;
    default:
      f(Y{}, Y{}, Y{});
      break;
  }
}

// A three-operand kernel with any of its operands an immediate constant (index -1) instead of a register: a select
// of per-step times reads them as immediates, not as a pre-filled register each (1001 of them, 2 MB, for 1000
// steps). Each lane computes f of the same three values either way.
template <bool A, bool B, bool C, class F>
void map3_immediate(double* __restrict d, const double* __restrict a, const double* __restrict b,
                    const double* __restrict c, const double (&v)[3], std::size_t n, F f) {
  for (std::size_t i = 0; i < n; ++i) d[i] = f(A ? v[0] : a[i], B ? v[1] : b[i], C ? v[2] : c[i]);
}

template <class F>
void ternary(const Instruction& ins, double* d, const double* const* s, std::size_t n, F f) {
  const double v[3] = {ins.sources[0].value, ins.sources[1].value, ins.sources[2].value};
  with_flags(is_immediate(ins.sources[0]), is_immediate(ins.sources[1]), is_immediate(ins.sources[2]),
             [&](auto a, auto b, auto c) {
               map3_immediate<decltype(a)::value, decltype(b)::value, decltype(c)::value>(d, s[0], s[1], s[2], v, n, f);
             });
}

// A select fused with the comparison that is its condition: d = cmp(a, b) ? x : y in one pass, the values of the
// two separate kernels (the comparison's 1.0 or 0.0 tested against 0). The compared value a is never a constant
// (the compiler puts a comparison's constant second); b, x and y may be immediates.
template <bool B, bool X, bool Y, class Cmp>
void compare_select_loop(double* __restrict d, const double* const* s, const double (&v)[4], std::size_t n, Cmp cmp) {
  const double* __restrict a = s[0];
  const double* __restrict b = s[1];
  const double* __restrict x = s[2];
  const double* __restrict y = s[3];
  for (std::size_t i = 0; i < n; ++i) d[i] = cmp(a[i], B ? v[1] : b[i]) ? (X ? v[2] : x[i]) : (Y ? v[3] : y[i]);
}

template <class Cmp>
void compare_select_with(const Instruction& ins, double* d, const double* const* s, std::size_t n, Cmp cmp) {
  const double v[4] = {ins.sources[0].value, ins.sources[1].value, ins.sources[2].value, ins.sources[3].value};
  with_flags(is_immediate(ins.sources[1]), is_immediate(ins.sources[2]), is_immediate(ins.sources[3]),
             [&](auto b, auto x, auto y) {
               compare_select_loop<decltype(b)::value, decltype(x)::value, decltype(y)::value>(d, s, v, n, cmp);
             });
}

void compare_select(const Instruction& ins, double* d, const double* const* s, std::size_t n) {
  switch (ins.inner) {
    case Op::kLess:
      compare_select_with(ins, d, s, n, [](double a, double b) { return a < b; });
      break;
    case Op::kLessEqual:
      compare_select_with(ins, d, s, n, [](double a, double b) { return a <= b; });
      break;
    case Op::kGreater:
      compare_select_with(ins, d, s, n, [](double a, double b) { return a > b; });
      break;
    case Op::kGreaterEqual:
      compare_select_with(ins, d, s, n, [](double a, double b) { return a >= b; });
      break;
    case Op::kEqual:
      compare_select_with(ins, d, s, n, [](double a, double b) { return a == b; });
      break;
    default:
      compare_select_with(ins, d, s, n, [](double a, double b) { return a != b; });
      break;
  }
}

// ---- transcendental kernels ----

#if MCSENS_EXPR_VECTOR_MATH
// Applies a 4-lane function to n lanes; a partial last packet is padded, so that every lane goes through the
// same vector code whatever n is (results do not depend on the block size).
template <class V>
void vector_map1(double* __restrict d, const double* __restrict a, std::size_t n, V v) {
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(d + i, v(_mm256_loadu_pd(a + i)));
  if (i < n) {
    alignas(32) double t[4] = {0.0, 0.0, 0.0, 0.0};
    for (std::size_t k = 0; i + k < n; ++k) t[k] = a[i + k];
    _mm256_store_pd(t, v(_mm256_load_pd(t)));
    for (std::size_t k = 0; i + k < n; ++k) d[i + k] = t[k];
  }
}

void pow_kernel(const Instruction& ins, double* __restrict d, const double* const* s, std::size_t n) {
  const bool a_const = ins.sources[0].kind == OperandKind::kConstant;
  const bool b_const = ins.sources[1].kind == OperandKind::kConstant;
  const double* a = s[0];
  const double* b = s[1];
  const __m256d a_imm = _mm256_set1_pd(ins.sources[0].value);
  const __m256d b_imm = _mm256_set1_pd(ins.sources[1].value);
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m256d x = a_const ? a_imm : _mm256_loadu_pd(a + i);
    const __m256d y = b_const ? b_imm : _mm256_loadu_pd(b + i);
    _mm256_storeu_pd(d + i, _ZGVdN4vv_pow(x, y));
  }
  if (i < n) {
    alignas(32) double tx[4] = {1.0, 1.0, 1.0, 1.0};
    alignas(32) double ty[4] = {1.0, 1.0, 1.0, 1.0};
    for (std::size_t k = 0; i + k < n; ++k) {
      tx[k] = a_const ? ins.sources[0].value : a[i + k];
      ty[k] = b_const ? ins.sources[1].value : b[i + k];
    }
    _mm256_store_pd(tx, _ZGVdN4vv_pow(_mm256_load_pd(tx), _mm256_load_pd(ty)));
    for (std::size_t k = 0; i + k < n; ++k) d[i + k] = tx[k];
  }
}

#define MCSENS_MATH1(vector_expr, scalar_expr) vector_map1(d, s[0], n, [](__m256d x) { return vector_expr; })
#else
#define MCSENS_MATH1(vector_expr, scalar_expr) map1(d, s[0], n, [](double x) { return scalar_expr; })

void pow_kernel(const Instruction& ins, double* d, const double* const* s, std::size_t n) {
  binary(ins, d, s, n, [](double x, double y) { return std::pow(x, y); });
}
#endif

struct AddOp {
  static double apply(double x, double y) { return x + y; }
};
struct SubOp {
  static double apply(double x, double y) { return x - y; }
};
struct MulOp {
  static double apply(double x, double y) { return x * y; }
};
struct DivOp {
  static double apply(double x, double y) { return x / y; }
};

template <class Outer, class Inner>
void fused(bool inner_first, double* d, const double* const* s, std::size_t n) {
  if (inner_first) {
    map3(d, s[0], s[1], s[2], n, [](double a, double b, double c) { return Outer::apply(Inner::apply(a, b), c); });
  } else {
    map3(d, s[0], s[1], s[2], n, [](double a, double b, double c) { return Outer::apply(c, Inner::apply(a, b)); });
  }
}

template <class Outer>
void fused_outer(const Instruction& ins, double* d, const double* const* s, std::size_t n) {
  switch (ins.inner) {
    case Op::kAdd:
      fused<Outer, AddOp>(ins.inner_first, d, s, n);
      break;
    case Op::kSub:
      fused<Outer, SubOp>(ins.inner_first, d, s, n);
      break;
    case Op::kMul:
      fused<Outer, MulOp>(ins.inner_first, d, s, n);
      break;
    default:
      fused<Outer, DivOp>(ins.inner_first, d, s, n);
      break;
  }
}

template <class F>
void map4(double* __restrict d, const double* __restrict a, const double* __restrict b, const double* __restrict c,
          const double* __restrict e, std::size_t n, F f) {
  for (std::size_t i = 0; i < n; ++i) d[i] = f(a[i], b[i], c[i], e[i]);
}

// An operation with its fused operand v on the left (First) or on the right.
template <class Base, bool First>
struct Directed {
  static double apply(double v, double other) { return First ? Base::apply(v, other) : Base::apply(other, v); }
};

template <class Inner, class Middle, class Outer>
void chain(double* d, const double* const* s, std::size_t n) {
  map4(d, s[0], s[1], s[2], s[3], n,
       [](double a, double b, double c, double e) { return Outer::apply(Middle::apply(Inner::apply(a, b), c), e); });
}

// Calls K::template run<Directed<op, first>>(); add and mul are commutative, so their side does not matter and
// six directed operations cover all cases (fewer instantiations).
template <class K>
void with_directed(Op op, bool first, const K& k) {
  switch (op) {
    case Op::kAdd:
      k.template run<Directed<AddOp, true>>();
      break;
    case Op::kMul:
      k.template run<Directed<MulOp, true>>();
      break;
    case Op::kSub:
      if (first) {
        k.template run<Directed<SubOp, true>>();
      } else {
        k.template run<Directed<SubOp, false>>();
      }
      break;
    default:
      if (first) {
        k.template run<Directed<DivOp, true>>();
      } else {
        k.template run<Directed<DivOp, false>>();
      }
      break;
  }
}

template <class Inner, class Middle>
struct ChainOuter {
  const Instruction& ins;
  double* d;
  const double* const* s;
  std::size_t n;
  template <class Outer>
  void run() const {
    chain<Inner, Middle, Outer>(d, s, n);
  }
};

template <class Inner>
struct ChainMiddle {
  const Instruction& ins;
  double* d;
  const double* const* s;
  std::size_t n;
  template <class Middle>
  void run() const {
    with_directed(ins.op, ins.inner_first, ChainOuter<Inner, Middle>{ins, d, s, n});
  }
};

template <class Inner>
void run_chain(const Instruction& ins, double* d, const double* const* s, std::size_t n) {
  with_directed(ins.middle, ins.middle_first, ChainMiddle<Inner>{ins, d, s, n});
}

void run_fused(const Instruction& ins, double* d, const double* const* s, std::size_t n) {
  if (ins.middle != Op::kInput) {
    switch (ins.inner) {
      case Op::kAdd:
        run_chain<AddOp>(ins, d, s, n);
        break;
      case Op::kSub:
        run_chain<SubOp>(ins, d, s, n);
        break;
      case Op::kMul:
        run_chain<MulOp>(ins, d, s, n);
        break;
      default:
        run_chain<DivOp>(ins, d, s, n);
        break;
    }
    return;
  }
  switch (ins.op) {
    case Op::kAdd:
      fused_outer<AddOp>(ins, d, s, n);
      break;
    case Op::kSub:
      fused_outer<SubOp>(ins, d, s, n);
      break;
    case Op::kMul:
      fused_outer<MulOp>(ins, d, s, n);
      break;
    default:
      fused_outer<DivOp>(ins, d, s, n);
      break;
  }
}

constexpr double kSqrtHalf = 0.70710678118654752440;  // 1/sqrt(2)

}  // namespace

void run_instruction(const Instruction& ins, double* d, const double* const* s, std::size_t n) {
  if (ins.inner != Op::kInput) {
    if (ins.op == Op::kSelect) {
      compare_select(ins, d, s, n);
    } else {
      run_fused(ins, d, s, n);
    }
    return;
  }
  switch (ins.op) {
    case Op::kInput:
    case Op::kConstant:
    case Op::kArgument:
      break;  // leaves never reach the tape
    case Op::kNeg:
      map1(d, s[0], n, [](double x) { return -x; });
      break;
    case Op::kNot:
      map1(d, s[0], n, [](double x) { return x == 0.0 ? 1.0 : 0.0; });
      break;
    case Op::kSqrt:
      map1(d, s[0], n, [](double x) { return std::sqrt(x); });
      break;
    case Op::kAbs:
      map1(d, s[0], n, [](double x) { return std::fabs(x); });
      break;
    case Op::kFloor:
      map1(d, s[0], n, [](double x) { return std::floor(x); });
      break;
    case Op::kCeil:
      map1(d, s[0], n, [](double x) { return std::ceil(x); });
      break;
    case Op::kExp:
      MCSENS_MATH1(_ZGVdN4v_exp(x), std::exp(x));
      break;
    case Op::kLog:
      MCSENS_MATH1(_ZGVdN4v_log(x), std::log(x));
      break;
    case Op::kLog10:
      MCSENS_MATH1(_ZGVdN4v_log10(x), std::log10(x));
      break;
    case Op::kSin:
      MCSENS_MATH1(_ZGVdN4v_sin(x), std::sin(x));
      break;
    case Op::kCos:
      MCSENS_MATH1(_ZGVdN4v_cos(x), std::cos(x));
      break;
    case Op::kTan:
      MCSENS_MATH1(_ZGVdN4v_tan(x), std::tan(x));
      break;
    case Op::kTanh:
      MCSENS_MATH1(_ZGVdN4v_tanh(x), std::tanh(x));
      break;
    case Op::kLogistic:
      // 1 / (1 + exp(-x))
      MCSENS_MATH1(
          _mm256_div_pd(_mm256_set1_pd(1.0),
                        _mm256_add_pd(_mm256_set1_pd(1.0), _ZGVdN4v_exp(_mm256_sub_pd(_mm256_setzero_pd(), x)))),
          1.0 / (1.0 + std::exp(0.0 - x)));
      break;
    case Op::kNormcdf:
      // 0.5 * erfc(-x / sqrt(2)): accurate in both tails, unlike 0.5 * (1 + erf(x / sqrt(2))).
      MCSENS_MATH1(_mm256_mul_pd(_mm256_set1_pd(0.5), _ZGVdN4v_erfc(_mm256_mul_pd(_mm256_sub_pd(_mm256_setzero_pd(), x),
                                                                                  _mm256_set1_pd(kSqrtHalf)))),
                   0.5 * std::erfc((0.0 - x) * kSqrtHalf));
      break;
    case Op::kAdd:
      binary(ins, d, s, n, [](double x, double y) { return x + y; });
      break;
    case Op::kSub:
      binary(ins, d, s, n, [](double x, double y) { return x - y; });
      break;
    case Op::kMul:
      binary(ins, d, s, n, [](double x, double y) { return x * y; });
      break;
    case Op::kDiv:
      binary(ins, d, s, n, [](double x, double y) { return x / y; });
      break;
    case Op::kPow:
      pow_kernel(ins, d, s, n);
      break;
    case Op::kMin:
      // NaN in either operand gives NaN (unlike fmin), so that the engine counts it.
      binary(ins, d, s, n, [](double x, double y) { return (x < y || x != x) ? x : y; });
      break;
    case Op::kMax:
      binary(ins, d, s, n, [](double x, double y) { return (x > y || x != x) ? x : y; });
      break;
    case Op::kLess:
      binary(ins, d, s, n, [](double x, double y) { return x < y ? 1.0 : 0.0; });
      break;
    case Op::kLessEqual:
      binary(ins, d, s, n, [](double x, double y) { return x <= y ? 1.0 : 0.0; });
      break;
    case Op::kGreater:
      binary(ins, d, s, n, [](double x, double y) { return x > y ? 1.0 : 0.0; });
      break;
    case Op::kGreaterEqual:
      binary(ins, d, s, n, [](double x, double y) { return x >= y ? 1.0 : 0.0; });
      break;
    case Op::kEqual:
      binary(ins, d, s, n, [](double x, double y) { return x == y ? 1.0 : 0.0; });
      break;
    case Op::kNotEqual:
      binary(ins, d, s, n, [](double x, double y) { return x != y ? 1.0 : 0.0; });
      break;
    case Op::kAnd:
      binary(ins, d, s, n, [](double x, double y) { return ((x != 0.0) & (y != 0.0)) ? 1.0 : 0.0; });
      break;
    case Op::kOr:
      binary(ins, d, s, n, [](double x, double y) { return ((x != 0.0) | (y != 0.0)) ? 1.0 : 0.0; });
      break;
    case Op::kSelect:
      ternary(ins, d, s, n, [](double c, double x, double y) { return c != 0.0 ? x : y; });
      break;
    case Op::kClamp:
      ternary(ins, d, s, n, [](double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); });
      break;
  }
}

double fold_constant(Op op, double a, double b, double c) {
  Instruction ins;
  ins.op = op;
  double result = 0.0;
  const double* sources[4] = {&a, &b, &c, nullptr};
  run_instruction(ins, &result, sources, 1);
  return result;
}

}  // namespace mcsens::detail

namespace mcsens {

namespace {

// The first 64-byte boundary at or after p (vectors of up to 8 doubles never split a cache line: a misaligned
// strip cost the step loop 15 %).
double* aligned(double* p) {
  return p + (64 - reinterpret_cast<std::uintptr_t>(p) % 64) % 64 / sizeof(double);
}

// A tape's registers and pre-filled constant registers, kStrip rows each, 64-byte aligned.
struct TapeScratch {
  std::vector<double> storage;
  double* registers = nullptr;
  double* constants = nullptr;
  explicit TapeScratch(const detail::Tape& tape) {
    // Zero-filled so that no kernel ever reads an indeterminate value.
    const std::size_t r = static_cast<std::size_t>(tape.num_registers) * detail::kStrip;
    storage.assign(r + tape.constant_registers.size() * detail::kStrip + 8, 0.0);
    registers = aligned(storage.data());
    constants = registers + r;
    for (std::size_t k = 0; k < tape.constant_registers.size(); ++k) {
      std::fill_n(constants + k * detail::kStrip, detail::kStrip, tape.constant_registers[k]);
    }
  }
};

// Runs `tape` over m <= kStrip rows: inputs[j] and outputs[c] point at the strip's first row.
void run_strip(const detail::Tape& tape, TapeScratch& scratch, const double* const* inputs, double* const* outputs,
               std::size_t m) {
  using detail::OperandKind;
  double* registers = scratch.registers;
  const double* constants = scratch.constants;
  const auto resolve = [&](const detail::Operand& operand) -> const double* {
    switch (operand.kind) {
      case OperandKind::kRegister:
        return registers + static_cast<std::size_t>(operand.index) * detail::kStrip;
      case OperandKind::kInput:
        return inputs[operand.index];
      case OperandKind::kConstant:  // an immediate (index -1) or a pre-filled constant register
        return operand.index < 0 ? nullptr : constants + static_cast<std::size_t>(operand.index) * detail::kStrip;
      case OperandKind::kOutput:
        return outputs[operand.index];
    }
    return nullptr;
  };
  for (const auto& ins : tape.code) {
    const double* sources[4] = {resolve(ins.sources[0]), resolve(ins.sources[1]), resolve(ins.sources[2]),
                                resolve(ins.sources[3])};
    double* destination =
        ins.output >= 0 ? outputs[ins.output] : registers + static_cast<std::size_t>(ins.destination) * detail::kStrip;
    detail::run_instruction(ins, destination, sources, m);
  }
  for (std::size_t t = 0; t < tape.targets.size(); ++t) {
    const auto& source = tape.targets[t].source;
    double* out = outputs[t];
    if (source.kind == OperandKind::kOutput && source.index == static_cast<int>(t)) continue;  // written in place
    if (source.kind == OperandKind::kConstant) {
      std::fill_n(out, m, source.value);
    } else {
      std::memcpy(out, resolve(source), m * sizeof(double));
    }
  }
}

// The spacing of the step loop's columns: a strip and 24 doubles, so that a step's loads of the values before it and
// stores of those after it (different columns at the same row) are not 4 KiB apart, which the CPU would take for a
// dependence (4K aliasing).
constexpr std::size_t kLoopColumn = detail::kStrip + 24;

}  // namespace

struct Evaluator::Impl {
  std::shared_ptr<const Program::Impl> program;
  std::size_t max_block = 0;
  std::unique_ptr<TapeScratch> main, pre, body, post;  // the tape's, or the step loop's three
  // The step loop's strips: the time inputs, the carried values (two sets: before and after a step) and the body's
  // recorded values.
  std::vector<double> loop_values;
  std::vector<const double*> loop_inputs;
  std::vector<double*> loop_outputs;
  detail::Tape body_code;  // the body with its time immediates set for the step being run
};

Evaluator::Evaluator(const Program& program, std::size_t max_block) : impl_(std::make_unique<Impl>()) {
  impl_->program = program.impl_;
  impl_->max_block = max_block;
  const auto& p = *impl_->program;
  if (!p.loop) {
    impl_->main = std::make_unique<TapeScratch>(p);
    return;
  }
  const detail::StepLoop& loop = *p.loop;
  impl_->body_code = loop.body;
  impl_->pre = std::make_unique<TapeScratch>(loop.pre);
  impl_->body = std::make_unique<TapeScratch>(loop.body);
  impl_->post = std::make_unique<TapeScratch>(loop.post);
  const std::size_t records = loop.record_columns.size();
  impl_->loop_values.assign((detail::kLoopTimeInputs + 2 * loop.carried + records) * kLoopColumn + 8, 0.0);
}

Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;

std::size_t Evaluator::max_block() const {
  return impl_->max_block;
}

void Evaluator::run(const double* const* inputs, double* const* outputs, std::size_t n) {
  const auto& p = *impl_->program;
  if (p.loop) {
    run_loop(inputs, outputs, n);
    return;
  }
  std::vector<const double*>& in = impl_->loop_inputs;
  std::vector<double*>& out = impl_->loop_outputs;
  in.resize(p.inputs.size());
  out.resize(p.targets.size());
  for (std::size_t start = 0; start < n; start += detail::kStrip) {
    const std::size_t m = std::min(detail::kStrip, n - start);
    for (std::size_t j = 0; j < in.size(); ++j) in[j] = inputs[j] + start;
    for (std::size_t c = 0; c < out.size(); ++c) out[c] = outputs[c] + start;
    run_strip(p, *impl_->main, in.data(), out.data(), m);
  }
}

// Per strip: the pre tape, then the body once per step with the carried values swapped between two sets (so a
// step never overwrites what it reads), the recorded values copied out at every record_every-th step, then the post
// tape.
void Evaluator::run_loop(const double* const* inputs, double* const* outputs, std::size_t n) {
  const auto& p = *impl_->program;
  const detail::StepLoop& loop = *p.loop;
  const std::size_t strip = detail::kStrip;
  const std::size_t stride = kLoopColumn;
  const std::size_t carried = loop.carried;
  const std::size_t records = loop.record_columns.size();
  double* times = impl_->loop_values.data();
  times = aligned(times);
  double* sets[2] = {times + detail::kLoopTimeInputs * stride, times + (detail::kLoopTimeInputs + carried) * stride};
  double* recorded = times + (detail::kLoopTimeInputs + 2 * carried) * stride;
  const std::size_t first = loop.first_virtual;
  std::vector<const double*>& in = impl_->loop_inputs;
  std::vector<double*>& out = impl_->loop_outputs;
  in.assign(first + detail::kLoopTimeInputs + carried, nullptr);
  for (std::size_t k = 0; k < detail::kLoopTimeInputs; ++k) in[first + k] = times + k * stride;
  const auto point_carried_inputs = [&](const double* set) {
    for (std::size_t c = 0; c < carried; ++c) in[first + detail::kLoopTimeInputs + c] = set + c * stride;
  };
  detail::Tape& body = impl_->body_code;
  double now[detail::kLoopTimeInputs] = {};
  const auto set_times = [&](long long k, std::size_t m) {
    const auto before = static_cast<double>(k - 1);
    now[0] = loop.time_at(before);
    now[1] = loop.time_at(before + 0.5);
    now[2] = loop.time_at(static_cast<double>(k));
    now[3] = k == loop.steps ? 1.0 : 0.0;
    for (const auto& patch : body.time_patches) {
      body.code[static_cast<std::size_t>(patch.instruction)].sources[static_cast<std::size_t>(patch.source)].value =
          now[patch.time];
    }
    for (std::size_t t = 0; t < detail::kLoopTimeInputs; ++t) {
      if (loop.time_columns[t]) std::fill_n(times + t * stride, m, now[t]);
    }
  };
  for (std::size_t start = 0; start < n; start += strip) {
    const std::size_t m = std::min(strip, n - start);
    for (std::size_t j = 0; j < first; ++j) in[j] = inputs[j] + start;
    // Step 0: the carried values into the first set, the recorded values into their columns.
    out.resize(carried + records);
    for (std::size_t c = 0; c < carried; ++c) out[c] = sets[0] + c * stride;
    for (std::size_t r = 0; r < records; ++r) out[carried + r] = outputs[loop.record_columns[r]] + start;
    run_strip(loop.pre, *impl_->pre, in.data(), out.data(), m);
    std::size_t current = 0;
    for (long long k = 1; k <= loop.steps; ++k) {
      set_times(k, m);
      point_carried_inputs(sets[current]);
      for (std::size_t c = 0; c < carried; ++c) out[c] = sets[1 - current] + c * stride;
      for (std::size_t r = 0; r < records; ++r) out[carried + r] = recorded + r * stride;
      run_strip(body, *impl_->body, in.data(), out.data(), m);
      current = 1 - current;
      if (records > 0 && k % loop.record_every == 0) {
        const auto column = static_cast<std::size_t>(k / loop.record_every);
        for (std::size_t r = 0; r < records; ++r) {
          std::memcpy(outputs[loop.record_columns[r] + column] + start, recorded + r * stride, m * sizeof(double));
        }
      }
    }
    point_carried_inputs(sets[current]);
    out.resize(loop.post_columns.size());
    for (std::size_t c = 0; c < out.size(); ++c) out[c] = outputs[loop.post_columns[c]] + start;
    run_strip(loop.post, *impl_->post, in.data(), out.data(), m);
  }
}

}  // namespace mcsens
