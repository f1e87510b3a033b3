// SPDX-License-Identifier: MIT
#include "mcsens/analysis/morris.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "analysis/sobol_exact_sum.hpp"
#include "analysis/sobol_intervals.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "mcsens/rng/resampling_stream.hpp"
#include "parallel/workers.hpp"

namespace mcsens {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_levels(int levels) {
  if (levels < 2 || levels % 2 != 0) {
    throw std::invalid_argument("Morris levels must be even and >= 2, got " + std::to_string(levels));
  }
}

std::uint32_t draw_below(detail::SplitMix64& g, std::uint32_t n) {
  return detail::SplitMix64::below(static_cast<std::uint32_t>(g.next() >> 32), n);
}
}  // namespace

double morris_delta(int levels) {
  check_levels(levels);
  return static_cast<double>(levels) / (2.0 * (levels - 1));
}

double morris_unit_level(int level, int levels) {
  return (level + 0.5) / levels;
}

MorrisTrajectory morris_trajectory(std::uint64_t seed, std::uint64_t index, std::size_t k, int levels) {
  check_levels(levels);
  detail::SplitMix64 g{detail::SplitMix64::key(seed, index, 0x4d6f72726973ULL)};
  const int half = levels / 2;
  std::vector<int> level(k);
  MorrisTrajectory t;
  t.k = k;
  t.direction.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    const int base = static_cast<int>(draw_below(g, static_cast<std::uint32_t>(half)));
    t.direction[i] = (g.next() >> 63) ? -1 : 1;
    level[i] = t.direction[i] > 0 ? base : base + half;
  }
  t.order.resize(k);
  std::iota(t.order.begin(), t.order.end(), std::size_t{0});
  for (std::size_t i = k; i > 1; --i) {  // Fisher-Yates
    std::swap(t.order[i - 1], t.order[draw_below(g, static_cast<std::uint32_t>(i))]);
  }
  t.points.resize((k + 1) * k);
  for (std::size_t s = 0; s <= k; ++s) {
    if (s > 0) {
      const std::size_t i = t.order[s - 1];
      level[i] += t.direction[i] * half;
    }
    for (std::size_t i = 0; i < k; ++i) t.points[s * k + i] = morris_unit_level(level[i], levels);
  }
  return t;
}

std::vector<std::uint64_t> campolongo_select(std::uint64_t seed, std::uint64_t candidates, std::size_t r, std::size_t k,
                                             int levels) {
  if (r < 2 || r > candidates) {
    throw std::invalid_argument("campolongo_select: need 2 <= r <= candidates, got r = " + std::to_string(r) +
                                ", candidates = " + std::to_string(candidates));
  }
  const auto m = static_cast<std::size_t>(candidates);
  std::vector<MorrisTrajectory> pool;
  pool.reserve(m);
  for (std::size_t c = 0; c < m; ++c) pool.push_back(morris_trajectory(seed, c, k, levels));
  std::vector<double> d2(m * m, 0.0);  // squared Campolongo distances
  std::size_t best_a = 0;
  std::size_t best_b = 1;
  for (std::size_t a = 0; a < m; ++a) {
    for (std::size_t b = a + 1; b < m; ++b) {
      double d = 0.0;
      for (std::size_t p = 0; p <= k; ++p) {
        for (std::size_t q = 0; q <= k; ++q) {
          double s = 0.0;
          for (std::size_t i = 0; i < k; ++i) {
            const double e = pool[a].points[p * k + i] - pool[b].points[q * k + i];
            s += e * e;
          }
          d += std::sqrt(s);
        }
      }
      d2[a * m + b] = d2[b * m + a] = d * d;
      if (d2[a * m + b] > d2[best_a * m + best_b]) {
        best_a = a;
        best_b = b;
      }
    }
  }
  std::vector<char> chosen(m, 0);
  std::vector<double> score(m, 0.0);  // sum of squared distances to the selected set
  std::vector<std::uint64_t> selected;
  auto take = [&](std::size_t c) {
    chosen[c] = 1;
    selected.push_back(c);
    for (std::size_t x = 0; x < m; ++x) score[x] += d2[x * m + c];
  };
  take(best_a);
  take(best_b);
  while (selected.size() < r) {
    std::size_t best = m;
    for (std::size_t x = 0; x < m; ++x) {
      if (!chosen[x] && (best == m || score[x] > score[best])) best = x;
    }
    take(best);
  }
  std::sort(selected.begin(), selected.end());
  return selected;
}

MorrisAccumulator::MorrisAccumulator(std::size_t k) : k_(k) {
  if (k == 0) throw std::invalid_argument("MorrisAccumulator: k must be positive");
}

void MorrisAccumulator::add(const MorrisTrajectory& t, const double* y) {
  if (t.k != k_) throw std::invalid_argument("MorrisAccumulator::add: trajectory of another dimension");
  const std::size_t row = effects_.size();
  effects_.resize(row + k_, kNaN);
  for (std::size_t s = 0; s < k_; ++s) {
    const std::size_t i = t.order[s];
    const double ee = (y[s + 1] - y[s]) / (t.direction[i] * kMorrisUnitStep);
    effects_[row + i] = std::isfinite(ee) ? ee : kNaN;
  }
}

void MorrisAccumulator::merge(const MorrisAccumulator& right) {
  if (right.k_ != k_) throw std::invalid_argument("MorrisAccumulator::merge: different dimensions");
  effects_.insert(effects_.end(), right.effects_.begin(), right.effects_.end());
}

namespace {
constexpr std::uint64_t kMorrisTag = 0x324d6e736e63736dULL;  // "mcsnsnM2" (mcsnMor1 was the FlatWriter form)
// A plausibility bound on k: far beyond any model (the design holds k + 1 points of k coordinates per trajectory).
constexpr std::uint64_t kMaxInputs = std::uint64_t{1} << 24;
}  // namespace

// Layout: tag, k, effects (r x k; NaN where the effect was not finite).
void MorrisAccumulator::encode(ByteWriter& out) const {
  out.put_tag(kMorrisTag);
  out.put_u64(k_);
  out.put_doubles(effects_);
}

MorrisAccumulator MorrisAccumulator::decode(ByteReader& in) {
  in.expect_tag(kMorrisTag, "Morris state");
  const std::uint64_t k = in.get_count(kMaxInputs, "Morris: a dimension");
  if (k == 0) in.fail("Morris: no inputs");
  MorrisAccumulator acc(static_cast<std::size_t>(k));
  acc.effects_ = in.get_doubles();
  if (acc.effects_.size() % acc.k_ != 0) in.fail("Morris: effects that are not whole trajectories");
  for (double e : acc.effects_) {
    if (std::isinf(e)) in.fail("Morris: an infinite elementary effect");  // add() keeps finite values or NaN
  }
  return acc;
}

MorrisResult MorrisAccumulator::estimate(double confidence, std::uint64_t seed, std::size_t resamples,
                                         int threads) const {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("MorrisAccumulator::estimate: confidence must be in (0, 1), got " +
                                std::to_string(confidence));
  }
  const std::size_t r = trajectories();
  MorrisResult res;
  res.k = k_;
  res.trajectories = r;
  res.confidence = confidence;
  res.bootstrap_resamples = resamples;
  res.effects.assign(k_, 0);
  res.mu.assign(k_, kNaN);
  res.mu_star.assign(k_, kNaN);
  res.sigma.assign(k_, kNaN);
  res.mu_star_low.assign(k_, kNaN);
  res.mu_star_high.assign(k_, kNaN);
  for (std::size_t i = 0; i < k_; ++i) {
    double sum = 0.0;
    double sum_abs = 0.0;
    std::size_t n = 0;
    for (std::size_t t = 0; t < r; ++t) {
      const double e = effects_[t * k_ + i];
      if (std::isnan(e)) continue;
      sum += e;
      sum_abs += std::abs(e);
      ++n;
    }
    res.effects[i] = n;
    if (n == 0) continue;
    const double mu = sum / static_cast<double>(n);
    res.mu[i] = mu;
    res.mu_star[i] = sum_abs / static_cast<double>(n);
    if (n >= 2) {
      double m2 = 0.0;
      for (std::size_t t = 0; t < r; ++t) {
        const double e = effects_[t * k_ + i];
        if (!std::isnan(e)) m2 += (e - mu) * (e - mu);
      }
      res.sigma[i] = std::sqrt(m2 / static_cast<double>(n - 1));
    }
  }
  if (r >= 2 && resamples >= 2) {
    std::vector<double> reps(k_ * resamples, kNaN);
    // Resample b reads only its own stream and writes only its own slots: any split over threads gives the same
    // bits (a static split, so that the split itself does not depend on timing either).
    parallel::run_workers(threads, [&](int worker, int workers) {
      const auto [begin, end] = parallel::static_share(resamples, worker, workers);
      std::vector<double> sum_abs(k_);
      std::vector<std::size_t> count(k_);
      for (std::uint64_t b = begin; b < end; ++b) {
        ResamplingStream g(seed, resampling_purpose::kMorrisBootstrap, b);
        std::fill(sum_abs.begin(), sum_abs.end(), 0.0);
        std::fill(count.begin(), count.end(), 0);
        for (std::size_t draw = 0; draw < r; ++draw) {
          const auto t = static_cast<std::size_t>(g.below_u64(r));
          for (std::size_t i = 0; i < k_; ++i) {
            const double e = effects_[t * k_ + i];
            if (std::isnan(e)) continue;
            sum_abs[i] += std::abs(e);
            ++count[i];
          }
        }
        for (std::size_t i = 0; i < k_; ++i) {
          if (count[i] > 0) reps[i * resamples + b] = sum_abs[i] / static_cast<double>(count[i]);
        }
      }
    });
    for (std::size_t i = 0; i < k_; ++i) {
      std::vector<double> v(reps.begin() + i * resamples, reps.begin() + (i + 1) * resamples);
      detail::percentile_interval(v, confidence, res.mu_star_low[i], res.mu_star_high[i]);
    }
  }
  return res;
}

}  // namespace mcsens
