// SPDX-License-Identifier: MIT
// The OpenMP shim: every region honours the thread count it is given and no exception escapes a region.
#include "parallel/workers.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>

namespace mcsens {

TEST(Workers, RunsExactlyTheThreadsAskedFor) {
  for (int threads : {1, 2, 3, 5}) {
    std::mutex m;
    std::set<int> seen;
    std::atomic<int> calls{0};
    const int used = parallel::run_workers(threads, [&](int worker, int workers) {
      EXPECT_EQ(workers, threads);
      ++calls;
      std::lock_guard<std::mutex> lock(m);
      seen.insert(worker);
    });
    EXPECT_EQ(used, threads);
    EXPECT_EQ(calls.load(), threads);
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(threads));
  }
  EXPECT_GE(parallel::thread_count(0), 1);
  EXPECT_EQ(parallel::thread_count(7), 7);
}

TEST(Workers, AnExceptionOfOneWorkerReachesTheCallerAfterAllFinished) {
  std::atomic<int> finished{0};
  EXPECT_THROW(parallel::run_workers(3,
                                     [&](int worker, int) {
                                       if (worker == 1) throw std::runtime_error("worker 1 failed");
                                       ++finished;
                                     }),
               std::runtime_error);
  EXPECT_EQ(finished.load(), 2);
}

TEST(Workers, StaticSharesCoverTheItemsOnceInOrder) {
  for (std::uint64_t n : {0u, 1u, 7u, 1000u}) {
    for (int workers : {1, 2, 3, 8}) {
      std::uint64_t next = 0;
      for (int w = 0; w < workers; ++w) {
        const auto [begin, end] = parallel::static_share(n, w, workers);
        EXPECT_EQ(begin, next);
        EXPECT_LE(end - begin, n / static_cast<std::uint64_t>(workers) + 1);
        next = end;
      }
      EXPECT_EQ(next, n);
    }
  }
}

}  // namespace mcsens
