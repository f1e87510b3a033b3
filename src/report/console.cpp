// SPDX-License-Identifier: MIT
#include "mcsens/report/console.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "mcsens/stats/proportion.hpp"
#include "mcsens/version.hpp"
#include "report/display_text.hpp"

namespace mcsens {

using display::failure_reasons_text;
using display::num;
using display::one_line;
using display::probability_text;
using display::thousands;
using display::with_interval;

namespace {

// Columns of the console's tables.
std::string pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}
std::string lpad(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

// An array output's line in the outputs table (issue 35): its dimension, length and the range of its elements'
// means, each end with its coordinate ("over year (20 values): mean from 0.1004 (year 19) to 20.01 (year 18)").
std::string array_line(const OutputSummary& o, const std::string& what = "mean") {
  const Dimension& d = o.dimensions.at(0);
  const auto at = [&](std::size_t i) { return d.name + " " + num(d.coordinate(i)); };
  std::size_t low = o.elements.size(), high = o.elements.size();
  for (std::size_t i = 0; i < o.elements.size(); ++i) {
    if (o.elements[i].count == 0) continue;  // no finite draw: no mean
    if (low == o.elements.size() || o.elements[i].mean < o.elements[low].mean) low = i;
    if (high == o.elements.size() || o.elements[i].mean > o.elements[high].mean) high = i;
  }
  std::string text = "over " + d.name + " (" + std::to_string(o.elements.size()) + " values): ";
  if (low == o.elements.size()) return text + "no finite draw at any " + d.name;
  return text + what + " from " + num(o.elements[low].mean) + " (" + at(low) + ") to " + num(o.elements[high].mean) +
         " (" + at(high) + ")";
}

void print_curves(std::ostream& out, const std::vector<CurveSummary>& curves, const std::string& indent) {
  for (const auto& c : curves) {
    const bool labelled = !c.label.empty() && c.label != c.name;
    out << "\n"
        << indent << "curve " << c.name << (labelled ? " (" + one_line(c.label) + ")" : "") << ": " << c.x << " in ["
        << num(c.grid.front()) << ", " << num(c.grid.back()) << "], " << c.grid.size() << " points\n";
    if (c.features.empty()) continue;
    out << indent << "  " << pad("feature", 20) << lpad("median", 11) << lpad("q05", 11) << lpad("q95", 11)
        << lpad("not found", 12) << lpad("at edge", 12) << "\n";
    for (const auto& f : c.features) {
      out << indent << "  " << pad(f.stats.name, 20) << lpad(num(f.stats.quantile(0.5)), 11)
          << lpad(num(f.stats.quantile(0.05)), 11) << lpad(num(f.stats.quantile(0.95)), 11)
          << lpad(thousands(f.stats.nonfinite), 12) << lpad(thousands(f.at_edge), 12) << "\n";
    }
    for (const auto& f : c.features) {
      if (f.at_edge > 0)
        out << indent << "  note: " << f.stats.name << " lies at the grid's edge in " << thousands(f.at_edge)
            << " draws (left out of its quantiles; the true value may be on or beyond the end: widen the grid)\n";
    }
  }
}

// "1,234 of 100,000 draws failed (1,000 by the model's own status, 234 with an output the model did not write):
// their outputs and claims are NaN, counted as non-finite", each reason that failed a draw named.
std::string failures_text(const FailureCounts& f, std::uint64_t draws) {
  return thousands(f.total()) + " of " + thousands(draws) + " draws failed (" + failure_reasons_text(f) +
         "): their outputs and claims are NaN, counted as non-finite";
}

// "note: the Sobol' design's model runs: 12 of 5,120 failed (9 past the timeout, ...): <consequence>".
void print_design_failures(std::ostream& out, const std::string& design, const FailureCounts& f, std::uint64_t runs,
                           const char* consequence) {
  if (f.total() == 0) return;
  out << "  note: " << design << "'s model runs: " << thousands(f.total()) << " of " << thousands(runs) << " failed ("
      << failure_reasons_text(f) << "): " << consequence << "\n";
}

// The Sobol' indices of an array output (issue 35): per input, the range of its ST along the dimension, each end
// at its coordinate, inputs by their largest ST (the file, --json and --csv hold every element's indices).
void print_array_sobol(std::ostream& out, const SobolSummary& so) {
  const Dimension& d = so.dimensions.at(0);
  const SobolResult first = so.elements.empty() ? SobolResult{} : so.elements.front();
  out << "\nSobol' indices of " << so.target << " over " << d.name << " (" << so.elements.size() << " values; "
      << so.sampler << " design, " << thousands(so.evaluations) << " model runs; "
      << static_cast<int>(first.confidence * 100 + 0.5) << " % " << first.interval_method << " intervals)\n";
  const auto at = [&](std::size_t t) { return d.name + " " + num(d.coordinate(t)); };
  // Per input, the elements of its smallest and largest ST (elements without indices left out).
  std::vector<std::pair<std::size_t, std::size_t>> range(so.inputs.size(), {so.elements.size(), so.elements.size()});
  for (std::size_t i = 0; i < so.inputs.size(); ++i) {
    for (std::size_t t = 0; t < so.elements.size(); ++t) {
      const double st = so.elements[t].ST.at(i);
      if (std::isnan(st)) continue;
      auto& [low, high] = range[i];
      if (low == so.elements.size() || st < so.elements[low].ST[i]) low = t;
      if (high == so.elements.size() || st > so.elements[high].ST[i]) high = t;
    }
  }
  std::vector<std::size_t> order(so.inputs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto largest = [&](std::size_t i) {
    return range[i].second == so.elements.size() ? -1.0 : so.elements[range[i].second].ST[i];
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return largest(a) > largest(b); });
  size_t w = 6;
  for (const auto& n : so.inputs) w = std::max(w, n.size());
  out << "  " << pad("input", w) << "  ST from its smallest to its largest [interval]\n";
  for (std::size_t i : order) {
    const auto [low, high] = range[i];
    out << "  " << pad(so.inputs[i], w) << "  ";
    if (high == so.elements.size()) {
      out << "undefined at every " << d.name << "\n";
      continue;
    }
    const SobolResult& l = so.elements[low];
    const SobolResult& h = so.elements[high];
    out << with_interval(l.ST[i], l.ST_low[i], l.ST_high[i]) << " (" << at(low) << ") to "
        << with_interval(h.ST[i], h.ST_low[i], h.ST_high[i]) << " (" << at(high) << ")\n";
  }
  // Over the whole series: the variance-weighted indices (Gamboa et al. 2014), in the same order.
  const AggregatedSobol& g = so.aggregated;
  out << "  aggregated over " << d.name << " (variance-weighted):";
  for (std::size_t n = 0; n < order.size() && n < g.ST.size(); ++n) {
    const std::size_t i = order[n];
    out << (n ? ";" : "") << " " << so.inputs[i] << " S1 " << with_interval(g.S1[i], g.S1_low[i], g.S1_high[i])
        << ", ST " << with_interval(g.ST[i], g.ST_low[i], g.ST_high[i]);
  }
  out << "\n";
  if (!g.note.empty()) out << "  (" << g.note << ")\n";
}

void print_sensitivity(std::ostream& out, const Results& s) {
  for (const auto& so : s.sobol) {
    if (so.is_array()) {
      print_array_sobol(out, so);
      continue;
    }
    const SobolResult& r = so.result;
    out << "\nSobol' indices of " << so.target << " (N = " << thousands(r.N) << " base samples, " << so.sampler
        << " design, " << thousands(so.evaluations) << " model runs; " << static_cast<int>(r.confidence * 100 + 0.5)
        << " % " << r.interval_method << " intervals)\n";
    if (r.N == 0 && r.nonfinite_bases > 0) {
      out << "  every base sample was dropped (the model failed, or gave a non-finite value, in one of its rows): "
             "indices are undefined\n";
      continue;
    }
    if (r.zero_variance) {
      out << "  the output does not vary: indices are undefined\n";
      continue;
    }
    std::vector<size_t> order(r.k);
    for (size_t i = 0; i < r.k; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return r.ST[a] > r.ST[b]; });
    size_t w = 6;
    for (const auto& n : so.inputs) w = std::max(w, n.size());
    out << "  " << pad("input", w) << "  " << pad("S1 [interval]", 34) << " ST [interval]\n";
    for (size_t i : order) {
      out << "  " << pad(so.inputs[i], w) << "  " << pad(with_interval(r.S1[i], r.S1_low[i], r.S1_high[i]), 34) << " "
          << with_interval(r.ST[i], r.ST_low[i], r.ST_high[i]) << "\n";
    }
    bool shown_pair_marked = false;
    if (r.second_order) {
      // The pairs with the largest second-order index (up to 5), so interactions show without the k x k table.
      std::vector<std::pair<size_t, size_t>> pairs;
      for (size_t i = 0; i < r.k; ++i) {
        for (size_t j = i + 1; j < r.k; ++j) pairs.emplace_back(i, j);
      }
      std::stable_sort(pairs.begin(), pairs.end(), [&](const auto& a, const auto& b) {
        const double x = r.S2[a.first * r.k + a.second];
        const double y = r.S2[b.first * r.k + b.second];
        return (std::isnan(x) ? -1.0 : x) > (std::isnan(y) ? -1.0 : y);
      });
      out << "  largest second-order indices S2 [interval]:";
      for (size_t p = 0; p < std::min<size_t>(5, pairs.size()); ++p) {
        const size_t at = pairs[p].first * r.k + pairs[p].second;
        out << (p ? ";" : "") << " " << so.inputs[pairs[p].first] << " x " << so.inputs[pairs[p].second] << " "
            << with_interval(r.S2[at], r.S2_low[at], r.S2_high[at]);
        shown_pair_marked = shown_pair_marked || not_distinguishable_from_zero(r.S2_low[at], r.S2_high[at]);
      }
      out << "\n";
    }
    if (r.nonfinite_bases > 0)
      out << "  (" << thousands(r.nonfinite_bases) << " base samples dropped: non-finite output)\n";
    // The legend of the ~0 mark, printed only where a row (or a pair shown above) carries it.
    bool marked = false;
    for (size_t i = 0; i < r.k; ++i) {
      marked = marked || not_distinguishable_from_zero(r.S1_low[i], r.S1_high[i]) ||
               not_distinguishable_from_zero(r.ST_low[i], r.ST_high[i]);
    }
    marked = marked || shown_pair_marked;
    if (marked) out << "  ~0: the interval contains 0 (not distinguishable from 0)\n";
    if (!s.sensitivity_caveat.empty()) out << "  caveat: " << s.sensitivity_caveat << "\n";
  }
  if (!s.sobol.empty()) {
    print_design_failures(out, "the Sobol' design", s.sobol.front().failures, s.sobol.front().evaluations,
                          "the base samples with a failed row are dropped whole");
  }
  for (const auto& mo : s.morris) {
    const MorrisResult& r = mo.result;
    out << "\nMorris elementary effects of " << mo.target << " (" << r.trajectories << " trajectories, " << mo.levels
        << " levels; mu* with " << num(100 * r.confidence, 3) << " % bootstrap interval)\n";
    std::vector<size_t> order(r.k);
    for (size_t i = 0; i < r.k; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return r.mu_star[a] > r.mu_star[b]; });
    size_t w = 6;
    for (const auto& n : mo.inputs) w = std::max(w, n.size());
    out << "  " << pad("input", w) << "  " << pad("mu* [interval]", 30) << lpad("mu", 11) << lpad("sigma", 11) << "\n";
    for (size_t i : order) {
      out << "  " << pad(mo.inputs[i], w) << "  "
          << pad(num(r.mu_star[i], 3) + " [" + num(r.mu_star_low[i], 2) + ", " + num(r.mu_star_high[i], 2) + "]", 30)
          << lpad(num(r.mu[i], 3), 11) << lpad(num(r.sigma[i], 3), 11) << "\n";
    }
    if (!s.sensitivity_caveat.empty()) out << "  caveat: " << s.sensitivity_caveat << "\n";
  }
  if (!s.morris.empty()) {
    const MorrisResult& r = s.morris.front().result;
    print_design_failures(out, "the Morris trajectories", s.morris.front().failures,
                          static_cast<std::uint64_t>(r.trajectories) * (r.k + 1),
                          "their elementary effects are non-finite and left out");
  }
  for (const auto& sh : s.shapley) {
    const ShapleyResult& r = sh.result;
    out << "\nShapley effects of " << sh.target << " ("
        << (r.method == "exact" ? "every subset, " + thousands(r.items) + " outer points"
                                : thousands(r.items) + " random permutations")
        << ", inner " << r.inner << ", " << thousands(sh.evaluations) << " model runs; "
        << static_cast<int>(r.confidence * 100 + 0.5) << " % batch-means intervals over " << r.blocks
        << " blocks; shares of Var = " << num(r.variance, 4) << ")\n";
    if (r.items == 0 && r.failed > 0) {
      out << "  every item was dropped (the model failed, or gave a non-finite value, at one of its points): "
             "effects are undefined\n";
      continue;
    }
    if (!(r.variance > 0.0)) {
      out << "  the output does not vary: effects are undefined\n";
      continue;
    }
    std::vector<size_t> order(r.k);
    for (size_t i = 0; i < r.k; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const double x = std::isnan(r.effects[a]) ? -HUGE_VAL : r.effects[a];
      const double y = std::isnan(r.effects[b]) ? -HUGE_VAL : r.effects[b];
      return x > y;
    });
    size_t w = 6;
    for (const auto& n : sh.inputs) w = std::max(w, n.size());
    out << "  " << pad("input", w) << "  Shapley effect [interval]\n";
    for (size_t i : order) {
      out << "  " << pad(sh.inputs[i], w) << "  " << with_interval(r.effects[i], r.effects_low[i], r.effects_high[i])
          << "\n";
    }
    if (r.failed > 0) out << "  (" << thousands(r.failed) << " items dropped: non-finite output)\n";
    out << "  order-free: each input's share of the variance, dependence included (the effects sum to 1)\n";
  }
  if (!s.shapley.empty()) {
    print_design_failures(out, "the Shapley design", s.shapley.front().failures, s.shapley.front().evaluations,
                          "the items with a failed point are dropped");
  }
  for (const auto& re : s.regression) {
    const RegressionResult& r = re.result;
    out << "\nRegression of " << re.target << " on the inputs (" << thousands(r.n)
        << " draws; R^2 = " << num(r.r_squared, 3) << ")\n";
    std::vector<size_t> order(r.k);
    for (size_t i = 0; i < r.k; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return std::abs(r.src[a]) > std::abs(r.src[b]); });
    size_t w = 6;
    for (const auto& n : re.inputs) w = std::max(w, n.size());
    out << "  " << pad("input", w) << lpad("SRC", 11) << lpad("PRCC", 11) << "\n";
    for (size_t i : order) {
      out << "  " << pad(re.inputs[i], w) << lpad(num(r.src[i], 3), 11) << lpad(num(r.prcc[i], 3), 11) << "\n";
    }
  }
}

}  // namespace

void print_claims(std::ostream& out, const std::vector<ClaimSummary>& claims, std::size_t replicates) {
  if (!claims.empty()) {
    size_t claim_width = 5;
    for (const auto& c : claims) claim_width = std::max(claim_width, c.name.size());
    const std::string level = num(100 * claims.front().level, 3) + "% interval";
    out << "\n" << pad("claim", claim_width) << "  " << lpad("P", 9) << "  " << pad(level, 24) << "verdict\n";
    for (const auto& c : claims) {
      const std::string p = probability_text(c.probability, c.ci_low, c.ci_high);
      const std::string ci = "[" + probability_text(c.ci_low, c.ci_low, c.ci_high) + ", " +
                             probability_text(c.ci_high, c.ci_low, c.ci_high) + "]";
      out << pad(c.name, claim_width) << "  " << lpad(p, 9) << "  " << pad(ci, 24) << c.verdict << "\n";
      out << pad("", claim_width) << "    " << one_line(c.text);
      if (c.nonfinite > 0) out << "  (" << thousands(c.nonfinite) << " draws undefined)";
      if (c.interval_method == "wilson" && replicates > 0) {
        out << "  (Wilson interval: too few rare outcomes for the replicates)";
      }
      out << "\n";
      if (c.failed > 0) {
        out << pad("", claim_width) << "    " << thousands(c.failed)
            << " of them failed: over all draws P lies between "
            << probability_text(c.probability_if_failed_fail(), c.probability_if_failed_fail(),
                                c.probability_if_failed_hold())
            << " (had it failed in each) and "
            << probability_text(c.probability_if_failed_hold(), c.probability_if_failed_fail(),
                                c.probability_if_failed_hold())
            << " (had it held)\n";
      }
    }
  }
  for (const auto& c : claims) {
    if (c.drivers.empty() || c.n == 0) continue;
    const auto order = c.ranked_drivers();
    out << "\nwhat drives " << c.name << " (KS distance between draws where it holds and fails):\n";
    const std::uint64_t fewer = std::min(c.count, c.n - c.count);
    if (fewer < 100) {
      // With few draws on one side, the KS distance of an irrelevant input is large by chance: read the p-values.
      out << "  (only " << fewer << " draws where it " << (c.count < c.n - c.count ? "holds" : "fails")
          << ": distances are noisy; trust only small p-values)\n";
    }
    for (size_t r = 0; r < std::min<size_t>(3, order.size()); ++r) {
      const auto& d = c.drivers[order[r]];
      out << "  " << pad(d.input, 12) << " D = " << num(d.ks_distance, 3) << " (p "
          << (d.p_value < 1e-16 ? "< 1e-16" : num(d.p_value, 2)) << ")  where it holds: median "
          << num(d.holding_quantiles.size() > 2 ? d.holding_quantiles[2] : NAN) << ", 90 % in ["
          << num(d.holding_quantiles.empty() ? NAN : d.holding_quantiles.front()) << ", "
          << num(d.holding_quantiles.empty() ? NAN : d.holding_quantiles.back()) << "]\n";
    }
  }
}

void print_summary(std::ostream& out, const Results& s) {
  out << "mcsens " << s.version << (s.title.empty() ? "" : ": " + one_line(s.title)) << "\n";
  if (s.samples == 0) {
    // `--only sobol,morris`: no uncertainty draws, so no sampler or thread count to report for them.
    out << "sensitivity analyses only (seed " << s.seed << ")";
  } else {
    out << thousands(s.samples) << " draws (" << s.sampler << ", seed " << s.seed << "), " << s.threads
        << (s.threads == 1 ? " thread" : " threads");
  }
  if (s.ranks > 1) out << " x " << s.ranks << " ranks";
  out << ", " << num(s.wall_seconds, 3) << " s";
  if (!s.output_path.empty()) out << " -> " << s.output_path;
  out << "\n";

  size_t name_width = 6;
  for (const auto& o : s.outputs) name_width = std::max(name_width, o.name.size());
  if (!s.outputs.empty()) {
    out << "\n"
        << pad("output", name_width) << "  " << pad("mean ± se", 24) << lpad("sd", 11) << lpad("q05", 11)
        << lpad("median", 11) << lpad("q95", 11) << lpad("non-finite", 12) << "\n";
  }
  for (const auto& o : s.outputs) {
    if (o.is_array()) {
      std::uint64_t nonfinite = 0;
      for (const auto& e : o.elements) nonfinite += e.nonfinite;
      out << pad(o.name, name_width) << "  " << pad(array_line(o), 68) << lpad(thousands(nonfinite), 12) << "\n";
      continue;
    }
    if (o.count == 0 && o.nonfinite > 0) {
      // Every draw was NaN or infinite: no statistic exists, and a row of "nan" would hide why.
      out << pad(o.name, name_width) << "  " << pad("no finite draw (every draw is NaN or infinite)", 68)
          << lpad(thousands(o.nonfinite), 12) << "\n";
      continue;
    }
    out << pad(o.name, name_width) << "  " << pad(num(o.mean, 5) + " ± " + num(o.mean_se, 2), 24) << lpad(num(o.sd), 11)
        << lpad(num(o.quantile(0.05)), 11) << lpad(num(o.quantile(0.5)), 11) << lpad(num(o.quantile(0.95)), 11)
        << lpad(thousands(o.nonfinite), 12) << "\n";
  }
  for (const auto& o : s.outputs) {
    if (o.count > 0 && o.nonfinite > 0) out << "  note: " << o.name << ": " << o.moments_note() << "\n";
  }
  if (s.failures.total() > 0) out << "  note: " << failures_text(s.failures, s.samples) << "\n";
  const std::size_t replicates = display::run_replicates(s);
  if (replicates > 0) {
    out << "(se: the spread of " << replicates
        << " independently scrambled Sobol' replicates, randomized QMC; sd / sqrt(n) would overstate it)\n";
  }
  print_claims(out, s.claims, replicates);
  print_curves(out, s.curves, "");
  for (const auto& sc : s.scenarios) {
    out << "\nscenario " << sc.name;
    if (!sc.overridden.empty()) {
      std::string names;
      for (const auto& n : sc.overridden) names += (names.empty() ? "" : ", ") + n;
      out << " (changes " << names << ")";
    }
    out << (sc.text.empty() ? "" : ": " + one_line(sc.text)) << "\n";
    if (sc.failures.total() > 0) out << "  note: " << failures_text(sc.failures, s.samples) << "\n";
    out << "  " << pad("output", name_width) << "  " << pad("mean ± se", 24) << pad("change ± se", 24)
        << lpad("q05", 11) << lpad("q95", 11) << "\n";
    for (size_t o = 0; o < sc.outputs.size(); ++o) {
      const auto& v = sc.outputs[o];
      const auto& d = sc.deltas[o];
      if (v.is_array()) {  // its means' range, then its changes' range, each on a line of its own
        out << "  " << pad(v.name, name_width) << "  " << array_line(v) << "\n"
            << "  " << pad("", name_width) << "  " << array_line(d, "mean change") << "\n";
        continue;
      }
      out << "  " << pad(v.name, name_width) << "  " << pad(num(v.mean, 5) + " ± " + num(v.mean_se, 2), 24)
          << pad(num(d.mean, 4) + " ± " + num(d.mean_se, 2), 24) << lpad(num(d.quantile(0.05)), 11)
          << lpad(num(d.quantile(0.95)), 11) << "\n";
    }
    for (const auto& c : sc.claims) {
      out << "  claim " << pad(c.name, 22) << " P = " << probability_text(c.probability, c.ci_low, c.ci_high) << "  ["
          << probability_text(c.ci_low, c.ci_low, c.ci_high) << ", " << probability_text(c.ci_high, c.ci_low, c.ci_high)
          << "]  " << c.verdict << "\n";
    }
    print_curves(out, sc.curves, "  ");
  }
  if (s.has_ranking) {
    const size_t S = s.ranking.scenarios.size();
    size_t w = 8;
    for (const auto& n : s.ranking.scenarios) w = std::max(w, n.size());
    out << "\nP(row scenario gives a " << (s.ranking.lower_is_better ? "smaller" : "larger") << " " << s.ranking.output
        << " than column scenario), same draws" << (s.ranking.lower_is_better ? " (lower is better)" : "")
        << (s.ranking.include_baseline ? ", baseline included" : "") << ":\n";
    out << pad("", w + 6);
    for (size_t j = 0; j < S; ++j) out << lpad("[" + std::to_string(j + 1) + "]", 9);
    out << "\n";
    for (size_t i = 0; i < S; ++i) {
      out << pad("[" + std::to_string(i + 1) + "] " + s.ranking.scenarios[i], w + 6);
      for (size_t j = 0; j < S; ++j) {
        out << lpad(i == j ? "-" : probability_text(s.ranking.probability[i * S + j], 0.5, 0.5), 9);
      }
      out << "\n";
    }
  }
  print_sensitivity(out, s);
  for (const auto& note : s.notes) out << "\nnote: " << note << "\n";
}

}  // namespace mcsens
