// SPDX-License-Identifier: MIT
// Round trips and damage for the accumulators' encode()/decode() (one ByteWriter/ByteReader for all of them).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens::test {

// The bit patterns of doubles, so that == means identical to the bit (NaN included).
inline std::vector<std::uint64_t> encoded_bits(const std::vector<double>& v) {
  std::vector<std::uint64_t> bits(v.size());
  if (!v.empty()) std::memcpy(bits.data(), v.data(), v.size() * sizeof(double));
  return bits;
}

template <class T>
std::vector<std::uint8_t> encoded(const T& value) {
  ByteWriter w;
  value.encode(w);
  return std::move(w.bytes());
}

// Decodes a whole buffer: every byte must be read.
template <class T>
T decoded(const std::vector<std::uint8_t>& bytes, std::size_t size = ~std::size_t{0}) {
  ByteReader r(bytes.data(), size < bytes.size() ? size : bytes.size(), "test state");
  T value = T::decode(r);
  r.finish();
  return value;
}

// Every strict prefix, and the buffer with a byte appended, throw CorruptState naming the source.
template <class T>
void expect_truncations_throw(const std::vector<std::uint8_t>& bytes) {
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    try {
      decoded<T>(bytes, size);
      ADD_FAILURE() << "a prefix of " << size << " of " << bytes.size() << " bytes was accepted";
    } catch (const CorruptState& e) {
      EXPECT_NE(std::string(e.what()).find("test state"), std::string::npos) << e.what();
      EXPECT_EQ(e.exit_code(), 3);
    }
  }
  std::vector<std::uint8_t> longer = bytes;
  longer.push_back(0);
  EXPECT_THROW(decoded<T>(longer), CorruptState);
}

// Damage at every byte (three bit patterns each) either still parses into a consistent value or throws
// CorruptState: never another exception, never a crash. A damaged type tag (the first 8 bytes) always throws.
// Returns how many of the damaged buffers were refused.
template <class T>
std::size_t expect_damage_is_refused_or_harmless(const std::vector<std::uint8_t>& bytes) {
  std::size_t refused = 0;
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (const std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
      std::vector<std::uint8_t> damaged = bytes;
      damaged[at] ^= mask;
      try {
        decoded<T>(damaged);
        EXPECT_GE(at, 8u) << "a damaged tag was accepted";
      } catch (const CorruptState&) {
        ++refused;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "byte " << at << " ^ " << int{mask} << ": " << e.what();
      }
    }
  }
  return refused;
}

}  // namespace mcsens::test
