// SPDX-License-Identifier: MIT
// Requests as `mcsens run` builds them (through make_request on the problem's own config text), for tests that
// run the engine in-process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/uncertainty_state.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"

namespace mcsens::testing {

// The request of `mcsens run CONFIG` with these choices, the config being the text the problem was built from.
inline RunRequest request_for(const Problem& problem, const RequestChoices& choices, int threads = 0) {
  const Config config = Config::load_text(problem.spec().source_text, problem.spec().source_name);
  RunRequest request = make_request(config, config.problem(), choices);
  request.execution.threads = threads;
  return request;
}

// `-n samples -s seed --sampler S --only uncertainty,claims,curves,scenarios`: the draws alone.
inline RunRequest draws_request(const Problem& problem, std::uint64_t samples, std::uint64_t seed = 20251126,
                                SamplerKind sampler = SamplerKind::mc, int threads = 0,
                                std::uint64_t chunk_size = 65536) {
  RequestChoices choices;
  choices.samples = samples;
  choices.seed = seed;
  choices.sampler = sampler;
  choices.chunk_size = chunk_size;
  choices.only = {"uncertainty", "claims", "curves", "scenarios"};
  return request_for(problem, choices, threads);
}

inline Results run_draws(const Problem& problem, std::uint64_t samples, std::uint64_t seed = 20251126,
                         SamplerKind sampler = SamplerKind::mc, int threads = 0, std::uint64_t chunk_size = 65536) {
  return run_request(problem, draws_request(problem, samples, seed, sampler, threads, chunk_size));
}

// A run's estimates with the merged accumulator state behind them (state: the draws' outputs, claims, curves,
// scenarios and ranking as accumulated).
struct Drawn {
  Results results;
  const UncertaintyState& state;
  explicit Drawn(Results r) : results(std::move(r)), state(*results.uncertainty_state) {}
  Drawn(const Drawn&) = delete;
};

inline Drawn drawn(const Problem& problem, std::uint64_t samples, std::uint64_t seed = 20251126,
                   SamplerKind sampler = SamplerKind::mc, int threads = 0, std::uint64_t chunk_size = 65536) {
  return Drawn(run_draws(problem, samples, seed, sampler, threads, chunk_size));
}

// `--only sobol` (or morris) with the config's own [sensitivity] spec, seed `seed`.
inline Results run_only(const Problem& problem, const std::string& analysis, std::uint64_t seed = 20251126,
                        int threads = 0) {
  RequestChoices choices;
  choices.seed = seed;
  choices.only = {analysis};
  return run_request(problem, request_for(problem, choices, threads));
}

// `mcsens run CONFIG --only sobol -s seed --set sensitivity.sobol.base_samples=N`: the config's own Sobol'
// analysis (second order, sampler, targets) at another N.
inline std::vector<SobolSummary> run_sobol_file(const std::string& path, std::uint64_t base_samples,
                                                std::uint64_t seed) {
  Config config = Config::load_file(path);
  config.apply_override("sensitivity.sobol.base_samples=" + std::to_string(base_samples));
  const ProblemSpec spec = config.problem();
  const Problem problem = Problem::build(spec);
  RequestChoices choices;
  choices.seed = seed;
  choices.only = {"sobol"};
  return run_request(problem, make_request(config, spec, choices)).sobol;
}

}  // namespace mcsens::testing
