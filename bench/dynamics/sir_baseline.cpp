// SPDX-License-Identifier: MIT
// The baseline of bench/dynamics/sir.sh: configs/examples/sir.toml written as a single-purpose C++ loop, the way
// one would hand-code it without mcsens: Philox uniforms for beta and gamma, then blocks of 1024 draws stepped in
// lockstep by explicit Euler (1000 steps of 0.1 day, structure of arrays, so the compiler vectorizes the lanes),
// tracking the peak of I and its time, R at the end and the first time I > 0.1; per-thread sums of each output
// and the claim count (no quantile sketch, no histogram, no config, no file).
//
// Usage: sir_baseline SAMPLES   (prints the means, the claim probability and the seconds)
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <vector>

#include "mcsens/rng/philox.hpp"

int main(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();
  const auto n = static_cast<std::uint64_t>(argc > 1 ? std::atof(argv[1]) : 1e6);
  constexpr std::size_t kBlock = 1024;
  constexpr std::uint64_t kSeed = 1;
  constexpr int kSteps = 1000;
  constexpr double kDt = 0.1;
  double totals[4] = {0, 0, 0, 0};
  std::uint64_t total_claim = 0;
#pragma omp parallel
  {
    std::vector<double> beta(kBlock), gamma(kBlock), s(kBlock), i(kBlock), r(kBlock), peak(kBlock), t_peak(kBlock),
        t_ten(kBlock);
    double sums[4] = {0, 0, 0, 0};
    std::uint64_t claim = 0;
#pragma omp for schedule(dynamic, 16)
    for (std::uint64_t first = 0; first < n; first += kBlock) {
      const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, n - first));
      mcsens::philox_fill_uniform(kSeed, first, m, 0, beta.data());
      mcsens::philox_fill_uniform(kSeed, first, m, 1, gamma.data());
      for (std::size_t k = 0; k < m; ++k) {
        beta[k] = 0.2 + 0.2 * beta[k];
        gamma[k] = 0.08 + 0.04 * gamma[k];
        s[k] = 0.99;
        i[k] = 0.01;
        r[k] = 0.0;
        peak[k] = 0.01;
        t_peak[k] = 0.0;
        t_ten[k] = std::numeric_limits<double>::quiet_NaN();
      }
      for (int step = 1; step <= kSteps; ++step) {
        const double t = step * kDt;
        const double before = (step - 1) * kDt;
        for (std::size_t k = 0; k < m; ++k) {
          const double infections = beta[k] * s[k] * i[k];
          const double s1 = s[k] - kDt * infections;
          const double i0 = i[k];
          const double i1 = i0 + kDt * (infections - gamma[k] * i0);
          r[k] = r[k] + kDt * (gamma[k] * i0);
          s[k] = s1;
          i[k] = i1;
          t_ten[k] = (t_ten[k] != t_ten[k] && i0 > 0.1) ? before : t_ten[k];
          t_peak[k] = i1 > peak[k] ? t : t_peak[k];
          peak[k] = i1 > peak[k] ? i1 : peak[k];
        }
      }
      for (std::size_t k = 0; k < m; ++k) {
        if (t_ten[k] != t_ten[k] && i[k] > 0.1) t_ten[k] = kSteps * kDt;
        sums[0] += peak[k];
        sums[1] += t_peak[k];
        sums[2] += r[k];
        if (t_ten[k] == t_ten[k]) sums[3] += t_ten[k];
        claim += peak[k] > 0.2 ? 1 : 0;
      }
    }
#pragma omp critical
    {
      for (int q = 0; q < 4; ++q) totals[q] += sums[q];
      total_claim += claim;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double nd = static_cast<double>(n);
  std::printf("peak_I %.6f  t_peak %.4f  attack %.6f  t_ten %.4f  P(peak_I > 0.2) %.5f  threads %d  %.3f s\n",
              totals[0] / nd, totals[1] / nd, totals[2] / nd, totals[3] / nd, static_cast<double>(total_claim) / nd,
              omp_get_max_threads(), seconds);
  return 0;
}
