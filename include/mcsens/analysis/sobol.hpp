// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mcsens {

class ByteWriter;
class ByteReader;

// ---------------------------------------------------------------------------------------------------------------
// Saltelli design (Saltelli 2002, Comput. Phys. Commun. 145:280; Saltelli et al. 2010, Comput. Phys. Commun.
// 181:259). Base sample j is one point u_j of dimension 2k in [0,1): A_j = u_j[0..k), B_j = u_j[k..2k).
// Its design rows are A_j, B_j, AB^i_j (A_j with column i taken from B_j) for i = 0..k-1 and, with second order,
// BA^i_j (B_j with column i taken from A_j).
// ---------------------------------------------------------------------------------------------------------------

// Rows per base sample: k + 2, or 2k + 2 with second order.
std::size_t sobol_rows_per_base(std::size_t k, bool second_order);

// Model evaluations for N base samples: N (k + 2), or N (2k + 2) with second order.
std::uint64_t sobol_cost(std::uint64_t N, std::size_t k, bool second_order);

// Writes the design rows of n consecutive base samples.
//   unit:    structure of arrays, coordinate d < 2k of base sample j < n at unit[d * unit_stride + j].
//   columns: k output arrays (one per input), each with room for n * sobol_rows_per_base(k, second_order) rows.
// Layout ("group-major"): group g = 0 (A), 1 (B), 2 + i (AB^i), 2 + k + i (BA^i); the row of base sample j in
// group g is g * n + j. So the model outputs y of a block split without copying into the arguments of
// SobolAccumulator::add: fA = y, fB = y + n, fAB[i] = y + (2 + i) n, fBA[i] = y + (2 + k + i) n (see
// SobolAccumulator::add_design_block). Thread-safe; no allocation.
void sobol_design_block(const double* unit, std::size_t unit_stride, std::size_t n, std::size_t k, bool second_order,
                        double* const* columns);

// One column of sobol_design_block: input `input`'s values in every group, from its values a[j] in A and b[j] in B
// (base sample j < n). It only copies, so it serves unit coordinates and, for inputs mapped one by one (no
// copula), their physical values alike.
void sobol_design_column(const double* a, const double* b, std::size_t n, std::size_t input, std::size_t k,
                         bool second_order, double* column);

// ---------------------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------------------

struct SobolResult {
  std::size_t k = 0;
  std::uint64_t N = 0;                // base samples used (finite ones)
  std::uint64_t nonfinite_bases = 0;  // base samples dropped because one of their rows gave a non-finite output
  bool second_order = false;
  double confidence = 0.95;
  // "bootstrap" (percentile, over base samples), "batch-means" (Student t) or, set by the engine's design for
  // randomized QMC, "rqmc-t" (Student t over independent scrambles: batch means with one batch per replicate).
  std::string interval_method;
  std::size_t bootstrap_resamples = 0;  // B when interval_method == "bootstrap"
  std::size_t batches = 0;              // batches (replicates for "rqmc-t") when interval_method is not "bootstrap"
  std::string first_order_estimator = "saltelli2010";
  std::string total_order_estimator = "jansen1999";
  std::string second_order_estimator = "saltelli2002";
  double mean = 0.0;      // mean of the combined A and B outputs
  double variance = 0.0;  // population variance of the combined A and B outputs (the index denominator)
  // True when the output has zero variance (or fewer than 2 finite base samples): every index is NaN then.
  bool zero_variance = false;
  std::vector<double> S1, S1_low, S1_high;  // k each
  std::vector<double> ST, ST_low, ST_high;  // k each
  // k x k row-major, S2[i * k + j] for i < j; NaN on and below the diagonal (and everywhere without second order).
  std::vector<double> S2, S2_low, S2_high;
  // With estimate(..., with_replicates): the replicate estimates behind the intervals, per bootstrap resample or
  // batch (B of them) its variance and its S1 and ST (B x k, replicate-major), for the indices aggregated over the
  // elements of an array output (aggregate_sobol). Empty otherwise, and when the interval has no replicates.
  std::vector<double> replicate_variance;
  std::vector<double> replicate_S1, replicate_ST;
};

// The interval contains 0 (or is not a real interval): the index cannot be told apart from zero at its confidence.
bool not_distinguishable_from_zero(double low, double high);

// ---------------------------------------------------------------------------------------------------------------
// Accumulator
// ---------------------------------------------------------------------------------------------------------------

struct SobolOptions {
  // Total base samples of the analysis (the engine's N): batch-means batches are cut by base index against it, so
  // they do not depend on threads or chunks. Must be > 0 and cover every base index added.
  std::uint64_t base_samples = 0;
  // Cap on the per-base values kept for the bootstrap, in bytes, for this accumulator (one output). While
  // base_samples * sobol_rows_per_base(k, second_order) * 8 bytes fit, values are kept and intervals come from the
  // bootstrap; beyond it nothing grows with N and intervals are batch means. The engine divides its per-analysis
  // budget (256 MiB by default) by the number of outputs.
  std::size_t memory_cap_bytes = std::size_t{256} << 20;
  std::size_t bootstrap_resamples = 1000;  // B of the percentile bootstrap
  std::size_t batches = 32;                // batch count of the batch-means interval (>= 2)
  // Work cap of the bootstrap, whose cost grows like bootstrap_resamples x N: with more base samples than this
  // (0 for a design whose intervals never come from the bootstrap, such as randomized-QMC replicates), no value is
  // kept, the sums stream from the first base (memory flat in N) and intervals are batch means. The default keeps
  // the bootstrap at every N that fits memory_cap_bytes.
  std::uint64_t bootstrap_max_bases = ~std::uint64_t{0};
};

namespace detail {
struct SobolAccumulatorData;
}

// Accumulates the model outputs of one output over consecutive base samples [first_base(), end_base()).
// The results are identical to the bit for any way the base range is cut into consecutive pieces that are added
// separately and merged in base order (left.merge(right)): kept values are concatenated; the streamed mode sums
// segments of up to 512 bases cut at fixed base indices (in double, shifted by a value of the segment), adds each
// segment's sums to exact per-batch sums (a fixed-point accumulator covering every double), and keeps the rows of a
// segment cut by a piece's edge until a merge completes it.
// A base sample with a non-finite output in any of its rows is dropped and counted (SobolResult::nonfinite_bases).
// Not thread-safe; one accumulator per thread or chunk, then merge.
class SobolAccumulator {
 public:
  SobolAccumulator(std::size_t k, bool second_order, SobolOptions options);
  ~SobolAccumulator();
  SobolAccumulator(const SobolAccumulator& other);
  SobolAccumulator& operator=(const SobolAccumulator& other);
  SobolAccumulator(SobolAccumulator&&) noexcept;
  SobolAccumulator& operator=(SobolAccumulator&&) noexcept;

  // Base samples first_base .. first_base + n - 1, which must follow the ones already added (or be the first
  // ones). fAB[i] (and fBA[i] with second order) point at n values each; fBA must be null without second order.
  // Throws std::invalid_argument on a gap, an overlap or a base index >= options.base_samples.
  void add(std::uint64_t first_base, std::size_t n, const double* fA, const double* fB, const double* const* fAB,
           const double* const* fBA);
  // Same, from the outputs of one block of sobol_design_block rows (group-major layout, n * rows_per_base values).
  void add_design_block(std::uint64_t first_base, std::size_t n, const double* y);
  // Appends `right`, whose base samples must start where this one's end (an empty side is always accepted).
  void merge(const SobolAccumulator& right);

  std::size_t k() const { return k_; }
  bool second_order() const { return second_order_; }
  std::uint64_t first_base() const;
  std::uint64_t end_base() const;
  // False when streamed: beyond the bootstrap's work cap from the start, or once the kept values would exceed the
  // memory cap (batch-means intervals either way).
  bool keeps_values() const;

  // Flat form for MPI, shards and checkpoints: decode(encode()) restores an accumulator that merges and estimates
  // to the same bits. Native byte order (same-architecture transport). decode() checks the options, the sizes and
  // the consistency of the counts, base ranges, kept values and exact sums, and throws CorruptState through the
  // reader on anything it would not have written.
  void encode(ByteWriter& out) const;
  static SobolAccumulator decode(ByteReader& in);

  // Indices and their intervals at `confidence` (in (0,1)); the bootstrap draws are a pure function of
  // bootstrap_seed (rng/resampling_stream.hpp, purposes kSobolBootstrapCounts and kSobolBootstrapRows). The
  // bootstrap runs on `threads` threads (0: the OpenMP default); the result is the same to the bit for any number.
  // Const and deterministic. with_replicates: the result keeps the replicate estimates (SobolResult::replicate_*).
  SobolResult estimate(double confidence, std::uint64_t bootstrap_seed, int threads = 0,
                       bool with_replicates = false) const;

 private:
  std::size_t k_;
  bool second_order_;
  SobolOptions options_;
  std::unique_ptr<detail::SobolAccumulatorData> state_;
};

}  // namespace mcsens
