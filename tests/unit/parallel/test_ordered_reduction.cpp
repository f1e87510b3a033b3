// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>

#include "parallel/ordered_reduction.hpp"

namespace mcsens {

namespace {
// A state whose value records the exact merge tree, so any change of order shows.
struct TreeState {
  std::string tree;
  void merge(const TreeState& other) { tree = "(" + tree + " " + other.tree + ")"; }
};

std::string reduce_in_order(const std::vector<std::uint64_t>& order) {
  OrderedReduction<TreeState> reduction;
  for (auto c : order) reduction.submit(c, TreeState{std::to_string(c)});
  return reduction.finish().tree;
}
}  // namespace

TEST(OrderedReduction, TreeIsFixedByChunkIndices) {
  EXPECT_EQ(reduce_in_order({0}), "0");
  EXPECT_EQ(reduce_in_order({0, 1, 2, 3}), "((0 1) (2 3))");
  EXPECT_EQ(reduce_in_order({0, 1, 2, 3, 4}), "(((0 1) (2 3)) 4)");
  EXPECT_EQ(reduce_in_order({4, 3, 2, 1, 0}), "(((0 1) (2 3)) 4)");
  // Seven chunks: complete subtrees [0,4), [4,6), [6,7) folded left to right.
  EXPECT_EQ(reduce_in_order({0, 1, 2, 3, 4, 5, 6}), "((((0 1) (2 3)) (4 5)) 6)");
  EXPECT_EQ(reduce_in_order({6, 5, 4, 3, 2, 1, 0}), "((((0 1) (2 3)) (4 5)) 6)");
}

TEST(OrderedReduction, AnyOrderAnyThreadsSameTree) {
  std::vector<std::uint64_t> order(1000);
  for (std::uint64_t i = 0; i < order.size(); ++i) order[i] = i;
  const std::string expected = reduce_in_order(order);
  std::mt19937_64 rng(12345);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(order.begin(), order.end(), rng);
    EXPECT_EQ(reduce_in_order(order), expected);
  }
  // Three threads submitting interleaved chunks concurrently.
  OrderedReduction<TreeState> reduction;
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (std::uint64_t c = static_cast<std::uint64_t>(t); c < 1000; c += 3)
        reduction.submit(c, TreeState{std::to_string(c)});
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(reduction.finish().tree, expected);
}

TEST(OrderedReduction, PendingStaysSmallInOrder) {
  OrderedReduction<TreeState> reduction;
  for (std::uint64_t c = 0; c < 1023; ++c) {
    reduction.submit(c, TreeState{"x"});
    EXPECT_LE(reduction.pending(), 11u);  // at most one subtree per level
  }
}

}  // namespace mcsens
