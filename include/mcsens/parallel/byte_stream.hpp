// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/error.hpp"

namespace mcsens {

// The one flat form of mergeable states: every accumulator's encode()/decode(), the run states of MPI messages,
// shard files and checkpoints. Little fixed-width fields in native byte order (states travel between processes of
// one architecture), each array preceded by its length. Integers stay integers (no bit-punning into doubles).
class ByteWriter {
 public:
  void put_u8(std::uint8_t v) { put_raw(&v, sizeof v); }
  void put_bool(bool v) { put_u8(v ? 1 : 0); }
  void put_u64(std::uint64_t v) { put_raw(&v, sizeof v); }
  void put_i64(std::int64_t v) { put_raw(&v, sizeof v); }
  void put_f64(double v) { put_raw(&v, sizeof v); }
  // A type tag at the start of an accumulator's form, so that a state of another kind (or of an older layout,
  // which gets a new tag) is refused instead of misread. ByteReader::expect_tag checks it.
  void put_tag(std::uint64_t tag) { put_u64(tag); }
  void put_doubles(const double* v, std::size_t n) {
    put_u64(n);
    put_raw(v, n * sizeof(double));
  }
  void put_doubles(const std::vector<double>& v) { put_doubles(v.data(), v.size()); }
  // n values without a length: for an array written in pieces after put_u64(total); read back with
  // ByteReader::get_length and get_array.
  void put_array(const double* v, std::size_t n) { put_raw(v, n * sizeof(double)); }
  void put_u64s(const std::uint64_t* v, std::size_t n) {
    put_u64(n);
    put_raw(v, n * sizeof(std::uint64_t));
  }
  void put_u64s(const std::vector<std::uint64_t>& v) { put_u64s(v.data(), v.size()); }
  // Counts (histogram bins, sketch buckets) in a compact form: the number of values, then each as an unsigned
  // LEB128 varint (7 bits a byte, low bits first), so that a count below 128 takes one byte and a typical one two
  // or three instead of eight. The states of a merge tree are mostly such counts: a run state after 1e9 draws
  // holds about ten of them. Read back with ByteReader::get_counts.
  void put_counts(const std::uint64_t* v, std::size_t n) {
    put_u64(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t x = v[i];
      while (x >= 0x80) {
        bytes_.push_back(static_cast<std::uint8_t>(x | 0x80));
        x >>= 7;
      }
      bytes_.push_back(static_cast<std::uint8_t>(x));
    }
  }
  void put_counts(const std::vector<std::uint64_t>& v) { put_counts(v.data(), v.size()); }
  void put_i64s(const std::vector<std::int64_t>& v) {
    put_u64(v.size());
    put_raw(v.data(), v.size() * sizeof(std::int64_t));
  }
  void put_bytes(const std::vector<std::uint8_t>& v) {
    put_u64(v.size());
    put_raw(v.data(), v.size());
  }
  void put_string(const std::string& s) {
    put_u64(s.size());
    put_raw(s.data(), s.size());
  }
  void reserve(std::size_t more) { bytes_.reserve(bytes_.size() + more); }
  std::vector<std::uint8_t>& bytes() { return bytes_; }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  void put_raw(const void* data, std::size_t size) {
    if (size == 0) return;  // data may be null
    const auto* p = static_cast<const std::uint8_t*>(data);
    bytes_.insert(bytes_.end(), p, p + size);
  }
  std::vector<std::uint8_t> bytes_;
};

// Reads what ByteWriter wrote. Anything that does not parse (a short buffer, a length that runs past the end, a
// wrong tag, a value a decoder finds inconsistent) throws CorruptState naming `source` (the file or message it came
// from): a state is never half read, and no length read from the buffer allocates more than the buffer holds.
class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size, std::string source)
      : data_(data), size_(size), source_(std::move(source)) {}

  std::uint8_t get_u8() { return get_pod<std::uint8_t>(); }
  bool get_bool() {
    const std::uint8_t v = get_u8();
    if (v > 1) fail("a flag is neither 0 nor 1");
    return v != 0;
  }
  std::uint64_t get_u64() { return get_pod<std::uint64_t>(); }
  std::int64_t get_i64() { return get_pod<std::int64_t>(); }
  double get_f64() { return get_pod<double>(); }
  // Reads a tag and fails with "not a <kind>" unless it is `tag`.
  void expect_tag(std::uint64_t tag, const char* kind) {
    if (get_u64() != tag) fail(std::string("not a ") + kind + ", or one of another format");
  }
  // A count that must not exceed `limit` (a decoder's plausibility bound), named `what` in the message.
  std::uint64_t get_count(std::uint64_t limit, const char* what) {
    const std::uint64_t n = get_u64();
    if (n > limit) fail(std::string(what) + " of " + std::to_string(n) + " is implausible");
    return n;
  }
  // The length of an array of `element_bytes`-byte values that follows: it must fit in what is left.
  std::size_t get_length(std::size_t element_bytes) {
    const std::uint64_t n = get_u64();
    if (n > remaining() / element_bytes) fail("a length runs past the end");
    return static_cast<std::size_t>(n);
  }
  // n values into out (after get_length).
  void get_array(double* out, std::size_t n) { get_raw(out, n * sizeof(double)); }
  void get_array(std::uint64_t* out, std::size_t n) { get_raw(out, n * sizeof(std::uint64_t)); }
  std::vector<double> get_doubles() { return get_vector<double>(); }
  std::vector<std::uint64_t> get_u64s() { return get_vector<std::uint64_t>(); }
  // What put_counts wrote: at most `limit` values (a decoder's bound, named `what` in the message), each a varint
  // of at most ten bytes that fits in 64 bits and has no redundant trailing zero byte (so that one list of counts
  // has one form).
  std::vector<std::uint64_t> get_counts(std::uint64_t limit, const char* what) {
    const std::uint64_t n = get_u64();
    if (n > limit) fail(std::string(what) + ": " + std::to_string(n) + " counts is implausible");
    if (n > remaining()) fail(std::string(what) + ": a length runs past the end");
    std::vector<std::uint64_t> v(static_cast<std::size_t>(n));
    for (auto& x : v) {
      x = 0;
      for (int shift = 0;; shift += 7) {
        if (offset_ == size_) fail(std::string(what) + ": truncated");
        const std::uint8_t byte = data_[offset_++];
        if (shift == 63 && byte > 1) fail(std::string(what) + ": a count beyond 64 bits");
        if (shift > 0 && byte == 0) fail(std::string(what) + ": a count not in its shortest form");
        x |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) break;
      }
    }
    return v;
  }
  std::vector<std::int64_t> get_i64s() { return get_vector<std::int64_t>(); }
  std::vector<std::uint8_t> get_bytes() { return get_vector<std::uint8_t>(); }
  std::string get_string() {
    const std::size_t n = get_length(1);
    std::string s(n, '\0');
    get_raw(s.data(), n);
    return s;
  }
  std::size_t remaining() const { return size_ - offset_; }
  const std::string& source() const { return source_; }
  // Fails unless every byte was read.
  void finish() const {
    if (remaining() != 0) fail(std::to_string(remaining()) + " trailing bytes");
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw CorruptState("corrupt or foreign state (" + why + ")", SourceLocation{source_, 0, 0, {}});
  }

 private:
  template <class T>
  T get_pod() {
    T v;
    get_raw(&v, sizeof v);
    return v;
  }
  template <class T>
  std::vector<T> get_vector() {
    const std::size_t n = get_length(sizeof(T));
    std::vector<T> v(n);
    get_raw(v.data(), n * sizeof(T));
    return v;
  }
  void get_raw(void* out, std::size_t size) {
    if (size > remaining()) fail("truncated");
    if (size > 0) std::memcpy(out, data_ + offset_, size);
    offset_ += size;
  }
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t offset_ = 0;
  std::string source_;
};

}  // namespace mcsens
