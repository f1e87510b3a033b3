// SPDX-License-Identifier: MIT
#include "engine/shapley_design.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/state_codec.hpp"
#include "mcsens/error.hpp"
#include "mcsens/rng/philox.hpp"
#include "mcsens/space/normal.hpp"

namespace mcsens {

namespace {

// The Shapley design draws from streams of its own, so that it never reuses the uncertainty draws: normal scores
// from kShapleyStream, the random permutations from kShapleyOrderStream.
constexpr std::uint64_t kShapleyStream = 0x5a9e1e7000ull;
constexpr std::uint64_t kShapleyOrderStream = 0x5a9e1e7001ull;
// Model rows per chunk, about: a chunk holds whole items.
constexpr std::uint64_t kRowsPerChunk = 4096;
// The largest workspace of one thread (an item's rows: normal scores, inputs, targets).
constexpr double kMaxWorkspaceBytes = 512.0 * 1024 * 1024;

std::size_t checked_dimensions(const Problem& p, const ShapleySpec& s) {
  if (p.space().dimensions() == 0) throw Error("sensitivity.shapley: the model has no uncertain input", s.location);
  return p.space().dimensions();
}

bool use_exact(const ShapleySpec& s, std::size_t k) {
  if (s.method == "exact") {
    if (k > kShapleyExactMaxInputs) {
      throw Error("sensitivity.shapley.method = \"exact\" takes every subset of the inputs, 2^" + std::to_string(k) +
                      " - 1 of them per outer point here; it is limited to " + std::to_string(kShapleyExactMaxInputs) +
                      " uncertain inputs (use method = \"random\")",
                  s.method_location);
    }
    return true;
  }
  if (s.method == "random") return false;
  return k <= kShapleyExactAutoInputs;
}

double sample_variance(const double* y, std::size_t n) {
  double mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) mean += y[i];
  mean /= static_cast<double>(n);
  double m2 = 0.0;
  for (std::size_t i = 0; i < n; ++i) m2 += (y[i] - mean) * (y[i] - mean);
  return m2 / static_cast<double>(n - 1);
}

}  // namespace

void ShapleyDesignState::merge(const ShapleyDesignState& other) {
  for (size_t i = 0; i < accumulators.size(); ++i) accumulators[i].merge(other.accumulators[i]);
  failures.merge(other.failures);
}

ShapleyDesign::ShapleyDesign(const Problem& problem, const ShapleySpec& spec, const Settings& settings)
    : problem_(&problem),
      spec_(spec),
      k_(checked_dimensions(problem, spec)),
      exact_(use_exact(spec, k_)),
      items_(exact_ ? spec.outer : spec.permutations),
      targets_(sensitivity_targets(problem)),
      seed_(settings.seed ^ kShapleyStream),
      correlation_(problem.space().latent_correlation()) {
  const std::uint64_t inner = spec_.inner;
  rows_ = exact_ ? 1 + ((std::uint64_t{1} << k_) - 1) * (inner - 1) : 1 + k_ * (inner - 1);
  chunk_ = std::max<std::uint64_t>(1, kRowsPerChunk / rows_);
  // One item's rows are evaluated at once: their normal scores, inputs and targets must fit a thread's workspace.
  const double row_bytes = 8.0 * static_cast<double>(k_ + problem.space().size() + problem.num_columns());
  if (static_cast<double>(rows_) * row_bytes > kMaxWorkspaceBytes) {
    throw Error("sensitivity.shapley: " + std::to_string(rows_) + " model runs per " +
                    (exact_ ? "outer point (every subset of " : "permutation (") + std::to_string(k_) +
                    " inputs, inner = " + std::to_string(inner) + ") would need more than 512 MB per thread; lower " +
                    "inner" + (exact_ ? " or use method = \"random\"" : ""),
                spec.location);
  }
  // Normal scores per item (Philox counters): k for the base point, then inner - 1 per varied coordinate.
  const double k = static_cast<double>(k_);
  const double scores =
      k + static_cast<double>(inner - 1) * (exact_ ? k * std::ldexp(1.0, static_cast<int>(k_) - 1) : k * (k + 1) / 2);
  if (scores >= 4294967296.0) {
    throw Error("sensitivity.shapley: " + std::to_string(k_) + " inputs with inner = " + std::to_string(inner) +
                    " need more random numbers per item than the design's stream has (2^32); lower inner",
                spec.location);
  }
  try {
    if (exact_) {
      for (std::uint64_t m = 1; m < (std::uint64_t{1} << k_); ++m) {
        std::vector<std::size_t> vary;
        for (std::size_t d = 0; d < k_; ++d) {
          if (m & (std::uint64_t{1} << d)) vary.push_back(d);
        }
        conditionals_.emplace_back(correlation_, k_, std::move(vary));
      }
    } else {
      std::vector<std::size_t> all(k_);
      for (std::size_t d = 0; d < k_; ++d) all[d] = d;
      conditionals_.emplace_back(correlation_, k_, std::move(all));
    }
  } catch (const std::invalid_argument&) {
    // The copula's matrix was checked positive definite; a sub-block can still be too close to singular.
    throw Error("sensitivity.shapley: the correlation matrix is too close to singular for conditional sampling",
                spec.location);
  }
  for (size_t t = 0; t < targets_.size(); ++t) prototype_.accumulators.emplace_back(k_, spec_.blocks);
}

std::unique_ptr<ShapleyDesign::Workspace> ShapleyDesign::make_workspace() const {
  auto ws =
      std::unique_ptr<Workspace>(new Workspace{DesignWorkspace(*problem_, rows_), {}, {}, {}, {}, {}, {}, {}, {}});
  ws->base.resize(k_);
  ws->row.resize(k_);
  ws->mean.resize(k_);
  ws->eta.resize(k_);
  ws->cost.resize(exact_ ? (std::size_t{1} << k_) : k_);
  ws->numerators.resize(k_);
  ws->prefix.resize(k_);
  ws->order.resize(k_);
  return ws;
}

// The rows of one item into the workspace's normal-score columns: row 0 the base point z ~ N(0, R), then for each
// subset (exact: masks 1 .. 2^k - 1; random: the permutation's prefixes, the last one the full set) inner - 1
// draws of its coordinates given the others at the base point's values.
void ShapleyDesign::fill_rows(Workspace& ws, std::uint64_t item) const {
  const std::size_t rows = rows_;
  const std::size_t inner = spec_.inner;
  std::uint32_t counter = 0;
  auto normals = [&](double* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = detail::normal_quantile(philox_uniform(seed_, item, counter++));
  };
  double* z = ws.design.unit.data();
  auto put_row = [&](std::size_t r, const double* values) {
    for (std::size_t d = 0; d < k_; ++d) z[d * rows + r] = values[d];
  };
  const GaussianConditional& full = conditionals_.back();
  std::fill(ws.mean.begin(), ws.mean.end(), 0.0);
  normals(ws.eta.data(), k_);
  full.draw(ws.mean.data(), ws.eta.data(), ws.base.data());
  put_row(0, ws.base.data());
  std::size_t r = 1;
  auto draw_subset = [&](const GaussianConditional& c) {
    const std::size_t nv = c.vary().size();
    c.conditional_mean(ws.base.data(), ws.mean.data());
    for (std::size_t i = 0; i + 1 < inner; ++i) {
      ws.row = ws.base;
      normals(ws.eta.data(), nv);
      c.draw(ws.mean.data(), ws.eta.data(), ws.row.data());
      put_row(r++, ws.row.data());
    }
  };
  if (exact_) {
    for (const auto& c : conditionals_) draw_subset(c);
    return;
  }
  // A uniformly random permutation (Fisher-Yates) from its own stream.
  for (std::size_t d = 0; d < k_; ++d) ws.order[d] = d;
  for (std::size_t d = k_; d-- > 1;) {
    const double u = philox_uniform(seed_ ^ kShapleyStream ^ kShapleyOrderStream, item, static_cast<std::uint32_t>(d));
    const auto j = std::min<std::size_t>(d, static_cast<std::size_t>(u * static_cast<double>(d + 1)));
    std::swap(ws.order[d], ws.order[j]);
  }
  std::vector<std::size_t> vary;
  for (std::size_t j = 0; j + 1 < k_; ++j) {
    vary.insert(std::upper_bound(vary.begin(), vary.end(), ws.order[j]), ws.order[j]);
    draw_subset(GaussianConditional(correlation_, k_, vary));
  }
  draw_subset(full);
}

void ShapleyDesign::run_chunk(Workspace& ws, std::uint64_t first, std::uint64_t last, State& state) const {
  const std::size_t inner = spec_.inner;
  std::vector<double> y(inner);
  for (std::uint64_t item = first; item < last; ++item) {
    fill_rows(ws, item);
    DesignWorkspace& d = ws.design;
    problem_->space().map_normal_scores(d.unit.data(), d.rows, d.phys.data(), d.rows, rows_);
    const BlockScope scope({"Shapley item", item, 1});
    state.failures.merge(
        evaluate_block(*d.evaluator, d.outputs.size(), d.inputs.data(), d.outputs.data(), rows_, d.status.data()));
    const auto block = static_cast<std::size_t>(item * spec_.blocks / items_);
    for (size_t t = 0; t < targets_.size(); ++t) {
      const double* out = d.outputs[targets_[t].column];
      const bool finite = std::all_of(out, out + rows_, [](double v) { return std::isfinite(v); });
      if (!finite) {
        state.accumulators[t].add_failed(block);
        continue;
      }
      // c(u) of subset s: the sample variance over the base row and the subset's inner - 1 rows.
      auto cost_of = [&](std::size_t s) {
        y[0] = out[0];
        for (std::size_t i = 1; i < inner; ++i) y[i] = out[1 + s * (inner - 1) + (i - 1)];
        return sample_variance(y.data(), inner);
      };
      double full = 0.0;
      if (exact_) {
        ws.cost[0] = 0.0;
        for (std::size_t m = 1; m < ws.cost.size(); ++m) ws.cost[m] = cost_of(m - 1);
        full = ws.cost.back();
        shapley_exact_numerators(k_, ws.cost.data(), ws.numerators.data());
      } else {
        for (std::size_t j = 0; j + 1 < k_; ++j) ws.prefix[j] = cost_of(j);
        full = cost_of(k_ - 1);
        shapley_permutation_numerators(ws.order.data(), k_, ws.prefix.data(), full, ws.numerators.data());
      }
      state.accumulators[t].add(block, ws.numerators.data(), full);
    }
  }
}

void ShapleyDesign::encode(const State& state, ByteWriter& out) {
  encode_state(state, out);
}

ShapleyDesign::State ShapleyDesign::decode(ByteReader& in) {
  State state;
  decode_state(in, state);
  return state;
}

std::vector<ShapleyResult> ShapleyDesign::estimate(const State& state, double confidence) const {
  std::vector<ShapleyResult> results;
  for (const auto& acc : state.accumulators) {
    ShapleyResult r = acc.estimate(confidence);
    r.method = exact_ ? "exact" : "random";
    r.inner = spec_.inner;
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace mcsens
