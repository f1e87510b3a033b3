// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

namespace mcsens::parallel {

// OpenMP behind one door: no other file includes <omp.h> or opens a parallel region of its own, so that every
// region honours `--threads` and no exception ever crosses a region's boundary (which would terminate).

// The most threads a region uses (-t/--threads is refused above it, OMP_NUM_THREADS too).
constexpr int kMaxThreads = 4096;

// The threads a region asked for `requested` threads uses: requested itself, or OpenMP's default (all cores,
// OMP_NUM_THREADS honoured) when it is 0 or negative.
int thread_count(int requested);

// Runs body(worker, workers) once on each of thread_count(threads) threads, worker = 0 .. workers - 1. Every
// exception thrown by a body is caught on its thread; once all bodies returned, the first one caught is rethrown
// (the others are dropped). Returns the number of workers that ran. Throws RuntimeFailure when the threads cannot
// be started (a memory limit), before any body runs.
int run_workers(int threads, const std::function<void(int worker, int workers)>& body);

// The share of items [0, n) that worker `worker` of `workers` owns in a static split: contiguous, in worker
// order, sizes differing by at most one. Used where the split must not depend on timing.
inline std::pair<std::uint64_t, std::uint64_t> static_share(std::uint64_t n, int worker, int workers) {
  const auto w = static_cast<std::uint64_t>(worker);
  const auto W = static_cast<std::uint64_t>(workers);
  const std::uint64_t base = n / W;
  const std::uint64_t extra = n % W;
  const std::uint64_t begin = w * base + (w < extra ? w : extra);
  return {begin, begin + base + (w < extra ? 1 : 0)};
}

}  // namespace mcsens::parallel
