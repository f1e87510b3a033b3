// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace mcsens {

enum class SamplerKind { mc, sobol, lhs };

// "mc" | "sobol" | "lhs"; anything else throws mcsens::Error with a did-you-mean.
SamplerKind parse_sampler_kind(const std::string& name);
const char* sampler_name(SamplerKind kind);

// A design of points in (0,1)^dimensions, chunk-addressable: point i is computed from (kind, seed, dimensions,
// total_points, i) alone, so any range of points can be filled on any thread or rank with the same bits.
//   mc:    Philox uniforms (dimension j of point i = philox_uniform(seed, i, j)).
//   sobol: scrambled Sobol' points (Joe-Kuo directions, seeded randomization that keeps low discrepancy),
//          point i computed without generating 0..i-1.
//   lhs:   Latin hypercube over total_points strata per dimension, strata permuted by a keyed bijection.
// Every coordinate is strictly inside (0, 1). Immutable and thread-safe after construction.
class Sampler {
 public:
  Sampler(SamplerKind kind, std::uint64_t seed, std::size_t dimensions, std::uint64_t total_points);
  ~Sampler();
  Sampler(Sampler&&) noexcept;
  Sampler& operator=(Sampler&&) noexcept;

  SamplerKind kind() const;
  std::size_t dimensions() const;
  std::uint64_t total_points() const;

  // Fills points first .. first + n - 1: out[j * stride + i] is coordinate j of point first + i (j < dimensions,
  // i < n, stride >= n). No allocation.
  void fill(std::uint64_t first, std::size_t n, double* out, std::size_t stride) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mcsens
