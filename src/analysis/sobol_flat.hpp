// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace mcsens::detail {

// Byte writer/reader for the flat serialization of the sensitivity accumulators (trivially copyable values in
// native byte order; the reader checks every bound and throws std::invalid_argument naming what was cut short).
class FlatWriter {
 public:
  explicit FlatWriter(std::vector<std::uint8_t>& out) : out_(out) {}
  template <class T>
  void put(const T& v) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    out_.insert(out_.end(), p, p + sizeof(T));
  }
  template <class T>
  void put_vector(const std::vector<T>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    if (v.empty()) return;  // data() may be null
    const auto* p = reinterpret_cast<const std::uint8_t*>(v.data());
    out_.insert(out_.end(), p, p + v.size() * sizeof(T));
  }

 private:
  std::vector<std::uint8_t>& out_;
};

class FlatReader {
 public:
  FlatReader(const std::uint8_t* data, std::size_t size, const char* what) : p_(data), left_(size), what_(what) {}
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    left_ -= sizeof(T);
    return v;
  }
  template <class T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    if (n > left_ / sizeof(T)) fail();
    std::vector<T> v(static_cast<std::size_t>(n));
    if (v.empty()) return v;  // data() may be null
    std::memcpy(v.data(), p_, v.size() * sizeof(T));
    p_ += v.size() * sizeof(T);
    left_ -= v.size() * sizeof(T);
    return v;
  }
  void finish() const {
    if (left_ != 0) throw std::invalid_argument(std::string(what_) + ": trailing bytes in serialized data");
  }

 private:
  void need(std::size_t n) const {
    if (n > left_) fail();
  }
  [[noreturn]] void fail() const { throw std::invalid_argument(std::string(what_) + ": truncated serialized data"); }
  const std::uint8_t* p_;
  std::size_t left_;
  const char* what_;
};

}  // namespace mcsens::detail
