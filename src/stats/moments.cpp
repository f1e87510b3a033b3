// SPDX-License-Identifier: MIT
#include "mcsens/stats/moments.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "mcsens/parallel/byte_stream.hpp"
#include "stats/finite.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Values near the double range (a spread beyond 2^128 or below 2^-128) would overflow or underflow the powers of
// the centred sums: M2..M4 are then kept as sums of (x - mean) / 2^e, with e the binary exponent of the spread,
// and scaled back where a statistic is read. Inside that band e = 0 and the arithmetic is the plain one, so that
// ordinary data give the bits they always gave (and a scale by a power of two changes no bit of what it scales).
constexpr double kPlainSpreadHigh = 0x1p128;
constexpr double kPlainSpreadLow = 0x1p-128;

// The exponent e of the scale 2^e of a spread hi - lo (computed in halves when it overflows): 0 inside the plain
// band or for no spread; otherwise the exponent that brings the spread into [1, 2), never below -960 (2^960 is a
// scale that still exists).
int scale_exponent(double lo, double hi) {
  const double spread = hi - lo;
  if (detail::is_finite_bits(spread)) {
    if (spread == 0.0 || (spread >= kPlainSpreadLow && spread <= kPlainSpreadHigh)) return 0;
    return std::max(std::ilogb(spread), -960);
  }
  return std::ilogb(0.5 * hi - 0.5 * lo) + 1;
}

// The state of one block, computed in two passes (mean first, then centred sums), which is accurate even when
// |mean| >> sd, unlike sum-of-powers formulas. The reductions are vectorized through `omp simd`, which lets the
// compiler keep partial sums per vector lane; the lane layout is fixed by the build, so the same binary gives the
// same bits for the same input (a build for another vector width may differ in the last bits).
// kChecked: whether non-finite values may be present (they are then replaced by neutral values).
struct BlockMoments {
  double mean, m2, m3, m4, min, max;
  int exponent;  // M2..M4 are sums of powers of (x - mean) / 2^exponent
};

// kForm 0: d = x - mean; 1: d = (x - mean) f (a scale f = 2^-e); 2: d = x f - mean f (when x - mean may
// overflow, a spread beyond the double range).
template <bool kChecked, int kForm>
void centred_sums(const double* x, std::size_t n, double mean, double f, BlockMoments& b) {
  double m2 = 0.0;
  double m3 = 0.0;
  double m4 = 0.0;
  const double mean_f = mean * f;
#pragma omp simd reduction(+ : m2, m3, m4)
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[i];
    const bool ok = !kChecked || detail::is_finite_bits(v);
    const double centred = kForm == 0 ? v - mean : kForm == 1 ? (v - mean) * f : v * f - mean_f;
    const double d = ok ? centred : 0.0;
    const double d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  b.m2 = m2;
  b.m3 = m3;
  b.m4 = m4;
}

template <bool kChecked>
BlockMoments block_moments(const double* x, std::size_t n, std::uint64_t finite_count) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double sum = 0.0;
  double lo = kInf;
  double hi = -kInf;
#pragma omp simd reduction(+ : sum) reduction(min : lo) reduction(max : hi)
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[i];
    const bool ok = !kChecked || detail::is_finite_bits(v);
    sum += ok ? v : 0.0;
    lo = std::min(lo, ok ? v : kInf);
    hi = std::max(hi, ok ? v : -kInf);
  }
  double mean = sum / static_cast<double>(finite_count);
  if (!detail::is_finite_bits(sum)) {
    // Finite values whose sum overflows (values near 1e300): sum them scaled below 1; the mean lies in [lo, hi].
    const int s = std::ilogb(std::max(std::fabs(lo), std::fabs(hi))) + 1;
    const double f = std::ldexp(1.0, -s);
    double scaled = 0.0;
#pragma omp simd reduction(+ : scaled)
    for (std::size_t i = 0; i < n; ++i) {
      const double v = x[i];
      const bool ok = !kChecked || detail::is_finite_bits(v);
      scaled += ok ? v * f : 0.0;
    }
    mean = std::clamp(std::ldexp(scaled / static_cast<double>(finite_count), s), lo, hi);
  }

  BlockMoments b{mean, 0.0, 0.0, 0.0, lo, hi, scale_exponent(lo, hi)};
  if (b.exponent == 0) {
    centred_sums<kChecked, 0>(x, n, mean, 1.0, b);
  } else if (detail::is_finite_bits(hi - lo)) {
    centred_sums<kChecked, 1>(x, n, mean, std::ldexp(1.0, -b.exponent), b);
  } else {
    centred_sums<kChecked, 2>(x, n, mean, std::ldexp(1.0, -b.exponent), b);
  }
  return b;
}

}  // namespace

void Moments::add(const double* x, std::size_t n) {
  if (n == 0) return;
  const std::uint64_t finite = detail::count_finite(x, n);
  nonfinite_ += n - finite;
  if (finite == 0) return;
  const BlockMoments b = finite == n ? block_moments<false>(x, n, finite) : block_moments<true>(x, n, finite);
  Moments block;
  block.count_ = finite;
  block.mean_ = b.mean;
  block.m2_ = b.m2;
  block.m3_ = b.m3;
  block.m4_ = b.m4;
  block.min_ = b.min;
  block.max_ = b.max;
  block.exponent_ = b.exponent;
  merge(block);
}

// Pairwise update of Chan, Golub and LeVeque (1979) for the mean and M2, and of Pebay (2008, SAND2008-6212,
// eqs. 3.1 and 3.2 with p = 3, 4) for M3 and M4, with delta = mean_b - mean_a and n = na + nb:
//   M3 = M3a + M3b + delta^3 na nb (na - nb) / n^2 + 3 delta (na M2b - nb M2a) / n
//   M4 = M4a + M4b + delta^4 na nb (na^2 - na nb + nb^2) / n^3 + 6 delta^2 (na^2 M2b + nb^2 M2a) / n^2
//        + 4 delta (na M3b - nb M3a) / n
// Both sides are first brought to the scale of the merged spread (exact: a power of two), delta with them.
// Ordinary data (no scale on either side nor on the merged spread): the formulas above in their original form,
// kept apart from the scaled path on purpose. A native build may contract products and sums into fused
// multiply-adds, and which ones it contracts depends on how the expression is written: this form gives the bits
// the moments always had (tests/integration/test_bit_identity.sh compares them with an older build).
void Moments::merge_unscaled(const Moments& other) {
  const double na = static_cast<double>(count_);
  const double nb = static_cast<double>(other.count_);
  const double n = na + nb;
  const double delta = other.mean_ - mean_;
  const double delta_n = delta / n;
  const double delta_n2 = delta_n * delta_n;
  const double term1 = delta * delta_n * na * nb;  // delta^2 na nb / n

  const double m4 = m4_ + other.m4_ + term1 * delta_n2 * (na * na - na * nb + nb * nb) +
                    6.0 * delta_n2 * (na * na * other.m2_ + nb * nb * m2_) +
                    4.0 * delta_n * (na * other.m3_ - nb * m3_);
  const double m3 = m3_ + other.m3_ + term1 * delta_n * (na - nb) + 3.0 * delta_n * (na * other.m2_ - nb * m2_);
  const double m2 = m2_ + other.m2_ + term1;

  mean_ += delta_n * nb;
  m2_ = m2;
  m3_ = m3;
  m4_ = m4;
  count_ += other.count_;
  min_ = other.min_ < min_ ? other.min_ : min_;
  max_ = other.max_ > max_ ? other.max_ : max_;
}

void Moments::merge(const Moments& other) {
  nonfinite_ += other.nonfinite_;
  if (other.count_ == 0) return;
  if (count_ == 0) {
    const std::uint64_t nonfinite = nonfinite_;
    *this = other;
    nonfinite_ = nonfinite;
    return;
  }
  const double lo = other.min_ < min_ ? other.min_ : min_;
  const double hi = other.max_ > max_ ? other.max_ : max_;
  const int e = std::max({exponent_, other.exponent_, scale_exponent(lo, hi)});
  if (e == 0 && detail::is_finite_bits(other.mean_ - mean_)) {
    merge_unscaled(other);
    return;
  }
  const auto rescaled = [e](const Moments& m, double& m2, double& m3, double& m4) {
    const int shift = m.exponent_ - e;
    m2 = shift == 0 ? m.m2_ : std::ldexp(m.m2_, 2 * shift);
    m3 = shift == 0 ? m.m3_ : std::ldexp(m.m3_, 3 * shift);
    m4 = shift == 0 ? m.m4_ : std::ldexp(m.m4_, 4 * shift);
  };
  double m2a, m3a, m4a, m2b, m3b, m4b;
  rescaled(*this, m2a, m3a, m4a);
  rescaled(other, m2b, m3b, m4b);

  const double na = static_cast<double>(count_);
  const double nb = static_cast<double>(other.count_);
  const double n = na + nb;
  const double difference = other.mean_ - mean_;
  const bool plain = detail::is_finite_bits(difference);
  const double delta = !plain   ? std::ldexp(other.mean_, -e) - std::ldexp(mean_, -e)
                       : e == 0 ? difference
                                : std::ldexp(difference, -e);
  const double delta_n = delta / n;
  const double delta_n2 = delta_n * delta_n;
  const double term1 = delta * delta_n * na * nb;  // delta^2 na nb / n

  const double m4 = m4a + m4b + term1 * delta_n2 * (na * na - na * nb + nb * nb) +
                    6.0 * delta_n2 * (na * na * m2b + nb * nb * m2a) + 4.0 * delta_n * (na * m3b - nb * m3a);
  const double m3 = m3a + m3b + term1 * delta_n * (na - nb) + 3.0 * delta_n * (na * m2b - nb * m2a);
  const double m2 = m2a + m2b + term1;

  if (!plain) {
    // The weighted mean of the scaled means, which cannot overflow.
    mean_ =
        std::clamp(std::ldexp(std::ldexp(mean_, -e) * (na / n) + std::ldexp(other.mean_, -e) * (nb / n), e), lo, hi);
  } else if (e == 0) {
    mean_ += delta_n * nb;
  } else {
    mean_ += std::ldexp(delta_n * nb, e);
  }
  m2_ = m2;
  m3_ = m3;
  m4_ = m4;
  exponent_ = e;
  count_ += other.count_;
  min_ = lo;
  max_ = hi;
}

// Every value equal (min == max): the mean is that value and the spread 0, exactly; the running sums would leave
// rounding behind (0.1 + 0.1 + ... gives a mean of 0.10000000000000037 and an sd of 4e-16).
double Moments::mean() const {
  if (count_ > 0 && min_ == max_) return min_;
  return count_ == 0 ? kNaN : mean_;
}

// The variance may overflow (+inf) for values near the double range, where the sd still exists.
double Moments::variance() const {
  if (count_ >= 2 && min_ == max_) return 0.0;
  return count_ < 2 ? kNaN : std::ldexp(m2_ / static_cast<double>(count_ - 1), 2 * exponent_);
}

double Moments::sd() const {
  if (count_ >= 2 && min_ == max_) return 0.0;
  return count_ < 2 ? kNaN : std::ldexp(std::sqrt(m2_ / static_cast<double>(count_ - 1)), exponent_);
}

// NaN for fewer than 2 values or when all values are equal (M2 == 0): the shape is then undefined.
double Moments::skewness() const {
  if (count_ < 2 || !(m2_ > 0.0) || min_ == max_) return kNaN;
  return std::sqrt(static_cast<double>(count_)) * m3_ / std::pow(m2_, 1.5);
}

double Moments::kurtosis() const {
  if (count_ < 2 || !(m2_ > 0.0) || min_ == max_) return kNaN;
  return static_cast<double>(count_) * m4_ / (m2_ * m2_) - 3.0;
}

double Moments::min() const {
  return count_ == 0 ? kNaN : min_;
}

double Moments::max() const {
  return count_ == 0 ? kNaN : max_;
}

double Moments::mean_se() const {
  return count_ < 2 ? kNaN : sd() / std::sqrt(static_cast<double>(count_));
}

namespace {
// 2: the scale exponent of M2..M4 (values near the double range).
constexpr std::uint64_t kMomentsTag = 0x324d6e736e63736dULL;  // "mcsnsnM2"
constexpr int kMaxExponent = 1100;                            // |exponent| of any double spread is below it
}  // namespace

// Layout: tag, count, nonfinite, mean, M2, M3, M4, min, max, the exponent e (M2..M4 are scaled by 2^-2e .. 2^-4e)
// as an offset integer.
void Moments::encode(ByteWriter& out) const {
  out.put_tag(kMomentsTag);
  out.put_u64(count_);
  out.put_u64(nonfinite_);
  for (double v : {mean_, m2_, m3_, m4_, min_, max_}) out.put_f64(v);
  out.put_u64(static_cast<std::uint64_t>(exponent_ + kMaxExponent));
}

Moments Moments::decode(ByteReader& in) {
  in.expect_tag(kMomentsTag, "moments state");
  Moments m;
  m.count_ = in.get_u64();
  m.nonfinite_ = in.get_u64();
  m.mean_ = in.get_f64();
  m.m2_ = in.get_f64();
  m.m3_ = in.get_f64();
  m.m4_ = in.get_f64();
  m.min_ = in.get_f64();
  m.max_ = in.get_f64();
  const std::uint64_t exponent = in.get_u64();
  if (exponent > std::uint64_t{2 * kMaxExponent}) in.fail("moments: a scale exponent out of range");
  m.exponent_ = static_cast<int>(exponent) - kMaxExponent;
  if (m.count_ > ~std::uint64_t{0} - m.nonfinite_) in.fail("moments: more values than a counter holds");
  if (m.count_ == 0) {
    // Only merge() and add() set the statistics, and both leave an empty state at zero.
    for (double v : {m.mean_, m.m2_, m.m3_, m.m4_, m.min_, m.max_}) {
      if (v != 0.0) in.fail("moments: statistics without values");
    }
    if (m.exponent_ != 0) in.fail("moments: a scale without values");
  } else {
    // min and max are of finite values; the centred sums of squares and fourth powers are never negative.
    if (!(detail::is_finite_bits(m.min_) && detail::is_finite_bits(m.max_) && m.min_ <= m.max_)) {
      in.fail("moments: min and max are not an ordered pair of finite values");
    }
    if (m.m2_ < 0.0 || m.m4_ < 0.0) in.fail("moments: a negative sum of squares");
    if (m.count_ == 1 && (m.m2_ != 0.0 || m.m3_ != 0.0 || m.m4_ != 0.0 || m.min_ != m.max_)) {
      in.fail("moments: spread in a single value");
    }
  }
  return m;
}

}  // namespace mcsens
