// SPDX-License-Identifier: MIT
#include "mcsens/analysis/shapley.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "analysis/sobol_intervals.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint64_t kShapleyTag = 0x31536e736e63736dULL;  // "mcsnsnS1"
constexpr std::uint64_t kMaxInputs = std::uint64_t{1} << 16;
constexpr std::uint64_t kMaxBlocks = std::uint64_t{1} << 16;

// Solves L L^T x = b in place (L n x n row-major lower triangular).
void cholesky_solve(const std::vector<double>& l, std::size_t n, double* b) {
  for (std::size_t i = 0; i < n; ++i) {
    double s = b[i];
    for (std::size_t j = 0; j < i; ++j) s -= l[i * n + j] * b[j];
    b[i] = s / l[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {
    double s = b[i];
    for (std::size_t j = i + 1; j < n; ++j) s -= l[j * n + i] * b[j];
    b[i] = s / l[i * n + i];
  }
}

}  // namespace

double shapley_weight(std::size_t k, std::size_t s) {
  // 1 / (k binom(k - 1, s)), the binomial built as a product of ratios (exact enough for any k here).
  double binom = 1.0;
  for (std::size_t i = 1; i <= s; ++i) binom = binom * static_cast<double>(k - s + i - 1) / static_cast<double>(i);
  return 1.0 / (static_cast<double>(k) * binom);
}

void shapley_exact_numerators(std::size_t k, const double* cost, double* out) {
  const std::size_t subsets = std::size_t{1} << k;
  std::vector<double> weight(k);
  for (std::size_t s = 0; s < k; ++s) weight[s] = shapley_weight(k, s);
  for (std::size_t j = 0; j < k; ++j) out[j] = 0.0;
  for (std::size_t m = 0; m < subsets; ++m) {
    const auto size = static_cast<std::size_t>(__builtin_popcountll(m));
    if (size == k) continue;
    const double wm = weight[size];
    for (std::size_t j = 0; j < k; ++j) {
      if (m & (std::size_t{1} << j)) continue;
      out[j] += wm * (cost[m | (std::size_t{1} << j)] - cost[m]);
    }
  }
}

void shapley_permutation_numerators(const std::size_t* order, std::size_t k, const double* prefix_cost, double full,
                                    double* out) {
  double before = 0.0;
  for (std::size_t j = 0; j < k; ++j) {
    const double now = j + 1 < k ? prefix_cost[j] : full;
    out[order[j]] = now - before;
    before = now;
  }
}

bool shapley_cholesky(const std::vector<double>& a, std::size_t n, std::vector<double>& l) {
  l.assign(n * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (std::size_t p = 0; p < j; ++p) d -= l[j * n + p] * l[j * n + p];
    if (!(d > 0.0)) return false;
    const double ljj = std::sqrt(d);
    l[j * n + j] = ljj;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (std::size_t p = 0; p < j; ++p) s -= l[i * n + p] * l[j * n + p];
      l[i * n + j] = s / ljj;
    }
  }
  return true;
}

GaussianConditional::GaussianConditional(const std::vector<double>& c, std::size_t k, std::vector<std::size_t> vary)
    : k_(k), vary_(std::move(vary)) {
  if (vary_.empty()) throw std::invalid_argument("GaussianConditional: nothing to draw");
  std::vector<bool> varied(k, false);
  for (std::size_t v : vary_) varied.at(v) = true;
  for (std::size_t i = 0; i < k; ++i) {
    if (!varied[i]) fixed_.push_back(i);
  }
  const std::size_t nv = vary_.size(), nf = fixed_.size();
  // gain = C_vf C_ff^-1, row by row: row i solves C_ff g_i = C_fv(:, i) (C_ff symmetric).
  std::vector<double> cff(nf * nf), lff;
  for (std::size_t a = 0; a < nf; ++a) {
    for (std::size_t b = 0; b < nf; ++b) cff[a * nf + b] = c[fixed_[a] * k + fixed_[b]];
  }
  if (nf > 0 && !shapley_cholesky(cff, nf, lff)) {
    throw std::invalid_argument("GaussianConditional: the correlation matrix is not positive definite");
  }
  gain_.assign(nv * nf, 0.0);
  for (std::size_t i = 0; i < nv && nf > 0; ++i) {
    double* g = gain_.data() + i * nf;
    for (std::size_t b = 0; b < nf; ++b) g[b] = c[vary_[i] * k + fixed_[b]];
    cholesky_solve(lff, nf, g);
  }
  // Conditional covariance C_vv - gain C_fv.
  std::vector<double> cov(nv * nv);
  for (std::size_t i = 0; i < nv; ++i) {
    for (std::size_t j = 0; j < nv; ++j) {
      double s = c[vary_[i] * k + vary_[j]];
      for (std::size_t b = 0; b < nf; ++b) s -= gain_[i * nf + b] * c[fixed_[b] * k + vary_[j]];
      cov[i * nv + j] = s;
    }
  }
  for (std::size_t i = 0; i < nv; ++i) {  // symmetric to the bit, whatever the rounding of the two halves
    for (std::size_t j = 0; j < i; ++j) cov[j * nv + i] = cov[i * nv + j];
  }
  if (!shapley_cholesky(cov, nv, cholesky_)) {
    throw std::invalid_argument("GaussianConditional: the conditional covariance is not positive definite");
  }
}

void GaussianConditional::conditional_mean(const double* z, double* mean) const {
  const std::size_t nf = fixed_.size();
  for (std::size_t i = 0; i < vary_.size(); ++i) {
    double s = 0.0;
    const double* g = gain_.data() + i * nf;
    for (std::size_t b = 0; b < nf; ++b) s += g[b] * z[fixed_[b]];
    mean[i] = s;
  }
}

void GaussianConditional::draw(const double* mean, const double* eta, double* z) const {
  const std::size_t nv = vary_.size();
  for (std::size_t i = 0; i < nv; ++i) {
    double s = mean[i];
    for (std::size_t j = 0; j <= i; ++j) s += cholesky_[i * nv + j] * eta[j];
    z[vary_[i]] = s;
  }
}

ShapleyAccumulator::ShapleyAccumulator(std::size_t k, std::size_t blocks)
    : k_(k), blocks_(blocks), numerators_(k * blocks, 0.0), full_(blocks, 0.0), items_(blocks, 0), failed_(blocks, 0) {
  if (blocks == 0) throw std::invalid_argument("ShapleyAccumulator: no blocks");
}

void ShapleyAccumulator::add(std::size_t block, const double* numerators, double full) {
  double* n = numerators_.data() + block * k_;
  for (std::size_t j = 0; j < k_; ++j) n[j] += numerators[j];
  full_[block] += full;
  ++items_[block];
}

void ShapleyAccumulator::add_failed(std::size_t block) {
  ++failed_[block];
}

void ShapleyAccumulator::merge(const ShapleyAccumulator& right) {
  if (right.k_ != k_ || right.blocks_ != blocks_) throw std::invalid_argument("ShapleyAccumulator: shapes differ");
  for (std::size_t i = 0; i < numerators_.size(); ++i) numerators_[i] += right.numerators_[i];
  for (std::size_t b = 0; b < blocks_; ++b) {
    full_[b] += right.full_[b];
    items_[b] += right.items_[b];
    failed_[b] += right.failed_[b];
  }
}

std::uint64_t ShapleyAccumulator::items() const {
  std::uint64_t n = 0;
  for (auto c : items_) n += c;
  return n;
}

std::uint64_t ShapleyAccumulator::failed() const {
  std::uint64_t n = 0;
  for (auto c : failed_) n += c;
  return n;
}

void ShapleyAccumulator::encode(ByteWriter& out) const {
  out.put_tag(kShapleyTag);
  out.put_u64(k_);
  out.put_u64(blocks_);
  out.put_doubles(numerators_);
  out.put_doubles(full_);
  out.put_u64s(items_);
  out.put_u64s(failed_);
}

ShapleyAccumulator ShapleyAccumulator::decode(ByteReader& in) {
  in.expect_tag(kShapleyTag, "Shapley state");
  const std::uint64_t k = in.get_count(kMaxInputs, "Shapley: a dimension");
  const std::uint64_t blocks = in.get_count(kMaxBlocks, "Shapley: a block count");
  if (k == 0 || blocks == 0) in.fail("Shapley: no inputs or no blocks");
  ShapleyAccumulator acc(static_cast<std::size_t>(k), static_cast<std::size_t>(blocks));
  acc.numerators_ = in.get_doubles();
  acc.full_ = in.get_doubles();
  acc.items_ = in.get_u64s();
  acc.failed_ = in.get_u64s();
  if (acc.numerators_.size() != k * blocks || acc.full_.size() != blocks || acc.items_.size() != blocks ||
      acc.failed_.size() != blocks) {
    in.fail("Shapley: arrays that do not match the blocks");
  }
  for (double v : acc.numerators_) {
    if (!std::isfinite(v)) in.fail("Shapley: a non-finite sum");  // add() takes finite items only
  }
  for (double v : acc.full_) {
    if (!std::isfinite(v)) in.fail("Shapley: a non-finite sum");
  }
  return acc;
}

ShapleyResult ShapleyAccumulator::estimate(double confidence) const {
  ShapleyResult r;
  r.k = k_;
  r.items = items();
  r.failed = failed();
  r.confidence = confidence;
  r.blocks = blocks_;
  r.effects.assign(k_, kNaN);
  r.effects_low.assign(k_, kNaN);
  r.effects_high.assign(k_, kNaN);
  std::vector<double> total(k_, 0.0);
  double full = 0.0;
  for (std::size_t b = 0; b < blocks_; ++b) {
    for (std::size_t j = 0; j < k_; ++j) total[j] += numerators_[b * k_ + j];
    full += full_[b];
  }
  r.variance = r.items > 0 ? full / static_cast<double>(r.items) : kNaN;
  if (!(full > 0.0)) return r;
  for (std::size_t j = 0; j < k_; ++j) r.effects[j] = total[j] / full;
  std::vector<double> batch(blocks_);
  for (std::size_t j = 0; j < k_; ++j) {
    for (std::size_t b = 0; b < blocks_; ++b) {
      batch[b] = items_[b] > 0 && full_[b] > 0.0 ? numerators_[b * k_ + j] / full_[b] : kNaN;
    }
    detail::batch_means_interval(r.effects[j], batch, confidence, r.effects_low[j], r.effects_high[j]);
  }
  return r;
}

}  // namespace mcsens
