// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mcsens {

class ByteWriter;
class ByteReader;

// Streaming moments of the finite values seen: count, mean, M2..M4 central sums, min, max; non-finite values are
// counted apart and kept out of every statistic. add() absorbs a block at once (a two-pass pass over the block,
// then Chan et al.'s pairwise merge), merge() is Chan et al. 1979 / Pebay 2008 for M3, M4.
// Values near the double range (1e300) keep finite statistics: the sums are scaled by a power of two, so the sd,
// skewness and kurtosis stay finite where only the variance itself overflows.
// Merging is deterministic: the same sequence of add/merge calls gives the same bits (for one build: the block
// sums are vectorized, so a build for another vector width may differ in the last bits).
class Moments {
 public:
  void add(const double* x, std::size_t n);
  void merge(const Moments& other);

  std::uint64_t count() const { return count_; }  // finite values
  std::uint64_t nonfinite() const { return nonfinite_; }
  double mean() const;
  double variance() const;  // unbiased (n - 1); NaN when count < 2
  double sd() const;
  double skewness() const;  // g1 = sqrt(n) M3 / M2^1.5
  double kurtosis() const;  // excess kurtosis g2 = n M4 / M2^2 - 3 (0 for a normal law)
  double min() const;
  double max() const;
  double mean_se() const;  // Monte Carlo standard error of the mean, sd / sqrt(count)

  // Flat form for MPI, shards and checkpoints: decode(encode()) restores the same bits. decode() checks the tag and
  // the consistency of what it reads (a state without values has no statistics, min <= max, M2 and M4 not
  // negative) and throws CorruptState through the reader otherwise.
  void encode(ByteWriter& out) const;
  static Moments decode(ByteReader& in);

 private:
  void merge_unscaled(const Moments& other);  // merge() when neither side nor the merged spread is scaled

  std::uint64_t count_ = 0;
  std::uint64_t nonfinite_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double m3_ = 0.0;
  double m4_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
  int exponent_ = 0;  // M2..M4 are the central sums of (x - mean) / 2^exponent_ (0 but near the double range)
};

}  // namespace mcsens
