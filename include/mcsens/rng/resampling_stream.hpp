// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

#include "mcsens/rng/philox_raw.hpp"

namespace mcsens {

// The purposes of the resampling streams: each analysis' resampling draws from its own purpose, so two purposes
// never share a random number even under the same seed. The values are part of the output's definition (changing
// one changes every interval that uses it).
namespace resampling_purpose {
// Sobol' percentile bootstrap: index = resample b; the multinomial counts of its base samples per tile (conditional
// binomials, ResamplingStream::binomial).
constexpr std::uint64_t kSobolBootstrapCounts = 1;
// Sobol' percentile bootstrap: index = resample b, subindex = tile t; the rows drawn inside the tile.
constexpr std::uint64_t kSobolBootstrapRows = 2;
// Morris percentile bootstrap: index = resample b; the trajectories drawn with replacement.
constexpr std::uint64_t kMorrisBootstrap = 3;
}  // namespace resampling_purpose

// The one random-number source of the analyses' resampling: a Philox4x64-10 stream (Salmon et al. 2011) with key
// (seed, purpose) and counter (block, index, subindex, 0), so a stream is a pure function of (seed, purpose, index,
// subindex) and any set of streams can be drawn on any thread in any order with the same bits. It yields 32-bit
// words in order: block j gives the low then the high half of each of its four 64-bit outputs. Everything below is
// our own arithmetic on those words (no standard-library engine or distribution, whose bits differ between
// libraries); only binomial() calls <cmath> (log, log1p, sqrt), see there.
class ResamplingStream {
 public:
  ResamplingStream(std::uint64_t seed, std::uint64_t purpose, std::uint64_t index, std::uint64_t subindex = 0)
      : seed_(seed), purpose_(purpose), index_(index), subindex_(subindex) {}

  std::uint32_t next_u32() {
    if (next_ == 8) refill();
    return words_[next_++];
  }
  // The next two words, the first as the low half.
  std::uint64_t next_u64() {
    const std::uint64_t lo = next_u32();
    return lo | (static_cast<std::uint64_t>(next_u32()) << 32);
  }
  // A double with 53 random bits strictly inside (0, 1), from the next two words (the first gives the high bits).
  double uniform() {
    const std::uint32_t hi = next_u32();
    return detail::bits_to_open_unit(hi, next_u32());
  }
  // Uniform on {0, .., n - 1}, exactly (Lemire 2019, ACM TOMACS 29:3, multiply-shift with rejection: a word is
  // redrawn with probability below n / 2^32). n >= 1.
  std::uint32_t below(std::uint32_t n) {
    std::uint64_t m = static_cast<std::uint64_t>(next_u32()) * n;
    if (static_cast<std::uint32_t>(m) < n) {
      const std::uint32_t threshold = static_cast<std::uint32_t>(-n) % n;  // 2^32 mod n
      while (static_cast<std::uint32_t>(m) < threshold) m = static_cast<std::uint64_t>(next_u32()) * n;
    }
    return static_cast<std::uint32_t>(m >> 32);
  }
  // The same for any n >= 1: below(n) when n < 2^32, else the 64-bit form of Lemire's method on next_u64().
  std::uint64_t below_u64(std::uint64_t n);
  // `count` values uniform on {0, .., n - 1}, exactly, for 1 <= n <= 2^16, from 16-bit halves of the words (the
  // low half first): Lemire's method on 16 bits, a half redrawn with probability below n / 2^16 (never for a power
  // of two). The words are taken in whole Philox blocks of 8, up to 8 blocks at a time, as many as the values still
  // missing need without rejections; the halves left after the last value are dropped.
  // Half the random bits of below() per value: the bootstrap's row draws cost half as much.
  void fill_below16(std::uint32_t n, std::uint32_t* out, std::size_t count);
  // The next `count` words into out, as `count` calls of next_u32() would give them.
  void fill_words(std::uint32_t* out, std::size_t count);
  // A Binomial(n, p) variate, 0 <= p <= 1, exact in distribution up to the rounding of its acceptance tests: for
  // min(p, 1 - p) n < 10 by inversion (sequential search from 0), otherwise by Hormann's transformed rejection with
  // squeeze BTRS (W. Hormann 1993, J. Statist. Comput. Simul. 46:101), whose acceptance test uses log-factorials
  // from Stirling's series with a tabulated correction (absolute error < 1e-12). Deterministic for one libm; the
  // libm's last-bit differences could change a draw only when a uniform falls within ~1e-15 of a bound.
  std::uint64_t binomial(std::uint64_t n, double p);

 private:
  void refill() {
    std::uint64_t c[4] = {block_++, index_, subindex_, 0};
    detail::philox4x64_10(c, seed_, purpose_);
    for (int i = 0; i < 4; ++i) {
      words_[2 * i] = static_cast<std::uint32_t>(c[i]);
      words_[2 * i + 1] = static_cast<std::uint32_t>(c[i] >> 32);
    }
    next_ = 0;
  }
  std::uint64_t binomial_inversion(std::uint64_t n, double p);
  std::uint64_t binomial_btrs(std::uint64_t n, double p);

  std::uint64_t seed_;
  std::uint64_t purpose_;
  std::uint64_t index_;
  std::uint64_t subindex_;
  std::uint64_t block_ = 0;
  std::uint32_t words_[8] = {};
  unsigned next_ = 8;
};

}  // namespace mcsens
