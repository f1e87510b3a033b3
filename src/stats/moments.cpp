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

// The state of one block, computed in two passes (mean first, then centred sums), which is accurate even when
// |mean| >> sd, unlike sum-of-powers formulas. The reductions are vectorized through `omp simd`, which lets the
// compiler keep partial sums per vector lane; the lane layout is fixed by the build, so the same binary gives the
// same bits for the same input (a build for another vector width may differ in the last bits).
// kChecked: whether non-finite values may be present (they are then replaced by neutral values).
struct BlockMoments {
  double mean, m2, m3, m4, min, max;
};

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
  const double mean = sum / static_cast<double>(finite_count);

  double m2 = 0.0;
  double m3 = 0.0;
  double m4 = 0.0;
#pragma omp simd reduction(+ : m2, m3, m4)
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[i];
    const bool ok = !kChecked || detail::is_finite_bits(v);
    const double d = ok ? v - mean : 0.0;
    const double d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return {mean, m2, m3, m4, lo, hi};
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
  merge(block);
}

// Pairwise update of Chan, Golub and LeVeque (1979) for the mean and M2, and of Pebay (2008, SAND2008-6212,
// eqs. 3.1 and 3.2 with p = 3, 4) for M3 and M4, with delta = mean_b - mean_a and n = na + nb:
//   M3 = M3a + M3b + delta^3 na nb (na - nb) / n^2 + 3 delta (na M2b - nb M2a) / n
//   M4 = M4a + M4b + delta^4 na nb (na^2 - na nb + nb^2) / n^3 + 6 delta^2 (na^2 M2b + nb^2 M2a) / n^2
//        + 4 delta (na M3b - nb M3a) / n
void Moments::merge(const Moments& other) {
  nonfinite_ += other.nonfinite_;
  if (other.count_ == 0) return;
  if (count_ == 0) {
    const std::uint64_t nonfinite = nonfinite_;
    *this = other;
    nonfinite_ = nonfinite;
    return;
  }
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

double Moments::mean() const {
  return count_ == 0 ? kNaN : mean_;
}

double Moments::variance() const {
  return count_ < 2 ? kNaN : m2_ / static_cast<double>(count_ - 1);
}

double Moments::sd() const {
  return std::sqrt(variance());
}

// NaN for fewer than 2 values or when all values are equal (M2 == 0): the shape is then undefined.
double Moments::skewness() const {
  if (count_ < 2 || !(m2_ > 0.0)) return kNaN;
  return std::sqrt(static_cast<double>(count_)) * m3_ / std::pow(m2_, 1.5);
}

double Moments::kurtosis() const {
  if (count_ < 2 || !(m2_ > 0.0)) return kNaN;
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
constexpr std::uint64_t kMomentsTag = 0x314d6e736e63736dULL;  // "mcsnsnM1"
}  // namespace

// Layout: tag, count, nonfinite, mean, M2, M3, M4, min, max.
void Moments::encode(ByteWriter& out) const {
  out.put_tag(kMomentsTag);
  out.put_u64(count_);
  out.put_u64(nonfinite_);
  for (double v : {mean_, m2_, m3_, m4_, min_, max_}) out.put_f64(v);
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
  if (m.count_ > ~std::uint64_t{0} - m.nonfinite_) in.fail("moments: more values than a counter holds");
  if (m.count_ == 0) {
    // Only merge() and add() set the statistics, and both leave an empty state at zero.
    for (double v : {m.mean_, m.m2_, m.m3_, m.m4_, m.min_, m.max_}) {
      if (v != 0.0) in.fail("moments: statistics without values");
    }
  } else {
    // min and max are of finite values; the centred sums of squares and fourth powers are never negative (they
    // may overflow to +inf, or inf - inf to NaN, for values near the double range).
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
