// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "mcsens/error.hpp"

namespace mcsens {

// The flat form of run states for MPI messages, shard files and checkpoints: little fixed-width fields in native
// byte order (states travel between processes of one architecture), each vector preceded by its length.
class ByteWriter {
 public:
  void put_u64(std::uint64_t v) { put_raw(&v, sizeof v); }
  void put_i64(std::int64_t v) { put_raw(&v, sizeof v); }
  void put_f64(double v) { put_raw(&v, sizeof v); }
  void put_doubles(const std::vector<double>& v) {
    put_u64(v.size());
    put_raw(v.data(), v.size() * sizeof(double));
  }
  void put_bytes(const std::vector<std::uint8_t>& v) {
    put_u64(v.size());
    put_raw(v.data(), v.size());
  }
  void put_string(const std::string& s) {
    put_u64(s.size());
    put_raw(s.data(), s.size());
  }
  std::vector<std::uint8_t>& bytes() { return bytes_; }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  void put_raw(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    bytes_.insert(bytes_.end(), p, p + size);
  }
  std::vector<std::uint8_t> bytes_;
};

// Reads what ByteWriter wrote. A short or inconsistent buffer throws RuntimeFailure naming `what` (the file or
// message it came from): a state is never half read.
class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size, std::string what)
      : data_(data), size_(size), what_(std::move(what)) {}

  std::uint64_t get_u64() { return get_pod<std::uint64_t>(); }
  std::int64_t get_i64() { return get_pod<std::int64_t>(); }
  double get_f64() { return get_pod<double>(); }
  std::vector<double> get_doubles() {
    const std::uint64_t n = get_count(sizeof(double));
    std::vector<double> v(n);
    get_raw(v.data(), n * sizeof(double));
    return v;
  }
  std::vector<std::uint8_t> get_bytes() {
    const std::uint64_t n = get_count(1);
    std::vector<std::uint8_t> v(n);
    get_raw(v.data(), n);
    return v;
  }
  std::string get_string() {
    const std::uint64_t n = get_count(1);
    std::string s(n, '\0');
    get_raw(s.data(), n);
    return s;
  }
  std::size_t remaining() const { return size_ - offset_; }
  [[noreturn]] void fail(const std::string& why) const {
    throw RuntimeFailure(what_ + ": unreadable run state (" + why + ")");
  }

 private:
  template <class T>
  T get_pod() {
    T v;
    get_raw(&v, sizeof v);
    return v;
  }
  std::uint64_t get_count(std::size_t element) {
    const std::uint64_t n = get_u64();
    if (n > remaining() / element) fail("a length runs past the end");
    return n;
  }
  void get_raw(void* out, std::size_t size) {
    if (size > remaining()) fail("truncated");
    if (size > 0) std::memcpy(out, data_ + offset_, size);
    offset_ += size;
  }
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t offset_ = 0;
  std::string what_;
};

}  // namespace mcsens
