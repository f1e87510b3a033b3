// SPDX-License-Identifier: MIT
// The limit of issue 36's Sobol' rows (scripts/bench_e2e.sh): the Ishigami function's first-order and total indices
// with 95 % intervals from N base samples, written as a single-purpose C++/OpenMP program doing the work mcsens'
// default design does, and nothing else (no config, no parameter space, no file):
//   - the randomized-QMC design: R = 32 scrambled Sobol' replicates of N / 32 points in 2k = 6 dimensions, drawn by
//     mcsens' own Sampler (the same points as `mcsens run`, so the point generator costs the same);
//   - x = -pi + 2 pi u; sin(x1), sin(x2) and x3^4 computed once per point of A and of B (libmvec's AVX2 sin, as the
//     expression evaluator calls it), the five outputs f(A), f(B), f(AB_1..3) combined from them;
//   - per replicate the sums of Saltelli et al. (2010) first order and Jansen (1999) total order, the indices from
//     the sums over all replicates, and the Student t interval over the 32 replicate estimates.
// Ishigami and Homma (1990), a = 7, b = 0.1; exact S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
//
// Usage: sobol_baseline N   (N rounded up to 32 x 2^m; prints S1, ST, their intervals and the seconds)
#include <omp.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#if defined(__AVX2__)
#include <immintrin.h>
extern "C" __m256d _ZGVdN4v_sin(__m256d);
#endif

#include "mcsens/sampling/sampler.hpp"

namespace {

constexpr std::size_t kReplicates = 32;
constexpr std::size_t kBlock = 1024;
constexpr std::size_t kTerms = 3 + 2 * 3;  // sum fA + fB, sum fA^2 + fB^2, per i: sum fB d_i, sum d_i^2

void sin_block(const double* x, double* out, std::size_t n) {
  std::size_t i = 0;
#if defined(__AVX2__)
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(out + i, _ZGVdN4v_sin(_mm256_loadu_pd(x + i)));
#endif
  for (; i < n; ++i) out[i] = std::sin(x[i]);
}

}  // namespace

int main(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();
  const auto requested = static_cast<std::uint64_t>(argc > 1 ? std::atof(argv[1]) : 65536);
  const std::uint64_t n = mcsens::replicated_sobol_size(requested, kReplicates);
  const std::uint64_t per = n / kReplicates;
  const mcsens::Sampler sampler(mcsens::SamplerKind::sobol, 1990, 6, n, kReplicates);
  const double pi = 3.141592653589793;
  std::vector<double> totals(kReplicates * kTerms, 0.0);
  const std::uint64_t blocks = (per + kBlock - 1) / kBlock;
#pragma omp parallel
  {
    std::vector<double> u(6 * kBlock), s1(2 * kBlock), s2(2 * kBlock), q3(2 * kBlock), x(2 * kBlock);
    std::vector<double> sums(kReplicates * kTerms, 0.0);
#pragma omp for schedule(dynamic, 4)
    for (std::uint64_t job = 0; job < kReplicates * blocks; ++job) {
      const std::size_t r = job / blocks;
      const std::uint64_t first = (job % blocks) * kBlock;
      const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, per - first));
      sampler.fill_replicate(r, first, m, u.data(), kBlock);
      // A's coordinates are u[0..2], B's u[3..5]: the points of A then of B, per input.
      for (std::size_t side = 0; side < 2; ++side) {
        const double* u1 = u.data() + (3 * side + 0) * kBlock;
        const double* u2 = u.data() + (3 * side + 1) * kBlock;
        const double* u3 = u.data() + (3 * side + 2) * kBlock;
        for (std::size_t j = 0; j < m; ++j) x[j] = -pi + 2.0 * pi * u1[j];
        sin_block(x.data(), s1.data() + side * kBlock, m);
        for (std::size_t j = 0; j < m; ++j) x[j] = -pi + 2.0 * pi * u2[j];
        sin_block(x.data(), s2.data() + side * kBlock, m);
        for (std::size_t j = 0; j < m; ++j) {
          const double x3 = -pi + 2.0 * pi * u3[j];
          const double x3s = x3 * x3;
          q3[side * kBlock + j] = x3s * x3s;
        }
      }
      double* acc = sums.data() + r * kTerms;
      for (std::size_t j = 0; j < m; ++j) {
        const double a1 = s1[j], b1 = s1[kBlock + j];
        const double a2 = 7.0 * s2[j] * s2[j], b2 = 7.0 * s2[kBlock + j] * s2[kBlock + j];
        const double a3 = 0.1 * q3[j], b3 = 0.1 * q3[kBlock + j];
        const double fa = a1 + a2 + a3 * a1;
        const double fb = b1 + b2 + b3 * b1;
        const double fab[3] = {b1 + a2 + a3 * b1, a1 + b2 + a3 * a1, a1 + a2 + b3 * a1};
        acc[0] += fa + fb;
        acc[1] += fa * fa + fb * fb;
        for (std::size_t i = 0; i < 3; ++i) {
          const double d = fab[i] - fa;
          acc[2 + i] += fb * d;
          acc[5 + i] += d * d;
        }
      }
    }
#pragma omp critical
    for (std::size_t q = 0; q < sums.size(); ++q) totals[q] += sums[q];
  }
  // Indices from sums over m bases: S1_i = mean(fB d_i) / V, ST_i = mean(d_i^2) / 2 / V, V of [A; B].
  const auto indices = [](const double* s, double m, double* out) {
    const double mean = s[0] / (2.0 * m);
    const double v = s[1] / (2.0 * m) - mean * mean;
    for (std::size_t i = 0; i < 3; ++i) {
      out[i] = s[2 + i] / m / v;
      out[3 + i] = s[5 + i] / (2.0 * m) / v;
    }
  };
  std::vector<double> all(kTerms, 0.0);
  std::vector<double> rep(kReplicates * 6);
  for (std::size_t r = 0; r < kReplicates; ++r) {
    for (std::size_t q = 0; q < kTerms; ++q) all[q] += totals[r * kTerms + q];
    indices(totals.data() + r * kTerms, static_cast<double>(per), rep.data() + r * 6);
  }
  double point[6];
  indices(all.data(), static_cast<double>(n), point);
  const double t = boost::math::quantile(boost::math::students_t(kReplicates - 1.0), 0.975);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("N %llu", static_cast<unsigned long long>(n));
  for (std::size_t q = 0; q < 6; ++q) {
    double mean = 0.0;
    for (std::size_t r = 0; r < kReplicates; ++r) mean += rep[r * 6 + q];
    mean /= kReplicates;
    double ss = 0.0;
    for (std::size_t r = 0; r < kReplicates; ++r) ss += (rep[r * 6 + q] - mean) * (rep[r * 6 + q] - mean);
    const double half = t * std::sqrt(ss / (kReplicates - 1.0) / kReplicates);
    std::printf("  %s%zu %.4f [%.4f, %.4f]", q < 3 ? "S1_" : "ST_", q % 3 + 1, point[q], point[q] - half,
                point[q] + half);
  }
  std::printf("  threads %d  %.3f s\n", omp_get_max_threads(), seconds);
  return 0;
}
