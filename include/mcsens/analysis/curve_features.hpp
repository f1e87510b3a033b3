// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mcsens {

// The features of a response curve y(x) sampled on a grid (INTERFACE.md, [[curves]] features). Every feature is an
// x value; a curve without such a point gives NaN ("not found"), which the caller counts, never drops silently.
// The formulas and conventions are in docs/methods-curves.md.
enum class FeatureKind {
  kInflection,         // x of the maximum of dy/dx
  kTakeoff,            // x of the maximum of d2y/dx2
  kSteepestFall,       // x of the minimum of dy/dx
  kCrossing,           // first x with y >= level (one level for every curve)
  kCrossingExpr,       // first x with y >= levels[d] (one level per curve)
  kElasticityBreak,    // x of the minimum of de/d(ln x), e = d ln y / d ln x
  kCrossingBelow,      // first x with y <= level (a downward crossing; one level for every curve)
  kCrossingBelowExpr,  // first x with y <= levels[d] (one level per curve)
};

// The config spelling of a kind: "inflection", "takeoff", "steepest_fall", "crossing", "crossing_expr",
// "elasticity_break", "crossing_below", "crossing_below_expr".
const char* feature_kind_name(FeatureKind kind);

// All config spellings, in the order of the enum (for did-you-mean and help texts).
const std::vector<std::string>& feature_kind_names();

// The kind for a config spelling; throws mcsens::Error naming the value and a did-you-mean suggestion otherwise.
FeatureKind parse_feature_kind(const std::string& name);

// Locates one feature on n curves at once.
//   grid:   G >= 3 strictly increasing x values, uniform or not (not checked per call: the caller validates the grid
//           once; a non-increasing grid throws mcsens::Error here as well, it is cheap).
//   y:      n curves, curve d at y[d * G .. d * G + G - 1].
//   levels: n per-curve levels for kCrossingExpr and kCrossingBelowExpr (a non-finite level gives NaN), ignored
//           otherwise (may be nullptr).
//   level:  the level of kCrossing and kCrossingBelow, ignored otherwise.
//   out:    n x values; NaN = not found.
//   at_edge: nullptr, or n flags: 1 when the feature lies at the grid's edge (out holds that x): an extremum at the
//           first or last node searched, or a crossing whose level is reached at x[0] already. The true feature
//           may lie on or beyond the grid's end, so the engine counts these draws apart, like "not found".
// Conventions (one line each; the reasons are in docs/methods-curves.md):
//   - A curve with a non-finite y anywhere: NaN for that curve.
//   - Derivatives: second-order finite differences valid on non-uniform grids, at the interior nodes 1..G-2.
//   - Extremum features: the extreme node, then the vertex of the parabola through it and its two neighbours,
//     clamped to [left neighbour, right neighbour]. When the extreme node is the first or last node where the
//     derivative exists (refinement impossible), the node itself is returned: the true extremum may lie on or
//     beyond the grid's end (an edge value). Ties go to the lowest x: derivative values within
//     max(flat tolerance, 1e-9 * (max - min of the derivative over the searched nodes)) of the extreme value tie;
//     the lowest tied node is refined unless its next two neighbours tie too (a plateau: the node itself).
//   - A derivative that is flat everywhere (equal at every node up to rounding: a linear curve for inflection and
//     steepest_fall, a quadratic for takeoff, a power law for elasticity_break): NaN.
//   - Crossing: first node i with y[i] >= level; for i > 0, linear interpolation between x[i-1] and x[i]. When
//     y[0] >= level the answer is x[0] (the level is reached at the grid's low end: a left-censored value, documented
//     as such). A curve that never reaches the level: NaN.
//   - elasticity_break needs x > 0 and y > 0 on the whole grid, else NaN for that curve (all curves when x[0] <= 0).
//     It needs G >= 5 (the second derivative in ln x spans five nodes), else NaN; the other extremum features need
//     G >= 3 (takeoff: G >= 3, refinement from G >= 5).
// Thread safety: a pure function; distinct calls may run concurrently.
void find_feature(FeatureKind kind, const double* grid, std::size_t G, const double* y, std::size_t n,
                  const double* levels, double level, double* out, std::uint8_t* at_edge = nullptr);

namespace detail {

// First derivative of f(t) at the nodes 1..G-2 of a strictly increasing grid t (G >= 3), second-order accurate on
// non-uniform grids (Fornberg 1988 weights for three points): out[i] for i in 1..G-2; out[0], out[G-1] = NaN.
void curve_first_derivative(const double* t, const double* f, std::size_t G, double* out);

// Second derivative at the nodes 1..G-2 (three-point non-uniform formula, second order on uniform grids, first
// order otherwise); out[0], out[G-1] = NaN.
void curve_second_derivative(const double* t, const double* f, std::size_t G, double* out);

// The location of the maximum (find_max) or minimum of d over the nodes first..last of t (inclusive), refined by
// the parabola vertex when refine is true and the node has neighbours inside [first, last]; NaN when d is flat
// (max - min <= flat_tolerance) or has a non-finite value in the range. Ties (values within
// max(flat_tolerance, 1e-9 (max - min)) of the extreme) go to the lowest node; two tied right neighbours (a plateau)
// leave that node unrefined. *at_edge (when given) says whether the chosen node is first or last.
double curve_extremum(const double* t, const double* d, std::size_t first, std::size_t last, bool find_max, bool refine,
                      double flat_tolerance, bool* at_edge = nullptr);

// The vertex of the parabola through (t0, f0), (t1, f1), (t2, f2), t0 < t1 < t2, clamped to [t0, t2]; t1 when the
// three points are collinear.
double parabola_vertex(double t0, double f0, double t1, double f1, double t2, double f2);

}  // namespace detail
}  // namespace mcsens
