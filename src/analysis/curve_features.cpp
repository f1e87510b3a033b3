// SPDX-License-Identifier: MIT
#include "mcsens/analysis/curve_features.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "mcsens/error.hpp"
#include "mcsens/suggest.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A derivative whose spread over the grid is within this many rounding units of its scale is "flat": finite
// differences of a linear (or quadratic) curve are equal only up to rounding, which grows like eps * |f| / h^order.
constexpr double kFlatRoundingUnits = 64.0;

// Derivative values within this share of the derivative's range over the searched nodes (or within the rounding
// level above, whichever is larger) of the extreme value are ties (docs/methods-curves.md, "Ties").
constexpr double kTieRelative = 1e-9;

bool all_finite(const double* f, std::size_t G) {
  for (std::size_t i = 0; i < G; ++i)
    if (!std::isfinite(f[i])) return false;
  return true;
}

double max_abs(const double* f, std::size_t G) {
  double m = 0.0;
  for (std::size_t i = 0; i < G; ++i) m = std::max(m, std::fabs(f[i]));
  return m;
}

double min_step(const double* t, std::size_t G) {
  double h = std::numeric_limits<double>::infinity();
  for (std::size_t i = 1; i < G; ++i) h = std::min(h, t[i] - t[i - 1]);
  return h;
}

// The rounding-level spread of a finite-difference derivative of the given order of a function of size `scale`.
double flat_tolerance(double scale, double h_min, int order) {
  return kFlatRoundingUnits * std::numeric_limits<double>::epsilon() * scale / std::pow(h_min, order);
}

// The first upward (y >= level) or, when `below`, downward (y <= level) crossing; `edge` is set when the level is
// reached at x[0] already (a left-censored value).
double crossing(const double* x, const double* y, std::size_t G, double level, bool below, bool& edge) {
  if (!std::isfinite(level)) return kNaN;
  const auto reached = [below, level](double v) { return below ? v <= level : v >= level; };
  if (reached(y[0])) {
    edge = true;  // left-censored: the level is reached at the grid's low end
    return x[0];
  }
  for (std::size_t i = 1; i < G; ++i) {
    if (reached(y[i])) {
      // y[i-1] < level <= y[i] (or y[i-1] > level >= y[i] below), so the ratio lies in (0, 1] and the result in
      // (x[i-1], x[i]].
      const double w = (level - y[i - 1]) / (y[i] - y[i - 1]);
      return x[i - 1] + w * (x[i] - x[i - 1]);
    }
  }
  return kNaN;
}

}  // namespace

const std::vector<std::string>& feature_kind_names() {
  static const std::vector<std::string> names = {
      "inflection",    "takeoff",          "steepest_fall",  "crossing",
      "crossing_expr", "elasticity_break", "crossing_below", "crossing_below_expr"};
  return names;
}

const char* feature_kind_name(FeatureKind kind) {
  return feature_kind_names()[static_cast<std::size_t>(kind)].c_str();
}

FeatureKind parse_feature_kind(const std::string& name) {
  const auto& names = feature_kind_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<FeatureKind>(i);
  std::string known;
  for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown curve feature '" + name + "'" + did_you_mean(name, names) + "; known features: " + known);
}

namespace detail {

void curve_first_derivative(const double* t, const double* f, std::size_t G, double* out) {
  if (G == 0) return;
  out[0] = kNaN;
  out[G - 1] = kNaN;
  for (std::size_t i = 1; i + 1 < G; ++i) {
    const double h1 = t[i] - t[i - 1];
    const double h2 = t[i + 1] - t[i];
    // Exact for quadratics: the derivative at t[i] of the parabola through the three nodes.
    out[i] = -h2 / (h1 * (h1 + h2)) * f[i - 1] + (h2 - h1) / (h1 * h2) * f[i] + h1 / (h2 * (h1 + h2)) * f[i + 1];
  }
}

void curve_second_derivative(const double* t, const double* f, std::size_t G, double* out) {
  if (G == 0) return;
  out[0] = kNaN;
  out[G - 1] = kNaN;
  for (std::size_t i = 1; i + 1 < G; ++i) {
    const double h1 = t[i] - t[i - 1];
    const double h2 = t[i + 1] - t[i];
    out[i] = 2.0 * (f[i - 1] / (h1 * (h1 + h2)) - f[i] / (h1 * h2) + f[i + 1] / (h2 * (h1 + h2)));
  }
}

double parabola_vertex(double t0, double f0, double t1, double f1, double t2, double f2) {
  // Vertex of the interpolating parabola (e.g. Press et al. 2007, Numerical Recipes 3rd ed., eq. 10.3.1).
  const double a = (t1 - t0) * (f1 - f2);
  const double b = (t1 - t2) * (f1 - f0);
  const double den = a - b;
  if (den == 0.0 || !std::isfinite(den)) return t1;
  const double v = t1 - 0.5 * ((t1 - t0) * a - (t1 - t2) * b) / den;
  if (!std::isfinite(v)) return t1;
  return std::clamp(v, t0, t2);
}

double curve_extremum(const double* t, const double* d, std::size_t first, std::size_t last, bool find_max, bool refine,
                      double flat_tol, bool* at_edge) {
  if (at_edge != nullptr) *at_edge = false;
  if (last < first) return kNaN;
  double lo = d[first];
  double hi = d[first];
  for (std::size_t i = first; i <= last; ++i) {
    if (!std::isfinite(d[i])) return kNaN;
    lo = std::min(lo, d[i]);
    hi = std::max(hi, d[i]);
  }
  if (hi - lo <= flat_tol) return kNaN;
  // Ties: every node within the tie tolerance of the extreme value; the lowest of them wins. Without the
  // tolerance, rounding noise of a few 1e-19 in the difference of a constant decides which node of a plateau is
  // "the" extremum (issue 16, part 4).
  const double extreme = find_max ? hi : lo;
  const double tie = std::max(flat_tol, kTieRelative * (hi - lo));
  const auto tied = [&](std::size_t i) { return std::fabs(d[i] - extreme) <= tie; };
  std::size_t best = first;
  while (!tied(best)) ++best;  // terminates: the extreme value is attained in [first, last]
  if (at_edge != nullptr) *at_edge = best == first || best == last;
  if (!refine || best == first || best == last) return t[best];
  // A plateau (the next two nodes tie too) starts at its lowest node; the parabola through it and its neighbours
  // would put the vertex inside the plateau, to the right of where the extreme value is first reached. Two tied
  // nodes alone are a peak midway between them (its vertex is what the parabola finds), not a plateau.
  if (best + 2 <= last && tied(best + 1) && tied(best + 2)) return t[best];
  return parabola_vertex(t[best - 1], d[best - 1], t[best], d[best], t[best + 1], d[best + 1]);
}

}  // namespace detail

void find_feature(FeatureKind kind, const double* grid, std::size_t G, const double* y, std::size_t n,
                  const double* levels, double level, double* out, std::uint8_t* at_edge) {
  for (std::size_t i = 1; i < G; ++i)
    if (!(grid[i] > grid[i - 1]))
      throw Error("curve grid must be strictly increasing (x[" + std::to_string(i) + "] = " + std::to_string(grid[i]) +
                  " after " + std::to_string(grid[i - 1]) + ")");
  if ((kind == FeatureKind::kCrossingExpr || kind == FeatureKind::kCrossingBelowExpr) && levels == nullptr && n > 0)
    throw Error(std::string(feature_kind_name(kind)) + " needs one level per curve");
  const double h_min = G >= 2 ? min_step(grid, G) : 0.0;

  std::vector<double> d(G);
  std::vector<double> u;  // ln x, for elasticity_break
  std::vector<double> v;  // ln y
  std::vector<double> e;  // elasticity
  if (kind == FeatureKind::kElasticityBreak && G > 0 && grid[0] > 0.0) {
    u.resize(G);
    v.resize(G);
    e.resize(G);
    for (std::size_t i = 0; i < G; ++i) u[i] = std::log(grid[i]);
  }

  for (std::size_t c = 0; c < n; ++c) {
    const double* yc = y + c * G;
    double& result = out[c];
    result = kNaN;
    bool edge = false;
    if (at_edge != nullptr) at_edge[c] = 0;
    if (G == 0 || !all_finite(yc, G)) continue;
    switch (kind) {
      case FeatureKind::kCrossing:
        result = crossing(grid, yc, G, level, false, edge);
        break;
      case FeatureKind::kCrossingExpr:
        result = crossing(grid, yc, G, levels[c], false, edge);
        break;
      case FeatureKind::kCrossingBelow:
        result = crossing(grid, yc, G, level, true, edge);
        break;
      case FeatureKind::kCrossingBelowExpr:
        result = crossing(grid, yc, G, levels[c], true, edge);
        break;
      case FeatureKind::kInflection:
      case FeatureKind::kSteepestFall:
        if (G < 3) break;
        detail::curve_first_derivative(grid, yc, G, d.data());
        result = detail::curve_extremum(grid, d.data(), 1, G - 2, kind == FeatureKind::kInflection, true,
                                        flat_tolerance(max_abs(yc, G), h_min, 1), &edge);
        break;
      case FeatureKind::kTakeoff:
        if (G < 3) break;
        detail::curve_second_derivative(grid, yc, G, d.data());
        result = detail::curve_extremum(grid, d.data(), 1, G - 2, true, true, flat_tolerance(max_abs(yc, G), h_min, 2),
                                        &edge);
        break;
      case FeatureKind::kElasticityBreak: {
        if (G < 5 || u.empty()) break;
        bool positive = true;
        for (std::size_t i = 0; i < G && positive; ++i) {
          positive = yc[i] > 0.0;
          if (positive) v[i] = std::log(yc[i]);
        }
        if (!positive) break;
        // e = dv/du at nodes 1..G-2, then de/du at nodes 2..G-3 (the derivative of e on the sub-grid u[1..G-2]).
        detail::curve_first_derivative(u.data(), v.data(), G, e.data());
        detail::curve_first_derivative(u.data() + 1, e.data() + 1, G - 2, d.data() + 1);
        const double tol = flat_tolerance(std::max(1.0, max_abs(v.data(), G)), min_step(u.data(), G), 2);
        const double u_star = detail::curve_extremum(u.data(), d.data(), 2, G - 3, false, true, tol, &edge);
        if (std::isfinite(u_star)) result = std::clamp(std::exp(u_star), grid[0], grid[G - 1]);
        break;
      }
    }
    if (at_edge != nullptr && edge && std::isfinite(result)) at_edge[c] = 1;
  }
}

}  // namespace mcsens
