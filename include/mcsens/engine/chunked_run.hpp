// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "mcsens/engine/run_options.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "mcsens/parallel/ordered_reduction.hpp"
#include "parallel/workers.hpp"

namespace mcsens {

// One merged subtree of chunks in flat form: chunks [index 2^level, (index+1) 2^level), or the tail (the final,
// shorter chunk) when level == kTailLevel.
struct StateNode {
  int level = 0;
  std::uint64_t index = 0;
  std::vector<std::uint8_t> bytes;
};
constexpr int kTailLevel = -1;

// Everything finished so far of one chunked analysis: what a checkpoint, a shard or an MPI rank hands over.
struct Snapshot {
  std::vector<StateNode> nodes;
};

// A set of chunk indices as sorted disjoint ranges [first, last): a run of 1e15 draws has 1.5e10 chunks, which
// must never be listed one by one.
class ChunkList {
 public:
  ChunkList() = default;
  ChunkList(std::initializer_list<std::uint64_t> chunks) {
    for (std::uint64_t c : chunks) add(c, c + 1);
  }
  // Appends [first, last); ranges must come in increasing order.
  void add(std::uint64_t first, std::uint64_t last) {
    if (first >= last) return;
    if (!ranges_.empty() && ranges_.back().second == first) {
      ranges_.back().second = last;
    } else {
      ranges_.emplace_back(first, last);
      starts_.push_back(size_);
    }
    size_ += last - first;
  }
  std::uint64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // The i-th chunk of the set (i < size()).
  std::uint64_t at(std::uint64_t i) const {
    const auto r = static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), i) - starts_.begin()) - 1;
    return ranges_[r].first + (i - starts_[r]);
  }
  // Elements [a, b) of the set, as a set.
  ChunkList slice(std::uint64_t a, std::uint64_t b) const {
    ChunkList out;
    for (std::size_t r = 0; r < ranges_.size(); ++r) {
      const std::uint64_t s = starts_[r];
      const std::uint64_t e = s + (ranges_[r].second - ranges_[r].first);
      const std::uint64_t lo = std::max(a, s);
      const std::uint64_t hi = std::min(b, e);
      if (lo < hi) out.add(ranges_[r].first + (lo - s), ranges_[r].first + (hi - s));
    }
    return out;
  }

 private:
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges_;
  std::vector<std::uint64_t> starts_;  // position in the set of each range's first chunk
  std::uint64_t size_ = 0;
};

// How a list of chunks is executed.
struct ExecOptions {
  int threads = 0;                             // 0: OpenMP's default
  const std::atomic<bool>* stop = nullptr;     // polled between chunks; raised: in-flight chunks finish, then stop
  std::function<void(std::uint64_t)> on_done;  // after each chunk, with its item count; called from any thread
};

// Items (draws, base samples, trajectories) 0..items-1 cut into chunks of chunk_size, run on OpenMP threads, their
// states merged by OrderedReduction over the full chunks, and the tail (a final shorter chunk) merged last. So the
// result depends on neither threads nor ranks nor the order chunks finish in, and a run of the first F full
// chunks is a prefix of any longer run: the basis of extending a finished run to more draws.
template <class State>
class ChunkedRun {
 public:
  ChunkedRun(std::uint64_t items, std::uint64_t chunk_size)
      : items_(items), chunk_size_(chunk_size), full_(items / chunk_size), tail_items_(items % chunk_size) {}

  std::uint64_t items() const { return items_; }
  std::uint64_t chunks() const { return full_ + (tail_items_ ? 1 : 0); }
  std::uint64_t full_chunks() const { return full_; }
  std::uint64_t begin(std::uint64_t chunk) const { return chunk * chunk_size_; }
  std::uint64_t end(std::uint64_t chunk) const { return std::min(items_, (chunk + 1) * chunk_size_); }

  bool is_done(std::uint64_t chunk) const {
    if (chunk == full_) {
      std::lock_guard<std::mutex> lock(tail_mutex_);
      return tail_.has_value();
    }
    return reduction_.covers(chunk);
  }

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

  void submit(std::uint64_t chunk, State state) {
    if (chunk == full_) {
      std::lock_guard<std::mutex> lock(tail_mutex_);
      tail_ = std::move(state);
    } else {
      reduction_.submit(chunk, std::move(state));
    }
  }

  // Runs body(workspace, chunk, state) on a copy of prototype for every chunk of the list, then submits it.
  // Returns the threads used. Exceptions of the body are rethrown after every thread stopped; a raised stop flag
  // throws Interrupted, with every finished chunk kept (a checkpoint can be written from this object after).
  template <class MakeWorkspace, class Body>
  int execute(const ChunkList& list, const ExecOptions& options, const State& prototype, MakeWorkspace make_workspace,
              Body body) {
    std::atomic<bool> failed{false};
    std::atomic<bool> stopped{false};
    std::atomic<std::uint64_t> next{0};
    const int used = parallel::run_workers(options.threads, [&](int, int) {
      // A failing worker raises `failed` so that the others leave at once; its exception reaches the caller
      // through run_workers (the first one caught).
      try {
        auto ws = make_workspace();
        // Chunks are handed out by a shared counter (dynamic scheduling by hand): after a stop or a failure every
        // thread leaves at once, instead of walking the remaining indices (1.5e10 of them at -n 1e15).
        for (;;) {
          if (failed.load(std::memory_order_relaxed) || stopped.load(std::memory_order_relaxed)) break;
          if (options.stop && options.stop->load(std::memory_order_relaxed)) {
            stopped = true;
            break;
          }
          const std::uint64_t i = next.fetch_add(1, std::memory_order_relaxed);
          if (i >= list.size()) break;
          const std::uint64_t c = list.at(i);
          State state = prototype;
          body(*ws, c, state);
          submit(c, std::move(state));
          if (options.on_done) options.on_done(end(c) - begin(c));
        }
      } catch (...) {
        failed = true;
        throw;
      }
    });
    if (stopped) throw Interrupted{};
    return used;
  }

  // The finished subtrees in flat form (thread-safe: may be taken while chunks run).
  template <class Encode>
  Snapshot snapshot(Encode encode) const {
    Snapshot s;
    reduction_.visit([&](int level, std::uint64_t index, const State& state) {
      ByteWriter w;
      encode(state, w);
      s.nodes.push_back(StateNode{level, index, std::move(w.bytes())});
    });
    std::lock_guard<std::mutex> lock(tail_mutex_);
    if (tail_) {
      ByteWriter w;
      encode(*tail_, w);
      s.nodes.push_back(StateNode{kTailLevel, full_, std::move(w.bytes())});
    }
    return s;
  }

  // Takes over finished nodes computed elsewhere. A node outside this run's chunks is refused (the caller checked
  // that config, seed and chunking match; a mismatch here means the state belongs to another run).
  void import(State state, int level, std::uint64_t index) {
    if (level == kTailLevel) {
      if (index != full_ || tail_items_ == 0) throw RuntimeFailure("a saved run state does not fit this run");
      std::lock_guard<std::mutex> lock(tail_mutex_);
      tail_ = std::move(state);
      return;
    }
    if (level < 0 || level > 62 || ((index + 1) << level) > full_) {
      throw RuntimeFailure("a saved run state does not fit this run");
    }
    reduction_.import_node(level, index, std::move(state));
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
  std::uint64_t items_;
  std::uint64_t chunk_size_;
  std::uint64_t full_;
  std::uint64_t tail_items_;
  OrderedReduction<State> reduction_;
  mutable std::mutex tail_mutex_;
  std::optional<State> tail_;
};

}  // namespace mcsens
