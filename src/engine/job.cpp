// SPDX-License-Identifier: MIT
#include "mcsens/engine/job.hpp"

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

#include "mcsens/engine/state_codec.hpp"
#include "mcsens/parallel/mpi_context.hpp"
#include "mcsens/stats/proportion.hpp"

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
// and the largest claim interval half-width.
struct Precision {
  double relative_se = 0.0;
  double half_width = 0.0;
};

Precision precision_of(const UncertaintyState& state) {
  Precision p;
  for (const auto& o : state.outputs) {
    const double mean = o.moments.mean();
    double r = o.moments.mean_se() / std::fabs(mean);
    if (o.moments.count() < 2 || !std::isfinite(r)) r = o.moments.sd() == 0.0 ? 0.0 : HUGE_VAL;
    p.relative_se = std::max(p.relative_se, r);
  }
  for (const auto& c : state.claims) {
    if (c.trials() == 0) {
      p.half_width = HUGE_VAL;
      continue;
    }
    const Interval ci = wilson_interval(c.successes(), c.trials(), 0.95);
    p.half_width = std::max(p.half_width, (ci.high - ci.low) / 2);
  }
  return p;
}

bool meets(const Precision& p, const PrecisionTarget& t) {
  return (t.relative_se <= 0.0 || p.relative_se <= t.relative_se) &&
         (t.ci_half_width <= 0.0 || p.half_width <= t.ci_half_width);
}

std::string describe(const Precision& p) {
  std::ostringstream s;
  s.precision(3);
  s << "largest relative standard error " << p.relative_se << ", largest claim 95 % half-width " << p.half_width;
  return s.str();
}

constexpr std::size_t kMaxCarriedStateBytes = std::size_t{16} << 20;

}  // namespace

struct Job::Impl {
  const Problem& problem;
  JobOptions options;
  std::unique_ptr<UncertaintyJob> main;
  std::unique_ptr<SobolJob> sobol;
  std::unique_ptr<MorrisJob> morris;
  int stopped_level = -1;  // --until stopped the main run at chunks [0, 2^level)
  std::string stop_reason;

  std::mutex checkpoint_mutex;
  std::chrono::steady_clock::time_point last_checkpoint = std::chrono::steady_clock::now();
  std::atomic<std::uint64_t> done{0};
  std::chrono::steady_clock::time_point last_progress = std::chrono::steady_clock::now();
  std::mutex progress_mutex;

  Impl(const Problem& p, JobOptions o) : problem(p), options(std::move(o)) {
    if (options.main) main = std::make_unique<UncertaintyJob>(problem, options.run);
    if (options.sobol) sobol = std::make_unique<SobolJob>(problem, *options.sobol, options.run);
    if (options.morris) morris = std::make_unique<MorrisJob>(problem, *options.morris, options.run);
  }

  bool root() const { return mpi::rank() == 0; }

  std::string my_checkpoint_path() const {
    if (options.checkpoint_path.empty()) return "";
    return mpi::rank() == 0 ? options.checkpoint_path : options.checkpoint_path + ".rank" + std::to_string(mpi::rank());
  }

  // designs: include the Sobol' and Morris states. A result file carries them only when small: a large Sobol'
  // design keeps its per-base values (hundreds of MB at 2^22), and extending a result recomputes the design
  // anyway cheaply enough (its size comes from the config, not from -n).
  RunState state(RunState::Kind kind) const {
    RunState s;
    s.kind = kind;
    s.identity = options.identity;
    s.shard_index = options.shard_index;
    s.shard_count = options.shard_count;
    if (main) s.main = main->snapshot();
    const bool carry = kind != RunState::Kind::result || design_bytes() <= kMaxCarriedStateBytes;
    if (sobol && carry) s.sobol = sobol->snapshot();
    if (morris && carry) s.morris = morris->snapshot();
    return s;
  }

  // What the designs' states hold at most: the Sobol' per-base values (rows x targets doubles per base sample)
  // and the Morris effects (k + 1 values per trajectory and target).
  std::size_t design_bytes() const {
    const std::size_t k = problem.space().dimensions();
    const std::size_t targets = sensitivity_targets(problem).size();
    std::size_t bytes = 0;
    if (options.sobol) {
      bytes += options.sobol->base_samples * sobol_rows_per_base(k, options.sobol->second_order) * targets * 8;
    }
    if (options.morris) bytes += options.morris->trajectories * (k + 1) * targets * 8;
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
    if (report_progress && options.run.progress && root()) {
      std::unique_lock<std::mutex> lock(progress_mutex, std::try_to_lock);
      const auto now = std::chrono::steady_clock::now();
      if (lock.owns_lock() && now - last_progress > std::chrono::milliseconds(200)) {
        last_progress = now;
        options.run.progress(std::min(total, options.run.samples), options.run.samples);
      }
    }
    if (options.checkpoint_path.empty() || options.checkpoint_every <= 0.0) return;
    std::unique_lock<std::mutex> lock(checkpoint_mutex, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const double since = std::chrono::duration<double>(std::chrono::steady_clock::now() - last_checkpoint).count();
    if (since >= options.checkpoint_every) write_checkpoint();
  }

  // Runs `list` on this process, then agrees with the other ranks on how it went: all finished, someone was
  // interrupted (everyone checkpoints and throws Interrupted), or someone failed (everyone stops; the failing rank
  // reports its error).
  template <class J>
  void run_list(J& job, const ChunkList& list, bool report_progress) {
    ExecOptions exec;
    exec.threads = options.run.threads;
    exec.stop = options.run.stop;
    exec.on_done = [this, report_progress](std::uint64_t items) { chunk_done(items, report_progress); };
    int status = 0;
    std::exception_ptr failure;
    try {
      job.run(list, exec);
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
          wrapper.identity = options.identity;
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
    if (options.shard_count > 0)
      std::tie(lo, hi) = piece(0, job.chunks(), options.shard_index - 1, options.shard_count);
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

  // The main run in rounds that end at 2^j full chunks; after each, rank 0 checks the precision of chunks
  // [0, 2^j) and all ranks follow its decision.
  void run_main_until() {
    const std::uint64_t full = main->full_chunks();
    std::uint64_t first = 0;
    int level = 0;
    for (std::uint64_t boundary = 1; boundary <= full; boundary *= 2, ++level) {
      run_list(*main, my_chunks(*main, first, boundary), true);
      gather(*main, &RunState::main);
      int stop = 0;
      if (root()) {
        const UncertaintyState* prefix = main->prefix(level);
        // No prefix node: these chunks came merged into a larger node from a resumed state (checked back then).
        if (prefix) {
          const Precision p = precision_of(*prefix);
          if (meets(p, options.until)) {
            stop = 1;
            stop_reason = "precision targets met after " + std::to_string(boundary * options.run.chunk_size) +
                          " draws (" + describe(p) + ")";
          }
        }
      }
      if (mpi::broadcast_from_root(stop)) {
        stopped_level = level;
        return;
      }
      first = boundary;
    }
    run_list(*main, my_chunks(*main, first, main->chunks()), true);
    gather(*main, &RunState::main);
  }
};

Job::Job(const Problem& problem, JobOptions options) : impl_(std::make_unique<Impl>(problem, std::move(options))) {
  if (impl_->options.shard_count > 0 && impl_->options.until.active()) {
    throw Error("--until cannot be combined with --shard: a shard does not see the whole run to judge its precision");
  }
}
Job::~Job() = default;

void Job::import(const RunState& saved, const std::string& source, bool extend) {
  Impl& impl = *impl_;
  if (impl.main) impl.main->import(saved.main, source, extend);
  if (impl.sobol) impl.sobol->import(saved.sobol, source);
  if (impl.morris) impl.morris->import(saved.morris, source);
}

void Job::run() {
  Impl& impl = *impl_;
  if (impl.main) {
    if (impl.options.until.active()) {
      impl.run_main_until();
    } else {
      impl.run_whole(*impl.main, &RunState::main, true);
    }
    if (impl.options.run.progress && impl.root())
      impl.options.run.progress(impl.options.run.samples, impl.options.run.samples);
  }
  if (impl.sobol) {
    if (impl.options.say && impl.root()) {
      const SobolSpec& s = *impl.options.sobol;
      const std::size_t k = impl.problem.space().dimensions();
      impl.options.say("Sobol' indices: N = " + std::to_string(s.base_samples) + " base samples x (" +
                       (s.second_order ? "2k + 2" : "k + 2") + ", k = " + std::to_string(k) +
                       ") = " + std::to_string(sobol_cost(s.base_samples, k, s.second_order)) + " model runs");
    }
    impl.run_whole(*impl.sobol, &RunState::sobol, false);
  }
  if (impl.morris) impl.run_whole(*impl.morris, &RunState::morris, false);
}

RunState Job::state(RunState::Kind kind) const {
  return impl_->state(kind);
}

JobOutcome Job::finish() {
  Impl& impl = *impl_;
  JobOutcome outcome;
  outcome.state = impl.state(RunState::Kind::result);
  if (impl.main) {
    if (!impl.main->missing(0, impl.stopped_level >= 0 ? std::uint64_t{1} << impl.stopped_level : impl.main->chunks())
             .empty()) {
      throw RuntimeFailure("the run is incomplete: some chunks of the main run were never computed");
    }
    if (impl.stopped_level >= 0) {
      // The result is chunks [0, 2^level) exactly; chunks beyond that happened to finish are left out, so the
      // stopping point and the bits depend on neither threads nor ranks.
      auto& nodes = outcome.state.main.nodes;
      nodes.erase(std::remove_if(nodes.begin(), nodes.end(),
                                 [&](const StateNode& n) { return n.level != impl.stopped_level || n.index != 0; }),
                  nodes.end());
      const std::uint64_t draws = (std::uint64_t{1} << impl.stopped_level) * impl.options.run.chunk_size;
      outcome.main = impl.main->result_of(*impl.main->prefix(impl.stopped_level), draws);
      outcome.draws = draws;
      outcome.stop_reason = impl.stop_reason;
      outcome.state.stopped_draws = draws;
    } else {
      outcome.main = impl.main->finish();
      outcome.draws = impl.options.run.samples;
      if (impl.options.until.active()) {
        outcome.stop_reason = "reached -n " + std::to_string(impl.options.run.samples) +
                              " draws before the precision targets (" + describe(precision_of(outcome.main.state)) +
                              ")";
      } else {
        outcome.stop_reason = "completed -n " + std::to_string(impl.options.run.samples) + " draws";
      }
    }
    outcome.state.stop_reason = outcome.stop_reason;
  }
  if (impl.sobol) {
    if (!impl.sobol->missing(0, impl.sobol->chunks()).empty()) {
      throw RuntimeFailure("the run is incomplete: some chunks of the Sobol' design were never computed");
    }
    outcome.sobol = impl.sobol->finish();
  }
  if (impl.morris) {
    if (!impl.morris->missing(0, impl.morris->chunks()).empty()) {
      throw RuntimeFailure("the run is incomplete: some Morris trajectories were never computed");
    }
    outcome.morris = impl.morris->finish();
  }
  return outcome;
}

void Job::remove_checkpoints() const {
  if (impl_->options.checkpoint_path.empty()) return;
  for (const auto& path : checkpoint_files(impl_->options.checkpoint_path)) std::remove(path.c_str());
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
