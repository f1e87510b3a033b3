// SPDX-License-Identifier: MIT
// The baseline of scripts/bench_e2e.sh: the P1 yardstick written as a single-purpose C++ loop, the way one would
// hand-code it without mcsens: Philox uniforms, inline inverse CDFs, the formula, and per-thread moments, a fixed
// 100-bin histogram and the claim count (no quantile sketch, no config, no file). It uses mcsens' own Philox and
// normal quantile so that the comparison measures the engine's generality, not different math.
//
// Usage: p1_baseline SAMPLES   (prints the mean, the claim probability and the seconds)
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "mcsens/rng/philox.hpp"
#include "mcsens/space/normal.hpp"

int main(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();
  const auto n = static_cast<std::uint64_t>(argc > 1 ? std::atof(argv[1]) : 1e8);
  constexpr std::size_t kBlock = 1024;
  constexpr std::uint64_t kSeed = 1;
  double total_sum = 0, total_sq = 0;
  std::uint64_t total_claim = 0;
  std::vector<std::uint64_t> total_hist(100, 0);
#pragma omp parallel
  {
    std::vector<double> u(6 * kBlock), y(kBlock), z(kBlock);
    std::vector<std::uint64_t> hist(100, 0);
    double sum = 0, sq = 0;
    std::uint64_t claim = 0;
#pragma omp for schedule(dynamic, 16)
    for (std::uint64_t first = 0; first < n; first += kBlock) {
      const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, n - first));
      for (std::uint32_t d = 0; d < 6; ++d) mcsens::philox_fill_uniform(kSeed, first, m, d, u.data() + d * kBlock);
      mcsens::detail::normal_quantile_block(u.data() + 5 * kBlock, z.data(), m);
      const double* g = u.data();
      const double* a = u.data() + kBlock;
      const double* f = u.data() + 2 * kBlock;
      const double* l = u.data() + 3 * kBlock;
      const double* t = u.data() + 4 * kBlock;
      for (std::size_t i = 0; i < m; ++i) {
        const double gamma = 0.8 + 0.4 * g[i];
        const double api = 0.30 + 0.16 * a[i];
        const double flow = 0.45 + 0.15 * f[i];
        const double lag = 0.5 + 1.5 * l[i];
        const double attr = 0.1 + 0.3 * t[i];
        y[i] = gamma * api * flow / (lag + attr) + 0.02 * z[i];
      }
      for (std::size_t i = 0; i < m; ++i) {
        sum += y[i];
        sq += y[i] * y[i];
        claim += y[i] > 0.1;
        const int bin = static_cast<int>((y[i] + 0.1) * (100 / 0.5));
        hist[static_cast<std::size_t>(std::clamp(bin, 0, 99))]++;
      }
    }
#pragma omp critical
    {
      total_sum += sum;
      total_sq += sq;
      total_claim += claim;
      for (int b = 0; b < 100; ++b) total_hist[static_cast<std::size_t>(b)] += hist[static_cast<std::size_t>(b)];
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("mean %.6f  P(y > 0.1) %.6f  %.3f s\n", total_sum / static_cast<double>(n),
              static_cast<double>(total_claim) / static_cast<double>(n), seconds);
  return 0;
}
