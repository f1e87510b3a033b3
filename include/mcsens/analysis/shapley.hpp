// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mcsens {

class ByteWriter;
class ByteReader;

// ---------------------------------------------------------------------------------------------------------------
// Shapley effects (Owen 2014, SIAM/ASA J. Uncertainty Quantification 2:245; Song, Nelson & Staum 2016, SIAM/ASA
// JUQ 4:1060): the share of Var(Y) each input is owed when the variance is split by the Shapley value of the game
// c(u) = E[Var(Y | X_{-u})] (Song et al.'s cost; its Shapley value equals that of Var(E[Y | X_u])),
//
//   Sh_j = sum over u not containing j of  |u|! (k - |u| - 1)! / k!  [c(u + j) - c(u)]  /  Var(Y),
//
// well defined for dependent inputs, and free of any order of the inputs: each input is treated alike. They are
// non-negative (c grows with u: conditioning on less leaves more variance) and sum to 1 (c(all) = Var(Y),
// c(empty) = 0).
//
// Estimation. An item is one outer point of the inputs (exact: every subset u) or one random permutation (random).
// Per item a base point x ~ X is drawn; for a subset u the coordinates outside u are held at x's and `inner` points
// are drawn from X_u given X_{-u} (conditional sampling); the sample variance of Y over them estimates c(u) without
// bias (Song et al. 2016, sec. 4). c(all) is the sample variance of `inner` independent draws of X. With every
// subset (exact) the item's contribution to Sh_j's numerator is the formula above; with a random permutation pi it
// is c(P_j + j) - c(P_j), P_j the inputs before j in pi (Castro et al. 2009; Song et al.'s Algorithm 1 with
// N_O = 1). Numerators and c(all) are summed over items; Sh_j is their ratio, so the effects sum to 1 in every
// estimate. Intervals: batch means over `blocks` consecutive, equal blocks of items (independent), Student t.
// ---------------------------------------------------------------------------------------------------------------

// Up to this many uncertain inputs method "auto" takes every subset (2^k - 1 of them per outer point: 63 at
// k = 6); beyond, random permutations (k points per permutation and inner draw). Measured at equal model runs on
// linear models with correlated Gaussian inputs (docs/methods-sensitivity.md): every subset gives the narrower
// intervals at k = 4 and 6, random permutations at k = 8.
constexpr std::size_t kShapleyExactAutoInputs = 6;
// method "exact" is refused beyond this many inputs (2^16 - 1 subsets per outer point).
constexpr std::size_t kShapleyExactMaxInputs = 16;

// |u|! (k - |u| - 1)! / k!: the weight of a subset of size s (s < k) in the Shapley value over k players.
double shapley_weight(std::size_t k, std::size_t s);

// Exact numerators of one item: cost[m] = the item's estimate of c(u) for the subset with bit mask m
// (m < 2^k, cost[0] = 0, cost[2^k - 1] = c(all)) -> out[j] = sum over u not containing j of
// shapley_weight(k, |u|) (cost[u + j] - cost[u]). The out[j] sum to cost[2^k - 1] (up to rounding).
void shapley_exact_numerators(std::size_t k, const double* cost, double* out);

// Numerators of one random permutation: order[0..k) the permutation, prefix_cost[j] = c({order[0..j]}) for
// j < k - 1, full = c(all) -> out[order[j]] = prefix_cost[j] - prefix_cost[j - 1] (with c(empty) = 0 and
// prefix_cost[k - 1] = full).
void shapley_permutation_numerators(const std::size_t* order, std::size_t k, const double* prefix_cost, double full,
                                    double* out);

// Draws of a standard Gaussian vector z ~ N(0, C) (C a k x k correlation matrix, positive definite) with some
// coordinates held: for the `vary` coordinates, z_v | z_f ~ N(C_vf C_ff^-1 z_f, C_vv - C_vf C_ff^-1 C_fv), the
// conditional normal in closed form (e.g. Anderson 2003, Theorem 2.5.1). Immutable after construction.
class GaussianConditional {
 public:
  // vary: the coordinates drawn, increasing, non-empty. Throws std::invalid_argument when C is not positive definite.
  GaussianConditional(const std::vector<double>& c, std::size_t k, std::vector<std::size_t> vary);
  // The held coordinates' contribution: mean[i] = (C_vf C_ff^-1 z_f)_i for the i-th varied coordinate.
  void conditional_mean(const double* z, double* mean) const;
  // z[vary[i]] = mean[i] + (L eta)_i, L L^T the conditional covariance; eta: |vary| standard normals.
  void draw(const double* mean, const double* eta, double* z) const;
  const std::vector<std::size_t>& vary() const { return vary_; }

 private:
  std::size_t k_;
  std::vector<std::size_t> vary_;
  std::vector<std::size_t> fixed_;
  std::vector<double> gain_;      // |vary| x |fixed|, row-major: C_vf C_ff^-1
  std::vector<double> cholesky_;  // |vary| x |vary|, row-major lower triangular
};

// Lower Cholesky factor of the n x n row-major symmetric a; false when a is not positive definite.
bool shapley_cholesky(const std::vector<double>& a, std::size_t n, std::vector<double>& l);

struct ShapleyResult {
  std::size_t k = 0;
  std::string method;               // "exact" (every subset) or "random" (random permutations)
  std::uint64_t items = 0;          // outer points (exact) or permutations (random) used
  std::uint64_t failed = 0;         // items dropped because the target was not finite at one of their points
  std::size_t inner = 0;            // conditional draws per subset
  double variance = 0;              // Var(Y), the mean of the items' c(all)
  std::vector<double> effects;      // Sh_j, variance shares summing to 1
  std::vector<double> effects_low;  // batch-means interval
  std::vector<double> effects_high;
  double confidence = 0.95;
  std::string interval_method = "batch_means";
  std::size_t blocks = 0;  // blocks of items the interval is computed over
};

// The sums of items' numerators and c(all) per block of consecutive items, merged in item order. The estimate
// depends only on which items went into which block, never on chunking or threads (sums are added in the fixed
// order of the engine's merge tree). Not thread-safe.
class ShapleyAccumulator {
 public:
  ShapleyAccumulator(std::size_t k, std::size_t blocks);

  // One item of block `block`: its numerators (k) and its c(all).
  void add(std::size_t block, const double* numerators, double full);
  // One item of block `block` whose target was not finite somewhere: dropped.
  void add_failed(std::size_t block);
  void merge(const ShapleyAccumulator& right);

  std::size_t k() const { return k_; }
  std::size_t blocks() const { return blocks_; }
  std::uint64_t items() const;
  std::uint64_t failed() const;

  void encode(ByteWriter& out) const;
  static ShapleyAccumulator decode(ByteReader& in);  // throws CorruptState through the reader

  // Effects and their batch-means intervals at `confidence` (NaN when fewer than 2 blocks hold items, or when the
  // variance is not positive).
  ShapleyResult estimate(double confidence) const;

 private:
  std::size_t k_;
  std::size_t blocks_;
  std::vector<double> numerators_;  // blocks x k
  std::vector<double> full_;        // blocks
  std::vector<std::uint64_t> items_;
  std::vector<std::uint64_t> failed_;
};

}  // namespace mcsens
