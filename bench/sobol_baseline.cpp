// SPDX-License-Identifier: MIT
// The limit of issue 36's Sobol' rows (scripts/bench_e2e.sh): the Ishigami function's first-order and total indices
// with 95 % intervals from N base samples, written as a single-purpose C++/OpenMP program doing the work mcsens'
// default design does, and nothing else (no config, no parameter space, no file):
//   - the randomized-QMC design: R = 32 scrambled Sobol' replicates of N / 32 points in 2k = 6 dimensions, drawn by
//     mcsens' own Sampler (the same points as `mcsens run`, so the point generator costs the same);
//   - x = -pi + 2 pi u; the model evaluated on each of the k + 2 = 5 rows of a base sample (A, B, AB_1..3, each
//     input's column taken from A or B), with libmvec's AVX2 sin as the expression evaluator calls it: the same
//     N (k + 2) model runs as mcsens. (Sharing sin(x1), sin(x2) between rows that read the same point would save
//     60 % of the sines, a model-specific saving that a general engine cannot make: run with `share` for it.)
//   - per replicate the sums of Saltelli et al. (2010) first order and Jansen (1999) total order, the indices from
//     the sums over all replicates, and the Student t interval over the 32 replicate estimates.
// Ishigami and Homma (1990), a = 7, b = 0.1; exact S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
//
// Usage: sobol_baseline N [share]   (N rounded up to 32 x 2^m; prints S1, ST, their intervals and the seconds)
#include <omp.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
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
  const bool share = argc > 2 && std::string(argv[2]) == "share";
  const std::uint64_t n = mcsens::replicated_sobol_size(requested, kReplicates);
  const std::uint64_t per = n / kReplicates;
  const mcsens::Sampler sampler(mcsens::SamplerKind::sobol, 1990, 6, n, kReplicates);
  const double pi = 3.141592653589793;
  std::vector<double> totals(kReplicates * kTerms, 0.0);
  const std::uint64_t blocks = (per + kBlock - 1) / kBlock;
#pragma omp parallel
  {
    std::vector<double> u(6 * kBlock), x(6 * kBlock), s1(kBlock), s2(kBlock), f(5 * kBlock), parts(6 * kBlock);
    std::vector<double> sums(kReplicates * kTerms, 0.0);
#pragma omp for schedule(dynamic, 4)
    for (std::uint64_t job = 0; job < kReplicates * blocks; ++job) {
      const std::size_t r = job / blocks;
      const std::uint64_t first = (job % blocks) * kBlock;
      const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, per - first));
      sampler.fill_replicate(r, first, m, u.data(), kBlock);
      // A's coordinates are u[0..2], B's u[3..5]; x[c * kBlock + j] is input c % 3 of A (c < 3) or B (c >= 3).
      for (std::size_t c = 0; c < 6; ++c) {
        for (std::size_t j = 0; j < m; ++j) x[c * kBlock + j] = -pi + 2.0 * pi * u[c * kBlock + j];
      }
      // Row g reads input i from B when g == 1 (B) or g == 2 + i (AB_i), from A otherwise.
      const std::size_t rows = share ? 2 : 5;
      for (std::size_t g = 0; g < rows; ++g) {
        const auto from = [&](std::size_t i) { return x.data() + ((g == 1 || g == 2 + i) ? 3 + i : i) * kBlock; };
        double* out = f.data() + g * kBlock;
        sin_block(from(0), s1.data(), m);
        sin_block(from(1), s2.data(), m);
        const double* x3 = from(2);
        for (std::size_t j = 0; j < m; ++j) {
          const double x3s = x3[j] * x3[j];
          out[j] = s1[j] + 7.0 * s2[j] * s2[j] + 0.1 * x3s * x3s * s1[j];
        }
        if (share && g < 2) {  // keep A's and B's sin(x1), 7 sin(x2)^2 and 0.1 x3^4 for the AB rows
          for (std::size_t j = 0; j < m; ++j) {
            const double x3s = x3[j] * x3[j];
            parts[(3 * g + 0) * kBlock + j] = s1[j];
            parts[(3 * g + 1) * kBlock + j] = 7.0 * s2[j] * s2[j];
            parts[(3 * g + 2) * kBlock + j] = 0.1 * x3s * x3s;
          }
        }
      }
      if (share) {  // AB_i: part i from B, the others from A
        for (std::size_t i = 0; i < 3; ++i) {
          double* out = f.data() + (2 + i) * kBlock;
          const auto part = [&](std::size_t q) { return parts.data() + (q == i ? 3 + q : q) * kBlock; };
          const double *p1 = part(0), *p2 = part(1), *p3 = part(2);
          for (std::size_t j = 0; j < m; ++j) out[j] = p1[j] + p2[j] + p3[j] * p1[j];
        }
      }
      double* acc = sums.data() + r * kTerms;
      for (std::size_t j = 0; j < m; ++j) {
        const double fa = f[j];
        const double fb = f[kBlock + j];
        acc[0] += fa + fb;
        acc[1] += fa * fa + fb * fb;
        for (std::size_t i = 0; i < 3; ++i) {
          const double d = f[(2 + i) * kBlock + j] - fa;
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
