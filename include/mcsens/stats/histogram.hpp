// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mcsens {

class ByteWriter;
class ByteReader;
class QuantileSketch;

// Fixed equal-width bins on [low, high) (the last bin includes high), with underflow and overflow counts.
// Non-finite values are ignored (the caller counts them). Merging adds counts: exact and order-free.
class Histogram {
 public:
  Histogram() = default;
  Histogram(double low, double high, std::size_t bins);

  void add(const double* x, std::size_t n);
  void merge(const Histogram& other);  // same edges required

  double low() const { return low_; }
  double high() const { return high_; }
  std::size_t bins() const { return counts_.size(); }
  std::vector<double> edges() const;  // bins() + 1 values
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  std::uint64_t underflow() const { return underflow_; }
  std::uint64_t overflow() const { return overflow_; }

  // Flat form; decode() checks the edges as the constructor does (a histogram without bins must be the default
  // one) and throws CorruptState otherwise.
  void encode(ByteWriter& out) const;
  static Histogram decode(ByteReader& in);

 private:
  double low_ = 0.0;
  double high_ = 1.0;
  double factor_ = 1.0;  // 1, or 0.5 for a range beyond the largest double (binned in halves)
  double scale_ = 1.0;   // bins / (high factor - low factor)
  std::vector<std::uint64_t> counts_;
  std::uint64_t underflow_ = 0;
  std::uint64_t overflow_ = 0;
};

// A histogram whose range is chosen deterministically from a pilot sketch (e.g. of the first chunk): the 0.001
// and 0.999 quantiles widened by 5 % of their distance on each side, so that all but the extreme tails land in
// the bins and under/overflow count the rest. Degenerate pilots: a constant value v gives [v - |v|/2, v + |v|/2]
// ([-0.5, 0.5] for v == 0); an empty pilot (or one of infinities only) gives [0, 1]. Infinite draws are left out
// of the pilot's quantiles here.
Histogram automatic_histogram(const QuantileSketch& pilot, std::size_t bins);

}  // namespace mcsens
