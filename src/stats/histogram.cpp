// SPDX-License-Identifier: MIT
#include "mcsens/stats/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

#include "mcsens/error.hpp"
#include "mcsens/stats/quantile_sketch.hpp"
#include "stats/finite.hpp"

namespace mcsens {

Histogram::Histogram(double low, double high, std::size_t bins) : low_(low), high_(high), counts_(bins, 0) {
  if (!(std::isfinite(low) && std::isfinite(high) && low < high) || bins == 0 ||
      !std::isfinite(static_cast<double>(bins) / (high - low))) {
    std::ostringstream message;
    message << "a histogram needs finite low < high and at least one bin, got low = " << low << ", high = " << high
            << ", bins = " << bins;
    throw Error(message.str());
  }
  scale_ = static_cast<double>(bins) / (high - low);
}

// Bin codes per value, computed in a branch-free loop over a small block: 0..bins-1 for a bin, then underflow,
// overflow and ignored (non-finite); the scatter of the counts follows in a second, scalar loop.
void Histogram::add(const double* x, std::size_t n) {
  if (counts_.empty()) throw std::logic_error("Histogram::add on a histogram without bins");
  constexpr std::size_t kBlock = 256;
  const std::int64_t bins = static_cast<std::int64_t>(counts_.size());
  const std::int64_t code_under = bins;
  const std::int64_t code_over = bins + 1;
  const std::int64_t code_skip = bins + 2;
  const double last = static_cast<double>(bins - 1);
  std::int64_t code[kBlock];
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    const double* xs = x + start;
    for (std::size_t j = 0; j < m; ++j) {
      const double v = xs[j];
      const bool finite = detail::is_finite_bits(v);
      const bool under = v < low_;
      const bool over = v > high_;
      // t is clamped into [0, bins - 1] before the conversion, so the conversion is always defined; x == high
      // gives t == bins and lands in the last bin.
      double t = (finite && !under && !over) ? (v - low_) * scale_ : 0.0;
      t = t < last ? t : last;
      t = t > 0.0 ? t : 0.0;
      const std::int64_t bin = static_cast<std::int64_t>(t);
      code[j] = !finite ? code_skip : under ? code_under : over ? code_over : bin;
    }
    for (std::size_t j = 0; j < m; ++j) {
      const std::int64_t c = code[j];
      if (c < bins) {
        ++counts_[static_cast<std::size_t>(c)];
      } else if (c == code_under) {
        ++underflow_;
      } else if (c == code_over) {
        ++overflow_;
      }
    }
  }
}

void Histogram::merge(const Histogram& other) {
  if (counts_.empty()) {
    *this = other;
    return;
  }
  if (other.counts_.empty()) return;
  if (low_ != other.low_ || high_ != other.high_ || counts_.size() != other.counts_.size()) {
    throw std::logic_error("Histogram::merge: the two histograms have different edges");
  }
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  underflow_ += other.underflow_;
  overflow_ += other.overflow_;
}

std::vector<double> Histogram::edges() const {
  const std::size_t bins = counts_.size();
  std::vector<double> e(bins + 1);
  const double width = (high_ - low_) / static_cast<double>(bins);
  for (std::size_t i = 0; i < bins; ++i) e[i] = low_ + static_cast<double>(i) * width;
  e[bins] = high_;
  return e;
}

// Layout: low, high, bins, underflow, overflow, counts (integers bit-cast into the double slots: exact).
void Histogram::serialize(std::vector<double>& out) const {
  out.push_back(low_);
  out.push_back(high_);
  out.push_back(detail::bits_to_double(counts_.size()));
  out.push_back(detail::bits_to_double(underflow_));
  out.push_back(detail::bits_to_double(overflow_));
  for (std::uint64_t c : counts_) out.push_back(detail::bits_to_double(c));
}

Histogram Histogram::deserialize(const double* data, std::size_t size) {
  if (size < 5 || detail::double_to_bits(data[2]) != size - 5) {
    throw RuntimeFailure("cannot restore a histogram: " + std::to_string(size) + " values do not match its header");
  }
  Histogram h;
  const std::size_t bins = static_cast<std::size_t>(detail::double_to_bits(data[2]));
  if (bins > 0) h = Histogram(data[0], data[1], bins);
  h.underflow_ = detail::double_to_bits(data[3]);
  h.overflow_ = detail::double_to_bits(data[4]);
  for (std::size_t i = 0; i < bins; ++i) h.counts_[i] = detail::double_to_bits(data[5 + i]);
  return h;
}

Histogram automatic_histogram(const QuantileSketch& pilot, std::size_t bins) {
  if (pilot.count() == 0) return Histogram(0.0, 1.0, bins);
  const double q_low = pilot.quantile(0.001);
  const double q_high = pilot.quantile(0.999);
  const double range = q_high - q_low;
  double low = q_low - 0.05 * range;
  double high = q_high + 0.05 * range;
  if (!(range > 0.0) || !(low < high) || !std::isfinite(low) || !std::isfinite(high)) {
    const double v = 0.5 * (q_low + q_high);
    const double half = v != 0.0 ? 0.5 * std::fabs(v) : 0.5;
    low = v - half;
    high = v + half;
  }
  return Histogram(low, high, bins);
}

}  // namespace mcsens
