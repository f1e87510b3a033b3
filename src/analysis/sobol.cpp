// SPDX-License-Identifier: MIT
#include "mcsens/analysis/sobol.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>

#include "analysis/sobol_exact_sum.hpp"
#include "analysis/sobol_intervals.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "mcsens/rng/resampling_stream.hpp"
#include "parallel/workers.hpp"

namespace mcsens {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Outputs beyond this magnitude are treated like non-finite ones: their squares and products would overflow.
constexpr double kMaxMagnitude = 1e150;
constexpr std::size_t kBootstrapTile = 4096;  // base samples per bootstrap tile (their terms stay in L2); <= 2^16
static_assert(kBootstrapTile <= (std::size_t{1} << 16), "the rows of a tile are drawn with fill_below16");

std::size_t pair_count(std::size_t k) {
  return k * (k - 1) / 2;
}

// Number of centred sums the estimators read: [sum_y, sum_yy, first_i (k), total_i (k), second_ij (pairs)].
std::size_t term_count(std::size_t k, bool second_order) {
  return 2 + 2 * k + (second_order ? pair_count(k) : 0);
}

// The per-base terms, centred on c (the mean of the combined A and B outputs), with row = fA, fB, fAB[k], fBA[k]:
//   y1 = (fA - c) + (fB - c),  y2 = (fA - c)^2 + (fB - c)^2                   (total variance)
//   first_i  = (fB - c) (fAB_i - fA)                                          (Saltelli et al. 2010, Table 2 (b))
//   total_i  = (fA - fAB_i)^2                                                 (Jansen 1999; Saltelli 2010 (f))
//   second_ij = (fBA_i - c)(fAB_j - c) - (fA - c)(fB - c), i < j              (Saltelli 2002; SALib sobol.py)
// Centring leaves every estimator's expectation unchanged and removes the variance the mean adds to the products
// (SALib standardizes Y for the same reason).
template <class T>
void base_terms(const double* row, double c, std::size_t k, bool second_order, T* out) {
  const double a = row[0] - c;
  const double b = row[1] - c;
  out[0] = static_cast<T>(a + b);
  out[1] = static_cast<T>(a * a + b * b);
  for (std::size_t i = 0; i < k; ++i) {
    const double d = row[2 + i] - row[0];
    out[2 + i] = static_cast<T>(b * d);
    out[2 + k + i] = static_cast<T>(d * d);
  }
  if (second_order) {
    std::size_t p = 2 + 2 * k;
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = i + 1; j < k; ++j) {
        out[p++] = static_cast<T>((row[2 + k + i] - c) * (row[2 + j] - c) - a * b);
      }
    }
  }
}

}  // namespace

namespace detail {

// The formulas, and only the formulas: indices from the centred sums over m base samples. out = S1 (k), ST (k),
// S2 (pairs, i < j in row order). Returns the total variance V; every index is NaN when V is not positive.
double sobol_formulas(std::size_t k, bool second_order, double m, const double* sums, double* out) {
  const std::size_t nq = 2 * k + (second_order ? pair_count(k) : 0);
  const double mean = sums[0] / (2.0 * m);
  const double variance = sums[1] / (2.0 * m) - mean * mean;  // population variance of [A; B], as SALib
  if (!(variance > 0.0) || !(m >= 2.0)) {
    std::fill(out, out + nq, kNaN);
    return variance;
  }
  for (std::size_t i = 0; i < k; ++i) {
    out[i] = sums[2 + i] / m / variance;                  // V_i = mean(f_B (f_AB^i - f_A)): Saltelli 2010
    out[k + i] = sums[2 + k + i] / (2.0 * m) / variance;  // VT_i = mean((f_A - f_AB^i)^2) / 2: Jansen 1999
  }
  if (second_order) {
    std::size_t p = 0;
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = i + 1; j < k; ++j, ++p) {
        // Closed V^c_ij = mean(f_BA^i f_AB^j - f_A f_B) (Saltelli 2002, CPC 145:280, eq. for V^c via
        // f(B_A^i) f(A_B^j)); S2_ij = V^c_ij / V - S1_i - S1_j, as SALib's sobol.second_order.
        out[2 * k + p] = sums[2 + 2 * k + p] / m / variance - out[i] - out[j];
      }
    }
  }
  return variance;
}

// Memory for kept values: slabs of kSlabBytes, 2 MiB aligned and advised for transparent huge pages, carved by
// the thread that fills them (thread_local current slab) and freed when the last segment in them goes. At N = 2^22
// the kept values are 168 MB: with 4 KiB pages their first-touch page faults were a quarter of the run (more
// with two threads faulting into one address space); huge pages make them 512 times fewer.
class Slab {
 public:
  static constexpr std::size_t kSlabBytes = std::size_t{4} << 20;
  static constexpr std::size_t kAlign = std::size_t{2} << 20;
  explicit Slab(std::size_t bytes) : bytes_((bytes + kAlign - 1) / kAlign * kAlign) {
    data_ = static_cast<double*>(std::aligned_alloc(kAlign, bytes_));
    if (data_ == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    madvise(data_, bytes_, MADV_HUGEPAGE);  // a hint: failure only costs speed
#endif
  }
  ~Slab() {
    std::free(data_);
  }
  Slab(const Slab&) = delete;
  Slab& operator=(const Slab&) = delete;
  double* data() const {
    return data_;
  }
  std::size_t capacity() const {
    return bytes_ / sizeof(double);
  }

 private:
  std::size_t bytes_;
  double* data_;
};

// Up to n doubles of writable slab memory for the calling thread; commit(used) gives back the unused end (only the
// last reservation of a thread can be shrunk, which is how add() uses it).
struct SlabCursor {
  std::shared_ptr<Slab> slab;
  std::size_t used = 0;
};
inline SlabCursor& thread_cursor() {
  thread_local SlabCursor cursor;
  return cursor;
}

// The kept per-base values, in base order, as a list of immutable shared segments: add() appends one segment per
// call, written in place into slab memory; merge() shares the right side's segments instead of copying them.
// (One growing vector cost 70 % of a 2^21-base run in reallocation copies, heap trimming and page faults, and the
// engine's merge tree copied every value once per tree level: 10 times at N = 2^22 in chunks of 4096 bases.)
// Every segment holds whole rows; segments are never written once added, so copies of a state (and threads) may
// share them.
class KeptValues {
 public:
  std::size_t size() const { return size_; }
  // Writable room for n doubles at the end; then finish_segment(count) keeps the first `count` of them.
  double* begin_segment(std::size_t n) {
    SlabCursor& c = thread_cursor();
    if (!c.slab || c.used + n > c.slab->capacity()) {
      c.slab = std::make_shared<Slab>(std::max(Slab::kSlabBytes, n * sizeof(double)));
      c.used = 0;
    }
    return c.slab->data() + c.used;
  }
  void finish_segment(const double* p, std::size_t count) {
    if (count == 0) return;
    SlabCursor& c = thread_cursor();
    c.used += (count + 7) / 8 * 8;  // keep each segment 64-byte aligned
    segments_.push_back({c.slab, p, count});
    size_ += count;
  }
  void append_copy(const double* p, std::size_t count) {
    double* d = begin_segment(count);
    std::copy(p, p + count, d);
    finish_segment(d, count);
  }
  void append(const KeptValues& right) {
    segments_.insert(segments_.end(), right.segments_.begin(), right.segments_.end());
    size_ += right.size_;
  }
  void clear() {
    segments_.clear();
    segments_.shrink_to_fit();
    size_ = 0;
  }
  // f(const double* values, std::size_t count) over the segments in order.
  template <class F>
  void for_each_segment(F f) const {
    for (const auto& seg : segments_) f(seg.data, seg.size);
  }
  std::vector<double> flat() const {
    std::vector<double> v;
    v.reserve(size_);
    for_each_segment([&](const double* p, std::size_t n) { v.insert(v.end(), p, p + n); });
    return v;
  }

 private:
  struct Segment {
    std::shared_ptr<Slab> slab;  // keeps the memory alive
    const double* data;
    std::size_t size;
  };
  std::vector<Segment> segments_;
  std::size_t size_ = 0;
};

// f(const double* row) for each kept row (`values` doubles each), in base order.
template <class F>
void for_each_row(const KeptValues& kept, std::size_t values, F f) {
  kept.for_each_segment([&](const double* p, std::size_t n) {
    for (std::size_t r = 0; r + values <= n; r += values) f(p + r);
  });
}

// The streamed mode sums its bases per segment: at most kSegmentBases consecutive bases of one batch, cut at fixed
// base indices (multiples of kSegmentBases from the batch's first base), so that segments do not depend on how the
// base range is cut into pieces. A segment's terms are summed in double, in base order within fixed lanes, shifted
// by the fA of its first finite base (so that an output's mean does not cancel its deviations away), then added to
// its batch's exact sums unshifted: one exact addition per term and segment instead of one per term and base
// (which cost more than keeping the rows), with the rounding of ~512 shifted double terms; the same bits for any cut.
constexpr std::size_t kSegmentBases = 512;

// The bases [first, end) of one streamed segment while it is being filled, or when an accumulator holds only part
// of it (at the edges of its base range, until a merge completes it): the values of its m finite bases, by column
// (value v of the j-th finite base at cols[v * kSegmentBases + j]; v = fA, fB, fAB[k], [fBA[k]]).
struct PartialSegment {
  std::uint64_t first = 0;
  std::uint64_t end = 0;
  std::size_t m = 0;
  std::vector<double> cols;
};

struct SobolAccumulatorData {
  bool any = false;
  std::uint64_t first = 0;
  std::uint64_t end = 0;
  std::uint64_t finite = 0;
  std::uint64_t nonfinite = 0;
  double ymin = std::numeric_limits<double>::infinity();
  double ymax = -std::numeric_limits<double>::infinity();
  bool keeping = true;
  KeptValues kept;                     // per finite base: fA, fB, fAB[k], [fBA[k]], in base order
  std::vector<std::uint64_t> dropped;  // base indices of dropped bases (only while keeping)
  // Streamed (when !keeping): per batch, its raw (uncentred) exact sums (stream terms; empty for a batch no
  // complete segment of this accumulator lies in) and its count of finite bases in complete segments; and the
  // partial segments at the two edges of the base range (at most two, in base order).
  std::vector<std::vector<ExactSum>> sums;
  std::vector<std::uint64_t> batch_count;
  std::vector<PartialSegment> partials;
};

}  // namespace detail

namespace {

// Raw sums streamed per batch: 0 fA, 1 fB, 2 fA^2 + fB^2, then per i: fB d_i, d_i, d_i^2 (d_i = fAB_i - fA);
// with second order, per i: fBA_i - fB, then per pair i < j: fBA_i fAB_j - fA fB.
std::size_t stream_terms(std::size_t k, bool second_order) {
  return 3 + 3 * k + (second_order ? k + pair_count(k) : 0);
}

struct Layout {
  std::size_t k;
  bool second_order;
  std::size_t values;  // doubles per kept base
  std::size_t terms;   // stream terms
  std::uint64_t base_samples;
  std::uint64_t batch_size;
  std::size_t batches;
};

Layout layout_of(std::size_t k, bool second_order, const SobolOptions& o) {
  const std::uint64_t bs = (o.base_samples + o.batches - 1) / o.batches;
  return {k,
          second_order,
          sobol_rows_per_base(k, second_order),
          stream_terms(k, second_order),
          o.base_samples,
          bs,
          static_cast<std::size_t>((o.base_samples + bs - 1) / bs)};
}

bool over_cap(const Layout& l, std::uint64_t bases, std::size_t cap) {
  return static_cast<long double>(bases) * static_cast<long double>(l.values) * 8.0L > static_cast<long double>(cap);
}

}  // namespace

std::size_t sobol_rows_per_base(std::size_t k, bool second_order) {
  return second_order ? 2 * k + 2 : k + 2;
}

std::uint64_t sobol_cost(std::uint64_t N, std::size_t k, bool second_order) {
  return N * static_cast<std::uint64_t>(sobol_rows_per_base(k, second_order));
}

void sobol_design_column(const double* a, const double* b, std::size_t n, std::size_t input, std::size_t k,
                         bool second_order, double* column) {
  const std::size_t groups = sobol_rows_per_base(k, second_order);
  for (std::size_t g = 0; g < groups; ++g) {
    // The input's column of group g comes from B for B, for AB^i with i = input, and for BA^h with h != input;
    // from A otherwise.
    bool from_b = g == 1;
    if (g >= 2 && g < 2 + k) from_b = (g - 2) == input;
    if (g >= 2 + k) from_b = (g - 2 - k) != input;
    const double* src = from_b ? b : a;
    std::copy(src, src + n, column + g * n);
  }
}

void sobol_design_block(const double* unit, std::size_t unit_stride, std::size_t n, std::size_t k, bool second_order,
                        double* const* columns) {
  for (std::size_t i = 0; i < k; ++i) {
    sobol_design_column(unit + i * unit_stride, unit + (k + i) * unit_stride, n, i, k, second_order, columns[i]);
  }
}

bool not_distinguishable_from_zero(double low, double high) {
  return !(low > 0.0 || high < 0.0);
}

SobolAccumulator::SobolAccumulator(std::size_t k, bool second_order, SobolOptions options)
    : k_(k), second_order_(second_order), options_(options), state_(std::make_unique<detail::SobolAccumulatorData>()) {
  if (k == 0) throw std::invalid_argument("SobolAccumulator: k must be positive");
  if (options_.base_samples == 0) throw std::invalid_argument("SobolAccumulator: options.base_samples must be > 0");
  if (options_.batches < 2) throw std::invalid_argument("SobolAccumulator: options.batches must be >= 2");
  // Values are kept for the bootstrap only: without it (more bases than its work cap) the sums stream from the
  // first base, and memory does not grow with N.
  if (options_.base_samples > options_.bootstrap_max_bases) {
    const Layout l = layout_of(k_, second_order_, options_);
    state_->keeping = false;
    state_->sums.assign(l.batches, {});
    state_->batch_count.assign(l.batches, 0);
  }
}

SobolAccumulator::~SobolAccumulator() = default;
SobolAccumulator::SobolAccumulator(const SobolAccumulator& other)
    : k_(other.k_),
      second_order_(other.second_order_),
      options_(other.options_),
      state_(std::make_unique<detail::SobolAccumulatorData>(*other.state_)) {}
SobolAccumulator& SobolAccumulator::operator=(const SobolAccumulator& other) {
  if (this != &other) {
    k_ = other.k_;
    second_order_ = other.second_order_;
    options_ = other.options_;
    state_ = std::make_unique<detail::SobolAccumulatorData>(*other.state_);
  }
  return *this;
}
SobolAccumulator::SobolAccumulator(SobolAccumulator&&) noexcept = default;
SobolAccumulator& SobolAccumulator::operator=(SobolAccumulator&&) noexcept = default;

std::uint64_t SobolAccumulator::first_base() const {
  return state_->first;
}
std::uint64_t SobolAccumulator::end_base() const {
  return state_->end;
}
bool SobolAccumulator::keeps_values() const {
  return state_->keeping;
}

namespace {

// The segment [first, end) that holds `base` (see kSegmentBases).
struct SegmentRange {
  std::uint64_t first;
  std::uint64_t end;
};
SegmentRange segment_of(const Layout& l, std::uint64_t base) {
  const std::uint64_t batch_first = base / l.batch_size * l.batch_size;
  const std::uint64_t batch_end = std::min(batch_first + l.batch_size, l.base_samples);
  const std::uint64_t size = detail::kSegmentBases;
  const std::uint64_t first = batch_first + (base - batch_first) / size * size;
  return {first, std::min(first + size, batch_end)};
}

bool is_complete(const Layout& l, const detail::PartialSegment& p) {
  const SegmentRange g = segment_of(l, p.first);
  return p.first == g.first && p.end == g.end;
}

// The sum of f(0) .. f(m - 1) in kLanes fixed lanes (term r in lane r mod kLanes), the lanes added in a fixed order:
// the same bits on every instruction set, and a loop the compiler vectorizes.
constexpr std::size_t kLanes = 8;
template <class F>
double lane_sum(std::size_t m, F f) {
  double lane[kLanes] = {};
  std::size_t r = 0;
  for (; r + kLanes <= m; r += kLanes) {
    for (std::size_t q = 0; q < kLanes; ++q) lane[q] += f(r + q);
  }
  for (std::size_t q = 0; r + q < m; ++q) lane[q] += f(r + q);
  return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

// Adds the finite bases of one segment (or, for an estimate before the range is complete, of a partial one) to the
// exact sums of its batch, `sums` (l.terms of them), and their count to `count`.
void add_segment(const Layout& l, const detail::PartialSegment& p, std::vector<detail::ExactSum>& sums,
                 std::uint64_t& count) {
  const std::size_t m = p.m;
  if (m == 0) return;
  if (sums.empty()) sums.resize(l.terms);
  const std::size_t k = l.k;
  const auto col = [&](std::size_t v) { return p.cols.data() + v * detail::kSegmentBases; };
  const double* fa = col(0);
  const double* fb = col(1);
  const double s = fa[0];  // the shift: fA of the segment's first finite base
  std::vector<double> t(l.terms);
  t[0] = lane_sum(m, [&](std::size_t r) { return fa[r] - s; });
  t[1] = lane_sum(m, [&](std::size_t r) { return fb[r] - s; });
  t[2] = lane_sum(m, [&](std::size_t r) {
    const double a = fa[r] - s;
    const double b = fb[r] - s;
    return a * a + b * b;
  });
  for (std::size_t i = 0; i < k; ++i) {
    const double* ab = col(2 + i);
    t[3 + 3 * i] = lane_sum(m, [&](std::size_t r) { return (fb[r] - s) * (ab[r] - fa[r]); });
    t[4 + 3 * i] = lane_sum(m, [&](std::size_t r) { return ab[r] - fa[r]; });
    t[5 + 3 * i] = lane_sum(m, [&](std::size_t r) {
      const double d = ab[r] - fa[r];
      return d * d;
    });
  }
  if (l.second_order) {
    const std::size_t o = 3 + 3 * k;
    for (std::size_t i = 0; i < k; ++i) {
      const double* ba = col(2 + k + i);
      t[o + i] = lane_sum(m, [&](std::size_t r) { return ba[r] - fb[r]; });
    }
    std::size_t q = o + k;
    for (std::size_t i = 0; i < k; ++i) {
      const double* ba = col(2 + k + i);
      for (std::size_t j = i + 1; j < k; ++j, ++q) {
        const double* ab = col(2 + j);
        t[q] = lane_sum(m, [&](std::size_t r) { return (ba[r] - s) * (ab[r] - s) - (fa[r] - s) * (fb[r] - s); });
      }
    }
  }
  // Unshifted, with x = (x - s) + s: sum fA = t0 + m s; sum fA^2 + fB^2 = t2 + 2 s (t0 + t1) + 2 m s^2;
  // sum fB d_i = sum (fB - s) d_i + s sum d_i; sum fBA_i fAB_j - fA fB = sum ((fBA_i - s)(fAB_j - s) - (fA - s)(fB -
  // s))
  // + s sum ((fBA_i - fB) + d_j). Every product is added exactly (ExactSum::add_product).
  const double dm = static_cast<double>(m);
  const double ss = s * s;
  const double ss_err = std::fma(s, s, -ss);
  sums[0].add(t[0]);
  sums[0].add_product(dm, s);
  sums[1].add(t[1]);
  sums[1].add_product(dm, s);
  sums[2].add(t[2]);
  sums[2].add_product(2.0 * s, t[0]);
  sums[2].add_product(2.0 * s, t[1]);
  sums[2].add_product(2.0 * dm, ss);
  sums[2].add_product(2.0 * dm, ss_err);
  for (std::size_t i = 0; i < k; ++i) {
    sums[3 + 3 * i].add(t[3 + 3 * i]);
    sums[3 + 3 * i].add_product(s, t[4 + 3 * i]);
    sums[4 + 3 * i].add(t[4 + 3 * i]);
    sums[5 + 3 * i].add(t[5 + 3 * i]);
  }
  if (l.second_order) {
    const std::size_t o = 3 + 3 * k;
    for (std::size_t i = 0; i < k; ++i) sums[o + i].add(t[o + i]);
    std::size_t q = o + k;
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = i + 1; j < k; ++j, ++q) {
        sums[q].add(t[q]);
        sums[q].add_product(s, t[o + i]);
        sums[q].add_product(s, t[4 + 3 * j]);
      }
    }
  }
  count += m;
}

void flush_segment(const Layout& l, detail::SobolAccumulatorData& s, const detail::PartialSegment& p) {
  const auto b = static_cast<std::size_t>(p.first / l.batch_size);
  add_segment(l, p, s.sums[b], s.batch_count[b]);
}

// The partial segment that streamed base `base` goes into (the bases streamed before it end at `base`): the open one,
// or a new one if `base` starts a segment (or the accumulator's range).
detail::PartialSegment& open_segment(const Layout& l, detail::SobolAccumulatorData& s, std::uint64_t base) {
  if (s.partials.empty() || s.partials.back().end != base || s.partials.back().first < segment_of(l, base).first) {
    s.partials.push_back({base, base, 0, std::vector<double>(l.values * detail::kSegmentBases)});
  }
  return s.partials.back();
}

// Ends the open segment `p` at `end` (its bases' values already written): sums and drops it once it holds its whole
// segment.
void close_segment(const Layout& l, detail::SobolAccumulatorData& s, detail::PartialSegment& p, std::uint64_t end) {
  p.end = end;
  if (is_complete(l, p)) {
    flush_segment(l, s, p);
    s.partials.pop_back();
  }
}

// Streams base `base` (its row, or nullptr for a dropped base), which follows the bases streamed before.
void stream_base(const Layout& l, detail::SobolAccumulatorData& s, std::uint64_t base, const double* row) {
  detail::PartialSegment& p = open_segment(l, s, base);
  if (row != nullptr) {
    for (std::size_t v = 0; v < l.values; ++v) p.cols[v * detail::kSegmentBases + p.m] = row[v];
    ++p.m;
  }
  close_segment(l, s, p, base + 1);
}

// Streams the kept rows of `src` (covering [src.first, src.end), dropped bases included) into `dst`.
void stream_kept(const Layout& l, const detail::SobolAccumulatorData& src, detail::SobolAccumulatorData& dst) {
  std::uint64_t base = src.first;
  std::size_t dp = 0;
  detail::for_each_row(src.kept, l.values, [&](const double* row) {
    while (dp < src.dropped.size() && src.dropped[dp] == base) stream_base(l, dst, base++, nullptr), ++dp;
    stream_base(l, dst, base++, row);
  });
  while (base < src.end) stream_base(l, dst, base++, nullptr);
}

void start_streaming(const Layout& l, detail::SobolAccumulatorData& s) {
  s.keeping = false;
  s.sums.assign(l.batches, {});
  s.batch_count.assign(l.batches, 0);
  s.partials.clear();
  stream_kept(l, s, s);
  s.kept.clear();
  s.dropped.clear();
  s.dropped.shrink_to_fit();
}

// Appends the streamed state `r`, whose bases follow `s`'s: its sums, and its partial segments after `s`'s, the two
// that meet at the cut joined into one (and summed if that completes its segment).
void merge_streamed(const Layout& l, detail::SobolAccumulatorData& s, const detail::SobolAccumulatorData& r) {
  for (std::size_t b = 0; b < l.batches; ++b) {
    if (!r.sums[b].empty()) {
      if (s.sums[b].empty()) {
        s.sums[b] = r.sums[b];
      } else {
        for (std::size_t t = 0; t < l.terms; ++t) s.sums[b][t].merge(r.sums[b][t]);
      }
    }
    s.batch_count[b] += r.batch_count[b];
  }
  for (const detail::PartialSegment& p : r.partials) {
    if (!s.partials.empty() && s.partials.back().end == p.first &&
        s.partials.back().first >= segment_of(l, p.first).first) {
      detail::PartialSegment& q = s.partials.back();
      for (std::size_t v = 0; v < l.values; ++v) {
        const double* from = p.cols.data() + v * detail::kSegmentBases;
        std::copy(from, from + p.m, q.cols.data() + v * detail::kSegmentBases + q.m);
      }
      q.m += p.m;
      q.end = p.end;
      if (is_complete(l, q)) {
        flush_segment(l, s, q);
        s.partials.pop_back();
      }
    } else {
      s.partials.push_back(p);
    }
  }
}

}  // namespace

void SobolAccumulator::add(std::uint64_t first_base, std::size_t n, const double* fA, const double* fB,
                           const double* const* fAB, const double* const* fBA) {
  if (n == 0) return;
  if (second_order_ != (fBA != nullptr)) {
    throw std::invalid_argument("SobolAccumulator::add: fBA must be given exactly when second order is on");
  }
  auto& s = *state_;
  if (s.any && first_base != s.end) {
    throw std::invalid_argument("SobolAccumulator::add: base " + std::to_string(first_base) +
                                " does not follow the last one added (" + std::to_string(s.end) + ")");
  }
  if (first_base + n > options_.base_samples) {
    throw std::invalid_argument("SobolAccumulator::add: base index beyond options.base_samples = " +
                                std::to_string(options_.base_samples));
  }
  const Layout l = layout_of(k_, second_order_, options_);
  if (!s.any) {
    s.any = true;
    s.first = s.end = first_base;
  }
  if (s.keeping && over_cap(l, first_base + n - s.first, options_.memory_cap_bytes)) start_streaming(l, s);
  // Value v of base j: fA, fB, fAB[i], fBA[i].
  std::vector<const double*> column(l.values);
  column[0] = fA;
  column[1] = fB;
  for (std::size_t i = 0; i < k_; ++i) column[2 + i] = fAB[i];
  for (std::size_t i = 0; second_order_ && i < k_; ++i) column[2 + k_ + i] = fBA[i];
  // A base whose values are all below kMaxMagnitude is finite; the others are dropped and counted.
  std::vector<unsigned char> ok(n, 1);
  for (const double* c : column) {
    for (std::size_t j = 0; j < n; ++j) ok[j] &= static_cast<unsigned char>(std::abs(c[j]) < kMaxMagnitude);
  }
  // In locals: fA and fB could alias the state's members, which would be stored at every base (70 % of add()).
  double lo = s.ymin;
  double hi = s.ymax;
  for (std::size_t j = 0; j < n; ++j) {
    if (ok[j] == 0) continue;
    lo = std::min({lo, fA[j], fB[j]});
    hi = std::max({hi, fA[j], fB[j]});
  }
  s.ymin = lo;
  s.ymax = hi;
  const auto finite = static_cast<std::size_t>(std::count(ok.begin(), ok.end(), 1));
  s.finite += finite;
  s.nonfinite += n - finite;
  if (s.keeping) {
    double* segment = s.kept.begin_segment(finite * l.values);
    std::size_t written = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (ok[j] == 0) {
        s.dropped.push_back(first_base + j);
        continue;
      }
      for (std::size_t v = 0; v < l.values; ++v) segment[written + v] = column[v][j];
      written += l.values;
    }
    s.kept.finish_segment(segment, written);
  } else {
    // Piece by piece, each inside one segment: its finite bases' values appended to the segment's columns.
    for (std::size_t j = 0; j < n;) {
      const std::uint64_t base = first_base + j;
      const auto len = static_cast<std::size_t>(std::min<std::uint64_t>(n - j, segment_of(l, base).end - base));
      detail::PartialSegment& p = open_segment(l, s, base);
      const std::size_t count = static_cast<std::size_t>(std::count(ok.begin() + j, ok.begin() + j + len, 1));
      for (std::size_t v = 0; v < l.values; ++v) {
        double* to = p.cols.data() + v * detail::kSegmentBases + p.m;
        const double* from = column[v] + j;
        if (count == len) {
          std::copy(from, from + len, to);
        } else {
          for (std::size_t t = 0, w = 0; t < len; ++t) {
            if (ok[j + t] != 0) to[w++] = from[t];
          }
        }
      }
      p.m += count;
      close_segment(l, s, p, base + len);
      j += len;
    }
  }
  s.end = first_base + n;
}

void SobolAccumulator::add_design_block(std::uint64_t first_base, std::size_t n, const double* y) {
  std::vector<const double*> ab(k_);
  std::vector<const double*> ba(second_order_ ? k_ : 0);
  for (std::size_t i = 0; i < k_; ++i) ab[i] = y + (2 + i) * n;
  for (std::size_t i = 0; i < ba.size(); ++i) ba[i] = y + (2 + k_ + i) * n;
  add(first_base, n, y, y + n, ab.data(), second_order_ ? ba.data() : nullptr);
}

void SobolAccumulator::merge(const SobolAccumulator& right) {
  if (right.k_ != k_ || right.second_order_ != second_order_ || right.options_.base_samples != options_.base_samples ||
      right.options_.batches != options_.batches) {
    throw std::invalid_argument("SobolAccumulator::merge: accumulators of different analyses");
  }
  const auto& r = *right.state_;
  auto& s = *state_;
  if (!r.any) return;
  if (!s.any) {
    *state_ = r;
    return;
  }
  if (r.first != s.end) {
    throw std::invalid_argument("SobolAccumulator::merge: right starts at base " + std::to_string(r.first) +
                                ", expected " + std::to_string(s.end));
  }
  const Layout l = layout_of(k_, second_order_, options_);
  if (s.keeping && r.keeping && !over_cap(l, r.end - s.first, options_.memory_cap_bytes)) {
    s.kept.append(r.kept);
    s.dropped.insert(s.dropped.end(), r.dropped.begin(), r.dropped.end());
  } else {
    if (s.keeping) start_streaming(l, s);
    if (r.keeping) {
      stream_kept(l, r, s);
    } else {
      merge_streamed(l, s, r);
    }
  }
  s.end = r.end;
  s.finite += r.finite;
  s.nonfinite += r.nonfinite;
  s.ymin = std::min(s.ymin, r.ymin);
  s.ymax = std::max(s.ymax, r.ymax);
}

namespace {
constexpr std::uint64_t kSobolTag = 0x34536e736e63736dULL;         // "mcsnsnS4": streamed per segment
constexpr std::uint64_t kSobolTagPerBase = 0x33536e736e63736dULL;  // "mcsnsnS3": run state format 6 and before
// Plausibility bounds of decode(): far beyond any analysis, small enough that no size computed from them overflows.
constexpr std::uint64_t kMaxInputs = std::uint64_t{1} << 16;
constexpr std::uint64_t kMaxBatches = std::uint64_t{1} << 24;
constexpr std::uint64_t kMaxBases = std::uint64_t{1} << 56;
constexpr std::uint64_t kMaxResamples = std::uint64_t{1} << 24;
}  // namespace

// Layout: tag, k, second order, the options, then the state: any, first, end, finite, nonfinite, ymin, ymax,
// keeping, kept values, dropped base indices; streamed: the batches with sums, their exact sums' canonical digits,
// the batch counts, the partial segments (first, end, finite bases m, then each value's m, by column).
void SobolAccumulator::encode(ByteWriter& out) const {
  const auto& s = *state_;
  out.put_tag(kSobolTag);
  out.put_u64(k_);
  out.put_bool(second_order_);
  out.put_u64(options_.base_samples);
  out.put_u64(options_.memory_cap_bytes);
  out.put_u64(options_.bootstrap_resamples);
  out.put_u64(options_.batches);
  out.put_u64(options_.bootstrap_max_bases);
  out.put_bool(s.any);
  out.put_u64(s.first);
  out.put_u64(s.end);
  out.put_u64(s.finite);
  out.put_u64(s.nonfinite);
  out.put_f64(s.ymin);
  out.put_f64(s.ymax);
  out.put_bool(s.keeping);
  out.reserve(s.kept.size() * sizeof(double) + s.sums.size() * detail::ExactSum::kWords * sizeof(std::int64_t));
  out.put_u64(s.kept.size());
  s.kept.for_each_segment([&](const double* p, std::size_t n) { out.put_array(p, n); });
  out.put_u64s(s.dropped);
  std::vector<std::uint64_t> present;  // the batches with sums, in order
  std::vector<std::int64_t> digits;
  for (std::size_t b = 0; b < s.sums.size(); ++b) {
    if (s.sums[b].empty()) continue;
    present.push_back(b);
    for (const auto& e : s.sums[b]) {
      const auto d = e.digits();
      digits.insert(digits.end(), d.begin(), d.end());
    }
  }
  out.put_u64s(present);
  out.put_i64s(digits);
  out.put_u64s(s.batch_count);
  out.put_u64(s.partials.size());
  const std::size_t values = sobol_rows_per_base(k_, second_order_);
  for (const auto& p : s.partials) {
    out.put_u64(p.first);
    out.put_u64(p.end);
    out.put_u64(p.m);
    for (std::size_t v = 0; v < values; ++v) out.put_array(p.cols.data() + v * detail::kSegmentBases, p.m);
  }
}

SobolAccumulator SobolAccumulator::decode(ByteReader& in) {
  // A state of run state format 6 and before (shards, checkpoints) has the tag S3: every batch's sums exact per
  // base, no partial segments; the randomized-QMC design kept its values. It is read into this form.
  const std::uint64_t tag = in.get_u64();
  const bool per_base = tag == kSobolTagPerBase;
  if (tag != kSobolTag && !per_base) in.fail("not a Sobol' state, or one of another format");
  const std::uint64_t k = in.get_count(kMaxInputs, "Sobol': a dimension");
  const bool second_order = in.get_bool();
  SobolOptions o;
  o.base_samples = in.get_count(kMaxBases, "Sobol': a number of base samples");
  o.memory_cap_bytes = static_cast<std::size_t>(in.get_u64());
  o.bootstrap_resamples = static_cast<std::size_t>(in.get_count(kMaxResamples, "Sobol': a number of resamples"));
  o.batches = static_cast<std::size_t>(in.get_count(kMaxBatches, "Sobol': a batch count"));
  o.bootstrap_max_bases = in.get_u64();
  // The constructor's conditions, checked here so that a bad state is a CorruptState.
  if (k == 0 || o.base_samples == 0 || o.batches < 2) in.fail("Sobol': options no accumulator has");
  SobolAccumulator acc(static_cast<std::size_t>(k), second_order, o);
  const Layout l = layout_of(acc.k_, second_order, o);
  auto& s = *acc.state_;
  s.any = in.get_bool();
  s.first = in.get_u64();
  s.end = in.get_u64();
  s.finite = in.get_u64();
  s.nonfinite = in.get_u64();
  s.ymin = in.get_f64();
  s.ymax = in.get_f64();
  s.keeping = in.get_bool();
  if (s.keeping && o.base_samples > o.bootstrap_max_bases && !per_base) {
    in.fail("Sobol': kept values beyond the bootstrap's cap");
  }
  // The base range and its counts: every base in [first, end) is finite or dropped.
  if (s.first > s.end || s.end > o.base_samples || s.finite > s.end - s.first ||
      s.nonfinite != s.end - s.first - s.finite || (!s.any && s.end != 0)) {
    in.fail("Sobol': base counts inconsistent with the base range");
  }
  if (s.finite == 0
          ? !(s.ymin == std::numeric_limits<double>::infinity() && s.ymax == -std::numeric_limits<double>::infinity())
          : !(std::abs(s.ymin) < kMaxMagnitude && std::abs(s.ymax) < kMaxMagnitude && s.ymin <= s.ymax)) {
    in.fail("Sobol': an output range inconsistent with the finite bases");
  }
  if (s.keeping && over_cap(l, s.end - s.first, o.memory_cap_bytes)) in.fail("Sobol': kept values beyond the cap");
  // Kept values, read straight into slab memory: whole rows of finite bases, each value below kMaxMagnitude.
  const std::size_t kept = in.get_length(sizeof(double));
  if (kept % l.values != 0 || kept / l.values != (s.keeping ? s.finite : 0)) {
    in.fail("Sobol': kept values inconsistent with the finite bases");
  }
  if (kept > 0) {
    double* d = s.kept.begin_segment(kept);
    in.get_array(d, kept);
    for (std::size_t i = 0; i < kept; ++i) {
      if (!(std::abs(d[i]) < kMaxMagnitude)) in.fail("Sobol': a kept value that add() would have dropped");
    }
    s.kept.finish_segment(d, kept);
  }
  s.dropped = in.get_u64s();
  if (s.dropped.size() != (s.keeping ? s.nonfinite : 0)) in.fail("Sobol': dropped bases inconsistent with the count");
  for (std::size_t i = 0; i < s.dropped.size(); ++i) {
    if (s.dropped[i] < s.first || s.dropped[i] >= s.end || (i > 0 && s.dropped[i] <= s.dropped[i - 1])) {
      in.fail("Sobol': dropped bases out of order or out of range");
    }
  }
  // Streamed: the batches with sums (in order), their exact sums, the batch counts, the partial segments.
  std::vector<std::uint64_t> present = per_base ? std::vector<std::uint64_t>{} : in.get_u64s();
  const std::vector<std::int64_t> digits = in.get_i64s();
  if (per_base && !s.keeping) {
    for (std::size_t b = 0; b < l.batches; ++b) present.push_back(b);
  }
  s.batch_count = in.get_u64s();
  if (s.keeping ? !(present.empty() && digits.empty() && s.batch_count.empty())
                : (s.batch_count.size() != l.batches ||
                   digits.size() != present.size() * l.terms * detail::ExactSum::kWords)) {
    in.fail("Sobol': exact sums inconsistent with the batches");
  }
  if (!s.keeping) s.sums.assign(l.batches, {});
  std::array<std::int64_t, detail::ExactSum::kWords> d{};
  for (std::size_t i = 0; i < present.size(); ++i) {
    if (present[i] >= l.batches || (i > 0 && present[i] <= present[i - 1])) in.fail("Sobol': batches out of order");
    auto& sums = s.sums[present[i]];
    sums.resize(l.terms);
    for (std::size_t t = 0; t < l.terms; ++t) {
      const auto at = digits.begin() + static_cast<std::ptrdiff_t>((i * l.terms + t) * d.size());
      std::copy(at, at + static_cast<std::ptrdiff_t>(d.size()), d.begin());
      if (!detail::ExactSum::canonical(d)) in.fail("Sobol': an exact sum that is not in canonical form");
      sums[t] = detail::ExactSum::from_digits(d);
    }
  }
  std::uint64_t counted = 0;
  for (std::size_t b = 0; b < s.batch_count.size(); ++b) {
    if (s.batch_count[b] > l.batch_size) in.fail("Sobol': a batch with more bases than its size");
    counted += s.batch_count[b];
  }
  // At most two partial segments, at the edges of the base range, each short of its whole segment.
  const std::uint64_t partials = per_base ? 0 : in.get_count(s.keeping ? 0 : 2, "Sobol': partial segments");
  for (std::uint64_t i = 0; i < partials; ++i) {
    detail::PartialSegment p;
    p.first = in.get_u64();
    p.end = in.get_u64();
    p.m = static_cast<std::size_t>(in.get_count(detail::kSegmentBases, "Sobol': the bases of a partial segment"));
    const bool at_edge = p.first == s.first || p.end == s.end;
    const bool in_order = s.partials.empty() || s.partials.back().end <= p.first;
    if (!(p.first < p.end && p.first >= s.first && p.end <= s.end) || !at_edge || !in_order ||
        p.end > segment_of(l, p.first).end || is_complete(l, p)) {
      in.fail("Sobol': a partial segment outside the base range");
    }
    if (p.m > p.end - p.first) in.fail("Sobol': a partial segment with more finite bases than bases");
    p.cols.assign(l.values * detail::kSegmentBases, 0.0);
    for (std::size_t v = 0; v < l.values; ++v) {
      double* c = p.cols.data() + v * detail::kSegmentBases;
      in.get_array(c, p.m);
      for (std::size_t j = 0; j < p.m; ++j) {
        if (!(std::abs(c[j]) < kMaxMagnitude)) in.fail("Sobol': a kept value that add() would have dropped");
      }
    }
    counted += p.m;
    s.partials.push_back(std::move(p));
  }
  if (!s.keeping && counted != s.finite) in.fail("Sobol': batch counts inconsistent with the finite bases");
  // Values an older design kept without a bootstrap to come: streamed now, as this build would have.
  if (s.keeping && o.base_samples > o.bootstrap_max_bases) start_streaming(l, s);
  return acc;
}

namespace {

// Centred sums (the layout of base_terms) from raw exact sums, centring on c in exact arithmetic up to ~106 bits.
void centred_from_exact(const detail::ExactSum* raw, std::size_t k, bool second_order, double m, double c,
                        double* out) {
  detail::ExactSum total = raw[0];
  total.merge(raw[1]);
  detail::ExactSum y = total;
  y.add_product(-2.0 * m, c);
  out[0] = y.value();
  double shi = 0.0;
  double slo = 0.0;
  total.split(shi, slo);
  detail::ExactSum q = raw[2];  // sum (x - c)^2 = Q - 2 c S + 2 m c^2
  q.add_product(-2.0 * c, shi);
  q.add_product(-2.0 * c, slo);
  const double cc = c * c;
  const double cc_err = std::fma(c, c, -cc);
  q.add_product(2.0 * m, cc);
  q.add_product(2.0 * m, cc_err);
  out[1] = q.value();
  for (std::size_t i = 0; i < k; ++i) {
    detail::ExactSum f = raw[3 + 3 * i];  // sum (fB - c) d_i = sum fB d_i - c sum d_i
    double dhi = 0.0;
    double dlo = 0.0;
    raw[4 + 3 * i].split(dhi, dlo);
    f.add_product(-c, dhi);
    f.add_product(-c, dlo);
    out[2 + i] = f.value();
    out[2 + k + i] = raw[5 + 3 * i].value();
  }
  if (second_order) {
    const std::size_t o = 3 + 3 * k;
    std::size_t p = 0;
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = i + 1; j < k; ++j, ++p) {
        // sum (fBA_i - c)(fAB_j - c) - (fA - c)(fB - c) = sum (fBA_i fAB_j - fA fB) - c sum (fBA_i - fB + d_j)
        detail::ExactSum v = raw[o + k + p];
        detail::ExactSum g = raw[o + i];
        g.merge(raw[4 + 3 * j]);
        double ghi = 0.0;
        double glo = 0.0;
        g.split(ghi, glo);
        v.add_product(-c, ghi);
        v.add_product(-c, glo);
        out[2 + 2 * k + p] = v.value();
      }
    }
  }
}

// Adds the `count` rows idx[0..count) of a tile (8 * Blocks floats each) to acc. Two independent sets of register
// accumulators (even and odd draws) hide the add latency; they are summed at the end in a fixed order, so the
// result is deterministic.
template <std::size_t Blocks>
void accumulate_tile(const float* tile, const std::uint32_t* idx, std::uint32_t count, double* acc) {
  constexpr std::size_t kW = 8 * Blocks;
  double s0[kW] = {};
  double s1[kW] = {};
  std::uint32_t c = 0;
  for (; c + 2 <= count; c += 2) {
    const float* r0 = tile + static_cast<std::size_t>(idx[c]) * kW;
    const float* r1 = tile + static_cast<std::size_t>(idx[c + 1]) * kW;
    for (std::size_t z = 0; z < kW; ++z) s0[z] += static_cast<double>(r0[z]);
    for (std::size_t z = 0; z < kW; ++z) s1[z] += static_cast<double>(r1[z]);
  }
  if (c < count) {
    const float* r0 = tile + static_cast<std::size_t>(idx[c]) * kW;
    for (std::size_t z = 0; z < kW; ++z) s0[z] += static_cast<double>(r0[z]);
  }
  for (std::size_t z = 0; z < kW; ++z) acc[z] += s0[z] + s1[z];
}

void accumulate_tile_any(const float* tile, std::size_t stride, const std::uint32_t* idx, std::uint32_t count,
                         double* acc) {
  for (std::uint32_t c = 0; c < count; ++c) {
    const float* row = tile + static_cast<std::size_t>(idx[c]) * stride;
    for (std::size_t q = 0; q < stride; ++q) acc[q] += static_cast<double>(row[q]);
  }
}

// Percentile bootstrap over base samples (resampling base indices with replacement). The multinomial resample
// counts are drawn per tile of kBootstrapTile bases by conditional binomials (stream (seed, kSobolBootstrapCounts,
// b)), then the rows inside each tile uniformly (stream (seed, kSobolBootstrapRows, b, t), 16-bit draws: a tile
// has at most 2^12 rows), so each tile's float
// terms are read from cache for every resample. The resamples are split statically over the workers; each worker
// walks the tiles in order and, in each, runs its own resamples, without a barrier between tiles: resamples are
// independent (own streams, own accumulator slot), so any thread count gives the same bits.
void bootstrap(const std::vector<float>& table, std::size_t stride, std::size_t m, std::size_t k, bool second_order,
               std::size_t resamples, std::uint64_t seed, int threads, std::vector<double>& reps /* nq x B */,
               std::vector<double>& variances /* B */) {
  const std::size_t nq = 2 * k + (second_order ? pair_count(k) : 0);
  const std::size_t tiles = (m + kBootstrapTile - 1) / kBootstrapTile;
  std::vector<double> acc(resamples * stride, 0.0);
  parallel::run_workers(threads, [&](int worker, int workers) {
    const auto [first, last] = parallel::static_share(resamples, worker, workers);
    // Multinomial(m; tn_t / m) counts of this worker's resamples: count of tile t ~ Binomial(bases still to draw,
    // tn_t / bases in tiles t..), the last tile takes the rest.
    std::vector<std::uint32_t> counts((last - first) * tiles);
    for (std::uint64_t b = first; b < last; ++b) {
      ResamplingStream g(seed, resampling_purpose::kSobolBootstrapCounts, b);
      std::uint64_t remaining = m;
      std::uint64_t bases_left = m;
      for (std::size_t t = 0; t < tiles; ++t) {
        const std::uint64_t tn = std::min<std::uint64_t>(kBootstrapTile, m - t * kBootstrapTile);
        std::uint64_t c = remaining;
        if (t + 1 < tiles && remaining > 0) {
          c = g.binomial(remaining, static_cast<double>(tn) / static_cast<double>(bases_left));
        }
        counts[(b - first) * tiles + t] = static_cast<std::uint32_t>(c);
        remaining -= c;
        bases_left -= tn;
      }
    }
    std::vector<std::uint32_t> idx;
    for (std::size_t t = 0; t < tiles; ++t) {
      const float* tile = table.data() + t * kBootstrapTile * stride;
      const auto tn = static_cast<std::uint32_t>(std::min<std::size_t>(kBootstrapTile, m - t * kBootstrapTile));
      for (std::uint64_t b = first; b < last; ++b) {
        const std::uint32_t c = counts[(b - first) * tiles + t];
        if (idx.size() < c) idx.resize(c);
        ResamplingStream(seed, resampling_purpose::kSobolBootstrapRows, b, t).fill_below16(tn, idx.data(), c);
        double* a = acc.data() + b * stride;
        switch (stride) {
          case 8:
            accumulate_tile<1>(tile, idx.data(), c, a);
            break;
          case 16:
            accumulate_tile<2>(tile, idx.data(), c, a);
            break;
          case 24:
            accumulate_tile<3>(tile, idx.data(), c, a);
            break;
          default:
            accumulate_tile_any(tile, stride, idx.data(), c, a);
        }
      }
    }
  });
  reps.assign(nq * resamples, kNaN);
  variances.assign(resamples, kNaN);
  std::vector<double> out(nq);
  for (std::size_t b = 0; b < resamples; ++b) {
    variances[b] = detail::sobol_formulas(k, second_order, static_cast<double>(m), acc.data() + b * stride, out.data());
    for (std::size_t q = 0; q < nq; ++q) reps[q * resamples + b] = out[q];
  }
}

}  // namespace

namespace {

// The replicate estimates behind an interval, kept in a SobolResult for the aggregated indices: per replicate
// (resample or batch) its variance and its S1 and ST (replicate-major, k each), from `per` (nq x B, index-major as
// the intervals read them) and `variances` (B).
void keep_replicates(const std::vector<double>& per, const std::vector<double>& variances, std::size_t k,
                     SobolResult& r) {
  const std::size_t b_count = variances.size();
  r.replicate_variance = variances;
  r.replicate_S1.assign(b_count * k, kNaN);
  r.replicate_ST.assign(b_count * k, kNaN);
  for (std::size_t b = 0; b < b_count; ++b) {
    for (std::size_t i = 0; i < k; ++i) {
      r.replicate_S1[b * k + i] = per[i * b_count + b];
      r.replicate_ST[b * k + i] = per[(k + i) * b_count + b];
    }
  }
}

}  // namespace

SobolResult SobolAccumulator::estimate(double confidence, std::uint64_t bootstrap_seed, int threads,
                                       bool with_replicates) const {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("SobolAccumulator::estimate: confidence must be in (0, 1), got " +
                                std::to_string(confidence));
  }
  const auto& s = *state_;
  const Layout l = layout_of(k_, second_order_, options_);
  const std::size_t np = second_order_ ? pair_count(k_) : 0;
  const std::size_t nq = 2 * k_ + np;
  const std::size_t nt = term_count(k_, second_order_);

  SobolResult r;
  r.k = k_;
  r.N = s.finite;
  r.nonfinite_bases = s.nonfinite;
  r.second_order = second_order_;
  r.confidence = confidence;
  const double m = static_cast<double>(s.finite);
  r.zero_variance = s.finite < 2 || !(s.ymax > s.ymin);

  std::vector<double> sums(nt, 0.0);
  std::vector<double> point(nq, kNaN);
  std::vector<double> low(nq, kNaN);
  std::vector<double> high(nq, kNaN);
  std::vector<double> reps;
  if (s.keeping) {
    // Kept values are for the bootstrap (the accumulator streams from the start beyond its work cap), over base
    // samples, centred on the mean of all of them.
    const std::size_t rows = s.finite;
    double total = 0.0;
    detail::for_each_row(s.kept, l.values, [&](const double* row) { total += row[0] + row[1]; });
    const double c = rows > 0 ? total / (2.0 * m) : 0.0;
    r.mean = rows > 0 ? c : kNaN;
    const std::size_t stride = (nt + 7) / 8 * 8;
    std::vector<double> terms(nt);
    std::vector<float> table(r.zero_variance ? 0 : rows * stride, 0.0f);
    std::size_t j = 0;
    detail::for_each_row(s.kept, l.values, [&](const double* row) {
      base_terms(row, c, k_, second_order_, terms.data());
      for (std::size_t q = 0; q < nt; ++q) sums[q] += terms[q];
      if (!table.empty()) {
        for (std::size_t q = 0; q < nt; ++q) table[j * stride + q] = static_cast<float>(terms[q]);
      }
      ++j;
    });
    r.variance = rows > 0 ? detail::sobol_formulas(k_, second_order_, m, sums.data(), point.data()) : kNaN;
    r.interval_method = "bootstrap";
    r.bootstrap_resamples = options_.bootstrap_resamples;
    if (!r.zero_variance && options_.bootstrap_resamples >= 2) {
      std::vector<double> variances;
      bootstrap(table, stride, rows, k_, second_order_, options_.bootstrap_resamples, bootstrap_seed, threads, reps,
                variances);
      if (with_replicates) keep_replicates(reps, variances, k_, r);
      for (std::size_t q = 0; q < nq; ++q) {
        std::vector<double> v(reps.begin() + q * options_.bootstrap_resamples,
                              reps.begin() + (q + 1) * options_.bootstrap_resamples);
        detail::percentile_interval(v, confidence, low[q], high[q]);
      }
    }
  } else {
    r.interval_method = "batch-means";
    r.batches = l.batches;
    // The partial segments of a range that is not yet whole (an estimate before the last merge) are summed as they
    // are; a whole range has none.
    std::vector<std::vector<detail::ExactSum>> batch_sums = s.sums;
    std::vector<std::uint64_t> batch_count = s.batch_count;
    for (const detail::PartialSegment& p : s.partials) {
      const auto b = static_cast<std::size_t>(p.first / l.batch_size);
      add_segment(l, p, batch_sums[b], batch_count[b]);
    }
    for (auto& b : batch_sums) {
      if (b.empty()) b.resize(l.terms);
    }
    std::vector<detail::ExactSum> total = batch_sums[0];
    for (std::size_t b = 1; b < l.batches; ++b) {
      for (std::size_t t = 0; t < l.terms; ++t) total[t].merge(batch_sums[b][t]);
    }
    const double c = m > 0 ? (total[0].value() + total[1].value()) / (2.0 * m) : 0.0;
    r.mean = m > 0 ? c : kNaN;
    centred_from_exact(total.data(), k_, second_order_, m, c, sums.data());
    r.variance = detail::sobol_formulas(k_, second_order_, m, sums.data(), point.data());
    if (!r.zero_variance) {
      std::vector<double> per_batch(nq * l.batches, kNaN);
      std::vector<double> variances(l.batches, kNaN);
      std::vector<double> out(nq);
      for (std::size_t b = 0; b < l.batches; ++b) {
        const double mb = static_cast<double>(batch_count[b]);
        if (mb < 2) continue;
        centred_from_exact(batch_sums[b].data(), k_, second_order_, mb, c, sums.data());
        variances[b] = detail::sobol_formulas(k_, second_order_, mb, sums.data(), out.data());
        for (std::size_t q = 0; q < nq; ++q) per_batch[q * l.batches + b] = out[q];
      }
      if (with_replicates) keep_replicates(per_batch, variances, k_, r);
      for (std::size_t q = 0; q < nq; ++q) {
        std::vector<double> v(per_batch.begin() + q * l.batches, per_batch.begin() + (q + 1) * l.batches);
        detail::batch_means_interval(point[q], v, confidence, low[q], high[q]);
      }
    }
  }
  if (r.zero_variance) std::fill(point.begin(), point.end(), kNaN);

  r.S1.assign(point.begin(), point.begin() + k_);
  r.S1_low.assign(low.begin(), low.begin() + k_);
  r.S1_high.assign(high.begin(), high.begin() + k_);
  r.ST.assign(point.begin() + k_, point.begin() + 2 * k_);
  r.ST_low.assign(low.begin() + k_, low.begin() + 2 * k_);
  r.ST_high.assign(high.begin() + k_, high.begin() + 2 * k_);
  r.S2.assign(k_ * k_, kNaN);
  r.S2_low.assign(k_ * k_, kNaN);
  r.S2_high.assign(k_ * k_, kNaN);
  std::size_t p = 2 * k_;
  for (std::size_t i = 0; i < k_ && second_order_; ++i) {
    for (std::size_t j = i + 1; j < k_; ++j, ++p) {
      r.S2[i * k_ + j] = point[p];
      r.S2_low[i * k_ + j] = low[p];
      r.S2_high[i * k_ + j] = high[p];
    }
  }
  return r;
}

}  // namespace mcsens
