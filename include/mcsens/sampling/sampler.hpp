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

// The smallest R * 2^m (m >= 0) at or above n: the size a randomized-QMC design of R scrambled Sobol' replicates
// needs (each replicate a whole (t, m, s)-net). Throws mcsens::Error past 2^32 points per replicate.
std::uint64_t replicated_sobol_size(std::uint64_t n, std::size_t replicates);

// A design of points in (0,1)^dimensions, chunk-addressable: point i is computed from (kind, seed, dimensions,
// total_points, i) alone, so any range of points can be filled on any thread or rank with the same bits.
//   mc:    Philox uniforms (dimension j of point i = philox_uniform(seed, i, j)).
//   sobol: scrambled Sobol' points (Joe-Kuo directions, seeded randomization that keeps low discrepancy),
//          point i computed without generating 0..i-1. With R > 1 replicates (randomized QMC), the design is R
//          independently scrambled Sobol' sequences interleaved: point i is point i / R of replicate i mod R, so
//          that any prefix of R * j points holds the first j points of every replicate (what --until and the
//          replicate means need). Replicate 0 is the scramble a single-replicate sampler of the same seed uses.
//   lhs:   Latin hypercube over total_points strata per dimension, strata permuted by a keyed bijection.
// Every coordinate is strictly inside (0, 1). Immutable and thread-safe after construction.
class Sampler {
 public:
  // replicates: 1, or (sobol only) the number R of independent scrambles; total_points / R points each, at most
  // 2^32 per replicate. Throws mcsens::Error on anything else.
  Sampler(SamplerKind kind, std::uint64_t seed, std::size_t dimensions, std::uint64_t total_points,
          std::size_t replicates = 1);
  ~Sampler();
  Sampler(Sampler&&) noexcept;
  Sampler& operator=(Sampler&&) noexcept;

  SamplerKind kind() const;
  std::size_t dimensions() const;
  std::uint64_t total_points() const;
  std::size_t replicates() const;

  // Fills points first .. first + n - 1: out[j * stride + i] is coordinate j of point first + i (j < dimensions,
  // i < n, stride >= n). No allocation.
  void fill(std::uint64_t first, std::size_t n, double* out, std::size_t stride) const;
  // Sobol' only: points first .. first + n - 1 of replicate r alone (point j of replicate r is point j * R + r of
  // fill), same layout. For designs that give each replicate a contiguous range of their own items.
  void fill_replicate(std::size_t r, std::uint64_t first, std::size_t n, double* out, std::size_t stride) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mcsens
