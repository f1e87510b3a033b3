// SPDX-License-Identifier: MIT
#include "mcsens/stats/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "mcsens/stats/quantile_sketch.hpp"
#include "stats/finite.hpp"

namespace mcsens {

namespace {

// A range wider than the largest double (from -1.7e308 to 1.7e308) is binned in halves: x / 2 - low / 2 cannot
// overflow. Otherwise the plain form, whose bits the histograms always had.
double range_factor(double low, double high) {
  return std::isfinite(high - low) ? 1.0 : 0.5;
}

// Finite low < high and a finite bins per unit (a range of a few subnormals has none).
bool representable(double low, double high, std::size_t bins) {
  if (!(std::isfinite(low) && std::isfinite(high) && low < high) || bins == 0) return false;
  const double f = range_factor(low, high);
  return std::isfinite(static_cast<double>(bins) / (high * f - low * f));
}

}  // namespace

Histogram::Histogram(double low, double high, std::size_t bins) : low_(low), high_(high), counts_(bins, 0) {
  if (!representable(low, high, bins)) {
    std::ostringstream message;
    message << "a histogram needs finite low < high and at least one bin, got low = " << low << ", high = " << high
            << ", bins = " << bins;
    throw Error(message.str());
  }
  factor_ = range_factor(low, high);
  scale_ = static_cast<double>(bins) / (high * factor_ - low * factor_);
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
  const double low_factor = low_ * factor_;
  // The members in locals: x may point into this object for the compiler, which then reloaded them per value and
  // did not vectorize the code pass below.
  const double low = low_;
  const double high = high_;
  const double factor = factor_;
  const double scale = scale_;
  std::int64_t code[kBlock];
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    const double* xs = x + start;
    for (std::size_t j = 0; j < m; ++j) {
      const double v = xs[j];
      const bool finite = detail::is_finite_bits(v);
      const bool under = v < low;
      const bool over = v > high;
      // t is clamped into [0, bins - 1] before the conversion, so the conversion is always defined; x == high
      // gives t == bins and lands in the last bin.
      double t = (finite && !under && !over) ? (v * factor - low_factor) * scale : 0.0;
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
  const double width = (high_ * factor_ - low_ * factor_) / static_cast<double>(bins);
  for (std::size_t i = 0; i < bins; ++i) {
    e[i] = factor_ == 1.0 ? low_ + static_cast<double>(i) * width
                          : (low_ * factor_ + static_cast<double>(i) * width) / factor_;
  }
  e[bins] = high_;
  return e;
}

namespace {
constexpr std::uint64_t kHistogramTag = 0x32486e736e63736dULL;  // "mcsnsnH2": counts as varints
}  // namespace

// Layout: tag, low, high, counts (their length is the number of bins), underflow, overflow.
void Histogram::encode(ByteWriter& out) const {
  out.put_tag(kHistogramTag);
  out.put_f64(low_);
  out.put_f64(high_);
  out.put_counts(counts_);
  out.put_u64(underflow_);
  out.put_u64(overflow_);
}

// A plausibility bound for a decoded histogram (a count takes at least a byte, so the buffer bounds it too).
constexpr std::uint64_t kMaxDecodedBins = std::uint64_t{1} << 30;

Histogram Histogram::decode(ByteReader& in) {
  in.expect_tag(kHistogramTag, "histogram");
  const double low = in.get_f64();
  const double high = in.get_f64();
  std::vector<std::uint64_t> counts = in.get_counts(kMaxDecodedBins, "histogram");
  Histogram h;
  if (counts.empty()) {
    if (low != h.low_ || high != h.high_) in.fail("histogram: edges without bins");
  } else {
    // The constructor's conditions, checked here so that a bad state is a CorruptState, not a usage Error.
    if (!representable(low, high, counts.size())) {
      in.fail("histogram: edges that are not finite low < high");
    }
    h = Histogram(low, high, counts.size());
    h.counts_ = std::move(counts);
  }
  h.underflow_ = in.get_u64();
  h.overflow_ = in.get_u64();
  if (h.counts_.empty() && (h.underflow_ != 0 || h.overflow_ != 0)) in.fail("histogram: counts without bins");
  return h;
}

Histogram automatic_histogram(const QuantileSketch& pilot, std::size_t bins) {
  if (pilot.count() == pilot.positive_infinite() + pilot.negative_infinite()) return Histogram(0.0, 1.0, bins);
  constexpr double kMax = std::numeric_limits<double>::max();
  // The range of the finite draws (the sketch also counts +-inf, which under/overflow hold).
  const double q_low = pilot.finite_quantile(0.001);
  const double q_high = pilot.finite_quantile(0.999);
  const double range = q_high - q_low;
  // A range beyond the largest double is widened in halves; edges beyond it are the largest double. The finite
  // case keeps the form `q - 0.05 * range` on purpose: the compiler may contract it into one fused multiply-add
  // (native builds), and a separately rounded `widen` would move the edges by an ulp from what they always were.
  double low;
  double high;
  if (std::isfinite(range)) {
    low = q_low - 0.05 * range;
    high = q_high + 0.05 * range;
  } else {
    const double widen = 0.1 * (0.5 * q_high - 0.5 * q_low);
    low = q_low - widen;
    high = q_high + widen;
  }
  if (std::isfinite(q_low) && std::isfinite(q_high) && range > 0.0) {
    low = std::max(low, -kMax);
    high = std::min(high, kMax);
  }
  if (!(range > 0.0) || !representable(low, high, bins)) {
    // A constant value v (1e308 + a is 1e308 for every a of [0, 1]: q_low + q_high overflows): [v/2, 3v/2] within
    // the double range; around a tiny value (a subnormal), whose half is no width at all, v +- 0.5.
    const double v = std::isfinite(q_low + q_high) ? 0.5 * (q_low + q_high) : 0.5 * q_low + 0.5 * q_high;
    const double half = v != 0.0 ? 0.5 * std::fabs(v) : 0.5;
    low = std::max(v - half, -kMax);
    high = std::min(v + half, kMax);
    if (!representable(low, high, bins)) {
      low = v - 0.5;
      high = v + 0.5;
    }
  }
  return Histogram(low, high, bins);
}

}  // namespace mcsens
