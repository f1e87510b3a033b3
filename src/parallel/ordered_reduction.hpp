// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace mcsens {

// Merges per-chunk states in an order fixed by chunk indices alone, whatever order the chunks finish in, so that
// the result is identical to the bit for any number of threads (and, with the same tree, ranks and shards).
//
// The order is a binary tree over chunk indices: node (level l, index j) covers chunks [j 2^l, (j+1) 2^l) and is
// always left.merge(right) of its two children. finish() folds the complete subtrees that remain (the binary
// digits of the chunk count) from left to right. Memory holds only the subtrees waiting for a sibling: about
// (threads + 1) * log2(chunks) states.
//
// State needs `void merge(const State&)` and move construction. Thread-safe: submit() may be called concurrently.
template <class State>
class OrderedReduction {
 public:
  void submit(std::uint64_t chunk, State state) { submit_node(0, chunk, std::move(state)); }

  // Submits the merged state of the whole subtree (level, index), i.e. of chunks [index 2^level, (index+1) 2^level),
  // as another process computed it (an MPI rank, a shard, a checkpoint): it then merges with its siblings exactly
  // as if its chunks had been submitted one by one here. A node nested in one already held is ignored (the same
  // chunks, computed again, give the same bits); one that contains held nodes replaces them.
  void import_node(int level, std::uint64_t index, State state) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const std::uint64_t begin = index << level;
      const std::uint64_t end = (index + 1) << level;
      for (auto it = pending_.begin(); it != pending_.end();) {
        const std::uint64_t b = it->first.index << it->first.level;
        const std::uint64_t e = (it->first.index + 1) << it->first.level;
        if (b <= begin && end <= e) return;  // already held
        if (begin <= b && e <= end) {
          it = pending_.erase(it);
        } else {
          ++it;
        }
      }
    }
    submit_node(level, index, std::move(state));
  }

  // Calls fn(level, index, state) for every held subtree, under the lock (submits wait meanwhile).
  template <class Fn>
  void visit(Fn fn) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, state] : pending_) fn(key.level, key.index, state);
  }

  // True when chunk c is inside a held subtree.
  bool covers(std::uint64_t chunk) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, state] : pending_) {
      if ((chunk >> key.level) == key.index) return true;
    }
    return false;
  }

  // The held subtree (level, index), or null. The pointer stays valid until that node is merged or finish().
  const State* find(int level, std::uint64_t index) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = pending_.find({level, index});
    return found == pending_.end() ? nullptr : &found->second;
  }

  // Merges subtree (level, index) upwards with the siblings held; the caller guarantees no overlap.
  void submit_node(int level, std::uint64_t index, State state) {
    for (;;) {
      State sibling;
      bool have_sibling = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto found = pending_.find({level, index ^ 1u});
        if (found == pending_.end()) {
          pending_.emplace(Key{level, index}, std::move(state));
          return;
        }
        sibling = std::move(found->second);
        pending_.erase(found);
        have_sibling = true;
      }
      // Merge outside the lock; the left child always absorbs the right one.
      if (have_sibling) {
        if (index & 1u) {
          sibling.merge(state);
          state = std::move(sibling);
        } else {
          state.merge(sibling);
        }
      }
      index >>= 1u;
      ++level;
    }
  }

  // All chunks must have been submitted. Folds the remaining subtrees in order of their first chunk.
  State finish() {
    std::map<std::uint64_t, State*> by_start;
    for (auto& [key, state] : pending_) by_start.emplace(key.index << key.level, &state);
    State total;
    bool first = true;
    for (auto& [start, state] : by_start) {
      if (first) {
        total = std::move(*state);
        first = false;
      } else {
        total.merge(*state);
      }
    }
    pending_.clear();
    return total;
  }

  std::size_t pending() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return pending_.size();
  }

 private:
  struct Key {
    int level;
    std::uint64_t index;
    bool operator<(const Key& other) const { return level != other.level ? level < other.level : index < other.index; }
  };
  mutable std::mutex mutex_;
  std::map<Key, State> pending_;
};

}  // namespace mcsens
