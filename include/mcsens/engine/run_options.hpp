// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "mcsens/sampling/sampler.hpp"

namespace mcsens {

// How to run: what the command line and the config's [run] table decide. Results depend on samples, seed and
// sampler only; threads, block and progress never change a bit of them.
struct RunOptions {
  std::uint64_t samples = 100000;
  std::uint64_t seed = 20251126;
  SamplerKind sampler = SamplerKind::mc;
  int threads = 0;                   // 0: OpenMP's default (all cores, OMP_NUM_THREADS honoured)
  std::uint64_t keep_samples = 0;    // store the first M draws' inputs and outputs (written to /samples)
  std::uint64_t analysis_rows = 0;   // keep at least this many first draws for analyses (regression)
  std::uint64_t chunk_size = 65536;  // draws per chunk: the unit of scheduling and of the fixed merge order

  // Which parts of the main run to do (`--only`).
  bool outputs = true;
  bool claims = true;
  bool curves = true;
  bool scenarios = true;

  // Polled between chunks; when it becomes true the run stops and throws Interrupted.
  const std::atomic<bool>* stop = nullptr;
  // Called from one thread now and then with (draws done, draws total).
  std::function<void(std::uint64_t, std::uint64_t)> progress;
};

// The block of draws the kernel works on at once: one array of this many doubles per variable.
constexpr std::size_t kBlockSize = 1024;

// Thrown when RunOptions::stop was raised: the command exits 130 and writes no result file.
struct Interrupted {};

}  // namespace mcsens
