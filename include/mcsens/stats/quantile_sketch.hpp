// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mcsens {

class ByteWriter;
class ByteReader;

// A mergeable relative-error quantile sketch (DDSketch, Masson, Rim and Lee 2019): logarithmic buckets of ratio
// gamma = (1 + alpha) / (1 - alpha) for positive and for negative values, and a count of zeros (|x| below
// kMinMagnitude). A returned quantile q~ of the sample quantile q satisfies |q~ - q| <= alpha |q|.
// Counts are integers merged by addition: merging is exact and independent of order.
// Non-finite values are ignored (the caller counts them).
//
// Error bound, precisely: for |q| > kMinMagnitude the returned value is within alpha |q| of q (up to one rounding
// of the representative, ~1e-16 relative); values with |x| <= kMinMagnitude are counted as zeros and returned as
// 0. The bucket index is computed with a fast logarithm of proven accuracy (|error| <= kLog2Slack in log2 units);
// the buckets are made narrower by that slack so the bound above still holds exactly. The index is a
// deterministic function of x for a given build.
// Each sign keeps at most kMaxBuckets buckets (a magnitude ratio of about 1e87 at alpha = 1e-3); beyond that the
// buckets of smallest magnitude are collapsed into one, as in DDSketch, which only affects values more than
// kMaxBuckets buckets below the largest magnitude of the same sign. Collapsing is also order-free.
// alpha must lie in [1e-4, 0.5) (mcsens::Error otherwise); the cap then spans at least 8.7 decades.
class QuantileSketch {
 public:
  static constexpr double kDefaultAlpha = 1e-3;
  static constexpr double kMinMagnitude = 1e-300;
  static constexpr std::int64_t kMaxBuckets = 100000;
  static constexpr double kLog2Slack = 1e-7;

  explicit QuantileSketch(double alpha = kDefaultAlpha);

  void add(const double* x, std::size_t n);
  void merge(const QuantileSketch& other);  // same alpha required

  double alpha() const { return alpha_; }
  std::uint64_t count() const;
  // The p-quantile (0 <= p <= 1) of what was added; NaN when empty. Lower quantile definition: the value of
  // rank floor(p (count - 1)) in the sorted sample, to within the relative accuracy.
  double quantile(double p) const;

  // Flat form (each store trimmed to its first and last nonzero bucket, so it depends only on the counts).
  // decode() checks alpha, the index ranges, the trimming and the totals, and throws CorruptState otherwise.
  void encode(ByteWriter& out) const;
  static QuantileSketch decode(ByteReader& in);

 private:
  double alpha_;
  double gamma_;      // (1 + alpha) / (1 - alpha): the ratio of a bucket's ends, slack included
  double log_gamma_;  // log2(gamma_) - 2 kLog2Slack: the bucket width in units of the approximate log2
  // Dense stores over a growing index range: counts_[i] is the bucket offset_ + i.
  struct Store {
    std::int64_t offset = 0;
    std::vector<std::uint64_t> counts;
    std::uint64_t total = 0;
    void add(std::int64_t index, std::uint64_t count);
    void merge(const Store& other);
    // Makes [low, high] addressable (or as much of it as kMaxBuckets allows, collapsing the lowest buckets);
    // afterwards an index below offset belongs to bucket offset.
    void cover(std::int64_t low, std::int64_t high);
    bool empty() const { return counts.empty(); }
  };
  Store positive_;
  Store negative_;
  std::uint64_t zeros_ = 0;

  double representative(std::int64_t index) const;
};

}  // namespace mcsens
