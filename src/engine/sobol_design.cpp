// SPDX-License-Identifier: MIT
#include "engine/sobol_design.hpp"

#include <algorithm>

#include "engine/state_codec.hpp"
#include "mcsens/error.hpp"

namespace mcsens {

namespace {

// The Sobol' design draws from a stream of its own, so that it never reuses the uncertainty draws.
constexpr std::uint64_t kSobolStream = 0x5a17e11150b01ull;

// Base samples per block: about 2048 design rows at once; chunks of about 4096 base samples.
std::size_t sobol_block(std::size_t per_base) {
  return std::max<std::size_t>(1, 2048 / per_base);
}

std::size_t design_replicates(const SobolSpec& s) {
  return parse_sampler_kind(s.sampler) == SamplerKind::sobol ? s.replicates : 1;
}

// The spec as run: N rounded up to R x 2^m for the sobol sampler's replicates.
SobolSpec as_run(SobolSpec s) {
  const std::size_t R = design_replicates(s);
  if (R > 1) {
    try {
      s.base_samples = replicated_sobol_size(s.base_samples, R);
    } catch (const Error& e) {
      throw Error("sensitivity.sobol.base_samples: " + e.message(), s.location);
    }
  }
  return s;
}

std::size_t checked_dimensions(const Problem& p, const SobolSpec& s) {
  if (p.space().dimensions() == 0) throw Error("sensitivity.sobol: the model has no uncertain input", s.location);
  return p.space().dimensions();
}

}  // namespace

void SobolDesignState::merge(const SobolDesignState& other) {
  for (size_t i = 0; i < accumulators.size(); ++i) accumulators[i].merge(other.accumulators[i]);
  failures.merge(other.failures);
}

SobolDesign::SobolDesign(const Problem& problem, const SobolSpec& spec, const Settings& settings)
    : problem_(&problem),
      requested_(spec.base_samples),
      replicates_(design_replicates(spec)),
      spec_(as_run(spec)),
      seed_(settings.seed),
      k_(checked_dimensions(problem, spec)),
      targets_(sensitivity_targets(problem)),
      per_base_(sobol_rows_per_base(k_, spec.second_order)),
      block_(sobol_block(per_base_)),
      map_bases_(!problem.space().has_copula()),
      sampler_(parse_sampler_kind(spec.sampler), settings.seed ^ kSobolStream, 2 * k_, spec_.base_samples,
               replicates_) {
  SobolOptions options;
  options.base_samples = spec_.base_samples;
  options.memory_cap_bytes = (std::size_t{512} << 20) / std::max<std::size_t>(1, target_columns(targets_));
  if (replicates_ > 1) {
    // Randomized QMC: one batch per replicate (N / R consecutive bases of one scramble), so that the batch-means
    // interval is the Student t interval over independent replicate estimates. A bootstrap over base samples would
    // treat the points of a net as independent and give intervals 100x too wide.
    options.batches = replicates_;
    options.bootstrap_max_bases = 0;
  } else {
    // Bootstrap intervals up to 2^19 base samples (1000 resamples: about 1 s of CPU there); beyond, batch means over
    // sums streamed from the first base.
    options.bootstrap_max_bases = std::uint64_t{1} << 19;
  }
  for (std::size_t c = 0; c < target_columns(targets_); ++c) {
    prototype_.accumulators.emplace_back(k_, spec.second_order, options);
  }
}

std::uint64_t SobolDesign::chunk_size() const {
  return std::max<std::uint64_t>(block_, 4096 / block_ * block_);
}

// Base samples first .. first + n - 1: with replicates, base b is point b mod (N / R) of replicate b / (N / R).
void SobolDesign::fill_bases(std::uint64_t first, std::size_t n, double* unit) const {
  if (replicates_ <= 1) {
    sampler_.fill(first, n, unit, block_);
    return;
  }
  const std::uint64_t per = spec_.base_samples / replicates_;
  std::size_t done = 0;
  while (done < n) {
    const std::uint64_t base = first + done;
    const auto r = static_cast<std::size_t>(base / per);
    const std::uint64_t j = base % per;
    const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(n - done, per - j));
    // Coordinates of base done + t at unit[d * block_ + done + t]: the replicate's points, offset by done.
    sampler_.fill_replicate(r, j, count, unit + done, block_);
    done += count;
  }
}

std::unique_ptr<SobolDesign::Workspace> SobolDesign::make_workspace() const {
  auto ws = std::make_unique<Workspace>(Workspace{DesignWorkspace(*problem_, block_ * per_base_), {}, {}});
  ws->base_unit.resize(2 * k_ * block_);
  if (map_bases_) ws->base_phys.resize(2 * problem_->space().size() * block_);
  return ws;
}

// Without a copula each input's value depends on its own unit coordinate alone, so the k + 2 (or 2k + 2) design rows
// of a base sample need the inverse CDFs of its A and B rows only (2k per base instead of k (k + 2)): map those,
// then copy values into the design rows as sobol_design_block copies coordinates. The same values, bit for bit, as
// mapping every design row (an inverse CDF is a function of its argument alone).
void SobolDesign::map_bases(Workspace& ws, std::size_t n) const {
  const ParameterSpace& space = problem_->space();
  const std::size_t params = space.size();
  const double* a = ws.base_phys.data();
  const double* b = a + params * block_;
  space.map(ws.base_unit.data(), block_, ws.base_phys.data(), block_, n);
  space.map(ws.base_unit.data() + k_ * block_, block_, ws.base_phys.data() + params * block_, block_, n);
  for (std::size_t p = 0; p < params; ++p) {
    const std::size_t d = space.dimension_of(p);
    double* column = ws.design.phys.data() + p * ws.design.rows;
    if (d < k_) {
      sobol_design_column(a + p * block_, b + p * block_, n, d, k_, spec_.second_order, column);
    } else {  // a constant: the same value in A, in B and in every design row
      sobol_design_column(a + p * block_, a + p * block_, n, 0, k_, spec_.second_order, column);
    }
  }
}

void SobolDesign::run_chunk(Workspace& ws, std::uint64_t chunk_first, std::uint64_t end, State& state) const {
  for (std::uint64_t first = chunk_first; first < end; first += block_) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(block_, end - first));
    fill_bases(first, n, ws.base_unit.data());
    const BlockOrigin origin{"the Sobol' design's base samples", first, n};
    if (map_bases_) {
      map_bases(ws, n);
      state.failures.merge(ws.design.evaluate_physical(n * per_base_, origin));
    } else {
      sobol_design_block(ws.base_unit.data(), block_, n, k_, spec_.second_order, ws.design.unit_columns.data());
      state.failures.merge(ws.design.evaluate(*problem_, n * per_base_, origin));
    }
    std::size_t a = 0;  // the accumulator of target t's element e
    for (const SensitivityTarget& t : targets_) {
      for (std::size_t e = 0; e < t.elements; ++e) {
        state.accumulators[a++].add_design_block(first, n, ws.design.outputs[t.column + e]);
      }
    }
  }
}

void SobolDesign::encode(const State& state, ByteWriter& out) {
  encode_state(state, out);
}

SobolDesign::State SobolDesign::decode(ByteReader& in) {
  State state;
  decode_state(in, state);
  return state;
}

std::vector<std::vector<SobolResult>> SobolDesign::estimate(const State& state, int threads) const {
  std::vector<std::vector<SobolResult>> results;
  std::size_t a = 0;
  for (size_t t = 0; t < targets_.size(); ++t) {
    results.emplace_back();
    for (std::size_t e = 0; e < targets_[t].elements; ++e) {
      // The target's seed for each element: the same resamples of the base samples (a scalar target's as before).
      // An array output keeps the replicates behind each element's interval, for its aggregated indices.
      results.back().push_back(state.accumulators[a++].estimate(spec_.confidence, seed_ ^ (kSobolStream + t), threads,
                                                                targets_[t].is_array));
      // One batch per scrambled replicate: the batch means are the Student t interval over the replicates.
      if (replicates_ > 1) results.back().back().interval_method = "rqmc-t";
    }
  }
  return results;
}

std::uint64_t SobolDesign::evaluations() const {
  return sobol_cost(spec_.base_samples, k_, spec_.second_order);
}

}  // namespace mcsens
