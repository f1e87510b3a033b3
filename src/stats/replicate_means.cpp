// SPDX-License-Identifier: MIT
#include "mcsens/stats/replicate_means.hpp"

#include <algorithm>
#include <array>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "stats/finite.hpp"

namespace mcsens {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint64_t kReplicateTag = 0x31706552736e636dULL;  // "mcnsRep1"
// Replicates an accumulator holds at most (the request allows up to 1024).
constexpr std::size_t kMaxReplicates = 1024;
// Values per pass: the per-replicate partial sums of a pass are plain (at most this many terms each), then folded
// into the compensated totals.
constexpr std::size_t kPass = 4096;

// Neumaier's compensated addition (Neumaier 1974): sum + compensation carries the rounding error of every step.
void neumaier_add(double& sum, double& compensation, double x) {
  const double t = sum + x;
  compensation += std::fabs(sum) >= std::fabs(x) ? (sum - t) + x : (x - t) + sum;
  sum = t;
}

}  // namespace

ReplicateMeans::ReplicateMeans(std::size_t replicates)
    : count_(replicates, 0), sum_(replicates, 0.0), compensation_(replicates, 0.0) {
  if (replicates > kMaxReplicates) throw std::invalid_argument("ReplicateMeans: more than 1024 replicates");
}

void ReplicateMeans::add_block(const double* values, const std::uint64_t* counts) {
  for (std::size_t r = 0; r < count_.size(); ++r) {
    count_[r] += counts[r];
    neumaier_add(sum_[r], compensation_[r], values[r]);
  }
}

void ReplicateMeans::add(const double* x, std::size_t n, std::uint64_t first) {
  const std::size_t R = count_.size();
  if (R == 0) return;
  std::array<double, kMaxReplicates> partial;
  std::array<std::uint64_t, kMaxReplicates> counts;
  for (std::size_t start = 0; start < n; start += kPass) {
    const std::size_t end = std::min(n, start + kPass);
    std::fill(partial.begin(), partial.begin() + R, 0.0);
    std::fill(counts.begin(), counts.begin() + R, 0);
    std::size_t r = static_cast<std::size_t>((first + start) % R);
    for (std::size_t i = start; i < end; ++i) {
      if (detail::is_finite_bits(x[i])) {
        partial[r] += x[i];
        ++counts[r];
      }
      if (++r == R) r = 0;
    }
    add_block(partial.data(), counts.data());
  }
}

void ReplicateMeans::add_indicators(const double* x, std::size_t n, std::uint64_t first) {
  const std::size_t R = count_.size();
  if (R == 0) return;
  std::array<double, kMaxReplicates> partial;
  std::array<std::uint64_t, kMaxReplicates> counts;
  for (std::size_t start = 0; start < n; start += kPass) {
    const std::size_t end = std::min(n, start + kPass);
    std::fill(partial.begin(), partial.begin() + R, 0.0);
    std::fill(counts.begin(), counts.begin() + R, 0);
    std::size_t r = static_cast<std::size_t>((first + start) % R);
    for (std::size_t i = start; i < end; ++i) {
      if (detail::is_finite_bits(x[i])) {
        partial[r] += x[i] != 0.0 ? 1.0 : 0.0;
        ++counts[r];
      }
      if (++r == R) r = 0;
    }
    add_block(partial.data(), counts.data());
  }
}

void ReplicateMeans::merge(const ReplicateMeans& other) {
  if (other.count_.empty()) return;
  if (count_.empty()) {
    *this = other;
    return;
  }
  for (std::size_t r = 0; r < count_.size(); ++r) {
    count_[r] += other.count_[r];
    neumaier_add(sum_[r], compensation_[r], other.sum_[r]);
    neumaier_add(sum_[r], compensation_[r], other.compensation_[r]);
  }
}

double ReplicateMeans::mean(std::size_t r) const {
  return count_[r] == 0 ? kNaN : (sum_[r] + compensation_[r]) / static_cast<double>(count_[r]);
}

double ReplicateMeans::standard_error() const {
  double m = 0.0;
  std::size_t used = 0;
  for (std::size_t r = 0; r < count_.size(); ++r) {
    if (count_[r] == 0) continue;
    ++used;
    m += (mean(r) - m) / static_cast<double>(used);
  }
  if (used < 2) return kNaN;
  double m2 = 0.0;
  for (std::size_t r = 0; r < count_.size(); ++r) {
    if (count_[r] == 0) continue;
    const double d = mean(r) - m;
    m2 += d * d;
  }
  return std::sqrt(m2 / static_cast<double>(used - 1) / static_cast<double>(used));
}

Interval ReplicateMeans::t_interval(double point, double level) const {
  std::size_t used = 0;
  for (std::uint64_t c : count_) used += c > 0 ? 1 : 0;
  const double se = standard_error();
  if (used < 2 || !std::isfinite(se) || !std::isfinite(point)) return {kNaN, kNaN};
  const double half = student_t_quantile(static_cast<double>(used - 1), 0.5 + level / 2.0) * se;
  return {point - half, point + half};
}

double student_t_quantile(double dof, double p) {
  const boost::math::students_t dist(dof);
  return boost::math::quantile(dist, p);
}

// Layout: tag, R, then per replicate count, sum, compensation.
void ReplicateMeans::encode(ByteWriter& out) const {
  out.put_tag(kReplicateTag);
  out.put_u64(count_.size());
  for (std::size_t r = 0; r < count_.size(); ++r) {
    out.put_u64(count_[r]);
    out.put_f64(sum_[r]);
    out.put_f64(compensation_[r]);
  }
}

ReplicateMeans ReplicateMeans::decode(ByteReader& in) {
  in.expect_tag(kReplicateTag, "replicate means");
  const auto R = static_cast<std::size_t>(in.get_count(kMaxReplicates, "a replicate count"));
  if (R > in.remaining() / 24) in.fail("replicate means: a length runs past the end");
  ReplicateMeans m(R);
  for (std::size_t r = 0; r < R; ++r) {
    m.count_[r] = in.get_u64();
    m.sum_[r] = in.get_f64();
    m.compensation_[r] = in.get_f64();
    if (m.count_[r] == 0 && (m.sum_[r] != 0.0 || m.compensation_[r] != 0.0)) {
      in.fail("replicate means: a sum without values");
    }
  }
  return m;
}

}  // namespace mcsens
