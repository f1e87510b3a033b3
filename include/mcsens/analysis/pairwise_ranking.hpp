// SPDX-License-Identifier: MIT
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mcsens {

class ByteWriter;
class ByteReader;

// A two-sided confidence interval for a probability.
struct PairwiseInterval {
  double low;
  double high;
};

// P(scenario i gives a larger ranked output than scenario j) for every ordered pair of S scenarios run with common
// random numbers: every scenario is evaluated on the same draws, so each draw gives one paired comparison and the
// count of draws where value_i > value_j is binomial (INTERFACE.md /scenarios/ranking). The comparison is strict: a
// tie (including a scenario against itself, or one that changes no input of the output) counts for neither side, so
// P(i, j) + P(j, i) = 1 - P(tie). Draws where either value is non-finite are left out of that pair and counted.
// Streaming and mergeable (integer counts: exact and order-free). Not thread-safe on one object.
class PairwiseRanking {
 public:
  PairwiseRanking() = default;
  explicit PairwiseRanking(std::size_t scenarios);

  // values: S arrays of n values, values[s][d] = the ranked output of scenario s on draw d. With lower_is_better,
  // "i beats j" (wins, probability) means value_i < value_j instead of value_i > value_j.
  void add(const double* const* values, std::size_t n, bool lower_is_better = false);
  // The other ranking must have the same number of scenarios (throws mcsens::Error).
  void merge(const PairwiseRanking& other);

  std::size_t scenarios() const { return scenarios_; }
  std::uint64_t wins(std::size_t i, std::size_t j) const {  // draws where i beats j (value_i > value_j)
    assert(i < scenarios_ && j < scenarios_);
    return wins_[i * scenarios_ + j];
  }
  std::uint64_t compared(std::size_t i, std::size_t j) const;  // draws where both values are finite
  std::uint64_t skipped(std::size_t i, std::size_t j) const;   // draws where either value is non-finite

  // wins / compared; NaN when no draw was compared. probability(i, i) = 0 (strict comparison).
  double probability(std::size_t i, std::size_t j) const;
  // Wilson (1927) score interval at the two-sided level (0, 1), e.g. 0.95; {NaN, NaN} when nothing was compared.
  PairwiseInterval interval(std::size_t i, std::size_t j, double level = 0.95) const;
  // The S x S matrix of probability(i, j), row-major (the HDF5 /scenarios/ranking dataset).
  std::vector<double> probability_matrix() const;

  // Flat form (exact integer counts). decode() checks the sizes and that the counts are those of one sequence of
  // draws (every pair compared or skipped on each draw, wins within the compared draws) and throws CorruptState
  // otherwise.
  void encode(ByteWriter& out) const;
  static PairwiseRanking decode(ByteReader& in);

 private:
  std::size_t pair(std::size_t i, std::size_t j) const {
    assert(i < scenarios_ && j < scenarios_);
    return i < j ? i * scenarios_ + j : j * scenarios_ + i;
  }

  std::size_t scenarios_ = 0;
  std::vector<std::uint64_t> wins_;      // S x S, [i][j] = draws with value_i > value_j
  std::vector<std::uint64_t> compared_;  // S x S, used for i <= j (the diagonal: finite values of i)
  std::vector<std::uint64_t> skipped_;   // S x S, used for i <= j
};

}  // namespace mcsens
