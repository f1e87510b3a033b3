// SPDX-License-Identifier: MIT
#include "mcsens/analysis/sobol_aggregate.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

#include "analysis/sobol_intervals.hpp"

namespace mcsens {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool varies(const SobolResult& e) {
  return !e.zero_variance && std::isfinite(e.variance) && e.variance > 0;
}

// sum_t w_t x_t / sum_t w_t over the elements that vary; NaN when a term is not finite or no element varies.
template <class Weight, class Value>
double weighted(const std::vector<SobolResult>& elements, Weight w, Value x) {
  double num = 0, den = 0;
  for (const SobolResult& e : elements) {
    if (!varies(e)) continue;
    const double wt = w(e);
    const double xt = x(e);
    if (!std::isfinite(wt) || !std::isfinite(xt)) return kNaN;
    num += wt * xt;
    den += wt;
  }
  return den > 0 ? num / den : kNaN;
}

// Why the elements' replicates cannot be combined ("" when they can).
std::string replicates_apart(const std::vector<SobolResult>& elements) {
  const SobolResult* first = nullptr;
  for (const SobolResult& e : elements) {
    if (!varies(e)) continue;
    if (e.replicate_variance.empty()) return "an element has no replicates behind its interval";
    if (first == nullptr) {
      first = &e;
      continue;
    }
    if (e.replicate_variance.size() != first->replicate_variance.size() ||
        e.interval_method != first->interval_method) {
      return "the elements' intervals come from different replicates";
    }
    if (e.interval_method == "bootstrap" && e.N != first->N) {
      return "the elements dropped different base samples (non-finite values), so their bootstrap resamples differ";
    }
  }
  return first == nullptr ? "no element varies" : "";
}

}  // namespace

AggregatedSobol aggregate_sobol(const std::vector<SobolResult>& elements, double confidence) {
  AggregatedSobol out;
  if (elements.empty()) return out;
  const std::size_t k = elements.front().k;
  for (auto* v : {&out.S1, &out.S1_low, &out.S1_high, &out.ST, &out.ST_low, &out.ST_high}) v->assign(k, kNaN);
  const auto variance = [](const SobolResult& e) { return e.variance; };
  for (std::size_t i = 0; i < k; ++i) {
    out.S1[i] = weighted(elements, variance, [i](const SobolResult& e) { return e.S1.at(i); });
    out.ST[i] = weighted(elements, variance, [i](const SobolResult& e) { return e.ST.at(i); });
  }
  out.note = replicates_apart(elements);
  if (!out.note.empty()) {
    out.note = "aggregated intervals not computed: " + out.note;
    return out;
  }
  const SobolResult* first = nullptr;
  for (const SobolResult& e : elements) {
    if (varies(e)) first = first == nullptr ? &e : first;
  }
  const std::size_t replicates = first->replicate_variance.size();
  const bool bootstrap = first->interval_method == "bootstrap";
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<double> s1(replicates), st(replicates);
    for (std::size_t b = 0; b < replicates; ++b) {
      const auto v = [b](const SobolResult& e) { return e.replicate_variance[b]; };
      s1[b] = weighted(elements, v, [b, i, k](const SobolResult& e) { return e.replicate_S1[b * k + i]; });
      st[b] = weighted(elements, v, [b, i, k](const SobolResult& e) { return e.replicate_ST[b * k + i]; });
    }
    if (bootstrap) {
      detail::percentile_interval(s1, confidence, out.S1_low[i], out.S1_high[i]);
      detail::percentile_interval(st, confidence, out.ST_low[i], out.ST_high[i]);
    } else {
      detail::batch_means_interval(out.S1[i], s1, confidence, out.S1_low[i], out.S1_high[i]);
      detail::batch_means_interval(out.ST[i], st, confidence, out.ST_low[i], out.ST_high[i]);
    }
  }
  return out;
}

}  // namespace mcsens
