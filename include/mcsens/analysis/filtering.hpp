// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace mcsens {

class ByteWriter;
class ByteReader;

// Monte Carlo filtering, or regional sensitivity analysis (Spear and Hornberger 1980, Water Res. 14:43; Saltelli et
// al. 2008, Global Sensitivity Analysis: The Primer, ch. 5): the draws are split by a claim into those where it
// holds and those where it fails, and each input's two conditional distributions are compared with the two-sample
// Kolmogorov-Smirnov distance. An input whose distribution differs between the groups drives the claim.

// One input's result.
struct FilteringInput {
  double ks_distance = 0.0;  // D = max |F_hold - F_fail| over the bin edges, in [0, 1]; NaN if a group is empty
  double p_value = 1.0;      // asymptotic P(D_random >= D) under "same law", Stephens-corrected; NaN like D
  std::vector<double> hold_quantiles;  // the input's quantiles in the holding group, one per requested probability
  std::uint64_t n_hold = 0;            // holding draws with a finite value of this input
  std::uint64_t n_fail = 0;            // failing draws with a finite value of this input
};

struct FilteringResult {
  std::uint64_t n_hold = 0;     // draws where the claim holds (indicator != 0)
  std::uint64_t n_fail = 0;     // draws where it fails (indicator == 0)
  std::uint64_t n_skipped = 0;  // draws with a NaN indicator
  std::vector<FilteringInput> inputs;
};

// Streaming, mergeable accumulator for one claim. Each input's values are binned on its [low, high] range into
// `bins` equal-width bins plus an underflow (< low) and an overflow (> high) count, separately for the holding and
// the failing draws. Integer counts make merge() exact and independent of the order of merging.
//
// Binning and exactness: the empirical CDFs are known exactly at the bin edges, so the reported D is the exact
// two-sample KS distance restricted to those edges: a lower bound of the continuous D, short of it by at most the
// largest probability mass of one bin in either group (about 1/bins for a range that covers the bulk). Values
// outside [low, high] go to the under/overflow counts: they are counted in the CDFs (D stays exact at low and at
// high) but their location inside the tail is unknown. The engine takes the ranges from a deterministic pilot.
class FilteringAccumulator {
 public:
  FilteringAccumulator() = default;
  // ranges: one [low, high] per input with low < high, both finite; bins >= 1. Throws mcsens::Error otherwise.
  FilteringAccumulator(std::size_t inputs, std::vector<std::pair<double, double>> ranges, std::size_t bins = 1000);

  // inputs: k arrays of n values (k = inputs()); indicator: n values, 0 = fails, NaN = skipped (the draw is left
  // out of every statistic and counted in n_skipped), any other value = holds. A non-finite input value is left out
  // of that input's counts only. Not thread-safe on one object: give each thread its own and merge.
  void add(const double* const* inputs, const double* indicator, std::size_t n);

  // Adds another accumulator's counts; its inputs, ranges and bins must be identical (throws mcsens::Error).
  void merge(const FilteringAccumulator& other);

  // D, p-value and holding-group quantiles at `probabilities` (each in [0, 1]) for every input. A quantile is
  // interpolated linearly inside its bin (continuous rank p * n_hold); one that falls in the underflow gives
  // -infinity, in the overflow +infinity (it lies outside the binned range); NaN when the holding group is empty.
  FilteringResult result(const std::vector<double>& probabilities = {}) const;

  std::size_t inputs() const { return inputs_; }
  std::size_t bins() const { return bins_; }
  const std::vector<std::pair<double, double>>& ranges() const { return ranges_; }
  std::uint64_t n_hold() const { return n_hold_; }
  std::uint64_t n_fail() const { return n_fail_; }
  std::uint64_t n_skipped() const { return n_skipped_; }
  // Counts of input j in the holding (hold = true) or failing group: bins + 2 values, [0] underflow, [1..bins] the
  // bins from low to high, [bins + 1] overflow.
  const std::uint64_t* counts(std::size_t j, bool hold) const;

  // Flat form for MPI, shards and checkpoints (exact integer counts). decode() checks the ranges and bins as the
  // constructor does, the sizes against the header and each input's counts against the group sizes, and throws
  // CorruptState otherwise.
  void encode(ByteWriter& out) const;
  static FilteringAccumulator decode(ByteReader& in);

 private:
  std::size_t slot(std::size_t j, bool hold) const { return (2 * j + (hold ? 0 : 1)) * (bins_ + 2); }

  std::size_t inputs_ = 0;
  std::size_t bins_ = 0;
  std::vector<std::pair<double, double>> ranges_;
  std::vector<double> scale_;          // bins / (high - low) per input
  std::vector<std::uint64_t> counts_;  // per input: hold (bins + 2), then fail (bins + 2)
  std::uint64_t n_hold_ = 0;
  std::uint64_t n_fail_ = 0;
  std::uint64_t n_skipped_ = 0;
};

// The inputs sorted by decreasing KS distance (the top drivers first); ties keep input order, NaN D last.
std::vector<std::size_t> rank_by_ks_distance(const FilteringResult& result);

// The Kolmogorov survival function Q_KS(lambda) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2) (Press et al. 2007,
// Numerical Recipes 3rd ed., sec. 6.14 and 14.3.3); 1 for lambda <= 0. Accurate to ~1e-15 absolute for all lambda.
double kolmogorov_q(double lambda);

// Asymptotic p-value of a two-sample KS distance D with group sizes n1, n2: Q_KS((sqrt(ne) + 0.12 + 0.11/sqrt(ne)) D)
// with ne = n1 n2 / (n1 + n2) (Stephens 1970 correction, Numerical Recipes 3rd ed. sec. 14.3.3). NaN when a group
// is empty.
double ks_two_sample_p_value(double D, std::uint64_t n1, std::uint64_t n2);

}  // namespace mcsens
