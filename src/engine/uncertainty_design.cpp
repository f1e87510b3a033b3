// SPDX-License-Identifier: MIT
#include "engine/uncertainty_design.hpp"

#include <algorithm>

#include "engine/estimates.hpp"
#include "engine/state_codec.hpp"
#include "model/crash_report.hpp"
#include "parallel/workers.hpp"

namespace mcsens {

namespace {

// Rows of curve evaluation per batch (draws x grid points): large enough to amortize, small enough for L2.
constexpr std::size_t kCurveRows = 4096;

// Evaluates one curve for a few draws at a time: each draw's inputs repeated over the grid, x bound to the grid.
struct CurveWorkspace {
  const CompiledCurve* curve;
  std::size_t draws_per_batch;
  std::vector<double> inputs;   // program inputs x rows
  std::vector<double> results;  // program targets x rows
  std::vector<const double*> input_ptrs;
  std::vector<double*> result_ptrs;
  std::vector<double> y;       // draws_per_batch curves of G values (row-major per draw)
  std::vector<double> column;  // one grid point across the batch's draws
  std::vector<double> levels;
  std::vector<double> feature;
  std::vector<std::uint8_t> at_edge;  // per draw: the feature lies at the grid's edge (counted apart)
  Evaluator evaluator;

  explicit CurveWorkspace(const CompiledCurve& c)
      : curve(&c),
        draws_per_batch(std::max<std::size_t>(1, kCurveRows / c.grid.size())),
        evaluator(c.program, draws_per_batch * c.grid.size()) {
    const std::size_t rows = draws_per_batch * c.grid.size();
    inputs.resize(c.program.num_inputs() * rows);
    results.resize(c.program.num_columns() * rows);
    for (size_t j = 0; j < c.program.num_inputs(); ++j) input_ptrs.push_back(inputs.data() + j * rows);
    for (size_t t = 0; t < c.program.num_columns(); ++t) result_ptrs.push_back(results.data() + t * rows);
    column.resize(draws_per_batch);
    levels.resize(draws_per_batch);
    feature.resize(draws_per_batch);
    at_edge.resize(draws_per_batch);
  }

  // phys[p * stride + i]: the block's parameter values; draws i0 .. i0 + n - 1 of it.
  // first: the draw index of the block's draw 0 (the replicate of a draw).
  void run(const double* phys, std::size_t stride, std::size_t parameters, std::size_t i0, std::size_t n,
           std::uint64_t first, CurveState& state) {
    const std::size_t G = curve->grid.size();
    const std::size_t rows = n * G;
    for (size_t p = 0; p < parameters; ++p) {
      double* dst = inputs.data() + p * draws_per_batch * G;
      const double* src = phys + p * stride + i0;
      for (size_t d = 0; d < n; ++d) std::fill(dst + d * G, dst + (d + 1) * G, src[d]);
    }
    double* x = inputs.data() + curve->x_input * draws_per_batch * G;
    for (size_t d = 0; d < n; ++d) std::copy(curve->grid.begin(), curve->grid.end(), x + d * G);
    evaluator.run(input_ptrs.data(), result_ptrs.data(), rows);
    const double* y_rows = result_ptrs[0];  // target 0 is y: row d * G + g, already one curve per draw
    for (size_t g = 0; g < G; ++g) {
      for (size_t d = 0; d < n; ++d) column[d] = y_rows[d * G + g];
      state.bands[g].add(column.data(), n);
    }
    for (size_t f = 0; f < curve->features.size(); ++f) {
      const auto& spec = curve->features[f];
      const double* level_ptr = nullptr;
      if (spec.level_target >= 0) {
        const double* level_rows = result_ptrs[static_cast<size_t>(spec.level_target)];
        for (size_t d = 0; d < n; ++d) levels[d] = level_rows[d * G];
        level_ptr = levels.data();
      }
      find_feature(spec.kind, curve->grid.data(), G, y_rows, n, level_ptr, spec.level, feature.data(), at_edge.data());
      // Edge values are counted apart, like "not found": the true feature may lie on or beyond the grid's end.
      std::size_t kept = 0;
      for (size_t d = 0; d < n; ++d) {
        if (at_edge[d] == 0) feature[kept++] = feature[d];
      }
      state.features[f].add(feature.data(), kept, first + i0);
      state.at_edge[f] += n - kept;
    }
  }
};

// What one thread needs to run blocks: scratch arrays (structure of arrays, kBlockSize per variable) and its own
// evaluators. Allocated once per thread, never per draw.
struct BlockWorkspace {
  std::vector<double> unit;
  std::vector<double> phys;
  std::vector<double> results;
  std::vector<double> baseline;           // the baseline's outputs, kept for the scenarios' paired differences
  std::vector<double> baseline_elements;  // the same for the array outputs' elements (sized when scenarios need it)
  std::vector<double> ranked;             // the ranked output of each ranked scenario
  std::vector<double> delta;
  std::vector<const double*> inputs;
  std::vector<double*> outputs;
  std::vector<const double*> driver_columns;
  std::vector<const double*> ranked_ptrs;
  std::size_t num_columns;
  std::unique_ptr<ModelEvaluator> evaluator;
  std::vector<DrawStatus> status;
  std::vector<CurveWorkspace> curves;
  std::uint64_t first_ = 0;  // the first draw of the last sample(), for the crash report

  BlockWorkspace(const Problem& problem, std::size_t dims, const std::vector<std::size_t>& driver_inputs,
                 bool with_curves)
      : unit(std::max<std::size_t>(dims, 1) * kBlockSize),
        phys(problem.space().size() * kBlockSize),
        results(problem.num_columns() * kBlockSize),
        baseline(problem.num_outputs() * kBlockSize),
        delta(kBlockSize),
        num_columns(problem.num_columns()),
        evaluator(problem.model().evaluator(kBlockSize)),
        status(kBlockSize) {
    for (size_t p = 0; p < problem.space().size(); ++p) inputs.push_back(phys.data() + p * kBlockSize);
    for (size_t c = 0; c < problem.num_columns(); ++c) outputs.push_back(results.data() + c * kBlockSize);
    for (size_t p : driver_inputs) driver_columns.push_back(phys.data() + p * kBlockSize);
    if (problem.ranking()) {
      ranked.resize(problem.ranking()->contenders() * kBlockSize);
      for (size_t s = 0; s < problem.ranking()->contenders(); ++s)
        ranked_ptrs.push_back(ranked.data() + s * kBlockSize);
    }
    if (with_curves) {
      for (const auto& c : problem.curves()) curves.emplace_back(c);
    }
  }

  // The block's uniforms for draws first .. first + n - 1 (n <= kBlockSize): shared by baseline and scenarios.
  void sample(const Sampler& sampler, std::size_t dims, std::uint64_t first, std::size_t n) {
    if (dims > 0) sampler.fill(first, n, unit.data(), kBlockSize);
    first_ = first;
  }

  // The block's values of output o (its first element) and of claim k's indicator, after evaluate().
  const double* output(const Problem& problem, std::size_t o) const {
    return outputs[problem.target_layout().output_column(o)];
  }
  const double* claim(const Problem& problem, std::size_t k) const {
    return outputs[problem.target_layout().claim_column(k)];
  }

  // The draws of the last sample(), under the baseline's or a scenario's space.
  FailureCounts evaluate(const ParameterSpace& space, std::size_t n) {
    space.map(unit.data(), kBlockSize, phys.data(), kBlockSize, n);
    const BlockScope block({"uncertainty draws", first_, n});
    return evaluate_block(*evaluator, num_columns, inputs.data(), outputs.data(), n, status.data());
  }

  void run_curves(std::size_t parameters, std::size_t n, std::uint64_t first, std::vector<CurveState>& states) {
    for (size_t c = 0; c < curves.size(); ++c) {
      for (size_t i0 = 0; i0 < n; i0 += curves[c].draws_per_batch) {
        const std::size_t m = std::min(curves[c].draws_per_batch, n - i0);
        curves[c].run(phys.data(), kBlockSize, parameters, i0, m, first, states[c]);
      }
    }
  }
};

// replicates: the sobol sampler's replicate count, or 1 (no replicate means).
ReplicateMeans replicate_means(std::size_t replicates) {
  return replicates > 1 ? ReplicateMeans(replicates) : ReplicateMeans();
}

std::vector<OutputAccumulator> output_accumulators(const std::vector<Histogram>& histograms, std::size_t replicates) {
  std::vector<OutputAccumulator> accumulators(histograms.size());
  for (size_t o = 0; o < histograms.size(); ++o) {
    accumulators[o].histogram = histograms[o];
    accumulators[o].replicates = replicate_means(replicates);
  }
  return accumulators;
}

std::vector<ReplicateMeans> claim_replicates(std::size_t claims, std::size_t replicates) {
  return replicates > 1 ? std::vector<ReplicateMeans>(claims, ReplicateMeans(replicates))
                        : std::vector<ReplicateMeans>();
}

CurveState curve_prototype(const CompiledCurve& curve, std::size_t replicates) {
  CurveState state;
  state.bands.resize(curve.grid.size());
  state.features.resize(curve.features.size());
  state.at_edge.assign(curve.features.size(), 0);
  // A feature is an x of the grid: its histogram spans the grid.
  for (auto& f : state.features) {
    f.histogram = Histogram(curve.grid.front(), curve.grid.back(), 100);
    f.replicates = replicate_means(replicates);
  }
  return state;
}

// The driver histograms span each uncertain input's central 1 - 2e-9 probability, so that they are fixed by the
// distributions alone; the rest falls in under/overflow.
std::vector<std::pair<double, double>> driver_ranges(const ParameterSpace& space,
                                                     const std::vector<std::size_t>& inputs) {
  std::vector<std::pair<double, double>> ranges;
  const double u[2] = {1e-9, 1 - 1e-9};
  for (size_t p : inputs) {
    double x[2];
    space.distribution(p)->quantile(u, x, 2);
    if (!(x[0] < x[1])) x[1] = x[0] + 1.0;  // a degenerate discrete law: any non-empty range
    ranges.emplace_back(x[0], x[1]);
  }
  return ranges;
}

// Histogram ranges: the config's, or from the sketch of chunk 0 (the pilot) of the baseline, so that they do not
// depend on threads. Scenario outputs and deltas get theirs from the same pilot of their own values.
UncertaintyState make_prototype(const Problem& problem, const Sampler& sampler, const Settings& settings,
                                const Analyses& analyses, const std::vector<std::size_t>& driver_inputs) {
  const auto& outputs = problem.spec().outputs;
  const std::size_t m = outputs.size();
  const std::size_t scenarios = analyses.scenarios ? problem.scenarios().size() : 0;
  const std::uint64_t pilot_end = std::min(settings.samples, settings.chunk_size);
  std::vector<QuantileSketch> pilot(m * (1 + 2 * scenarios));
  std::vector<std::vector<double>> pilot_values(pilot.size());  // the same values, for the quantile windows
  {
    const std::size_t dims = problem.space().dimensions();
    BlockWorkspace ws(problem, dims, {}, false);
    for (std::uint64_t first = 0; first < pilot_end; first += kBlockSize) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSize, pilot_end - first));
      ws.sample(sampler, dims, first, n);
      ws.evaluate(problem.space(), n);
      for (size_t o = 0; o < m; ++o) {
        const double* values = ws.output(problem, o);
        pilot[o].add(values, n);
        pilot_values[o].insert(pilot_values[o].end(), values, values + n);
        std::copy(values, values + n, ws.baseline.data() + o * kBlockSize);
      }
      for (size_t s = 0; s < scenarios; ++s) {
        ws.evaluate(problem.scenarios()[s].space, n);
        for (size_t o = 0; o < m; ++o) {
          const double* values = ws.output(problem, o);
          pilot[m * (1 + 2 * s) + o].add(values, n);
          pilot_values[m * (1 + 2 * s) + o].insert(pilot_values[m * (1 + 2 * s) + o].end(), values, values + n);
          for (size_t i = 0; i < n; ++i) ws.delta[i] = values[i] - ws.baseline[o * kBlockSize + i];
          pilot[m * (2 + 2 * s) + o].add(ws.delta.data(), n);
          pilot_values[m * (2 + 2 * s) + o].insert(pilot_values[m * (2 + 2 * s) + o].end(), ws.delta.data(),
                                                   ws.delta.data() + n);
        }
      }
    }
  }
  const auto histograms = [&](size_t offset) {
    std::vector<Histogram> h;
    for (size_t o = 0; o < m; ++o) {
      const auto& spec = outputs[o].histogram;
      h.push_back(spec.low && offset < 2 * m ? Histogram(*spec.low, *spec.high, spec.bins)
                                             : automatic_histogram(pilot[offset + o], spec.bins));
    }
    return h;
  };

  // Quantile sketches refined around the reported levels, from the same pilot.
  const auto refine = [&](std::vector<OutputAccumulator> accumulators, size_t offset) {
    for (size_t o = 0; o < m; ++o) {
      accumulators[o].sketch =
          QuantileSketch::refined(std::move(pilot_values[offset + o]), output_quantile_probabilities(&outputs[o]));
    }
    return accumulators;
  };

  const std::size_t R = settings.replicates;
  UncertaintyState prototype;
  prototype.outputs = refine(output_accumulators(histograms(0), R), 0);
  const TargetLayout& layout = problem.target_layout();
  for (size_t o = 0; o < m; ++o) {
    if (!layout.is_array(o)) continue;
    ElementAccumulator element;
    element.replicates = replicate_means(R);
    prototype.elements.resize(prototype.elements.size() + layout.elements(o), element);
  }
  prototype.claims.resize(problem.num_claims());
  prototype.claim_replicates = claim_replicates(problem.num_claims(), R);
  if (!driver_inputs.empty()) {
    const auto ranges = driver_ranges(problem.space(), driver_inputs);
    prototype.drivers.assign(problem.num_claims(), FilteringAccumulator(driver_inputs.size(), ranges));
  }
  if (analyses.curves) {
    for (const auto& c : problem.curves()) prototype.curves.push_back(curve_prototype(c, R));
  }
  for (size_t s = 0; s < scenarios; ++s) {
    ScenarioState scenario;
    scenario.outcome.outputs = refine(output_accumulators(histograms(m * (1 + 2 * s)), R), m * (1 + 2 * s));
    scenario.outcome.claims.resize(problem.num_claims());
    scenario.outcome.claim_replicates = claim_replicates(problem.num_claims(), R);
    scenario.deltas = refine(output_accumulators(histograms(m * (2 + 2 * s)), R), m * (2 + 2 * s));
    scenario.elements = prototype.elements;
    scenario.delta_elements = prototype.elements;
    scenario.curves = prototype.curves;
    prototype.scenarios.push_back(std::move(scenario));
  }
  if (scenarios > 0 && problem.ranking()) prototype.ranking = PairwiseRanking(problem.ranking()->contenders());
  return prototype;
}

}  // namespace

struct UncertaintyDesign::Workspace {
  BlockWorkspace block;
};

void UncertaintyDesign::WorkspaceDeleter::operator()(Workspace* ws) const {
  delete ws;
}

namespace {

std::vector<std::size_t> uncertain_driver_inputs(const Problem& p, const Analyses& a) {
  std::vector<std::size_t> inputs;
  for (size_t q = 0; q < p.space().size(); ++q) {
    if (!p.space().is_constant(q) && a.claims && p.num_claims() > 0) inputs.push_back(q);
  }
  return inputs;
}

}  // namespace

UncertaintyDesign::UncertaintyDesign(const Problem& problem, const Settings& settings, const Analyses& analyses)
    : problem_(&problem),
      settings_(settings),
      analyses_(analyses),
      sampler_(settings.sampler, settings.seed, std::max<std::size_t>(problem.space().dimensions(), 1),
               settings.samples, settings.replicates),
      driver_inputs_(uncertain_driver_inputs(problem, analyses)),
      prototype_(make_prototype(problem, sampler_, settings, analyses, driver_inputs_)),
      with_curves_(analyses.curves && !problem.curves().empty()),
      with_ranking_(prototype_.ranking.scenarios() > 0) {}

std::unique_ptr<UncertaintyDesign::Workspace, UncertaintyDesign::WorkspaceDeleter> UncertaintyDesign::make_workspace()
    const {
  return std::unique_ptr<Workspace, WorkspaceDeleter>(
      new Workspace{BlockWorkspace(*problem_, problem_->space().dimensions(), driver_inputs_, with_curves_)});
}

void UncertaintyDesign::encode(const State& state, ByteWriter& out) {
  encode_state(state, out);
}

UncertaintyState UncertaintyDesign::decode(ByteReader& in) {
  UncertaintyState state;
  decode_state(in, state);
  return state;
}

// Draws [first, last) through the baseline, the curves and every scenario (common random numbers).
void UncertaintyDesign::run_chunk(Workspace& ws_, std::uint64_t chunk_first, std::uint64_t end,
                                  UncertaintyState& state) const {
  BlockWorkspace& ws = ws_.block;
  const Problem& problem = *problem_;
  const Sampler& sampler = sampler_;
  const bool with_curves = with_curves_;
  const bool with_ranking = with_ranking_;
  const ParameterSpace& space = problem.space();
  const std::size_t dims = space.dimensions();
  const std::size_t num_outputs = problem.num_outputs();
  const std::size_t num_claims = problem.num_claims();
  const TargetLayout& layout = problem.target_layout();
  const std::size_t scenarios = state.scenarios.size();
  const std::size_t elements = state.elements.size();
  if (scenarios > 0 && ws.baseline_elements.size() < elements * kBlockSize) {
    ws.baseline_elements.resize(elements * kBlockSize);
  }
  for (std::uint64_t first = chunk_first; first < end; first += kBlockSize) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSize, end - first));
    ws.sample(sampler, dims, first, n);
    state.failures.merge(ws.evaluate(space, n));
    std::size_t element = 0;  // the first element accumulator of the next array output
    for (size_t o = 0; o < num_outputs; ++o) {
      const double* values = ws.output(problem, o);
      if (layout.is_array(o)) {
        const std::size_t column = layout.output_column(o);
        for (size_t e = 0; e < layout.elements(o); ++e, ++element) {
          state.elements[element].add(ws.outputs[column + e], n, first);
          if (scenarios > 0) {
            std::copy(ws.outputs[column + e], ws.outputs[column + e] + n,
                      ws.baseline_elements.data() + element * kBlockSize);
          }
        }
        continue;
      }
      state.outputs[o].add(values, n, first);
      if (scenarios > 0) std::copy(values, values + n, ws.baseline.data() + o * kBlockSize);
    }
    for (size_t k = 0; k < state.claims.size(); ++k) {
      const double* holds = ws.claim(problem, k);
      state.claims[k].add(holds, n);
      if (!state.claim_replicates.empty()) state.claim_replicates[k].add_indicators(holds, n, first);
      if (!state.drivers.empty()) state.drivers[k].add(ws.driver_columns.data(), holds, n);
    }
    if (with_curves) ws.run_curves(space.size(), n, first, state.curves);
    for (size_t s = 0; s < scenarios; ++s) {
      ScenarioState& scenario = state.scenarios[s];
      scenario.outcome.failures.merge(ws.evaluate(problem.scenarios()[s].space, n));
      std::size_t scenario_element = 0;
      for (size_t o = 0; o < num_outputs; ++o) {
        const double* values = ws.output(problem, o);
        if (layout.is_array(o)) {
          const std::size_t column = layout.output_column(o);
          for (size_t e = 0; e < layout.elements(o); ++e, ++scenario_element) {
            const double* element_values = ws.outputs[column + e];
            scenario.elements[scenario_element].add(element_values, n, first);
            const double* base = ws.baseline_elements.data() + scenario_element * kBlockSize;
            for (size_t i = 0; i < n; ++i) ws.delta[i] = element_values[i] - base[i];
            scenario.delta_elements[scenario_element].add(ws.delta.data(), n, first);
          }
          continue;
        }
        scenario.outcome.outputs[o].add(values, n, first);
        const double* base = ws.baseline.data() + o * kBlockSize;
        for (size_t i = 0; i < n; ++i) ws.delta[i] = values[i] - base[i];
        scenario.deltas[o].add(ws.delta.data(), n, first);
      }
      for (size_t k = 0; k < num_claims; ++k) {
        const double* holds = ws.claim(problem, k);
        scenario.outcome.claims[k].add(holds, n);
        if (!scenario.outcome.claim_replicates.empty()) {
          scenario.outcome.claim_replicates[k].add_indicators(holds, n, first);
        }
      }
      if (with_ranking) {
        const auto& ranked = problem.ranking()->scenarios;
        const size_t offset = problem.ranking()->include_baseline ? 1 : 0;  // contender 0: the baseline
        for (size_t r = 0; r < ranked.size(); ++r) {
          if (ranked[r] != s) continue;
          const double* values = ws.output(problem, problem.ranking()->output);
          std::copy(values, values + n, ws.ranked.data() + (r + offset) * kBlockSize);
        }
      }
      if (with_curves) ws.run_curves(space.size(), n, first, scenario.curves);
    }
    if (with_ranking) {
      const CompiledRanking& ranking = *problem.ranking();
      if (ranking.include_baseline) {
        const double* base = ws.baseline.data() + ranking.output * kBlockSize;
        std::copy(base, base + n, ws.ranked.data());
      }
      state.ranking.add(ws.ranked_ptrs.data(), n, ranking.lower_is_better);
    }
  }
}

KeptSamples kept_draws(const Problem& problem, const Settings& options, std::uint64_t rows, int threads) {
  const ParameterSpace& space = problem.space();
  const std::size_t dims = space.dimensions();
  const std::size_t m = problem.num_outputs();
  const Sampler sampler(options.sampler, options.seed, std::max<std::size_t>(dims, 1), options.samples,
                        options.replicates);
  KeptSamples kept;
  kept.rows = std::min(rows, options.samples);
  kept.input_names = space.names();
  kept.output_names = problem.output_names();
  kept.inputs.assign(kept.rows * space.size(), 0.0);
  kept.outputs.assign(kept.rows * m, 0.0);
  const std::uint64_t blocks = (kept.rows + kBlockSize - 1) / kBlockSize;
  parallel::run_workers(threads, [&](int worker, int workers) {
    BlockWorkspace ws(problem, dims, {}, false);
    const auto [b0, b1] = parallel::static_share(blocks, worker, workers);
    for (std::uint64_t b = b0; b < b1; ++b) {
      const std::uint64_t first = b * kBlockSize;
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSize, kept.rows - first));
      ws.sample(sampler, dims, first, n);
      ws.evaluate(space, n);
      for (std::size_t i = 0; i < n; ++i) {
        for (size_t p = 0; p < space.size(); ++p) kept.inputs[(first + i) * space.size() + p] = ws.inputs[p][i];
        for (size_t o = 0; o < m; ++o) kept.outputs[(first + i) * m + o] = ws.output(problem, o)[i];
      }
    }
  });
  return kept;
}

}  // namespace mcsens
