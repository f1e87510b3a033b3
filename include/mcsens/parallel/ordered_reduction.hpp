// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
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
  void submit(std::uint64_t chunk, State state) {
    std::uint64_t index = chunk;
    int level = 0;
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
