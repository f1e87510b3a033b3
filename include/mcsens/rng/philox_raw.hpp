// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace mcsens {
namespace detail {

// Philox4x32-10 of Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3" (SC'11),
// written on plain uint32/uint64 lanes so that GCC vectorizes loops over independent counters (the 32x32->64
// products map to vpmuludq). A known-answer test checks it against Random123's r123::Philox4x32 bit for bit.
struct Philox4 {
  std::uint32_t v[4];
};

constexpr std::uint32_t kPhiloxM0 = 0xD2511F53u;
constexpr std::uint32_t kPhiloxM1 = 0xCD9E8D57u;
constexpr std::uint32_t kPhiloxW0 = 0x9E3779B9u;  // golden ratio
constexpr std::uint32_t kPhiloxW1 = 0xBB67AE85u;  // sqrt(3) - 1

// One round and the key bump (Salmon et al. 2011, section 3.3).
inline void philox_round(std::uint32_t& c0, std::uint32_t& c1, std::uint32_t& c2, std::uint32_t& c3, std::uint32_t k0,
                         std::uint32_t k1) {
  const std::uint64_t p0 = static_cast<std::uint64_t>(kPhiloxM0) * c0;
  const std::uint64_t p1 = static_cast<std::uint64_t>(kPhiloxM1) * c2;
  const std::uint32_t hi0 = static_cast<std::uint32_t>(p0 >> 32);
  const std::uint32_t lo0 = static_cast<std::uint32_t>(p0);
  const std::uint32_t hi1 = static_cast<std::uint32_t>(p1 >> 32);
  const std::uint32_t lo1 = static_cast<std::uint32_t>(p1);
  c0 = hi1 ^ c1 ^ k0;
  c1 = lo1;
  c2 = hi0 ^ c3 ^ k1;
  c3 = lo0;
}

// Ten rounds on counter (c0, c1, c2, c3) with key (k0, k1), results in place. Pure function of its inputs.
// Unrolled by hand: a loop here is not unrolled before vectorization and blocks it.
inline void philox4x32_10(std::uint32_t& c0, std::uint32_t& c1, std::uint32_t& c2, std::uint32_t& c3, std::uint32_t k0,
                          std::uint32_t k1) {
  philox_round(c0, c1, c2, c3, k0 + 0 * kPhiloxW0, k1 + 0 * kPhiloxW1);
  philox_round(c0, c1, c2, c3, k0 + 1 * kPhiloxW0, k1 + 1 * kPhiloxW1);
  philox_round(c0, c1, c2, c3, k0 + 2 * kPhiloxW0, k1 + 2 * kPhiloxW1);
  philox_round(c0, c1, c2, c3, k0 + 3 * kPhiloxW0, k1 + 3 * kPhiloxW1);
  philox_round(c0, c1, c2, c3, k0 + 4 * kPhiloxW0, k1 + 4 * kPhiloxW1);
  philox_round(c0, c1, c2, c3, k0 + 5 * kPhiloxW0, k1 + 5 * kPhiloxW1);
  philox_round(c0, c1, c2, c3, k0 + 6 * kPhiloxW0, k1 + 6 * kPhiloxW1);
  philox_round(c0, c1, c2, c3, k0 + 7 * kPhiloxW0, k1 + 7 * kPhiloxW1);
  philox_round(c0, c1, c2, c3, k0 + 8 * kPhiloxW0, k1 + 8 * kPhiloxW1);
  philox_round(c0, c1, c2, c3, k0 + 9 * kPhiloxW0, k1 + 9 * kPhiloxW1);
}

inline Philox4 philox4x32_10(Philox4 ctr, std::uint32_t k0, std::uint32_t k1) {
  philox4x32_10(ctr.v[0], ctr.v[1], ctr.v[2], ctr.v[3], k0, k1);
  return ctr;
}

// Philox4x64-10 of the same paper: four 64-bit counter words, a 128-bit key, ten rounds of two 64x64->128-bit
// products. Used where the key must hold more than a 64-bit seed (the resampling streams, keyed by seed and purpose)
// and the counter more than a draw index; scalar (no SIMD has the 128-bit product), ~20 multiplications per 256
// random bits. A known-answer test checks it against Random123's r123::Philox4x64 bit for bit.
constexpr std::uint64_t kPhilox64M0 = 0xD2E7470EE14C6C93ull;
constexpr std::uint64_t kPhilox64M1 = 0xCA5A826395121157ull;
constexpr std::uint64_t kPhilox64W0 = 0x9E3779B97F4A7C15ull;  // golden ratio
constexpr std::uint64_t kPhilox64W1 = 0xBB67AE8584CAA73Bull;  // sqrt(3) - 1

// hi:lo = a * b (a GCC/Clang 128-bit integer; __extension__ keeps -Wpedantic quiet about it).
inline void mulhilo64(std::uint64_t a, std::uint64_t b, std::uint64_t& hi, std::uint64_t& lo) {
  __extension__ using u128 = unsigned __int128;
  const u128 p = static_cast<u128>(a) * b;
  hi = static_cast<std::uint64_t>(p >> 64);
  lo = static_cast<std::uint64_t>(p);
}

inline void philox64_round(std::uint64_t* c, std::uint64_t k0, std::uint64_t k1) {
  std::uint64_t hi0, lo0, hi1, lo1;
  mulhilo64(kPhilox64M0, c[0], hi0, lo0);
  mulhilo64(kPhilox64M1, c[2], hi1, lo1);
  const std::uint64_t c1 = c[1];
  const std::uint64_t c3 = c[3];
  c[0] = hi1 ^ c1 ^ k0;
  c[1] = lo1;
  c[2] = hi0 ^ c3 ^ k1;
  c[3] = lo0;
}

// Ten rounds on the counter c[0..4) with key (k0, k1), in place. Pure function of its inputs.
inline void philox4x64_10(std::uint64_t* c, std::uint64_t k0, std::uint64_t k1) {
  for (std::uint64_t r = 0; r < 10; ++r) philox64_round(c, k0 + r * kPhilox64W0, k1 + r * kPhilox64W1);
}

// Two 32-bit words -> a double with 53 random bits strictly inside (0, 1): k = the top 53 bits, u = k * 2^-53,
// and k == 0 maps to 2^-54. (k + 0.5) * 2^-53 is not representable for k >= 2^52 and rounds the largest k to
// exactly 1.0, so the half-step offset is applied only where it is needed: at 0.
inline double bits_to_open_unit(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t k = (static_cast<std::uint64_t>(hi) << 21) | (lo >> 11);
  const double u = static_cast<double>(static_cast<std::int64_t>(k)) * 0x1.0p-53;
  return u > 0x1.0p-54 ? u : 0x1.0p-54;  // a max, written so that it vectorizes
}

}  // namespace detail
}  // namespace mcsens
