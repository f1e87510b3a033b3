// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mcsens {

// A mergeable relative-error quantile sketch (DDSketch, Masson, Rim and Lee 2019): logarithmic buckets of ratio
// gamma = (1 + alpha) / (1 - alpha) for positive and for negative values, and a count of zeros (|x| below
// kMinMagnitude). A returned quantile q~ of the sample quantile q satisfies |q~ - q| <= alpha |q|.
// Counts are integers merged by addition: merging is exact and independent of order.
// Non-finite values are ignored (the caller counts them).
class QuantileSketch {
 public:
  static constexpr double kDefaultAlpha = 1e-3;
  static constexpr double kMinMagnitude = 1e-300;

  explicit QuantileSketch(double alpha = kDefaultAlpha);

  void add(const double* x, std::size_t n);
  void merge(const QuantileSketch& other);  // same alpha required

  double alpha() const { return alpha_; }
  std::uint64_t count() const;
  // The p-quantile (0 <= p <= 1) of what was added; NaN when empty. Lower quantile definition: the value of
  // rank floor(p (count - 1)) in the sorted sample, to within the relative accuracy.
  double quantile(double p) const;

  void serialize(std::vector<double>& out) const;
  static QuantileSketch deserialize(const double* data, std::size_t size);

 private:
  double alpha_;
  double gamma_;
  double log_gamma_;
  // Dense stores over a growing index range: counts_[i] is the bucket offset_ + i.
  struct Store {
    std::int64_t offset = 0;
    std::vector<std::uint64_t> counts;
    std::uint64_t total = 0;
    void add(std::int64_t index, std::uint64_t count);
    void merge(const Store& other);
  };
  Store positive_;
  Store negative_;
  std::uint64_t zeros_ = 0;
};

}  // namespace mcsens
