// SPDX-License-Identifier: MIT
#include "mcsens/engine/engine.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <limits>
#include <mutex>
#include <sstream>

#include "engine/chunked_job.hpp"
#include "engine/estimates.hpp"
#include "engine/morris_design.hpp"
#include "engine/sensitivity_targets.hpp"
#include "engine/shapley_design.hpp"
#include "engine/sobol_design.hpp"
#include "engine/uncertainty_design.hpp"
#include "mcsens/machine.hpp"
#include "mcsens/parallel/mpi_context.hpp"
#include "mcsens/stats/proportion.hpp"
#include "mcsens/version.hpp"
#include "parallel/workers.hpp"

namespace mcsens {

namespace {

// Part `part` (0-based) of `parts` equal contiguous pieces of [first, last): the ranges MPI ranks and shards own.
std::pair<std::uint64_t, std::uint64_t> piece(std::uint64_t first, std::uint64_t last, std::uint64_t part,
                                              std::uint64_t parts) {
  const std::uint64_t n = last - first;
  // n * part can overflow only past 2^64 / parts chunks: far beyond any run.
  return {first + n * part / parts, first + n * (part + 1) / parts};
}

// How far an uncertainty state is from the precision targets: the largest relative standard error of the outputs
// (of every element of an array output) and the largest claim interval half-width.
struct Precision {
  double relative_se = 0.0;
  double half_width = 0.0;
};

// The relative standard error of a mean: 0 for a constant, infinite when it cannot be told (fewer than 2 finite
// draws, a zero mean).
template <class Accumulator>
double relative_standard_error(const Accumulator& a) {
  const double r = mean_standard_error(a) / std::fabs(a.moments.mean());
  if (a.moments.count() < 2 || !std::isfinite(r)) return a.moments.sd() == 0.0 ? 0.0 : HUGE_VAL;
  return r;
}

Precision precision_of(const Problem& problem, const UncertaintyState& state, double confidence) {
  Precision p;
  for (std::size_t o = 0; o < state.outputs.size(); ++o) {
    if (problem.target_layout().is_array(o)) continue;  // its elements are below
    p.relative_se = std::max(p.relative_se, relative_standard_error(state.outputs[o]));
  }
  for (const auto& e : state.elements) p.relative_se = std::max(p.relative_se, relative_standard_error(e));
  for (size_t k = 0; k < state.claims.size(); ++k) {
    const ProportionCounter& c = state.claims[k];
    if (c.trials() == 0) {
      p.half_width = HUGE_VAL;
      continue;
    }
    const Interval ci =
        claim_interval(c, state.claim_replicates.empty() ? nullptr : &state.claim_replicates[k], confidence);
    p.half_width = std::max(p.half_width, (ci.high - ci.low) / 2);
  }
  return p;
}

bool meets(const Precision& p, const PrecisionTarget& t) {
  return (t.relative_se <= 0.0 || p.relative_se <= t.relative_se) &&
         (t.ci_half_width <= 0.0 || p.half_width <= t.ci_half_width);
}

std::string describe(const Precision& p, double confidence) {
  std::ostringstream s;
  s.precision(3);
  s << "largest relative standard error " << p.relative_se << ", largest claim " << confidence * 100 << " % half-width "
    << p.half_width;
  return s.str();
}

// Notes for the results: what the run could not do for an analysis the config asks for.
std::vector<std::string> analyses_not_run(const ProblemSpec& spec, const Analyses& analyses) {
  std::vector<std::string> notes;
  if (spec.has_sensitivity && analyses.regression) {
    for (const auto& name : spec.sensitivity.outputs) {
      for (const auto& c : spec.claims) {
        if (c.name == name)
          notes.push_back("regression (SRC/PRCC) is computed for outputs only, not for claim " + name);
      }
    }
  }
  return notes;
}

// The caveat of Sobol' and Morris results when inputs are correlated (docs/methods-sensitivity.md, "Correlated
// inputs").
constexpr const char* kCorrelationCaveat =
    "correlated inputs: Sobol' indices and Morris effects depend on the order of the parameters in the config (the "
    "copula is applied in that order) and do not share the variance among dependent inputs; Shapley effects "
    "([sensitivity] shapley) are the order-free measure (docs/methods-sensitivity.md, \"Correlated inputs\")";

// A result file carries the designs' states up to this size. Extending a result recomputes a design it does not
// carry, with the same bits (the design's size comes from the config, not from -n), in a fraction of a second;
// carried, a 2^18-base Sobol' design made its file 10 MB and spent 70 % of the run deflating it (issue 36).
constexpr std::size_t kMaxCarriedDesignBytes = std::size_t{64} << 10;
// And a model's finished draws up to this size: an external program's draws cost far more to run again.
constexpr std::size_t kMaxCarriedDrawsBytes = std::size_t{16} << 20;

}  // namespace

struct Engine::Impl {
  const Problem& problem;
  RunRequest request;
  RunIdentity identity;
  const Settings& settings;
  const Execution& exec;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::unique_ptr<ChunkedJob<UncertaintyDesign>> uncertainty;
  std::unique_ptr<ChunkedJob<SobolDesign>> sobol;
  std::unique_ptr<ChunkedJob<MorrisDesign>> morris;
  std::unique_ptr<ChunkedJob<ShapleyDesign>> shapley;
  int stopped_level = -1;  // --until stopped the draws at chunks [0, 2^level)
  std::string stop_reason;

  std::mutex checkpoint_mutex;
  std::chrono::steady_clock::time_point last_checkpoint = std::chrono::steady_clock::now();
  std::atomic<std::uint64_t> done{0};
  std::chrono::steady_clock::time_point last_progress = std::chrono::steady_clock::now();
  std::mutex progress_mutex;

  Impl(const Problem& p, RunRequest r)
      : problem(p),
        request(std::move(r)),
        identity(request.identity()),
        settings(request.settings),
        exec(request.execution) {
    // Before the histogram pilot, which evaluates draws too.
    p.model().prepare_run(exec.stop, parallel::thread_count(exec.threads));
    const Analyses& a = request.analyses;
    const SensitivitySpec& sens = problem.spec().sensitivity;
    if (a.draws()) uncertainty = std::make_unique<ChunkedJob<UncertaintyDesign>>(UncertaintyDesign(p, settings, a));
    if (a.sobol) sobol = std::make_unique<ChunkedJob<SobolDesign>>(SobolDesign(p, *sens.sobol, settings));
    if (a.morris) morris = std::make_unique<ChunkedJob<MorrisDesign>>(MorrisDesign(p, *sens.morris, settings));
    if (a.shapley) shapley = std::make_unique<ChunkedJob<ShapleyDesign>>(ShapleyDesign(p, *sens.shapley, settings));
  }

  bool root() const { return mpi::rank() == 0; }

  std::string my_checkpoint_path() const { return this_ranks_checkpoint(exec.checkpoint_path); }

  // designs: include the Sobol' and Morris states. A result file carries them only when small
  // (kMaxCarriedDesignBytes): a Sobol' design keeps its per-base values (10 MB at 2^18, hundreds of MB at 2^22), and
  // extending a result recomputes the design anyway cheaply enough (its size comes from the config, not from -n).
  RunState state(RunState::Kind kind) const {
    RunState s;
    s.kind = kind;
    s.identity = identity;
    s.shard_index = exec.shard_index;
    s.shard_count = exec.shard_count;
    if (uncertainty) s.uncertainty = uncertainty->snapshot();
    const bool carry = kind != RunState::Kind::result || design_bytes() <= kMaxCarriedDesignBytes;
    if (sobol && carry) s.sobol = sobol->snapshot();
    if (morris && carry) s.morris = morris->snapshot();
    if (shapley) s.shapley = shapley->snapshot();  // small: (k + 3) numbers per block and target
    s.model_draws = problem.model().finished_draws();
    if (kind == RunState::Kind::result && s.model_draws.size() > kMaxCarriedDrawsBytes) s.model_draws.clear();
    return s;
  }

  // What the designs' states hold at most: the Sobol' per-base values (rows x targets doubles per base sample)
  // and the Morris effects (k + 1 values per trajectory and target).
  std::size_t design_bytes() const {
    const std::size_t k = problem.space().dimensions();
    const std::size_t targets = target_columns(sensitivity_targets(problem));
    std::size_t bytes = 0;
    if (sobol) {
      const SobolSpec& spec = sobol->design().spec();
      bytes += spec.base_samples * sobol_rows_per_base(k, spec.second_order) * targets * 8;
    }
    if (morris) bytes += morris->design().spec().trajectories * (k + 1) * targets * 8;
    return bytes;
  }

  void write_checkpoint() {
    const std::string path = my_checkpoint_path();
    if (path.empty()) return;
    write_run_state_file(path, state(RunState::Kind::checkpoint));
    last_checkpoint = std::chrono::steady_clock::now();
  }

  // After every chunk, from any worker thread: progress, and a periodic checkpoint when one is due (one writer at
  // a time; the others go on computing).
  void chunk_done(std::uint64_t items, bool report_progress) {
    const std::uint64_t total = done += items;
    if (report_progress && exec.progress && root()) {
      std::unique_lock<std::mutex> lock(progress_mutex, std::try_to_lock);
      const auto now = std::chrono::steady_clock::now();
      if (lock.owns_lock() && now - last_progress > std::chrono::milliseconds(200)) {
        last_progress = now;
        exec.progress(std::min(total, settings.samples), settings.samples);
      }
    }
    if (exec.checkpoint_path.empty() || exec.checkpoint_every <= 0.0) return;
    std::unique_lock<std::mutex> lock(checkpoint_mutex, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const double since = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_checkpoint).count();
    if (since >= exec.checkpoint_every) write_checkpoint();
  }

  // Runs `list` on this process, then agrees with the other ranks on how it went: all finished, someone was
  // interrupted (everyone checkpoints and throws Interrupted), or someone failed (everyone stops; the failing rank
  // reports its error).
  template <class J>
  void run_list(J& job, const ChunkList& list, bool report_progress) {
    ChunkExecution execution;
    execution.threads = exec.threads;
    execution.stop = exec.stop;
    execution.on_done = [this, report_progress](std::uint64_t items) { chunk_done(items, report_progress); };
    int status = 0;
    std::exception_ptr failure;
    try {
      job.run(list, execution);
    } catch (const Interrupted&) {
      status = 1;
    } catch (...) {
      status = 2;
      failure = std::current_exception();
    }
    status = mpi::max_over_ranks(status);
    if (status == 1) {
      std::lock_guard<std::mutex> lock(checkpoint_mutex);
      write_checkpoint();
      throw Interrupted{};
    }
    if (status == 2) {
      if (failure) std::rethrow_exception(failure);
      throw RuntimeFailure("another MPI rank failed (its message is above)");
    }
  }

  // Rank 0 takes over the subtrees the other ranks finished, through a binomial tree of ranks (each merges what
  // its children send, then passes its own subtrees up): log2(ranks) steps, each message a few subtrees.
  template <class J>
  void gather(J& job, Snapshot RunState::*part) {
    if (!mpi::active()) return;
    mpi::reduce_to_root(
        [&]() {
          RunState wrapper;
          wrapper.identity = identity;
          wrapper.*part = job.snapshot();
          return encode_run_state(wrapper);
        },
        [&](const std::vector<std::uint8_t>& bytes, int from) {
          const std::string source = "MPI rank " + std::to_string(from);
          const RunState theirs = decode_run_state(bytes, source);
          job.import(theirs.*part, source);
        });
  }

  // This process's chunks of [first, last): the shard's range of the whole run, then this rank's piece of what is
  // still missing there.
  template <class J>
  ChunkList my_chunks(const J& job, std::uint64_t first, std::uint64_t last) const {
    std::uint64_t lo = 0;
    std::uint64_t hi = job.chunks();
    if (exec.shard_count > 0) std::tie(lo, hi) = piece(0, job.chunks(), exec.shard_index - 1, exec.shard_count);
    const auto missing = job.missing(std::max(first, lo), std::min(last, hi));
    const auto [a, b] =
        piece(0, missing.size(), static_cast<std::uint64_t>(mpi::rank()), static_cast<std::uint64_t>(mpi::size()));
    return missing.slice(a, b);
  }

  template <class J>
  void run_whole(J& job, Snapshot RunState::*part, bool report_progress) {
    run_list(job, my_chunks(job, 0, job.chunks()), report_progress);
    gather(job, part);
  }

  // The draws in rounds that end at 2^j full chunks; after each, rank 0 checks the precision of chunks [0, 2^j)
  // and all ranks follow its decision.
  void run_uncertainty_until() {
    auto& job = *uncertainty;
    const std::uint64_t full = job.full_chunks();
    std::uint64_t first = 0;
    int level = 0;
    for (std::uint64_t boundary = 1; boundary <= full; boundary *= 2, ++level) {
      run_list(job, my_chunks(job, first, boundary), true);
      gather(job, &RunState::uncertainty);
      int stop = 0;
      if (root()) {
        const UncertaintyState* prefix = job.prefix(level);
        // No prefix node: these chunks came merged into a larger node from a resumed state (checked back then).
        if (prefix) {
          const Precision p = precision_of(problem, *prefix, settings.confidence);
          if (meets(p, exec.until)) {
            stop = 1;
            stop_reason = "precision targets met after " + std::to_string(boundary * settings.chunk_size) + " draws (" +
                          describe(p, settings.confidence) + ")";
          }
        }
      }
      if (mpi::broadcast_from_root(stop)) {
        stopped_level = level;
        return;
      }
      first = boundary;
    }
    run_list(job, my_chunks(job, first, job.chunks()), true);
    gather(job, &RunState::uncertainty);
  }

  Results finish();

  // The note when the Sobol' design's N was rounded up for its scrambled replicates ("" when it was not).
  std::string sobol_rounding_note() const {
    if (!sobol) return "";
    const SobolDesign& d = sobol->design();
    if (d.requested_base_samples() == d.spec().base_samples) return "";
    return "sensitivity.sobol.base_samples " + std::to_string(d.requested_base_samples()) + " rounded up to " +
           std::to_string(d.spec().base_samples) + " = " + std::to_string(d.replicates()) + " x " +
           std::to_string(d.spec().base_samples / d.replicates()) + ": the sobol sampler's " +
           std::to_string(d.replicates()) +
           " scrambled replicates (sensitivity.sobol.replicates) need a power of two each";
  }
};

Results Engine::Impl::finish() {
  Results r;
  const ProblemSpec& spec = problem.spec();
  const Analyses& analyses = request.analyses;
  r.title = spec.title;
  r.config_name = request.config_name;
  r.version = version();
  r.git_commit = git_commit();
  r.seed = settings.seed;
  r.sampler = sampler_name(settings.sampler);
  r.ranks = mpi::size();
  r.machine = machine_description();
  r.config_text = request.config_text;
  r.overrides = request.overrides;
  r.chunk_size = settings.chunk_size;
  r.confidence = settings.confidence;
  r.model_kind = problem.model().kind();
  r.state = state(RunState::Kind::result);
  r.notes = request.notes;
  if (const std::string note = sobol_rounding_note(); !note.empty()) r.notes.push_back(note);
  for (auto& note : analyses_not_run(spec, analyses)) r.notes.push_back(std::move(note));
  int threads = 1;
  if (uncertainty) {
    auto& job = *uncertainty;
    const std::uint64_t needed = stopped_level >= 0 ? std::uint64_t{1} << stopped_level : job.chunks();
    if (!job.missing(0, needed).empty()) {
      throw RuntimeFailure("the run is incomplete: some chunks of the uncertainty draws were never computed");
    }
    std::shared_ptr<const UncertaintyState> total;
    if (stopped_level >= 0) {
      // The result is chunks [0, 2^level) exactly; chunks beyond that happened to finish are left out, so the
      // stopping point and the bits depend on neither threads nor ranks.
      auto& nodes = r.state.uncertainty.nodes;
      nodes.erase(std::remove_if(nodes.begin(), nodes.end(),
                                 [&](const StateNode& n) { return n.level != stopped_level || n.index != 0; }),
                  nodes.end());
      r.samples = (std::uint64_t{1} << stopped_level) * settings.chunk_size;
      r.stop_reason = stop_reason;
      r.state.stopped_draws = r.samples;
      total = std::make_shared<const UncertaintyState>(*job.prefix(stopped_level));
    } else {
      total = std::make_shared<const UncertaintyState>(job.finish());
      r.samples = settings.samples;
      if (exec.until.active()) {
        r.stop_reason = "reached -n " + std::to_string(settings.samples) + " draws before the precision targets (" +
                        describe(precision_of(problem, *total, settings.confidence), settings.confidence) + ")";
      } else {
        r.stop_reason = "completed -n " + std::to_string(settings.samples) + " draws";
      }
    }
    r.state.stop_reason = r.stop_reason;
    r.until_relative_se = exec.until.relative_se;
    r.until_ci_half_width = exec.until.ci_half_width;
    if (exec.until.active()) r.notes.push_back("--until: " + r.stop_reason);
    estimate_uncertainty(problem, analyses, settings.confidence, *total, job.design().driver_inputs(), r);
    r.uncertainty_state = std::move(total);
    threads = std::max(threads, job.threads_used());
    // The first draws, recomputed here (with the -n the run was asked for: LHS strata depend on it).
    const std::uint64_t rows = std::min(std::max(settings.keep_samples, request.analysis_rows()), r.samples);
    if (rows > 0) {
      KeptSamples kept = kept_draws(problem, settings, rows, exec.threads);
      if (analyses.regression) {
        const auto targets = sensitivity_targets(problem);
        const auto inputs = sensitivity_inputs(problem);
        const auto regression = estimate_regression(problem, kept);
        size_t i = 0;
        for (const auto& t : targets) {
          if (!t.is_claim) r.regression.push_back(RegressionSummary{t.name, inputs, regression[i++]});
        }
      }
      if (settings.keep_samples > 0) {
        // The regression may have needed more rows than --keep-samples asked to store.
        kept.rows = std::min(kept.rows, settings.keep_samples);
        kept.inputs.resize(kept.rows * kept.input_names.size());
        kept.outputs.resize(kept.rows * kept.output_names.size());
        r.kept = std::move(kept);
      }
    }
  }
  const auto targets = sensitivity_targets(problem);
  const auto inputs = sensitivity_inputs(problem);
  if (sobol) {
    if (!sobol->missing(0, sobol->chunks()).empty()) {
      throw RuntimeFailure("the run is incomplete: some chunks of the Sobol' design were never computed");
    }
    auto total = std::make_shared<const SobolDesignState>(sobol->finish());
    const SobolDesign& design = sobol->design();
    const auto results = design.estimate(*total, exec.threads);
    for (size_t t = 0; t < results.size(); ++t) {
      SobolSummary summary{
          targets[t].name, inputs, results[t].front(), design.evaluations(), design.spec().sampler, {}, {}, {},
          total->failures};
      if (targets[t].is_array) {
        // An array output: its indices per element; the summary's own result is left at its default.
        summary.result = SobolResult{};
        summary.dimensions = problem.model().targets()[targets[t].output_index].shape.dimensions;
        summary.elements = results[t];
        summary.aggregated = aggregate_sobol(summary.elements, design.spec().confidence);
        for (SobolResult& e : summary.elements) {  // the replicates are only what the aggregation needs
          e.replicate_variance = {};
          e.replicate_S1 = {};
          e.replicate_ST = {};
        }
      }
      r.sobol.push_back(std::move(summary));
    }
    r.sobol_state = std::move(total);
    threads = std::max(threads, sobol->threads_used());
  }
  if (morris) {
    if (!morris->missing(0, morris->chunks()).empty()) {
      throw RuntimeFailure("the run is incomplete: some Morris trajectories were never computed");
    }
    auto total = std::make_shared<const MorrisDesignState>(morris->finish());
    const MorrisDesign& design = morris->design();
    const auto results = design.estimate(*total, settings.confidence, exec.threads);
    for (size_t t = 0; t < results.size(); ++t) {
      r.morris.push_back(MorrisSummary{targets[t].name, inputs, results[t], design.spec().levels, total->failures});
    }
    r.morris_state = std::move(total);
    threads = std::max(threads, morris->threads_used());
  }
  if (shapley) {
    if (!shapley->missing(0, shapley->chunks()).empty()) {
      throw RuntimeFailure("the run is incomplete: some items of the Shapley design were never computed");
    }
    auto total = std::make_shared<const ShapleyDesignState>(shapley->finish());
    const ShapleyDesign& design = shapley->design();
    const auto results = design.estimate(*total, settings.confidence);
    for (size_t t = 0; t < results.size(); ++t) {
      r.shapley.push_back(ShapleySummary{targets[t].name, inputs, results[t], design.evaluations(), total->failures});
    }
    r.shapley_state = std::move(total);
    threads = std::max(threads, shapley->threads_used());
  }
  if (!spec.correlations.empty() && (!r.sobol.empty() || !r.morris.empty())) r.sensitivity_caveat = kCorrelationCaveat;
  r.threads = threads;
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

Engine::Engine(const Problem& problem, RunRequest request) {
  if (request.execution.shard_count > 0 && request.execution.until.active()) {
    throw Error("--until cannot be combined with --shard: a shard does not see the whole run to judge its precision");
  }
  // What takes scalar outputs only so far (issue 35): refused by name rather than given an array's first element.
  const TargetLayout& layout = problem.target_layout();
  for (std::size_t o = 0; o < problem.num_outputs(); ++o) {
    if (!layout.is_array(o)) continue;
    const std::string what = "output '" + problem.output_names()[o] + "' is an array: ";
    if (request.settings.keep_samples > 0) throw Error(what + "--keep-samples keeps scalar outputs only so far");
  }
  impl_ = std::make_unique<Impl>(problem, std::move(request));
}
Engine::~Engine() = default;

void Engine::import(const RunState& saved, const std::string& source, bool extend) {
  Impl& impl = *impl_;
  if (impl.uncertainty) impl.uncertainty->import(saved.uncertainty, source, extend);
  if (impl.sobol) impl.sobol->import(saved.sobol, source);
  if (impl.morris) impl.morris->import(saved.morris, source);
  if (impl.shapley) impl.shapley->import(saved.shapley, source);
}

void Engine::run() {
  Impl& impl = *impl_;
  const Execution& exec = impl.exec;
  if (impl.uncertainty) {
    if (exec.until.active()) {
      impl.run_uncertainty_until();
    } else {
      impl.run_whole(*impl.uncertainty, &RunState::uncertainty, true);
    }
    if (exec.progress && impl.root()) exec.progress(impl.settings.samples, impl.settings.samples);
  }
  if (impl.sobol) {
    if (exec.say && impl.root()) {
      const SobolSpec& s = impl.sobol->design().spec();
      const std::size_t k = impl.problem.space().dimensions();
      if (const std::string note = impl.sobol_rounding_note(); !note.empty()) exec.say(note);
      exec.say("Sobol' indices: N = " + std::to_string(s.base_samples) + " base samples x (" +
               (s.second_order ? "2k + 2" : "k + 2") + ", k = " + std::to_string(k) +
               ") = " + std::to_string(impl.sobol->design().evaluations()) + " model runs");
    }
    impl.run_whole(*impl.sobol, &RunState::sobol, false);
  }
  if (impl.morris) impl.run_whole(*impl.morris, &RunState::morris, false);
  if (impl.shapley) {
    if (exec.say && impl.root()) {
      const ShapleyDesign& d = impl.shapley->design();
      const ShapleySpec& s = d.spec();
      const std::size_t k = impl.problem.space().dimensions();
      const std::string per_item =
          d.exact() ? "every subset, 1 + (2^k - 1)(inner - 1)" : "random permutations, 1 + k (inner - 1)";
      exec.say("Shapley effects (" + per_item + ", k = " + std::to_string(k) + ", inner = " + std::to_string(s.inner) +
               "): " + std::to_string(d.items()) + (d.exact() ? " outer points" : " permutations") + " x " +
               std::to_string(d.rows_per_item()) + " = " + std::to_string(d.evaluations()) + " model runs");
    }
    impl.run_whole(*impl.shapley, &RunState::shapley, false);
  }
}

RunState Engine::state(RunState::Kind kind) const {
  return impl_->state(kind);
}

Results Engine::finish() {
  return impl_->finish();
}

void Engine::remove_checkpoints() const {
  if (impl_->exec.checkpoint_path.empty()) return;
  for (const auto& path : checkpoint_files(impl_->exec.checkpoint_path)) std::remove(path.c_str());
}

Results run_request(const Problem& problem, const RunRequest& request) {
  Engine engine(problem, request);
  engine.run();
  return engine.finish();
}

std::string this_ranks_checkpoint(const std::string& checkpoint_path) {
  if (checkpoint_path.empty()) return "";
  return mpi::rank() == 0 ? checkpoint_path : checkpoint_path + ".rank" + std::to_string(mpi::rank());
}

std::vector<std::string> checkpoint_files(const std::string& checkpoint_path) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::exists(checkpoint_path, ec)) files.push_back(checkpoint_path);
  const fs::path p(checkpoint_path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  const std::string prefix = p.filename().string() + ".rank";
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.find_first_not_of("0123456789", prefix.size()) == std::string::npos &&
        name.size() > prefix.size()) {
      files.push_back(it->path().string());
    }
  }
  std::sort(files.begin() + (files.empty() || files[0] != checkpoint_path ? 0 : 1), files.end());
  return files;
}

}  // namespace mcsens
