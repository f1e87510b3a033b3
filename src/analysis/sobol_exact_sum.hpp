// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace mcsens::detail {

// Exact sum of finite doubles: a fixed-point (Kulisch) accumulator with 32-bit digits in 64-bit words, covering
// 2^-1074 .. 2^1055. Any order of add() and merge() over the same values leaves the same state, so a sum split at
// any place and merged gives the same bits once rounded. Digits carry lazily (normalized every 2^30 additions).
// Contract: every value added is finite (the caller drops non-finite base samples first).
class ExactSum {
 public:
  static constexpr int kWords = 68;

  void add(double x) {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const int biased = static_cast<int>((bits >> 52) & 0x7ffU);
    std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
    if (biased == 0 && mant == 0) return;
    int p = 0;  // value = mant * 2^(p - 1074)
    if (biased != 0) {
      mant |= std::uint64_t{1} << 52;
      p = biased - 1;
    }
    const int w = p >> 5;
    const int s = p & 31;
    const std::int64_t d0 = static_cast<std::int64_t>((mant << s) & 0xffffffffULL);
    const std::int64_t d1 = static_cast<std::int64_t>((mant >> (32 - s)) & 0xffffffffULL);
    const std::int64_t d2 = s == 0 ? 0 : static_cast<std::int64_t>(mant >> (64 - s));
    if (bits >> 63) {
      digits_[w] -= d0;
      digits_[w + 1] -= d1;
      digits_[w + 2] -= d2;
    } else {
      digits_[w] += d0;
      digits_[w + 1] += d1;
      digits_[w + 2] += d2;
    }
    if (++pending_ >= (1U << 30)) normalize();
  }

  // a * b exactly (as the rounded product plus its FMA error term) when the error term does not underflow.
  void add_product(double a, double b) {
    const double p = a * b;
    add(p);
    add(std::fma(a, b, -p));
  }

  void merge(const ExactSum& other) {
    ExactSum right = other;
    right.normalize();
    normalize();
    for (int w = 0; w < kWords; ++w) digits_[w] += right.digits_[w];
    pending_ = 2;
    normalize();
  }

  // The sum rounded to double (within a few ulp; a pure function of the exact value).
  double value() const {
    ExactSum c = *this;
    c.pending_ = 1;
    c.normalize();
    // A negative value has a negative top digit over large lower digits: read its magnitude instead, so no
    // partial sum overflows.
    const bool negative = c.digits_[kWords - 1] < 0;
    if (negative) {
      for (auto& d : c.digits_) d = -d;
      c.pending_ = 1;
      c.normalize();
    }
    double r = 0.0;
    for (int w = kWords - 1; w >= 0; --w) {
      if (c.digits_[w] != 0) r += std::ldexp(static_cast<double>(c.digits_[w]), 32 * w - 1074);
    }
    return negative ? -r : r;
  }

  // Canonical digits (normalized), for flat serialization; from_digits() restores an equal sum.
  std::array<std::int64_t, kWords> digits() const {
    ExactSum c = *this;
    c.pending_ = 1;
    c.normalize();
    return c.digits_;
  }
  // Whether d is the canonical form digits() gives: digits 0..kWords-2 in [0, 2^32), the top digit of a magnitude
  // that sums of finite doubles reach (|top| < 2^31). from_digits() is defined for these (normalizing others could
  // overflow).
  static bool canonical(const std::array<std::int64_t, kWords>& d) {
    for (int w = 0; w < kWords - 1; ++w) {
      if (d[w] < 0 || d[w] >= (std::int64_t{1} << 32)) return false;
    }
    return d[kWords - 1] >= -(std::int64_t{1} << 31) && d[kWords - 1] < (std::int64_t{1} << 31);
  }
  static ExactSum from_digits(const std::array<std::int64_t, kWords>& d) {
    ExactSum s;
    s.digits_ = d;
    s.pending_ = 1;
    s.normalize();
    return s;
  }

  // hi + lo with hi = value() and lo = value() of the remainder: the sum to about 106 bits.
  void split(double& hi, double& lo) const {
    hi = value();
    ExactSum rest = *this;
    rest.add(-hi);
    lo = rest.value();
  }

 private:
  // Digits 0..kWords-2 in [0, 2^32), the top digit signed: a canonical form of the value.
  void normalize() {
    if (pending_ == 0) return;
    std::int64_t carry = 0;
    for (int w = 0; w < kWords - 1; ++w) {
      const std::int64_t v = digits_[w] + carry;
      carry = v >> 32;  // arithmetic shift: floor division by 2^32
      digits_[w] = v - carry * (std::int64_t{1} << 32);
    }
    digits_[kWords - 1] += carry;
    pending_ = 0;
  }

  std::array<std::int64_t, kWords> digits_{};
  std::uint32_t pending_ = 0;
};

// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator for the Morris trajectories (part of the
// design, so of the model evaluations). Resampling draws from rng/resampling_stream.hpp instead.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform integer in [0, n) by Lemire's multiply-shift on 32 bits: bias below n / 2^32 (n < 2^32).
  static std::uint32_t below(std::uint32_t bits, std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(bits) * n) >> 32);
  }
  // A stream key from up to three integers (hash chain), so draws are addressed by (seed, i, j).
  static std::uint64_t key(std::uint64_t seed, std::uint64_t i, std::uint64_t j = 0) {
    SplitMix64 g{seed ^ 0x6a09e667f3bcc909ULL};
    std::uint64_t h = g.next();
    g.state ^= i * 0xd1342543de82ef95ULL;
    h ^= g.next();
    g.state ^= j * 0xaf251af3b0f025b5ULL;
    return h ^ g.next();
  }
};

}  // namespace mcsens::detail
