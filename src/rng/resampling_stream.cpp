// SPDX-License-Identifier: MIT
#include "mcsens/rng/resampling_stream.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace mcsens {

namespace {

// fc(x) = log(x!) - [(x + 1/2) log(x + 1) - (x + 1) + log(2 pi) / 2], the correction of Stirling's formula in
// z = x + 1. Below 10 from the table (computed in 50-digit arithmetic); from 10 on, the series 1/(12 z) -
// 1/(360 z^3) + 1/(1260 z^5) - 1/(1680 z^7), whose error is below the next term, 1/(1188 z^9) < 4e-13 for z >= 11.
double stirling_correction(double x) {
  static constexpr double kTable[10] = {
      0.081061466795327261, 0.041340695955409297, 0.027677925684998338, 0.020790672103765093,  0.016644691189821193,
      0.013876128823070748, 0.01189670994589177,  0.010411265261972096, 0.0092554621827127329, 0.0083305634333628708};
  if (x < 10.0) return kTable[static_cast<int>(x)];
  const double z = x + 1.0;
  const double r = 1.0 / (z * z);
  return (1.0 / 12.0 - r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r * (1.0 / 1680.0)))) / z;
}

// log(f(k) / f(m)) for the Binomial(n, p) probabilities f, q = 1 - p. With Stirling's formula for each factorial
// and M = n - m, K = n - k:
//   log(m!/k!) + log(M!/K!) + (k - m) log(p/q)
//     = (m + 1/2) log1p((m - k)/(k + 1)) + (M + 1/2) log1p((k - m)/(K + 1)) + (k - m) log((K + 1) p / ((k + 1) q))
//       + fc(m) - fc(k) + fc(M) - fc(K),
// written with log1p of small ratios so that nothing of size n log n cancels (the terms are of the size of
// |k - m|, and so are their rounding errors, in units of 1e-16).
double log_pmf_ratio(double n, double p, double q, double m, double k) {
  const double big_m = n - m;
  const double big_k = n - k;
  return (m + 0.5) * std::log1p((m - k) / (k + 1.0)) + (big_m + 0.5) * std::log1p((k - m) / (big_k + 1.0)) +
         (k - m) * std::log(((big_k + 1.0) * p) / ((k + 1.0) * q)) + stirling_correction(m) - stirling_correction(k) +
         stirling_correction(big_m) - stirling_correction(big_k);
}

constexpr std::uint64_t kMaxExactTrials = std::uint64_t{1} << 53;

}  // namespace

namespace detail {
// Exposed for the unit test of its accuracy against lgamma.
double binomial_log_pmf_ratio(double n, double p, double m, double k) {
  return log_pmf_ratio(n, p, 1.0 - p, m, k);
}
}  // namespace detail

std::uint64_t ResamplingStream::below_u64(std::uint64_t n) {
  if (n <= 0xffffffffULL) return below(static_cast<std::uint32_t>(n));
  __extension__ using u128 = unsigned __int128;
  u128 m = static_cast<u128>(next_u64()) * n;
  if (static_cast<std::uint64_t>(m) < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (static_cast<std::uint64_t>(m) < threshold) m = static_cast<u128>(next_u64()) * n;
  }
  return static_cast<std::uint64_t>(m >> 64);
}

void ResamplingStream::fill_words(std::uint32_t* out, std::size_t count) {
  std::size_t i = 0;
  while (i < count && next_ < 8) out[i++] = words_[next_++];  // the rest of the current block
  // Whole blocks straight into out: independent counters, so their ten-round chains overlap.
  for (; i + 8 <= count; i += 8) {
    std::uint64_t c[4] = {block_++, index_, subindex_, 0};
    detail::philox4x64_10(c, seed_, purpose_);
    for (int w = 0; w < 4; ++w) {
      out[i + 2 * w] = static_cast<std::uint32_t>(c[w]);
      out[i + 2 * w + 1] = static_cast<std::uint32_t>(c[w] >> 32);
    }
  }
  while (i < count) out[i++] = next_u32();  // refills the buffer for the last partial block
}

void ResamplingStream::fill_below16(std::uint32_t n, std::uint32_t* out, std::size_t count) {
  if (n == 0 || n > (1u << 16)) throw std::invalid_argument("ResamplingStream::fill_below16: n must be in [1, 2^16]");
  const std::uint32_t threshold = (1u << 16) % n;  // 2^16 mod n: the low halves below it are redrawn
  // Words in chunks of 8 blocks (128 halves): the candidates and their rejections are computed branch-free over a
  // chunk (the compiler vectorizes it), and a chunk without a rejection (every chunk when n is a power of two) is
  // copied whole.
  constexpr std::size_t kWords = 64;
  std::uint32_t w[kWords];
  std::uint32_t value[2 * kWords];
  std::size_t i = 0;
  while (i < count) {
    const std::size_t words = std::min(kWords, ((count - i + 1) / 2 + 7) / 8 * 8);
    fill_words(w, words);
    std::uint32_t rejected = 0;
    for (std::size_t j = 0; j < words; ++j) {
      const std::uint32_t lo = (w[j] & 0xffffu) * n;
      const std::uint32_t hi = (w[j] >> 16) * n;
      value[2 * j] = lo >> 16;
      value[2 * j + 1] = hi >> 16;
      rejected += ((lo & 0xffffu) < threshold ? 1u : 0u) + ((hi & 0xffffu) < threshold ? 1u : 0u);
    }
    if (rejected == 0) {
      const std::size_t take = std::min(2 * words, count - i);
      std::memcpy(out + i, value, take * sizeof(std::uint32_t));
      i += take;
      continue;
    }
    for (std::size_t h = 0; h < 2 * words && i < count; ++h) {
      const std::uint32_t m = ((w[h >> 1] >> ((h & 1) * 16)) & 0xffffu) * n;
      if ((m & 0xffffu) >= threshold) out[i++] = value[h];
    }
  }
}

std::uint64_t ResamplingStream::binomial(std::uint64_t n, double p) {
  if (n >= kMaxExactTrials) throw std::invalid_argument("ResamplingStream::binomial: n must be below 2^53");
  if (n == 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return n;
  if (p > 0.5) return n - binomial(n, 1.0 - p);  // 1 - p is exact for p in (0.5, 1)
  return static_cast<double>(n) * p < 10.0 ? binomial_inversion(n, p) : binomial_btrs(n, p);
}

// Inversion by sequential search: x is the smallest integer with u <= F(x), the pmf walked up by its recurrence
// f(x) = f(x - 1) (n - x + 1) p / (x q) from f(0) = q^n (>= e^-20 here, as n p < 10 and p <= 1/2). A u beyond
// the computed total mass (a rounding shortfall of ~1e-15) is redrawn, as is one still unmatched where the pmf has
// underflowed to 0 past the mean (it would only run on to n).
std::uint64_t ResamplingStream::binomial_inversion(std::uint64_t n, double p) {
  const double q = 1.0 - p;
  const double s = p / q;
  const double mean = static_cast<double>(n) * p;
  const double f0 = std::exp(static_cast<double>(n) * std::log1p(-p));
  for (;;) {
    double u = uniform();
    double f = f0;
    std::uint64_t x = 0;
    for (;;) {
      if (u <= f) return x;
      u -= f;
      ++x;
      if (x > n) break;
      f *= s * (static_cast<double>(n - x + 1) / static_cast<double>(x));
      if (f == 0.0 && static_cast<double>(x) > mean) break;
    }
  }
}

// BTRS, Hormann (1993), section 3, for n p >= 10 and p <= 1/2: a transformed-rejection hat with a squeeze box.
// Step 1 draws k from the hat; the box (us >= 0.07, v <= v_r) accepts most draws at once; the others are accepted
// when log(v alpha / (a / us^2 + b)) <= log(f(k) / f(m)), m the mode. A k outside [0, n] is rejected (probability
// 0 there), before the box as well, so the result never leaves the support.
std::uint64_t ResamplingStream::binomial_btrs(std::uint64_t n, double p) {
  const double nd = static_cast<double>(n);
  const double q = 1.0 - p;
  const double spq = std::sqrt(nd * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = nd * p + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double m = std::floor((nd + 1.0) * p);
  for (;;) {
    const double u = uniform() - 0.5;
    const double v = uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + c);
    if (!(k >= 0.0 && k <= nd)) continue;
    if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
    if (std::log(v * alpha / (a / (us * us) + b)) <= log_pmf_ratio(nd, p, q, m, k)) {
      return static_cast<std::uint64_t>(k);
    }
  }
}

}  // namespace mcsens
