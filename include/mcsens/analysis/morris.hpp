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
// Morris 1991 (Technometrics 33:161) elementary effects, one-at-a-time trajectories on a p-level grid.
//
// Convention (unit cube -> inverse CDFs). Morris' grid is x in {0, 1/(p-1), ..., 1} with the step
// Delta = p / (2 (p-1)), i.e. p/2 levels. Grid ends 0 and 1 have no finite quantile for unbounded laws, so mcsens
// puts level l at the centre of the l-th of p equal-probability strata: u = (l + 0.5) / p, an affine image of
// Morris' grid (x = l / (p-1)). In u the step of p/2 levels is exactly 1/2 (kMorrisUnitStep), and the elementary
// effect is EE_i = (y(u + s e_i / 2) - y(u)) / (s / 2): output units per unit of input probability, the same unit
// SALib reports for inputs scaled from [0,1]. For an input uniform on [lo, hi] the effect per physical unit is
// EE_i / (hi - lo). For y = sum c_i u_i every EE_i is c_i exactly.
// ---------------------------------------------------------------------------------------------------------------

constexpr double kMorrisUnitStep = 0.5;

// Morris' Delta on the level grid {0, 1/(p-1), ..., 1}: p / (2 (p - 1)). levels must be even and >= 2.
double morris_delta(int levels);
// The unit coordinate of level l in [0, p): (l + 0.5) / p, strictly inside (0, 1).
double morris_unit_level(int level, int levels);

// One trajectory: k + 1 points, each after the first moves one input by +-1/2 in u (p/2 levels).
struct MorrisTrajectory {
  std::size_t k = 0;
  std::vector<double> points;      // (k + 1) x k row-major unit coordinates, strictly inside (0, 1)
  std::vector<std::size_t> order;  // order[s] = the input moved between point s and point s + 1
  std::vector<int> direction;      // direction[i] = +1 (u increases) or -1: the move of input i
};

// Trajectory `index` of the stream `seed` (Morris 1991 / Campolongo et al. 2007, eq. 2): a base level per input
// drawn uniformly from {0, .., p/2 - 1}, a random direction per input (starting from the upper level when -1) and
// a random order of the k moves. A pure function of (seed, index, k, levels): any range of trajectories can be
// built on any thread or rank.
MorrisTrajectory morris_trajectory(std::uint64_t seed, std::uint64_t index, std::size_t k, int levels);

// Campolongo et al. 2007 (Environ. Model. Softw. 22:1509) spread selection: out of the candidate trajectories
// 0 .. candidates-1 of `seed`, r that (approximately) maximize sqrt(sum over selected pairs of d(m, l)^2), with
// d(m, l) = sum over points a of m and b of l of |X_a^m - X_b^l| (Euclidean, in u). Exact maximization is
// combinatorial; this is the greedy version (Ruano et al. 2012): start from the farthest pair, then repeatedly add
// the candidate with the largest sum of squared distances to the selected ones. Returns r distinct trajectory
// indices in increasing order. Cost O(candidates^2 k^3) time and candidates^2 doubles of memory; candidates is
// typically 4r to 10r. Throws std::invalid_argument when r > candidates or r < 2.
std::vector<std::uint64_t> campolongo_select(std::uint64_t seed, std::uint64_t candidates, std::size_t r, std::size_t k,
                                             int levels);

struct MorrisResult {
  std::size_t k = 0;
  std::size_t trajectories = 0;
  std::vector<std::size_t> effects;  // finite elementary effects per input (a non-finite output drops the EE)
  std::vector<double> mu;            // mean EE_i
  std::vector<double> mu_star;       // mean |EE_i| (Campolongo et al. 2007)
  std::vector<double> sigma;         // sd of EE_i (n - 1); NaN with fewer than 2 effects
  std::vector<double> mu_star_low, mu_star_high;  // percentile bootstrap over trajectories
  double confidence = 0.95;
  std::string interval_method = "bootstrap";
  std::size_t bootstrap_resamples = 0;
};

// Elementary effects of one output, r x k doubles (small: kept whole). Trajectories are added and merged in the
// engine's trajectory order (left.merge(right)); the result depends only on that sequence. Not thread-safe.
class MorrisAccumulator {
 public:
  explicit MorrisAccumulator(std::size_t k);

  // y: the output at the k + 1 points of t, in point order.
  void add(const MorrisTrajectory& t, const double* y);
  void merge(const MorrisAccumulator& right);

  std::size_t k() const { return k_; }
  std::size_t trajectories() const { return effects_.size() / (k_ == 0 ? 1 : k_); }
  const std::vector<double>& effects() const { return effects_; }  // r x k row-major, NaN when not finite

  // Flat form for MPI, shards and checkpoints (native byte order); decode() throws CorruptState through the reader
  // on a truncated, foreign or inconsistent state.
  void encode(ByteWriter& out) const;
  static MorrisAccumulator decode(ByteReader& in);

  // Bootstrap resamples trajectories with replacement (`resamples` times; resample b draws from the stream
  // (seed, kMorrisBootstrap, b) of rng/resampling_stream.hpp), on `threads` threads (0: the OpenMP default) with
  // the same bits for any number.
  MorrisResult estimate(double confidence, std::uint64_t seed, std::size_t resamples = 1000, int threads = 0) const;

 private:
  std::size_t k_;
  std::vector<double> effects_;
};

}  // namespace mcsens
