// SPDX-License-Identifier: MIT
#include "mcsens/engine/uncertainty_run.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include "mcsens/parallel/ordered_reduction.hpp"

namespace mcsens {

void OutputAccumulator::add(const double* x, std::size_t n) {
  moments.add(x, n);
  sketch.add(x, n);
  histogram.add(x, n);
}

void OutputAccumulator::merge(const OutputAccumulator& other) {
  moments.merge(other.moments);
  sketch.merge(other.sketch);
  histogram.merge(other.histogram);
}

void UncertaintyState::merge(const UncertaintyState& other) {
  for (size_t i = 0; i < outputs.size(); ++i) outputs[i].merge(other.outputs[i]);
  for (size_t i = 0; i < claims.size(); ++i) claims[i].merge(other.claims[i]);
}

namespace {

// What one thread needs to run blocks: scratch arrays (structure of arrays, kBlockSize per variable) and its own
// evaluator. Allocated once per thread, never per draw.
struct Workspace {
  std::vector<double> unit;
  std::vector<double> phys;
  std::vector<double> results;
  std::vector<const double*> inputs;
  std::vector<double*> outputs;
  Evaluator evaluator;

  Workspace(const Problem& problem, std::size_t dims)
      : unit(std::max<std::size_t>(dims, 1) * kBlockSize),
        phys(problem.space().size() * kBlockSize),
        results(problem.program().num_targets() * kBlockSize),
        evaluator(problem.program(), kBlockSize) {
    for (size_t p = 0; p < problem.space().size(); ++p) inputs.push_back(phys.data() + p * kBlockSize);
    for (size_t t = 0; t < problem.program().num_targets(); ++t) outputs.push_back(results.data() + t * kBlockSize);
  }

  // Draws first .. first + n - 1 (n <= kBlockSize) through sampler, space and program.
  void evaluate(const Problem& problem, const Sampler& sampler, std::uint64_t first, std::size_t n) {
    if (problem.space().dimensions() > 0) sampler.fill(first, n, unit.data(), kBlockSize);
    problem.space().map(unit.data(), kBlockSize, phys.data(), kBlockSize, n);
    evaluator.run(inputs.data(), outputs.data(), n);
  }
};

struct Plan {
  std::uint64_t samples;
  std::uint64_t chunk_size;
  std::uint64_t chunks;
  std::uint64_t chunk_begin(std::uint64_t c) const { return c * chunk_size; }
  std::uint64_t chunk_end(std::uint64_t c) const { return std::min(samples, (c + 1) * chunk_size); }
};

// Histogram ranges: the config's, or from the sketch of chunk 0 (the pilot), so that they do not depend on threads.
UncertaintyState make_prototype(const Problem& problem, const Sampler& sampler, const Plan& plan) {
  const auto& outputs = problem.spec().outputs;
  UncertaintyState prototype;
  prototype.outputs.resize(outputs.size());
  prototype.claims.resize(problem.num_claims());
  bool need_pilot = false;
  for (const auto& o : outputs) need_pilot = need_pilot || !o.histogram.low.has_value();
  std::vector<QuantileSketch> pilot(outputs.size());
  if (need_pilot) {
    Workspace ws(problem, problem.space().dimensions());
    for (std::uint64_t first = 0; first < plan.chunk_end(0); first += kBlockSize) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSize, plan.chunk_end(0) - first));
      ws.evaluate(problem, sampler, first, n);
      for (size_t o = 0; o < outputs.size(); ++o) pilot[o].add(ws.outputs[o], n);
    }
  }
  for (size_t o = 0; o < outputs.size(); ++o) {
    const auto& h = outputs[o].histogram;
    prototype.outputs[o].histogram = h.low ? Histogram(*h.low, *h.high, h.bins) : automatic_histogram(pilot[o], h.bins);
  }
  return prototype;
}

}  // namespace

UncertaintyResult run_uncertainty(const Problem& problem, const RunOptions& options) {
  const auto start_time = std::chrono::steady_clock::now();
  const ParameterSpace& space = problem.space();
  const std::size_t dims = space.dimensions();
  const Sampler sampler(options.sampler, options.seed, std::max<std::size_t>(dims, 1), options.samples);
  Plan plan{options.samples, options.chunk_size, (options.samples + options.chunk_size - 1) / options.chunk_size};

  const UncertaintyState prototype = make_prototype(problem, sampler, plan);

  UncertaintyResult result;
  KeptSamples& kept = result.samples;
  kept.rows = std::min(options.keep_samples, options.samples);
  kept.input_names = space.names();
  kept.output_names = problem.output_names();
  kept.inputs.assign(kept.rows * space.size(), 0.0);
  kept.outputs.assign(kept.rows * problem.num_outputs(), 0.0);

  OrderedReduction<UncertaintyState> reduction;
  std::exception_ptr failure;  // the first exception of any thread; no exception crosses the parallel region
  std::atomic<bool> failed{false};
  std::atomic<bool> stopped{false};
  std::atomic<std::uint64_t> done{0};
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  int used_threads = 1;
  auto last_report = std::chrono::steady_clock::now();

#pragma omp parallel num_threads(threads)
  {
#pragma omp single
    used_threads = omp_get_num_threads();
    std::unique_ptr<Workspace> ws;
    try {
      ws = std::make_unique<Workspace>(problem, dims);
    } catch (...) {
#pragma omp critical(mcsens_failure)
      if (!failure) failure = std::current_exception();
      failed = true;
    }
#pragma omp for schedule(dynamic, 1)
    for (std::uint64_t c = 0; c < plan.chunks; ++c) {
      if (!ws || failed.load(std::memory_order_relaxed) || stopped.load(std::memory_order_relaxed)) continue;
      if (options.stop && options.stop->load(std::memory_order_relaxed)) {
        stopped = true;
        continue;
      }
      try {
        UncertaintyState state = prototype;
        const std::uint64_t end = plan.chunk_end(c);
        for (std::uint64_t first = plan.chunk_begin(c); first < end; first += kBlockSize) {
          const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kBlockSize, end - first));
          ws->evaluate(problem, sampler, first, n);
          for (size_t o = 0; o < state.outputs.size(); ++o) state.outputs[o].add(ws->outputs[o], n);
          for (size_t k = 0; k < state.claims.size(); ++k) {
            state.claims[k].add(ws->outputs[state.outputs.size() + k], n);
          }
          if (first < kept.rows) {
            const auto rows = std::min<std::uint64_t>(n, kept.rows - first);
            for (std::uint64_t i = 0; i < rows; ++i) {
              for (size_t p = 0; p < space.size(); ++p) kept.inputs[(first + i) * space.size() + p] = ws->inputs[p][i];
              for (size_t o = 0; o < problem.num_outputs(); ++o) {
                kept.outputs[(first + i) * problem.num_outputs() + o] = ws->outputs[o][i];
              }
            }
          }
        }
        reduction.submit(c, std::move(state));
        done += end - plan.chunk_begin(c);
        if (options.progress && omp_get_thread_num() == 0) {
          const auto now = std::chrono::steady_clock::now();
          if (now - last_report > std::chrono::milliseconds(200)) {
            last_report = now;
            options.progress(done.load(), options.samples);
          }
        }
      } catch (...) {
#pragma omp critical(mcsens_failure)
        if (!failure) failure = std::current_exception();
        failed = true;
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  if (stopped) throw Interrupted{};
  if (options.progress) options.progress(options.samples, options.samples);

  result.state = reduction.finish();
  result.draws = options.samples;
  result.threads = used_threads;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  return result;
}

}  // namespace mcsens
