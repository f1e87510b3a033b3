// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace mcsens {

class ByteWriter;
class ByteReader;

// A mergeable quantile sketch in two layers.
//
// The coarse layer is a relative-error sketch (DDSketch, Masson, Rim and Lee 2019): logarithmic buckets of ratio
// gamma = (1 + alpha) / (1 - alpha) for positive and for negative values, a count of zeros (|x| below
// kMinMagnitude) and counts of +inf and -inf. A value it returns is within alpha |q| of the sample quantile q.
//
// The fine layer (only in a sketch made by refined()) is a set of windows placed by a pilot sample around the
// quantiles that will be asked for: each window [low, high) is cut into equal cells, and the draws between and
// outside the windows are counted per gap. The layer counts every draw (below, in and above each window), so
// the rank of the p-quantile is located exactly: when it falls in a window cell, the returned value is the cell's
// midpoint, within half a cell width of the sample quantile. A window spans kWindowSpread pilot standard errors
// of the quantile on each side and has kWindowCells cells, so half a cell is about kWindowSpread sqrt(N / n0) /
// kWindowCells sampling standard errors at N draws after a pilot of n0 (0.60 at N = 1e9, n0 = 65536, where the
// density is nearly constant across the window; up to ~0.8 in the far tails of a normal law), whatever the
// location and scale of the law, and the memory does not depend on N. When the rank falls outside every window
// (the pilot was off by more than kWindowSpread standard errors: ~6e-7 per level) the coarse answer is used,
// clamped to the gap, with the coarse bound.
// error_bound(p) states which bound applies.
//
// Infinite values are values: -inf sorts below and +inf above every finite value, so a quantile may be infinite
// (exactly). NaN is ignored (the caller counts it). Counts are integers merged by addition: merging is exact and
// independent of order.
//
// Coarse layer, precisely: for |q| > kMinMagnitude the returned value is within alpha |q| of q (up to one rounding
// of the representative, ~1e-16 relative); values with |x| <= kMinMagnitude are counted as zeros and returned as
// 0. The bucket index is computed with a fast logarithm of proven accuracy (|error| <= kLog2Slack in log2 units);
// the buckets are made narrower by that slack so the bound above still holds exactly. The index is a
// deterministic function of x for a given build.
// Each sign keeps at most max_buckets buckets (by default kMaxBuckets: a magnitude ratio of about 1e87 at
// alpha = 1e-3); beyond that the buckets of smallest magnitude are collapsed into one, as in DDSketch, which only
// affects values more than max_buckets buckets below the largest magnitude of the same sign. Collapsing is also
// order-free. A rank that falls in a collapsed bucket gets the bound of the whole bucket, its value's magnitude
// (the values in it lie between 0 and its upper end): error_bound says so. A sketch with a smaller cap (the
// elements of an array output, many of them) trades that accuracy near zero for memory that stops growing.
// alpha must lie in [1e-4, 0.5) (mcsens::Error otherwise); the default cap then spans at least 8.7 decades.
class QuantileSketch {
 public:
  static constexpr double kDefaultAlpha = 1e-3;
  static constexpr double kMinMagnitude = 1e-300;
  static constexpr std::int64_t kMaxBuckets = 100000;
  static constexpr std::int64_t kMinBuckets = 64;  // the smallest cap a sketch may have
  static constexpr double kLog2Slack = 1e-7;
  static constexpr std::size_t kWindowCells = 1024;  // cells per window
  static constexpr double kWindowSpread = 5.0;       // pilot standard errors (of the rank) on each side
  static constexpr std::size_t kMaxWindows = 256;    // windows per sketch
  static constexpr std::size_t kMaxCells = 1 << 20;  // cells of all windows together (decode check)

  // max_buckets: the cap per sign, in [kMinBuckets, kMaxBuckets] (mcsens::Error otherwise).
  explicit QuantileSketch(double alpha = kDefaultAlpha, std::int64_t max_buckets = kMaxBuckets);

  // An empty sketch with fine windows around the given probabilities' quantiles, placed from the values of a
  // pilot sample (deterministic, e.g. the first chunk of a run; any order, NaN ignored): the window of level p
  // spans the pilot's order statistics at p -+ (kWindowSpread sqrt(p (1 - p) / n0) + 1 / n0). Probabilities
  // outside (0, 1) and infinite pilot values give no window; a window of equal ends holds that value alone (an
  // atom, returned exactly). Overlapping windows are joined (with the finer cell width).
  static QuantileSketch refined(std::vector<double> pilot, const std::vector<double>& probabilities,
                                double alpha = kDefaultAlpha);

  void add(const double* x, std::size_t n);
  // Same alpha, same cap and same windows required (std::logic_error otherwise); an empty sketch without windows
  // may merge with any of the same cap.
  void merge(const QuantileSketch& other);

  double alpha() const { return alpha_; }
  std::int64_t max_buckets() const { return max_buckets_; }
  std::uint64_t count() const;  // values added, infinities included, NaN not
  std::uint64_t positive_infinite() const { return positive_infinite_; }
  std::uint64_t negative_infinite() const { return negative_infinite_; }
  std::size_t windows() const { return windows_.size(); }
  // The p-quantile (0 <= p <= 1) of what was added; NaN when empty. Lower quantile definition: the value of
  // rank floor(p (count - 1)) in the sorted sample, to within error_bound(p).
  double quantile(double p) const;
  // The p-quantile of the finite values alone (rank floor(p (finite count - 1)) among them), from the coarse
  // layer, within alpha |q|; NaN when there is no finite value. For ranges that must be finite (histograms).
  double finite_quantile(double p) const;
  // An upper bound on |quantile(p) - the exact sample quantile of that rank|: 0 for an infinite quantile, half a
  // cell (plus rounding) in a window, alpha |q| (or less, when the gap is narrower) in the coarse layer, |q| in a
  // collapsed bucket; NaN when empty.
  double error_bound(double p) const;

  // Flat form (each coarse store trimmed to its first and last nonzero bucket, so it depends only on the counts).
  // decode() checks alpha, the index ranges, the trimming, the windows and the totals, and throws CorruptState
  // otherwise. The cap is not stored (the scalars' flat form predates it): decode with the cap it was made with.
  void encode(ByteWriter& out) const;
  static QuantileSketch decode(ByteReader& in, std::int64_t max_buckets = kMaxBuckets);

 private:
  double alpha_;
  std::int64_t max_buckets_;  // buckets per sign at most
  double gamma_;              // (1 + alpha) / (1 - alpha): the ratio of a bucket's ends, slack included
  double log_gamma_;          // log2(gamma_) - 2 kLog2Slack: the bucket width in units of the approximate log2
  // Dense stores over a growing index range: counts_[i] is the bucket offset_ + i.
  struct Store {
    std::int64_t offset = 0;
    std::vector<std::uint64_t> counts;
    std::uint64_t total = 0;
    std::int64_t cap = kMaxBuckets;  // the sketch's max_buckets
    void add(std::int64_t index, std::uint64_t count);
    void merge(const Store& other);
    // Makes [low, high] addressable (or as much of it as `cap` allows, collapsing the lowest buckets);
    // afterwards an index below offset belongs to bucket offset.
    void cover(std::int64_t low, std::int64_t high);
    bool empty() const { return counts.empty(); }
    // The positions in `counts` of its first nonzero bucket and one past its last ([0, 0) when all are zero).
    std::pair<std::size_t, std::size_t> nonzero() const;
    // Whether its lowest nonzero bucket may hold collapsed values: its nonzero buckets span the whole cap (a
    // collapse leaves exactly that span, and only a store at the cap can have collapsed).
    bool at_cap() const;
  };
  Store positive_;
  Store negative_;
  std::uint64_t zeros_ = 0;
  std::uint64_t positive_infinite_ = 0;
  std::uint64_t negative_infinite_ = 0;

  // The fine layer: windows sorted and disjoint, low < high (a window with high == nextafter(low) has one cell
  // and holds the single value low). Segment s of the real line is gap s/2 (even s: one count) or window (s-1)/2 (odd
  // s: its cells); fine_ holds every segment's counts in order, so the prefix sums give ranks.
  struct Window {
    double low = 0;
    double high = 0;
    std::uint32_t cells = 0;
  };
  std::vector<Window> windows_;
  std::vector<double> bounds_;  // low_0, high_0, low_1, ...: a value's segment is the number of bounds <= it
  std::vector<std::uint32_t> segment_base_;  // first fine_ index of each segment
  std::vector<double> segment_low_;
  std::vector<double> segment_scale_;  // cells / (high - low) in a window, 0 in a gap
  std::vector<double> segment_last_;   // cells - 1 in a window, 0 in a gap
  std::vector<std::uint64_t> fine_;
  void build_segments();
  void add_fine(const double* x, std::size_t n);
  bool same_windows(const QuantileSketch& other) const;

  double representative(std::int64_t index) const;
  double coarse_quantile(std::uint64_t rank) const;
  // Whether the rank's coarse bucket is the lowest one of a store at its cap (may hold collapsed values).
  bool in_collapsed_bucket(std::uint64_t rank) const;
  // The rank's value from the fine layer, with its bound; false when the rank lies in a gap (then low/high are
  // the gap's ends).
  bool fine_quantile(std::uint64_t rank, double& value, double& bound, double& low, double& high) const;
  std::uint64_t rank_of(double p) const;
};

}  // namespace mcsens
