// SPDX-License-Identifier: MIT
#include "mcsens/sampling/sampler.hpp"

#include <boost/random/detail/sobol_table.hpp>
#include <cassert>
#include <cmath>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/rng/philox.hpp"
#include "mcsens/rng/philox_raw.hpp"
#include "mcsens/suggest.hpp"
#include "sampling/lhs_permutation.hpp"
#include "sampling/sobol_directions.hpp"

namespace mcsens {

namespace detail {

using SobolTable = boost::random::detail::qrng_tables::sobol;

std::size_t sobol_max_dimensions() {
  return SobolTable::max_dimension;
}

// Joe and Kuo (2008) direction numbers from new-joe-kuo-6.21201, as shipped in Boost.Random's sobol_table.hpp,
// expanded by the Bratley and Fox (1988) recurrence: m_j = m_{j-s} ^ (m_{j-s} << s) ^ sum_k a_k m_{j-k} << k.
// Returns V[k] = m_k << (31 - k), so bit k of the (Gray-coded) index contributes V[k].
std::array<std::uint32_t, 32> sobol_directions(std::size_t dim) {
  std::array<std::uint32_t, 32> m{};
  if (dim == 0) {
    m.fill(1u);
  } else {
    const unsigned poly = SobolTable::polynomial(dim - 1);
    unsigned degree = 0;
    while ((poly >> (degree + 1)) != 0) ++degree;
    for (unsigned k = 0; k < degree && k < 32; ++k) m[k] = SobolTable::minit(dim - 1, k);
    for (unsigned j = degree; j < 32; ++j) {
      std::uint32_t value = m[j - degree];
      unsigned p = poly;
      for (unsigned k = 0; k < degree; ++k, p >>= 1) {
        const unsigned rem = degree - k;
        if ((p & 1u) != 0) value ^= m[j - rem] << rem;
      }
      m[j] = value;
    }
  }
  std::array<std::uint32_t, 32> v{};
  for (unsigned k = 0; k < 32; ++k) v[k] = m[k] << (31 - k);
  return v;
}

}  // namespace detail

namespace {

constexpr std::uint64_t kSobolTag = 0x736f626f6cULL;    // "sobol"
constexpr std::uint64_t kLhsTag = 0x6c6873ULL;          // "lhs"
constexpr std::uint64_t kReplicateTag = 0x7265706cULL;  // "repl"

// The scramble seed of replicate r: replicate 0 keeps the sampler's seed (a one-replicate design is unchanged).
std::uint64_t replicate_seed(std::uint64_t seed, std::size_t r) {
  return r == 0 ? seed : detail::mix64(seed ^ detail::mix64(kReplicateTag + r));
}

// The scrambled direction numbers and digital shift of one Sobol' dimension.
struct SobolDimension {
  std::array<std::uint32_t, 32> v;
  std::uint32_t shift;
};

// Random linear matrix scramble plus digital shift (Matousek 1998, "On the L2-discrepancy for anchored boxes";
// Owen 2003, "Variance with alternative scramblings of digital nets"): y = M x + e over GF(2), with M a random
// lower-triangular binary matrix with unit diagonal (digit r of y depends on digits 1..r of x) and e a random
// digit vector. M is linear, so it is applied once to the direction numbers; a point then costs what an
// unscrambled one costs. Nets stay (t, m, s)-nets with the same t, so low discrepancy is kept.
SobolDimension scrambled_dimension(std::uint64_t seed, std::size_t dim) {
  const std::uint64_t key = detail::mix64(seed ^ kSobolTag);
  const auto k0 = static_cast<std::uint32_t>(key);
  const auto k1 = static_cast<std::uint32_t>(key >> 32);
  // 32 matrix columns and the shift: 9 Philox calls of 4 words, counter (word block, dim).
  std::uint32_t words[36];
  for (std::uint32_t b = 0; b < 9; ++b) {
    detail::Philox4 c{{b, static_cast<std::uint32_t>(dim), static_cast<std::uint32_t>(dim >> 32), 0x51u}};
    c = detail::philox4x32_10(c, k0, k1);
    for (int w = 0; w < 4; ++w) words[4 * b + static_cast<std::uint32_t>(w)] = c.v[w];
  }
  std::array<std::uint32_t, 32> column{};  // column[b]: the image of bit b of x
  for (unsigned b = 0; b < 32; ++b) {
    const std::uint32_t below = b == 0 ? 0u : ((1u << b) - 1u);
    column[b] = (1u << b) | (words[b] & below);
  }
  const auto directions = detail::sobol_directions(dim);
  SobolDimension out{};
  for (unsigned k = 0; k < 32; ++k) {
    std::uint32_t y = 0;
    for (unsigned b = 0; b < 32; ++b) {
      if (((directions[k] >> b) & 1u) != 0) y ^= column[b];
    }
    out.v[k] = y;
  }
  out.shift = words[32];
  return out;
}

std::string number_text(std::uint64_t x) {
  return std::to_string(x);
}

// Points j0 .. j0 + count - 1 of one scrambled dimension into column[0], column[step], ...: in Gray-code order,
// point j = XOR of V[k] over the bits k of gray(j) = j ^ (j >> 1), so any j is reached directly, and j -> j + 1
// flips one bit of gray(j), the lowest set bit of j + 1 (Antonov and Saleev 1979).
void sobol_points(const SobolDimension& dim, std::uint64_t j0, std::size_t count, double* column, std::size_t step) {
  assert(j0 + count <= (std::uint64_t{1} << 32));
  const std::uint64_t gray = j0 ^ (j0 >> 1);
  std::uint32_t x = dim.shift;
  for (unsigned k = 0; k < 32; ++k) {
    if (((gray >> k) & 1u) != 0) x ^= dim.v[k];
  }
  std::uint64_t j = j0;
  for (std::size_t t = 0; t < count; ++t, ++j) {
    column[t * step] = (static_cast<double>(x) + 0.5) * 0x1.0p-32;  // exact, strictly inside (0, 1)
    x ^= dim.v[static_cast<unsigned>(__builtin_ctzll(j + 1)) & 31u];
  }
}

}  // namespace

struct Sampler::Impl {
  SamplerKind kind = SamplerKind::mc;
  std::uint64_t seed = 0;
  std::size_t dimensions = 0;
  std::uint64_t total_points = 0;
  std::size_t replicates = 1;
  std::vector<std::vector<SobolDimension>> sobol;  // sobol only: [replicate][dimension]
  std::vector<detail::KeyedPermutation> strata;    // lhs only
  std::uint64_t lhs_seed = 0;                      // lhs only: the jitter stream
};

std::uint64_t replicated_sobol_size(std::uint64_t n, std::size_t replicates) {
  const std::uint64_t R = replicates;
  const std::uint64_t per = n / R + (n % R != 0 ? 1 : 0);
  std::uint64_t m = 1;
  while (m < per && m <= (std::uint64_t{1} << 32)) m <<= 1;
  if (m > (std::uint64_t{1} << 32)) {
    throw Error("sampler sobol: " + number_text(n) + " points in " + number_text(R) +
                " replicates need more than 2^32 points per replicate");
  }
  return R * m;
}

SamplerKind parse_sampler_kind(const std::string& name) {
  if (name == "mc") return SamplerKind::mc;
  if (name == "sobol") return SamplerKind::sobol;
  if (name == "lhs") return SamplerKind::lhs;
  throw Error("unknown sampler '" + name + "' (known: mc, sobol, lhs)" + did_you_mean(name, {"mc", "sobol", "lhs"}));
}

const char* sampler_name(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::mc:
      return "mc";
    case SamplerKind::sobol:
      return "sobol";
    case SamplerKind::lhs:
      return "lhs";
  }
  return "mc";
}

Sampler::Sampler(SamplerKind kind, std::uint64_t seed, std::size_t dimensions, std::uint64_t total_points,
                 std::size_t replicates)
    : impl_(std::make_unique<Impl>()) {
  if (dimensions < 1) throw Error(std::string("sampler ") + sampler_name(kind) + ": needs at least one dimension");
  if (dimensions > 0xffffffffULL) {
    throw Error(std::string("sampler ") + sampler_name(kind) + ": too many dimensions (" + number_text(dimensions) +
                ")");
  }
  if (total_points < 1) throw Error(std::string("sampler ") + sampler_name(kind) + ": needs at least one point");
  if (replicates < 1 || (replicates > 1 && kind != SamplerKind::sobol)) {
    throw Error(std::string("sampler ") + sampler_name(kind) + ": " + number_text(replicates) +
                " replicates (only the sobol sampler has replicates)");
  }
  if (total_points % replicates != 0) {
    throw Error("sampler sobol: " + number_text(total_points) + " points are not a multiple of the " +
                number_text(replicates) + " replicates");
  }
  impl_->replicates = replicates;
  impl_->kind = kind;
  impl_->seed = seed;
  impl_->dimensions = dimensions;
  impl_->total_points = total_points;
  if (kind == SamplerKind::sobol) {
    if (dimensions > detail::sobol_max_dimensions()) {
      throw Error("sampler sobol: " + number_text(dimensions) +
                  " dimensions requested, the Joe-Kuo direction numbers " + "provide " +
                  number_text(detail::sobol_max_dimensions()));
    }
    if (total_points / replicates > (std::uint64_t{1} << 32)) {
      throw Error("sampler sobol: " + number_text(total_points / replicates) +
                  " points requested per replicate, at most 2^32 are available");
    }
    impl_->sobol.resize(replicates);
    for (std::size_t r = 0; r < replicates; ++r) {
      impl_->sobol[r].reserve(dimensions);
      for (std::size_t d = 0; d < dimensions; ++d) {
        impl_->sobol[r].push_back(scrambled_dimension(replicate_seed(seed, r), d));
      }
    }
  } else if (kind == SamplerKind::lhs) {
    impl_->strata.reserve(dimensions);
    for (std::size_t d = 0; d < dimensions; ++d) {
      impl_->strata.emplace_back(detail::mix64(seed ^ detail::mix64(kLhsTag + d)), total_points);
    }
    impl_->lhs_seed = detail::mix64(seed ^ kLhsTag);
  }
}

Sampler::~Sampler() = default;
Sampler::Sampler(Sampler&&) noexcept = default;
Sampler& Sampler::operator=(Sampler&&) noexcept = default;

SamplerKind Sampler::kind() const {
  return impl_->kind;
}
std::size_t Sampler::dimensions() const {
  return impl_->dimensions;
}
std::uint64_t Sampler::total_points() const {
  return impl_->total_points;
}
std::size_t Sampler::replicates() const {
  return impl_->replicates;
}

void Sampler::fill_replicate(std::size_t r, std::uint64_t first, std::size_t n, double* out, std::size_t stride) const {
  assert(impl_->kind == SamplerKind::sobol && r < impl_->replicates && stride >= n);
  for (std::size_t j = 0; j < impl_->dimensions; ++j) sobol_points(impl_->sobol[r][j], first, n, out + j * stride, 1);
}

void Sampler::fill(std::uint64_t first, std::size_t n, double* out, std::size_t stride) const {
  assert(stride >= n);
  const Impl& s = *impl_;
  switch (s.kind) {
    case SamplerKind::mc:
      for (std::size_t j = 0; j < s.dimensions; ++j) {
        philox_fill_uniform(s.seed, first, n, static_cast<std::uint32_t>(j), out + j * stride);
      }
      break;
    case SamplerKind::sobol: {
      // Point i is point i / R of replicate i mod R: each replicate's points in this range are consecutive in
      // their own sequence, R apart here.
      const std::uint64_t R = s.replicates;
      for (std::uint64_t r = 0; r < R; ++r) {
        const std::uint64_t i0 = first + (r + R - first % R) % R;  // the first point of replicate r in the range
        if (i0 >= first + n) continue;
        const auto count = static_cast<std::size_t>((first + n - 1 - i0) / R + 1);
        for (std::size_t j = 0; j < s.dimensions; ++j) {
          sobol_points(s.sobol[r][j], i0 / R, count, out + j * stride + (i0 - first), R);
        }
      }
      break;
    }
    case SamplerKind::lhs: {
      // Coordinate j of point i = (pi_j(i) + v_ij) / N, pi_j a keyed bijection of [0, N) and v_ij a Philox uniform
      // (McKay, Beckman and Conover 1979): one point in each of the N strata of every dimension.
      assert(first + n <= s.total_points);
      const double inv_n = 1.0 / static_cast<double>(s.total_points);
      constexpr double kBelowOne = 1.0 - 0x1.0p-53;
      for (std::size_t j = 0; j < s.dimensions; ++j) {
        double* column = out + j * stride;
        philox_fill_uniform(s.lhs_seed, first, n, static_cast<std::uint32_t>(j), column);
        const detail::KeyedPermutation& perm = s.strata[j];
        for (std::size_t t = 0; t < n; ++t) {
          const double stratum = static_cast<double>(perm(first + t));
          const double u = (stratum + column[t]) * inv_n;
          column[t] = u < kBelowOne ? u : kBelowOne;  // (N - 1 + v) / N can round up to 1 for large N
        }
      }
      break;
    }
  }
}

}  // namespace mcsens
