// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/design_workspace.hpp"
#include "engine/sensitivity_targets.hpp"
#include "mcsens/analysis/shapley.hpp"
#include "mcsens/config/problem_spec.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens {

// The Shapley accumulators of every target over some items (merged in item order).
struct ShapleyDesignState {
  std::vector<ShapleyAccumulator> accumulators;  // one per target
  FailureCounts failures;                        // the design's model runs that failed, by reason
  void merge(const ShapleyDesignState& other);
};

// Shapley effects (analysis/shapley.hpp) as a Design (see chunked_job.hpp). An item is an outer point with every
// subset (method exact) or a random permutation with one outer point (method random). Conditional draws go through
// the Gaussian copula in closed form: the normal scores z ~ N(0, R) of ParameterSpace::latent_correlation(), the
// varied ones drawn from their conditional normal given the held ones, then every marginal's inverse CDF of Phi(z).
// The base point is itself one of each subset's inner draws (it is a draw of X_u given its own X_{-u}), so an
// item costs 1 + (2^k - 1)(inner - 1) model runs (exact) or 1 + k (inner - 1) (random). Randomness from a stream of
// its own: (seed ^ kShapleyStream, item, counter) Philox uniforms.
class ShapleyDesign {
 public:
  using State = ShapleyDesignState;
  struct Workspace {
    DesignWorkspace design;
    std::vector<double> base, row, mean, eta, cost, numerators, prefix;
    std::vector<std::size_t> order;
  };

  // Throws mcsens::Error (at the [sensitivity] shapley table) when the model has no uncertain input or method
  // "exact" is asked for more than kShapleyExactMaxInputs inputs.
  ShapleyDesign(const Problem& problem, const ShapleySpec& spec, const Settings& settings);

  std::uint64_t items() const { return items_; }
  std::uint64_t chunk_size() const { return chunk_; }
  const State& prototype() const { return prototype_; }
  std::unique_ptr<Workspace> make_workspace() const;
  void run_chunk(Workspace& ws, std::uint64_t first, std::uint64_t last, State& state) const;
  static void encode(const State& state, ByteWriter& out);
  static State decode(ByteReader& in);

  // One result per target, intervals at `confidence`.
  std::vector<ShapleyResult> estimate(const State& state, double confidence) const;
  bool exact() const { return exact_; }
  std::uint64_t rows_per_item() const { return rows_; }
  std::uint64_t evaluations() const { return items_ * rows_; }
  const ShapleySpec& spec() const { return spec_; }

 private:
  void fill_rows(Workspace& ws, std::uint64_t item) const;
  const Problem* problem_;
  ShapleySpec spec_;
  std::size_t k_;
  bool exact_;
  std::uint64_t items_;
  std::uint64_t rows_;
  std::uint64_t chunk_;
  std::vector<SensitivityTarget> targets_;
  std::uint64_t seed_;
  std::vector<double> correlation_;                // k x k, the normal scores' correlation
  std::vector<GaussianConditional> conditionals_;  // exact: subset mask m at m - 1; random: the full set only
  State prototype_;
};

}  // namespace mcsens
