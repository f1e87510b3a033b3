// SPDX-License-Identifier: MIT
#include "mcsens/analysis/filtering.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kPi = 3.14159265358979323846;

std::uint64_t sum(const std::uint64_t* c, std::size_t size) {
  return std::accumulate(c, c + size, std::uint64_t{0});
}

}  // namespace

double kolmogorov_q(double lambda) {
  if (!(lambda > 0.0)) return std::isnan(lambda) ? kNaN : 1.0;
  if (lambda < 1.18) {
    // The alternating series converges slowly for small lambda; use the Jacobi-theta form of the CDF instead,
    // P_KS(lambda) = sqrt(2 pi) / lambda sum_{j>=1} exp(-(2j - 1)^2 pi^2 / (8 lambda^2)) (Numerical Recipes 3rd ed.,
    // sec. 6.14), and Q = 1 - P. At lambda = 1.18 both forms agree to ~1e-16.
    const double a = kPi * kPi / (8.0 * lambda * lambda);
    double s = 0.0;
    for (int j = 1; j < 100; ++j) {
      const double t = std::exp(-(2.0 * j - 1.0) * (2.0 * j - 1.0) * a);
      s += t;
      if (t < 1e-17 * s) break;
    }
    return 1.0 - std::sqrt(2.0 * kPi) / lambda * s;
  }
  // Q_KS(lambda) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2) (Numerical Recipes 3rd ed., sec. 6.14).
  double s = 0.0;
  double sign = 1.0;
  for (int j = 1; j < 100; ++j) {
    const double t = std::exp(-2.0 * j * j * lambda * lambda);
    s += sign * t;
    sign = -sign;
    if (t < 1e-17) break;
  }
  return std::clamp(2.0 * s, 0.0, 1.0);
}

double ks_two_sample_p_value(double D, std::uint64_t n1, std::uint64_t n2) {
  if (n1 == 0 || n2 == 0 || std::isnan(D)) return kNaN;
  const double a = static_cast<double>(n1);
  const double b = static_cast<double>(n2);
  const double ne = a * b / (a + b);
  const double sq = std::sqrt(ne);
  // Stephens (1970) correction, as in Numerical Recipes 3rd ed., sec. 14.3.3.
  return kolmogorov_q((sq + 0.12 + 0.11 / sq) * D);
}

FilteringAccumulator::FilteringAccumulator(std::size_t inputs, std::vector<std::pair<double, double>> ranges,
                                           std::size_t bins)
    : inputs_(inputs), bins_(bins), ranges_(std::move(ranges)) {
  if (ranges_.size() != inputs_)
    throw Error("filtering: " + std::to_string(ranges_.size()) + " ranges given for " + std::to_string(inputs_) +
                " inputs");
  if (bins_ == 0) throw Error("filtering: bins must be at least 1");
  scale_.resize(inputs_);
  for (std::size_t j = 0; j < inputs_; ++j) {
    const auto [low, high] = ranges_[j];
    if (!std::isfinite(low) || !std::isfinite(high) || !(low < high))
      throw Error("filtering: input " + std::to_string(j) + " has range [" + std::to_string(low) + ", " +
                  std::to_string(high) + "]; need finite low < high");
    scale_[j] = static_cast<double>(bins_) / (high - low);
  }
  counts_.assign(2 * inputs_ * (bins_ + 2), 0);
}

void FilteringAccumulator::add(const double* const* inputs, const double* indicator, std::size_t n) {
  // Per strip: the group of each draw once, then per input a branch-free (vectorizable) slot index, then the
  // increments. A slot index of `skip` marks a draw left out (NaN indicator or non-finite input).
  constexpr std::size_t kStrip = 256;
  const std::size_t per_group = bins_ + 2;
  const std::size_t skip = 2 * per_group;
  std::size_t group[kStrip];
  std::size_t slot_index[kStrip];
  for (std::size_t start = 0; start < n; start += kStrip) {
    const std::size_t m = std::min(kStrip, n - start);
    const double* ind = indicator + start;
    for (std::size_t d = 0; d < m; ++d) {
      const bool nan = std::isnan(ind[d]);
      n_skipped_ += nan;
      n_hold_ += !nan && ind[d] != 0.0;
      n_fail_ += !nan && ind[d] == 0.0;
      group[d] = nan ? skip : (ind[d] != 0.0 ? 0 : per_group);
    }
    for (std::size_t j = 0; j < inputs_; ++j) {
      const double* x = inputs[j] + start;
      const double low = ranges_[j].first;
      const double high = ranges_[j].second;
      const double scale = scale_[j];
      const double last = static_cast<double>(bins_ - 1);
      for (std::size_t d = 0; d < m; ++d) {
        const double v = x[d];
        const bool finite = std::isfinite(v);
        // Bin 1..bins inside [low, high]; 0 below; bins + 1 above; NaN and infinities fall out as skip (their
        // value is replaced before the conversion, which would be undefined for them).
        const double safe = finite ? v : low;
        const double t = std::min(std::max((safe - low) * scale, 0.0), last);
        std::size_t b = static_cast<std::size_t>(t) + 1;
        b = safe < low ? 0 : b;
        b = safe > high ? bins_ + 1 : b;
        slot_index[d] = (finite && group[d] != skip) ? group[d] + b : skip;
      }
      std::uint64_t* c = counts_.data() + slot(j, true);  // the holding group's block; failing follows it
      for (std::size_t d = 0; d < m; ++d) {
        if (slot_index[d] != skip) ++c[slot_index[d]];
      }
    }
  }
}

void FilteringAccumulator::merge(const FilteringAccumulator& other) {
  if (other.inputs_ != inputs_ || other.bins_ != bins_ || other.ranges_ != ranges_)
    throw Error("filtering: cannot merge accumulators with different inputs, ranges or bins");
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  n_hold_ += other.n_hold_;
  n_fail_ += other.n_fail_;
  n_skipped_ += other.n_skipped_;
}

const std::uint64_t* FilteringAccumulator::counts(std::size_t j, bool hold) const {
  assert(j < inputs_);
  return counts_.data() + slot(j, hold);
}

FilteringResult FilteringAccumulator::result(const std::vector<double>& probabilities) const {
  for (double p : probabilities)
    if (!(p >= 0.0 && p <= 1.0)) throw Error("filtering: quantile probability " + std::to_string(p) + " not in [0, 1]");
  FilteringResult r;
  r.n_hold = n_hold_;
  r.n_fail = n_fail_;
  r.n_skipped = n_skipped_;
  r.inputs.resize(inputs_);
  const std::size_t slots = bins_ + 2;
  for (std::size_t j = 0; j < inputs_; ++j) {
    const std::uint64_t* h = counts(j, true);
    const std::uint64_t* f = counts(j, false);
    FilteringInput& in = r.inputs[j];
    in.n_hold = sum(h, slots);
    in.n_fail = sum(f, slots);
    in.hold_quantiles.assign(probabilities.size(), kNaN);
    if (in.n_hold == 0 || in.n_fail == 0) {
      in.ks_distance = kNaN;
      in.p_value = kNaN;
    } else {
      // Empirical CDFs after each slot: at low (underflow only), at each bin's upper edge; after the overflow both
      // are 1.
      const double n1 = static_cast<double>(in.n_hold);
      const double n2 = static_cast<double>(in.n_fail);
      std::uint64_t ch = 0;
      std::uint64_t cf = 0;
      double D = 0.0;
      for (std::size_t k = 0; k + 1 < slots; ++k) {
        ch += h[k];
        cf += f[k];
        D = std::max(D, std::fabs(static_cast<double>(ch) / n1 - static_cast<double>(cf) / n2));
      }
      in.ks_distance = D;
      in.p_value = ks_two_sample_p_value(D, in.n_hold, in.n_fail);
    }
    if (in.n_hold == 0) continue;
    const double low = ranges_[j].first;
    const double width = (ranges_[j].second - low) / static_cast<double>(bins_);
    for (std::size_t q = 0; q < probabilities.size(); ++q) {
      const double target = probabilities[q] * static_cast<double>(in.n_hold);  // continuous rank
      double before = 0.0;
      std::size_t k = 0;
      // The first non-empty slot whose cumulative count reaches the target.
      for (; k < slots; ++k) {
        const auto c = static_cast<double>(h[k]);
        if (h[k] > 0 && before + c >= target) break;
        before += c;
      }
      if (k == 0) {
        in.hold_quantiles[q] = -kInf;
      } else if (k >= bins_ + 1) {
        in.hold_quantiles[q] = kInf;
      } else {
        const double frac = std::clamp((target - before) / static_cast<double>(h[k]), 0.0, 1.0);
        in.hold_quantiles[q] = low + (static_cast<double>(k - 1) + frac) * width;
      }
    }
  }
  return r;
}

namespace {
constexpr std::uint64_t kFilteringTag = 0x32466e736e63736dULL;  // "mcsnsnF2": counts as varints
}  // namespace

// Layout: tag, inputs, bins, n_hold, n_fail, n_skipped, ranges (2 x inputs doubles), counts.
void FilteringAccumulator::encode(ByteWriter& out) const {
  out.put_tag(kFilteringTag);
  out.put_u64(inputs_);
  out.put_u64(bins_);
  out.put_u64(n_hold_);
  out.put_u64(n_fail_);
  out.put_u64(n_skipped_);
  std::vector<double> flat_ranges;
  flat_ranges.reserve(2 * ranges_.size());
  for (const auto& [low, high] : ranges_) {
    flat_ranges.push_back(low);
    flat_ranges.push_back(high);
  }
  out.put_doubles(flat_ranges);
  out.put_counts(counts_);
}

// A plausibility bound for decoded counts (a count takes at least a byte, so the buffer bounds them too).
constexpr std::uint64_t kMaxDecodedCounts = std::uint64_t{1} << 32;

FilteringAccumulator FilteringAccumulator::decode(ByteReader& in) {
  in.expect_tag(kFilteringTag, "filtering state");
  const std::uint64_t inputs = in.get_u64();
  const std::uint64_t bins = in.get_u64();
  const std::uint64_t n_hold = in.get_u64();
  const std::uint64_t n_fail = in.get_u64();
  const std::uint64_t n_skipped = in.get_u64();
  const std::vector<double> flat_ranges = in.get_doubles();
  std::vector<std::uint64_t> counts = in.get_counts(kMaxDecodedCounts, "filtering");
  FilteringAccumulator a;
  if (inputs == 0 && bins == 0) {  // the default (empty) accumulator
    if (!flat_ranges.empty() || !counts.empty() || n_hold != 0 || n_fail != 0 || n_skipped != 0) {
      in.fail("filtering: counts without inputs");
    }
    return a;
  }
  // Two range ends per input (so inputs is bounded by what was read), then 2 (bins + 2) counts per input, checked
  // by division so that no product overflows.
  if (flat_ranges.size() % 2 != 0 || flat_ranges.size() / 2 != inputs || bins == 0) {
    in.fail("filtering: sizes inconsistent with the header");
  }
  const bool sizes_fit = inputs == 0 ? counts.empty()
                                     : bins < counts.size() && counts.size() % (2 * inputs) == 0 &&
                                           counts.size() / (2 * inputs) == bins + 2;
  if (!sizes_fit) in.fail("filtering: sizes inconsistent with the header");
  std::vector<std::pair<double, double>> ranges(inputs);
  for (std::size_t j = 0; j < inputs; ++j) {
    const double low = flat_ranges[2 * j];
    const double high = flat_ranges[2 * j + 1];
    if (!std::isfinite(low) || !std::isfinite(high) || !(low < high) ||
        !std::isfinite(static_cast<double>(bins) / (high - low))) {
      in.fail("filtering: a range that is not finite low < high");
    }
    ranges[j] = {low, high};
  }
  a = FilteringAccumulator(inputs, std::move(ranges), bins);
  a.counts_ = std::move(counts);
  a.n_hold_ = n_hold;
  a.n_fail_ = n_fail;
  a.n_skipped_ = n_skipped;
  // Each input's counts in a group are the group's draws with a finite value of that input: never more.
  for (std::size_t j = 0; j < a.inputs_; ++j) {
    for (const bool hold : {true, false}) {
      const std::uint64_t* c = a.counts(j, hold);
      std::uint64_t total = 0;
      for (std::size_t i = 0; i < a.bins_ + 2; ++i) {
        if (c[i] > (hold ? n_hold : n_fail) - total) in.fail("filtering: more counts than draws in a group");
        total += c[i];
      }
    }
  }
  return a;
}

std::vector<std::size_t> rank_by_ks_distance(const FilteringResult& result) {
  std::vector<std::size_t> order(result.inputs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double da = result.inputs[a].ks_distance;
    const double db = result.inputs[b].ks_distance;
    if (std::isnan(db)) return !std::isnan(da);
    if (std::isnan(da)) return false;
    return da > db;
  });
  return order;
}

}  // namespace mcsens
