// SPDX-License-Identifier: MIT
// The compact form of counts (ByteWriter::put_counts, ByteReader::get_counts): exact round trips at every varint
// length, one form per list, and damage refused as CorruptState.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens {
namespace {

std::vector<std::uint8_t> counts_bytes(const std::vector<std::uint64_t>& v) {
  ByteWriter w;
  w.put_counts(v);
  return std::move(w.bytes());
}

std::vector<std::uint64_t> read_counts(const std::vector<std::uint8_t>& bytes, std::uint64_t limit = 1000) {
  ByteReader r(bytes.data(), bytes.size(), "test");
  auto v = r.get_counts(limit, "counts");
  r.finish();
  return v;
}

std::string refusal(const std::vector<std::uint8_t>& bytes, std::uint64_t limit = 1000) {
  try {
    read_counts(bytes, limit);
  } catch (const CorruptState& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ByteStream, CountsRoundTripAtEveryLength) {
  std::vector<std::uint64_t> v = {0, 1, 127, 128, 255, 16383, 16384, 65536, 1'000'000'007};
  for (int bits = 1; bits <= 64; ++bits) {
    const std::uint64_t top = bits == 64 ? std::numeric_limits<std::uint64_t>::max() : (std::uint64_t{1} << bits) - 1;
    v.push_back(top);
    v.push_back(top >> 1 | (std::uint64_t{1} << (bits - 1)));
  }
  EXPECT_EQ(read_counts(counts_bytes(v)), v);
  EXPECT_EQ(read_counts(counts_bytes({})), std::vector<std::uint64_t>{});
}

TEST(ByteStream, CountsTakeOneByteBelow128AndTenAtMost) {
  EXPECT_EQ(counts_bytes({0, 5, 127}).size(), 8u + 3u);
  EXPECT_EQ(counts_bytes({128}).size(), 8u + 2u);
  EXPECT_EQ(counts_bytes({std::numeric_limits<std::uint64_t>::max()}).size(), 8u + 10u);
}

TEST(ByteStream, DamagedCountsAreCorruptStates) {
  std::vector<std::uint8_t> bytes = counts_bytes({300, 7});
  // Truncated inside a varint, and a length that runs past the end.
  EXPECT_NE(refusal({bytes.begin(), bytes.begin() + 10}).find("counts: truncated"), std::string::npos);
  std::vector<std::uint8_t> long_length = bytes;
  long_length[0] = 50;
  EXPECT_NE(refusal(long_length).find("a length runs past the end"), std::string::npos);
  EXPECT_NE(refusal(bytes, 1).find("2 counts is implausible"), std::string::npos);
  // A count that does not fit in 64 bits: ten bytes whose last carries more than one bit.
  ByteWriter w;
  w.put_u64(1);
  std::vector<std::uint8_t> wide = std::move(w.bytes());
  for (int k = 0; k < 9; ++k) wide.push_back(0xff);
  wide.push_back(0x02);
  EXPECT_NE(refusal(wide).find("beyond 64 bits"), std::string::npos);
  // 5 written as 0x85 0x00: a redundant zero byte, which would give one list two forms.
  std::vector<std::uint8_t> padded = counts_bytes({5});
  padded.back() = 0x85;
  padded.push_back(0x00);
  EXPECT_NE(refusal(padded).find("not in its shortest form"), std::string::npos);
}

}  // namespace
}  // namespace mcsens
