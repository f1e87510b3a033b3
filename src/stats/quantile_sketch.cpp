// SPDX-License-Identifier: MIT
#include "mcsens/stats/quantile_sketch.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "stats/finite.hpp"

namespace mcsens {
namespace {

// log2(a) for a normal, positive, finite double, in plain arithmetic that the compiler vectorizes.
// a = 2^e m with m in [sqrt(1/2), sqrt(2)), and ln m = 2 atanh(t) = 2 (t + t^3/3 + t^5/5 + t^7/7 + R) with
// t = (m - 1)/(m + 1), |t| <= 3 - 2 sqrt(2) = 0.1716. The truncated tail is R <= t^9 / (9 (1 - t^2)) = 1.5e-8,
// so |log2 error| <= 2 * 1.5e-8 / ln 2 = 4.3e-8, plus rounding (< 1e-12 for |log2 a| <= 1024): below
// QuantileSketch::kLog2Slack = 1e-7 (the unit test checks it against std::log2 over the whole range).
// Defined on all bit patterns (see QuantileSketch::add); accurate as stated for normal positive doubles.
inline double fast_log2(double a) {
  std::uint64_t bits;
  std::memcpy(&bits, &a, sizeof bits);
  const std::int64_t biased = static_cast<std::int64_t>(bits >> 52);  // sign bit is 0
  const std::uint64_t mantissa_bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  double m;
  std::memcpy(&m, &mantissa_bits, sizeof m);  // [1, 2)
  const bool upper = m > 1.4142135623730951;
  m = upper ? 0.5 * m : m;
  const double e = static_cast<double>(biased - 1023 + (upper ? 1 : 0));
  const double t = (m - 1.0) / (m + 1.0);
  const double t2 = t * t;
  const double ln_m = 2.0 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (1.0 / 5.0 + t2 * (1.0 / 7.0))));
  return e + ln_m * 1.4426950408889634;  // 1 / ln 2
}

enum Kind : std::uint8_t { kPositive = 0, kNegative = 1, kZero = 2, kSkip = 3 };

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

}  // namespace

namespace detail {
// Exposed for the unit test of the logarithm's accuracy.
double sketch_log2(double a) {
  return fast_log2(a);
}
}  // namespace detail

QuantileSketch::QuantileSketch(double alpha, std::int64_t max_buckets) : alpha_(alpha), max_buckets_(max_buckets) {
  // Below 1e-4 the kMaxBuckets cap would cover less than 8.7 decades of magnitude.
  if (!(alpha >= 1e-4 && alpha < 0.5)) {
    std::ostringstream message;
    message << "the quantile sketch's relative accuracy must lie in [1e-4, 0.5), got " << alpha;
    throw Error(message.str());
  }
  if (max_buckets < kMinBuckets || max_buckets > kMaxBuckets) {
    throw Error("the quantile sketch's cap must lie in [" + std::to_string(kMinBuckets) + ", " +
                std::to_string(kMaxBuckets) + "] buckets per sign, got " + std::to_string(max_buckets));
  }
  positive_.cap = max_buckets;
  negative_.cap = max_buckets;
  gamma_ = (1.0 + alpha) / (1.0 - alpha);
  log_gamma_ = std::log2(gamma_) - 2.0 * kLog2Slack;
}

void QuantileSketch::Store::cover(std::int64_t low, std::int64_t high) {
  std::int64_t new_low = low;
  std::int64_t new_high = high;
  if (!counts.empty()) {
    new_low = std::min(low, offset);
    new_high = std::max(high, offset + static_cast<std::int64_t>(counts.size()) - 1);
  }
  new_low = std::max(new_low, new_high - cap + 1);
  if (counts.empty()) {
    offset = new_low;
    counts.assign(static_cast<std::size_t>(new_high - new_low + 1), 0);
    return;
  }
  const std::int64_t old_high = offset + static_cast<std::int64_t>(counts.size()) - 1;
  if (new_low == offset && new_high == old_high) return;
  std::vector<std::uint64_t> grown(static_cast<std::size_t>(new_high - new_low + 1), 0);
  for (std::int64_t i = offset; i <= old_high; ++i) {
    const std::uint64_t c = counts[static_cast<std::size_t>(i - offset)];
    grown[static_cast<std::size_t>(std::max(i, new_low) - new_low)] += c;  // collapse below new_low
  }
  counts.swap(grown);
  offset = new_low;
}

std::pair<std::size_t, std::size_t> QuantileSketch::Store::nonzero() const {
  std::size_t first = 0;
  std::size_t last = counts.size();
  while (first < last && counts[first] == 0) ++first;
  while (last > first && counts[last - 1] == 0) --last;
  return {first, last};
}

bool QuantileSketch::Store::at_cap() const {
  const auto [first, last] = nonzero();
  return static_cast<std::int64_t>(last - first) >= cap;
}

void QuantileSketch::Store::add(std::int64_t index, std::uint64_t count) {
  if (count == 0) return;
  cover(index, index);
  counts[static_cast<std::size_t>(std::max(index, offset) - offset)] += count;
  total += count;
}

void QuantileSketch::Store::merge(const Store& other) {
  if (other.counts.empty()) return;
  const std::int64_t other_high = other.offset + static_cast<std::int64_t>(other.counts.size()) - 1;
  cover(other.offset, other_high);
  for (std::size_t i = 0; i < other.counts.size(); ++i) {
    const std::int64_t index = std::max(other.offset + static_cast<std::int64_t>(i), offset);
    counts[static_cast<std::size_t>(index - offset)] += other.counts[i];
  }
  total += other.total;
}

// Two passes over blocks of 256 values: a branch-free, vectorizable pass computes each value's kind and bucket
// index (the logarithm is the cost), then a scalar pass grows the stores once and increments the counts.
void QuantileSketch::add(const double* x, std::size_t n) {
  constexpr std::size_t kBlock = 256;
  const double inverse_width = 1.0 / log_gamma_;
  std::int32_t index[kBlock];
  std::int32_t kind[kBlock];  // as wide as the index, so that the reduction below vectorizes
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    const double* xs = x + start;
    for (std::size_t j = 0; j < m; ++j) {
      const double v = xs[j];
      const double a = std::fabs(v);
      const int finite = detail::is_finite_bits(v) ? 1 : 0;
      const int nonzero = a > kMinMagnitude ? 1 : 0;
      // Computed for every value: for 0, subnormals, inf and NaN the bit arithmetic still gives a finite l with
      // |l| < 1025 (so the conversion below is defined), and the index is then ignored by its kind.
      const double l = fast_log2(a);
      // ceil by truncation and a correction: |t| < 1025 / log2(1 + 2e-4) < 4e6 for alpha >= 1e-4, so the
      // conversion is exact and defined; std::ceil
      // would block the vectorization of this loop with GCC 12.
      const double t = l * inverse_width;
      const auto truncated = static_cast<std::int32_t>(t);
      index[j] = truncated + (static_cast<double>(truncated) < t ? 1 : 0);
      // kPositive 0, kNegative 1, kZero 2, kSkip 3, computed without branches.
      const int negative = v < 0.0 ? 1 : 0;
      kind[j] = kSkip * (1 - finite) + finite * ((1 - nonzero) * kZero + nonzero * negative);
    }
    std::uint64_t plus_infinite = 0;
    std::uint64_t minus_infinite = 0;
    for (std::size_t j = 0; j < m; ++j) {
      plus_infinite += xs[j] == kInfinity ? 1 : 0;
      minus_infinite += xs[j] == -kInfinity ? 1 : 0;
    }
    positive_infinite_ += plus_infinite;
    negative_infinite_ += minus_infinite;
    if (!windows_.empty()) add_fine(xs, m);
    // Index ranges per sign and the counts, as masked integer reductions (exact, so the compiler may vectorize
    // them without an `omp simd` licence). The masks are bit masks, not `?:`, which GCC 12 does not vectorize here.
    std::int32_t low_positive = INT32_MAX;
    std::int32_t high_positive = INT32_MIN;
    std::int32_t low_negative = INT32_MAX;
    std::int32_t high_negative = INT32_MIN;
    std::int32_t zeros = 0;  // at most kBlock each
    std::int32_t positives = 0;
    std::int32_t negatives = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const std::int32_t k = kind[j];
      const std::int32_t i = index[j];
      const std::int32_t positive = -static_cast<std::int32_t>(k == kPositive);  // all bits set when it is
      const std::int32_t negative = -static_cast<std::int32_t>(k == kNegative);
      positives -= positive;
      negatives -= negative;
      zeros += static_cast<std::int32_t>(k == kZero);
      low_positive = std::min(low_positive, (i & positive) | (INT32_MAX & ~positive));
      high_positive = std::max(high_positive, (i & positive) | (INT32_MIN & ~positive));
      low_negative = std::min(low_negative, (i & negative) | (INT32_MAX & ~negative));
      high_negative = std::max(high_negative, (i & negative) | (INT32_MIN & ~negative));
    }
    zeros_ += static_cast<std::uint64_t>(zeros);
    if (low_positive <= high_positive) positive_.cover(low_positive, high_positive);
    if (low_negative <= high_negative) negative_.cover(low_negative, high_negative);
    // The stores' totals are added once per block (counted above): incremented per value, `++store.total` stayed in
    // memory (the counts may alias it for the compiler), a store-to-load chain through every value.
    positive_.total += static_cast<std::uint64_t>(positives);
    negative_.total += static_cast<std::uint64_t>(negatives);
    Store* stores[2] = {&positive_, &negative_};
    for (std::size_t j = 0; j < m; ++j) {
      const std::int32_t k = kind[j];
      if (k >= 2) continue;
      Store& store = *stores[k];
      const std::int64_t i = std::max(static_cast<std::int64_t>(index[j]), store.offset);
      ++store.counts[static_cast<std::size_t>(i - store.offset)];
    }
  }
}

// Segment of each value: the number of window bounds at or below it (a vectorizable count over the bounds), then
// one increment per value of its segment's cell. A window's cell is floor((x - low) * cells / (high - low)),
// clamped to the window (rounding can put a value just below high into cell `cells`); in a gap the scale is 0 and
// the clamp gives the gap's single count, also for +-inf (0 * inf = NaN fails both comparisons).
void QuantileSketch::add_fine(const double* x, std::size_t n) {
  constexpr std::size_t kBlock = 256;
  std::uint32_t segment[kBlock];
  const std::size_t bounds = bounds_.size();
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    const double* xs = x + start;
    for (std::size_t j = 0; j < m; ++j) segment[j] = 0;
    for (std::size_t k = 0; k < bounds; ++k) {
      const double bound = bounds_[k];
      for (std::size_t j = 0; j < m; ++j) segment[j] += xs[j] >= bound ? 1u : 0u;
    }
    for (std::size_t j = 0; j < m; ++j) {
      const double v = xs[j];
      if (v != v) continue;  // NaN
      const std::uint32_t s = segment[j];
      double t = (v - segment_low_[s]) * segment_scale_[s];
      t = t > 0.0 ? t : 0.0;
      t = t < segment_last_[s] ? t : segment_last_[s];
      ++fine_[segment_base_[s] + static_cast<std::uint32_t>(t)];
    }
  }
}

void QuantileSketch::build_segments() {
  bounds_.clear();
  segment_base_.clear();
  segment_low_.clear();
  segment_scale_.clear();
  segment_last_.clear();
  std::uint32_t base = 0;
  const auto gap = [&] {
    segment_base_.push_back(base);
    segment_low_.push_back(0.0);
    segment_scale_.push_back(0.0);
    segment_last_.push_back(0.0);
    base += 1;
  };
  gap();
  for (const Window& w : windows_) {
    bounds_.push_back(w.low);
    bounds_.push_back(w.high);
    segment_base_.push_back(base);
    segment_low_.push_back(w.low);
    segment_scale_.push_back(static_cast<double>(w.cells) / (w.high - w.low));
    segment_last_.push_back(static_cast<double>(w.cells - 1));
    base += w.cells;
    gap();
  }
  fine_.assign(windows_.empty() ? 0 : base, 0);
}

QuantileSketch QuantileSketch::refined(std::vector<double> pilot, const std::vector<double>& probabilities,
                                       double alpha) {
  QuantileSketch sketch(alpha);
  pilot.erase(std::remove_if(pilot.begin(), pilot.end(), [](double v) { return v != v; }), pilot.end());
  if (pilot.empty()) return sketch;
  std::sort(pilot.begin(), pilot.end());
  const double n0 = static_cast<double>(pilot.size());
  const auto at = [&](double u) {
    const auto rank = static_cast<std::size_t>(std::floor(std::min(1.0, std::max(0.0, u)) * (n0 - 1.0)));
    return pilot[std::min(rank, pilot.size() - 1)];
  };
  std::vector<Window> wanted;
  std::vector<double> widths;
  for (double p : probabilities) {
    if (!(p > 0.0 && p < 1.0)) continue;
    // The pilot's sample p-quantile has a rank error of about sqrt(p (1 - p) / n0) in probability: kWindowSpread
    // such errors (and one rank) on each side.
    const double delta = kWindowSpread * std::sqrt(p * (1.0 - p) / n0) + 1.0 / n0;
    const double low = at(p - delta);
    double high = at(p + delta);
    if (!std::isfinite(low) || !std::isfinite(high)) continue;
    if (low == high) high = std::nextafter(low, kInfinity);  // an atom: a window holding that value alone
    if (!std::isfinite(high) || !std::isfinite(high - low)) continue;
    wanted.push_back(Window{low, high, static_cast<std::uint32_t>(kWindowCells)});
    widths.push_back((high - low) / static_cast<double>(kWindowCells));
  }
  std::vector<std::size_t> order(wanted.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return wanted[a].low != wanted[b].low ? wanted[a].low < wanted[b].low : a < b;
  });
  // The pilot's atoms: values it holds more than once (a die's faces, the zeros of max(x, 0), a clamped bound). A
  // window's cell would return its midpoint for a rank that falls on an atom, so each atom inside a window (or at
  // its upper end) gets a window of its own that holds it alone and returns it exactly.
  std::vector<double> atoms;
  for (std::size_t i = 1; i < pilot.size(); ++i) {
    if (pilot[i] == pilot[i - 1] && std::isfinite(pilot[i]) && (atoms.empty() || atoms.back() != pilot[i])) {
      atoms.push_back(pilot[i]);
    }
  }
  // Join overlapping windows: the union, with the finer of the cell widths (at most kWindowCells per window
  // joined).
  std::vector<Window> joined_windows;
  for (std::size_t k = 0; k < order.size();) {
    Window w = wanted[order[k]];
    double width = widths[order[k]];
    std::size_t joined = 1;
    std::size_t next = k + 1;
    while (next < order.size() && wanted[order[next]].low < w.high) {
      w.high = std::max(w.high, wanted[order[next]].high);
      width = std::min(width, widths[order[next]]);
      ++joined;
      ++next;
    }
    const double cells = std::min(std::ceil((w.high - w.low) / width), static_cast<double>(kWindowCells * joined));
    w.cells = w.high == std::nextafter(w.low, kInfinity) ? 1 : static_cast<std::uint32_t>(std::max(1.0, cells));
    joined_windows.push_back(w);
    k = next;
  }
  std::size_t total_cells = 0;
  const auto keep = [&](const std::vector<Window>& pieces) {
    std::size_t cells = 0;
    for (const Window& piece : pieces) cells += piece.cells;
    if (sketch.windows_.size() + pieces.size() > kMaxWindows || total_cells + cells > kMaxCells) return false;
    sketch.windows_.insert(sketch.windows_.end(), pieces.begin(), pieces.end());
    total_cells += cells;
    return true;
  };
  for (std::size_t k = 0; k < joined_windows.size(); ++k) {
    const Window& w = joined_windows[k];
    // The atoms this window splits off: those inside it, and one at its upper end unless the next window starts
    // there.
    const bool next_starts_at_high = k + 1 < joined_windows.size() && joined_windows[k + 1].low <= w.high;
    const auto first = std::lower_bound(atoms.begin(), atoms.end(), w.low);
    const auto last = next_starts_at_high ? std::lower_bound(first, atoms.end(), w.high)
                                          : std::upper_bound(first, atoms.end(), w.high);
    if (first == last || w.cells == 1) {
      keep({w});
      continue;
    }
    // The window in pieces: the stretches between its atoms keep their share of its cells, each atom one cell.
    std::vector<Window> pieces;
    const double span = w.high - w.low;
    double cursor = w.low;
    const auto stretch = [&](double low, double high) {
      if (!(low < high)) return;
      const double share = std::ceil(static_cast<double>(w.cells) * ((high - low) / span));
      pieces.push_back(Window{low, high, static_cast<std::uint32_t>(std::clamp(share, 1.0, double(w.cells)))});
    };
    for (auto atom = first; atom != last; ++atom) {
      stretch(cursor, *atom);
      const double after = std::nextafter(*atom, kInfinity);
      if (!std::isfinite(after)) break;
      pieces.push_back(Window{*atom, after, 1});
      cursor = after;
    }
    stretch(cursor, w.high);
    if (!keep(pieces)) keep({w});  // too many windows or cells: the window whole, as before
  }
  sketch.build_segments();
  return sketch;
}

bool QuantileSketch::same_windows(const QuantileSketch& other) const {
  if (windows_.size() != other.windows_.size()) return false;
  for (std::size_t i = 0; i < windows_.size(); ++i) {
    const Window& a = windows_[i];
    const Window& b = other.windows_[i];
    if (std::memcmp(&a.low, &b.low, sizeof a.low) != 0 || std::memcmp(&a.high, &b.high, sizeof a.high) != 0 ||
        a.cells != b.cells) {
      return false;
    }
  }
  return true;
}

void QuantileSketch::merge(const QuantileSketch& other) {
  if (other.alpha_ != alpha_) throw std::logic_error("QuantileSketch::merge: the sketches have different alpha");
  if (other.max_buckets_ != max_buckets_) {
    throw std::logic_error("QuantileSketch::merge: the sketches have different caps");
  }
  if (!same_windows(other)) {
    if (other.windows_.empty() && other.count() == 0) return;
    if (windows_.empty() && count() == 0) {
      *this = other;
      return;
    }
    throw std::logic_error("QuantileSketch::merge: the sketches have different windows");
  }
  positive_.merge(other.positive_);
  negative_.merge(other.negative_);
  zeros_ += other.zeros_;
  positive_infinite_ += other.positive_infinite_;
  negative_infinite_ += other.negative_infinite_;
  for (std::size_t i = 0; i < fine_.size(); ++i) fine_[i] += other.fine_[i];
}

std::uint64_t QuantileSketch::count() const {
  return positive_.total + negative_.total + zeros_ + positive_infinite_ + negative_infinite_;
}

// Bucket i holds the x whose approximate log2 lies in ((i - 1) w, i w], w = log_gamma_, so log2 x lies in
// ((i - 1) w - s, i w + s] with s = kLog2Slack: x in (U / gamma, U] with U = 2^(i w + s). The representative
// 2 U / (gamma + 1) is within (gamma - 1) / (gamma + 1) = alpha of every point of that range (Masson et al.
// 2019, eq. 1). Computed in the log domain so that it does not overflow near DBL_MAX.
double QuantileSketch::representative(std::int64_t index) const {
  const double log2_value = static_cast<double>(index) * log_gamma_ + kLog2Slack + std::log2(2.0 / (gamma_ + 1.0));
  return std::min(std::exp2(log2_value), DBL_MAX);
}

std::uint64_t QuantileSketch::rank_of(double p) const {
  const std::uint64_t total = count();
  const auto rank = static_cast<std::uint64_t>(std::floor(p * static_cast<double>(total - 1)));
  return std::min(rank, total - 1);
}

// Ascending order: -inf, negatives of decreasing magnitude (highest index first), zeros, positives, +inf.
double QuantileSketch::coarse_quantile(std::uint64_t rank) const {
  if (rank < negative_infinite_) return -kInfinity;
  rank -= negative_infinite_;
  if (rank < negative_.total) {
    std::uint64_t seen = 0;
    for (std::size_t i = negative_.counts.size(); i-- > 0;) {
      seen += negative_.counts[i];
      if (seen > rank) return -representative(negative_.offset + static_cast<std::int64_t>(i));
    }
  }
  rank -= std::min(rank, negative_.total);
  if (rank < zeros_) return 0.0;
  rank -= zeros_;
  if (rank >= positive_.total) return kInfinity;  // rank < count(): one of the +inf
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < positive_.counts.size(); ++i) {
    seen += positive_.counts[i];
    if (seen > rank) return representative(positive_.offset + static_cast<std::int64_t>(i));
  }
  return representative(positive_.offset + static_cast<std::int64_t>(positive_.counts.size()) - 1);
}

// A value placed in cell i satisfies i <= (x - low) * scale < i + 1 up to the rounding of the subtraction and the
// product (a few ulps of the window's ends and of cells), so x lies within half a cell of the midpoint, plus that.
bool QuantileSketch::fine_quantile(std::uint64_t rank, double& value, double& bound, double& low, double& high) const {
  std::uint64_t seen = 0;
  const std::size_t segments = segment_base_.size();
  for (std::size_t s = 0; s < segments; ++s) {
    const std::uint32_t base = segment_base_[s];
    const std::uint32_t cells = s % 2 == 1 ? windows_[s / 2].cells : 1;
    if (s % 2 == 0) {
      seen += fine_[base];
      if (seen > rank) {
        low = s == 0 ? -kInfinity : bounds_[s - 1];
        high = s == segments - 1 ? kInfinity : bounds_[s];
        return false;
      }
      continue;
    }
    std::uint64_t in_window = 0;
    for (std::uint32_t i = 0; i < cells; ++i) in_window += fine_[base + i];
    if (seen + in_window <= rank) {
      seen += in_window;
      continue;
    }
    const Window& w = windows_[s / 2];
    if (w.high == std::nextafter(w.low, kInfinity)) {  // a window of one value (an atom of the pilot)
      value = w.low;
      bound = 0.0;
      return true;
    }
    const double width = (w.high - w.low) / static_cast<double>(w.cells);
    for (std::uint32_t i = 0; i < cells; ++i) {
      seen += fine_[base + i];
      if (seen > rank) {
        value = w.low + (static_cast<double>(i) + 0.5) * width;
        bound =
            0.5 * width + 8.0 * kEpsilon * (std::fabs(w.low) + std::fabs(w.high) + static_cast<double>(cells) * width);
        return true;
      }
    }
  }
  low = -kInfinity;  // not reached: the fine layer counts every value
  high = kInfinity;
  return false;
}

double QuantileSketch::quantile(double p) const {
  const std::uint64_t total = count();
  if (total == 0 || !(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  const std::uint64_t rank = rank_of(p);
  const double coarse = coarse_quantile(rank);
  if (windows_.empty() || std::isinf(coarse)) return coarse;
  double value = 0, bound = 0, low = 0, high = 0;
  if (fine_quantile(rank, value, bound, low, high)) return value;
  return std::min(std::max(coarse, low), high);
}

bool QuantileSketch::in_collapsed_bucket(std::uint64_t rank) const {
  const auto lowest = [](const Store& store) { return store.counts[store.nonzero().first]; };
  if (rank < negative_infinite_) return false;
  rank -= negative_infinite_;
  if (rank < negative_.total) {
    // Negatives in ascending order end with the lowest magnitudes: the lowest bucket holds the last ranks.
    return negative_.at_cap() && rank >= negative_.total - lowest(negative_);
  }
  rank -= negative_.total;
  if (rank < zeros_) return false;
  rank -= zeros_;
  if (rank >= positive_.total) return false;
  return positive_.at_cap() && rank < lowest(positive_);
}

double QuantileSketch::finite_quantile(double p) const {
  const std::uint64_t finite = count() - positive_infinite_ - negative_infinite_;
  if (finite == 0 || !(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  const auto rank = std::min(static_cast<std::uint64_t>(std::floor(p * static_cast<double>(finite - 1))), finite - 1);
  return coarse_quantile(negative_infinite_ + rank);
}

double QuantileSketch::error_bound(double p) const {
  const std::uint64_t total = count();
  if (total == 0 || !(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  const std::uint64_t rank = rank_of(p);
  const double coarse = coarse_quantile(rank);
  if (std::isinf(coarse)) return 0.0;
  // |q~ - q| <= alpha |q| <= alpha |q~| / (1 - alpha); values counted as zeros are within kMinMagnitude of 0. In
  // a collapsed bucket q lies between 0 and the bucket's upper end U, and q~ = 2 U / (gamma + 1) > U / 2, so
  // |q~ - q| <= |q~|.
  const double relative = in_collapsed_bucket(rank) ? 1.0 : alpha_ / (1.0 - alpha_);
  const double coarse_bound = relative * std::fabs(coarse) * (1.0 + 4.0 * kEpsilon) + kMinMagnitude;
  if (windows_.empty()) return coarse_bound;
  double value = 0, bound = 0, low = 0, high = 0;
  if (fine_quantile(rank, value, bound, low, high)) return bound;
  return std::min(coarse_bound, high - low);
}

namespace {
constexpr std::uint64_t kSketchTag = 0x33516e736e63736dULL;  // "mcsnsnQ3": counts as varints
// Every bucket index of a finite double lies within +-1025 / log2(gamma) < 3.6e6 (alpha >= 1e-4): a stored offset
// beyond this bound is not one of ours.
constexpr std::int64_t kMaxIndex = std::int64_t{1} << 23;
}  // namespace

// Layout: tag, alpha, zeros, then for the positive and the negative store: offset, counts; the counts of +inf
// and -inf; the windows (count, then low, high, cells of each) and the fine counts of every segment. Each coarse
// store is trimmed to its first and last nonzero bucket, so the flat form depends only on the counts, not on how
// the dense range grew.
void QuantileSketch::encode(ByteWriter& out) const {
  out.put_tag(kSketchTag);
  out.put_f64(alpha_);
  out.put_u64(zeros_);
  for (const Store* store : {&positive_, &negative_}) {
    const auto [first, last] = store->nonzero();
    out.put_i64(first < last ? store->offset + static_cast<std::int64_t>(first) : 0);
    out.put_counts(store->counts.data() + first, last - first);
  }
  out.put_u64(positive_infinite_);
  out.put_u64(negative_infinite_);
  out.put_u64(windows_.size());
  for (const Window& w : windows_) {
    out.put_f64(w.low);
    out.put_f64(w.high);
    out.put_u64(w.cells);
  }
  out.put_counts(fine_);
}

QuantileSketch QuantileSketch::decode(ByteReader& in, std::int64_t max_buckets) {
  in.expect_tag(kSketchTag, "quantile sketch");
  const double alpha = in.get_f64();
  if (!(alpha >= 1e-4 && alpha < 0.5)) in.fail("quantile sketch: an accuracy outside [1e-4, 0.5)");
  QuantileSketch sketch(alpha, max_buckets);
  sketch.zeros_ = in.get_u64();
  std::uint64_t total = sketch.zeros_;
  const auto add_total = [&](std::uint64_t c) {
    if (c > ~std::uint64_t{0} - total) in.fail("quantile sketch: counts overflow");
    total += c;
  };
  for (Store* store : {&sketch.positive_, &sketch.negative_}) {
    const std::int64_t offset = in.get_i64();
    store->counts = in.get_counts(static_cast<std::uint64_t>(max_buckets), "quantile sketch buckets");
    const std::size_t length = store->counts.size();
    if (offset < -kMaxIndex || offset > kMaxIndex) in.fail("quantile sketch: a bucket index out of range");
    store->offset = length > 0 ? offset : 0;
    if (length > 0 && (store->counts.front() == 0 || store->counts.back() == 0)) {
      in.fail("quantile sketch: a store is not trimmed to its nonzero buckets");
    }
    store->total = 0;
    for (std::uint64_t c : store->counts) {
      add_total(c);
      store->total += c;
    }
  }
  sketch.positive_infinite_ = in.get_u64();
  add_total(sketch.positive_infinite_);
  sketch.negative_infinite_ = in.get_u64();
  add_total(sketch.negative_infinite_);
  const std::uint64_t windows = in.get_u64();
  if (windows > kMaxWindows) in.fail("quantile sketch: more windows than the cap");
  std::uint64_t cells = 0;
  double previous_high = -kInfinity;
  for (std::uint64_t k = 0; k < windows; ++k) {
    Window w;
    w.low = in.get_f64();
    w.high = in.get_f64();
    const std::uint64_t n = in.get_u64();
    if (!(std::isfinite(w.low) && std::isfinite(w.high) && w.low < w.high && w.low >= previous_high &&
          std::isfinite(w.high - w.low))) {
      in.fail("quantile sketch: windows not finite, sorted and disjoint");
    }
    if (n < 1 || n > kMaxCells || cells + n > kMaxCells) in.fail("quantile sketch: more cells than the cap");
    w.cells = static_cast<std::uint32_t>(n);
    cells += n;
    previous_high = w.high;
    sketch.windows_.push_back(w);
  }
  sketch.build_segments();
  std::vector<std::uint64_t> fine = in.get_counts(kMaxCells + 2 * kMaxWindows + 1, "quantile sketch cells");
  if (fine.size() != sketch.fine_.size()) in.fail("quantile sketch: the fine counts do not match the windows");
  sketch.fine_ = std::move(fine);
  if (windows > 0) {
    std::uint64_t fine_total = 0;
    for (std::uint64_t c : sketch.fine_) {
      if (c > ~std::uint64_t{0} - fine_total) in.fail("quantile sketch: counts overflow");
      fine_total += c;
    }
    if (fine_total != total) in.fail("quantile sketch: the fine counts do not add up to the coarse ones");
  }
  return sketch;
}

}  // namespace mcsens
