// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

namespace mcsens {

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

}  // namespace mcsens
