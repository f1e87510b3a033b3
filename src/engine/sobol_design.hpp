// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/design_workspace.hpp"
#include "engine/sensitivity_targets.hpp"
#include "mcsens/analysis/sobol.hpp"
#include "mcsens/config/problem_spec.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "mcsens/sampling/sampler.hpp"

namespace mcsens {

// The Sobol' accumulators of every target over some base samples (merged in base-sample order).
struct SobolDesignState {
  // One per target, or per element of an array target (its elements consecutive, in the targets' order).
  std::vector<SobolAccumulator> accumulators;
  FailureCounts failures;  // the design's model runs that failed, by reason
  void merge(const SobolDesignState& other);
};

// Saltelli's design as a Design (see chunked_job.hpp): base samples of a 2k-dimensional design (scrambled Sobol'
// by default, from a stream of its own so that it never reuses the uncertainty draws), each expanded into k + 2
// (or 2k + 2) rows through the parameter space and the model. S1 (Saltelli 2010), ST (Jansen 1999), S2
// (Saltelli 2002). With the sobol sampler (the default) the base samples are R independently scrambled Sobol'
// sequences (randomized QMC, R = replicates), replicate r owning bases [r N / R, (r + 1) N / R), and the intervals
// are Student t over the R replicate estimates (the accumulator's batch means with one batch per replicate); N is
// rounded up to R x 2^m. With mc or lhs, bootstrap or batch-means intervals over i.i.d. base samples.
class SobolDesign {
 public:
  using State = SobolDesignState;
  struct Workspace {
    DesignWorkspace design;
    std::vector<double> base_unit;
    std::vector<double> base_phys;  // A's then B's physical values (map_bases), block_ rows per parameter
  };

  // Throws mcsens::Error (at the [sensitivity] table) when the model has no uncertain input.
  SobolDesign(const Problem& problem, const SobolSpec& spec, const Settings& settings);

  std::uint64_t items() const { return spec_.base_samples; }
  std::uint64_t chunk_size() const;
  const State& prototype() const { return prototype_; }
  std::unique_ptr<Workspace> make_workspace() const;
  void run_chunk(Workspace& ws, std::uint64_t first, std::uint64_t last, State& state) const;
  static void encode(const State& state, ByteWriter& out);
  static State decode(ByteReader& in);

  // Per target its results, one per element (one for a scalar target), at the spec's confidence; the bootstrap on
  // `threads` threads (same bits for any). Every element of a target draws the same bootstrap resamples.
  std::vector<std::vector<SobolResult>> estimate(const State& state, int threads) const;
  std::uint64_t evaluations() const;               // N (k + 2) or N (2k + 2)
  const SobolSpec& spec() const { return spec_; }  // base_samples as run (rounded up for the sobol sampler)
  std::uint64_t requested_base_samples() const { return requested_; }
  std::size_t replicates() const { return replicates_; }  // 1 unless the sampler is sobol

 private:
  void fill_bases(std::uint64_t first, std::size_t n, double* unit) const;
  void map_bases(Workspace& ws, std::size_t n) const;

  const Problem* problem_;
  std::uint64_t requested_;
  std::size_t replicates_;
  SobolSpec spec_;
  std::uint64_t seed_;
  std::size_t k_;
  std::vector<SensitivityTarget> targets_;
  std::size_t per_base_;
  std::size_t block_;
  bool map_bases_;  // no copula: map A and B once and copy values into the design rows (map_bases)
  Sampler sampler_;
  State prototype_;
};

}  // namespace mcsens
