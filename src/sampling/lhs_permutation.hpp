// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace mcsens {
namespace detail {

// The 64-bit finalizer of MurmurHash3 (Appleby): a bijective mixer with full avalanche.
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// A keyed bijection of [0, n): a balanced Feistel network on the smallest even number of bits 2h covering n,
// made a permutation of [0, n) by cycle walking (Black and Rogaway, "Ciphers with arbitrary finite domains",
// CT-RSA 2002). The domain 2^(2h) is below 4n, so fewer than 4 walks are expected. Pure function of (key, n, i).
class KeyedPermutation {
 public:
  KeyedPermutation() = default;
  KeyedPermutation(std::uint64_t key, std::uint64_t n) : n_(n) {
    unsigned bits = 0;
    while (bits < 64 && (n - 1) >> bits != 0) ++bits;
    half_bits_ = bits <= 2 ? 1 : (bits + 1) / 2;
    mask_ = (std::uint64_t{1} << half_bits_) - 1;
    for (int r = 0; r < kRounds; ++r) keys_[r] = mix64(key + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(r + 1));
  }

  std::uint64_t size() const { return n_; }

  // i < n -> a distinct value in [0, n).
  std::uint64_t operator()(std::uint64_t i) const {
    std::uint64_t x = i;
    do {
      x = encrypt(x);
    } while (x >= n_);
    return x;
  }

 private:
  static constexpr int kRounds = 6;

  std::uint64_t encrypt(std::uint64_t x) const {
    std::uint64_t left = x >> half_bits_;
    std::uint64_t right = x & mask_;
    for (int r = 0; r < kRounds; ++r) {
      const std::uint64_t next = left ^ (mix64(right ^ keys_[r]) & mask_);
      left = right;
      right = next;
    }
    return (left << half_bits_) | right;
  }

  std::uint64_t n_ = 1;
  unsigned half_bits_ = 1;
  std::uint64_t mask_ = 1;
  std::uint64_t keys_[kRounds] = {};
};

}  // namespace detail
}  // namespace mcsens
