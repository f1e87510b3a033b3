// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/chunk_list.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/run_state.hpp"
#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "parallel/ordered_reduction.hpp"
#include "parallel/workers.hpp"

namespace mcsens {

// A Design is one analysis that runs over items (draws, base samples, trajectories) in chunks. It provides
//
//   using State = ...;        // mergeable: default-constructible, copyable, State::merge(const State& later)
//   using Workspace = ...;    // per-thread scratch (model evaluator, arrays), made once per thread
//   std::uint64_t items() const;
//   std::uint64_t chunk_size() const;
//   const State& prototype() const;                    // the empty state every chunk starts from
//   std::unique_ptr<Workspace> make_workspace() const;
//   void run_chunk(Workspace&, std::uint64_t first, std::uint64_t last, State&) const;  // items [first, last)
//   static void encode(const State&, ByteWriter&);     // the flat form (state_codec)
//   static State decode(ByteReader&);                  // throws CorruptState through the reader
//
// and an estimate function of its own that turns the final State into estimates. A Design is immutable while
// chunks run: run_chunk is called from many threads at once.

// How a list of chunks is executed.
struct ChunkExecution {
  int threads = 0;                             // 0: OpenMP's default
  const std::atomic<bool>* stop = nullptr;     // polled between chunks; raised: in-flight chunks finish, then stop
  std::function<void(std::uint64_t)> on_done;  // after each chunk, with its item count; called from any thread
};

// One job template for every analysis: the items of a Design cut into chunks of chunk_size, run on the worker
// threads, their states merged by OrderedReduction over the full chunks and the tail (a final shorter chunk)
// merged last. So the result depends on neither threads nor ranks nor the order chunks finish in, and a run of
// the first F full chunks is a prefix of any longer run: the basis of extending a finished run. Chunks can be run
// in any lists on any process; finished subtrees travel as Snapshots (MPI, shards, checkpoints).
template <class Design>
class ChunkedJob {
 public:
  using State = typename Design::State;

  explicit ChunkedJob(Design design)
      : design_(std::move(design)),
        items_(design_.items()),
        chunk_size_(design_.chunk_size()),
        full_(items_ / chunk_size_),
        tail_items_(items_ % chunk_size_) {}
  ChunkedJob(const ChunkedJob&) = delete;
  ChunkedJob& operator=(const ChunkedJob&) = delete;

  const Design& design() const { return design_; }
  std::uint64_t chunks() const { return full_ + (tail_items_ ? 1 : 0); }
  std::uint64_t full_chunks() const { return full_; }
  std::uint64_t begin(std::uint64_t chunk) const { return chunk * chunk_size_; }
  std::uint64_t end(std::uint64_t chunk) const { return std::min(items_, (chunk + 1) * chunk_size_); }
  int threads_used() const { return threads_used_; }

  // Chunks of [first, last) not done yet: the complement of the held subtrees (and the tail), so its cost
  // grows with the number of subtrees, not of chunks.
  ChunkList missing(std::uint64_t first, std::uint64_t last) const {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> done;
    reduction_.visit(
        [&](int level, std::uint64_t index, const State&) { done.emplace_back(index << level, (index + 1) << level); });
    {
      std::lock_guard<std::mutex> lock(tail_mutex_);
      if (tail_) done.emplace_back(full_, full_ + 1);
    }
    std::sort(done.begin(), done.end());
    ChunkList out;
    last = std::min(last, chunks());
    std::uint64_t at = first;
    for (const auto& [b, e] : done) {
      if (b >= last) break;
      if (b > at) out.add(at, b);
      at = std::max(at, e);
    }
    if (at < last) out.add(at, last);
    return out;
  }

  // Runs the design on every chunk of the list. The first exception of a chunk is rethrown after every thread
  // stopped; a raised stop flag throws Interrupted, with every finished chunk kept (a checkpoint can be written
  // from this object after).
  void run(const ChunkList& list, const ChunkExecution& options) {
    std::atomic<bool> failed{false};
    std::atomic<bool> stopped{false};
    std::atomic<std::uint64_t> next{0};
    const int used = parallel::run_workers(options.threads, [&](int, int) {
      try {
        auto ws = design_.make_workspace();
        // Chunks are handed out by a shared counter: after a stop or a failure every thread leaves at once,
        // instead of walking the remaining indices (1.5e10 of them at -n 1e15).
        for (;;) {
          if (failed.load(std::memory_order_relaxed) || stopped.load(std::memory_order_relaxed)) break;
          if (options.stop && options.stop->load(std::memory_order_relaxed)) {
            stopped = true;
            break;
          }
          const std::uint64_t i = next.fetch_add(1, std::memory_order_relaxed);
          if (i >= list.size()) break;
          const std::uint64_t c = list.at(i);
          State state = design_.prototype();
          design_.run_chunk(*ws, begin(c), end(c), state);
          submit(c, std::move(state));
          if (options.on_done) options.on_done(end(c) - begin(c));
        }
      } catch (...) {
        failed = true;  // the others leave; run_workers rethrows the first exception caught
        throw;
      }
    });
    threads_used_ = std::max(threads_used_, used);
    if (stopped) throw Interrupted{};
  }

  // The finished subtrees in flat form (thread-safe: may be taken while chunks run).
  Snapshot snapshot() const {
    Snapshot s;
    reduction_.visit([&](int level, std::uint64_t index, const State& state) {
      ByteWriter w;
      Design::encode(state, w);
      s.nodes.push_back(StateNode{level, index, std::move(w.bytes())});
    });
    std::lock_guard<std::mutex> lock(tail_mutex_);
    if (tail_) {
      ByteWriter w;
      Design::encode(*tail_, w);
      s.nodes.push_back(StateNode{kTailLevel, full_, std::move(w.bytes())});
    }
    return s;
  }

  // Takes over finished nodes computed elsewhere (a checkpoint, shard or rank); `source` names them in errors.
  // drop_tail: ignore a saved tail chunk (a shorter run's last chunk, which a longer run recomputes in full). A
  // node outside this run's chunks is refused (the caller checked that config, seed and chunking match; a
  // mismatch here means the state belongs to another run).
  void import(const Snapshot& snapshot, const std::string& source, bool drop_tail = false) {
    for (const auto& node : snapshot.nodes) {
      if (drop_tail && node.level == kTailLevel) continue;
      ByteReader reader(node.bytes.data(), node.bytes.size(), source);
      State state = Design::decode(reader);
      if (node.level == kTailLevel) {
        if (node.index != full_ || tail_items_ == 0)
          throw CorruptState(source + ": a saved run state does not fit this run");
        std::lock_guard<std::mutex> lock(tail_mutex_);
        tail_ = std::move(state);
        continue;
      }
      if (node.level < 0 || node.level > 62 || ((node.index + 1) << node.level) > full_) {
        throw CorruptState(source + ": a saved run state does not fit this run");
      }
      reduction_.import_node(node.level, node.index, std::move(state));
    }
  }

  // The merged state of chunks 0 .. 2^level - 1 when all of them are done (and nothing beyond has merged in).
  const State* prefix(int level) const { return reduction_.find(level, 0); }

  // Every chunk must be done. The full chunks in tree order, then the tail.
  State finish() {
    const bool any_full = reduction_.pending() > 0;
    State total = any_full ? reduction_.finish() : State{};
    std::lock_guard<std::mutex> lock(tail_mutex_);
    if (tail_) {
      if (any_full) {
        total.merge(*tail_);
      } else {
        total = std::move(*tail_);
      }
      tail_.reset();
    }
    return total;
  }

 private:
  void submit(std::uint64_t chunk, State state) {
    if (chunk == full_) {
      std::lock_guard<std::mutex> lock(tail_mutex_);
      tail_ = std::move(state);
    } else {
      reduction_.submit(chunk, std::move(state));
    }
  }

  Design design_;
  std::uint64_t items_;
  std::uint64_t chunk_size_;
  std::uint64_t full_;
  std::uint64_t tail_items_;
  OrderedReduction<State> reduction_;
  mutable std::mutex tail_mutex_;
  std::optional<State> tail_;
  int threads_used_ = 1;
};

}  // namespace mcsens
