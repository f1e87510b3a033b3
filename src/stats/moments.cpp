// SPDX-License-Identifier: MIT
#include "mcsens/stats/moments.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "mcsens/error.hpp"
#include "stats/finite.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The state of one block, computed in two passes (mean first, then centred sums), which is accurate even when
// |mean| >> sd, unlike sum-of-powers formulas. The reductions are vectorized through `omp simd`, which lets the
// compiler keep partial sums per vector lane; the lane layout is fixed by the build, so the same binary gives the
// same bits for the same input (a build for another vector width may differ in the last bits).
// kChecked: whether non-finite values may be present (they are then replaced by neutral values).
template <bool kChecked>
Moments block_moments(const double* x, std::size_t n, std::uint64_t finite_count) {
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
  const double flat[Moments::kSerializedSize] = {
      detail::bits_to_double(finite_count), detail::bits_to_double(0), mean, m2, m3, m4, lo, hi};
  return Moments::deserialize(flat, Moments::kSerializedSize);
}

}  // namespace

void Moments::add(const double* x, std::size_t n) {
  if (n == 0) return;
  const std::uint64_t finite = detail::count_finite(x, n);
  nonfinite_ += n - finite;
  if (finite == 0) return;
  Moments block = finite == n ? block_moments<false>(x, n, finite) : block_moments<true>(x, n, finite);
  block.nonfinite_ = 0;
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

// Layout: count, nonfinite (both uint64 bit-cast into the double slots, so exact), mean, M2, M3, M4, min, max.
void Moments::serialize(std::vector<double>& out) const {
  out.push_back(detail::bits_to_double(count_));
  out.push_back(detail::bits_to_double(nonfinite_));
  out.push_back(mean_);
  out.push_back(m2_);
  out.push_back(m3_);
  out.push_back(m4_);
  out.push_back(min_);
  out.push_back(max_);
}

Moments Moments::deserialize(const double* data, std::size_t size) {
  if (size != kSerializedSize) {
    throw RuntimeFailure("cannot restore moments: expected " + std::to_string(kSerializedSize) + " values, got " +
                         std::to_string(size));
  }
  Moments m;
  m.count_ = detail::double_to_bits(data[0]);
  m.nonfinite_ = detail::double_to_bits(data[1]);
  m.mean_ = data[2];
  m.m2_ = data[3];
  m.m3_ = data[4];
  m.m4_ = data[5];
  m.min_ = data[6];
  m.max_ = data[7];
  return m;
}

}  // namespace mcsens
