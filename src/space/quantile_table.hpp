// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace mcsens {
namespace detail {

// A tabulated quantile function Q(u) with an exact fallback, for distributions whose quantile has no closed form
// (beta, gamma, PERT, truncated normal).
//
// Grid: w = min(u, 1 - u) is split into binades [2^-(b+2), 2^-(b+1)), b = 0 .. 38 (down to 2^-40 < 1e-12), each
// cut into M equal cells, separately for the lower (u < 1/2) and upper (u >= 1/2) halves. The cell and the local
// coordinate s in [0, 1) come straight from the exponent and mantissa bits of w, so the lookup is integer work
// that vectorizes (no log). Power laws (Q ~ u^(1/a) near 0) and logarithms (Q ~ -log(1 - u)) look the same at
// every binade, so a fixed number of cells per binade resolves every tail.
// Each cell holds the quintic Hermite interpolant of Q through its two end nodes, with the exact derivatives
// dQ/du = 1 / f(Q) and d2Q/du2 = -(f'/f)(Q) / f(Q)^2 (error O(h^6)). At construction every cell is checked at its
// midpoint against the exact quantile; a cell off by more than tolerance / 10 is marked (NaN coefficients) and
// evaluated by the exact quantile, as are u = 1/2 exactly and w < 2^-40.
class QuantileTable {
 public:
  struct Functions {
    std::function<double(double)> lower;     // w -> Q(w), accurate for small w
    std::function<double(double)> upper;     // w -> Q(1 - w), accurate for small w
    std::function<double(double)> pdf;       // x -> f(x)
    std::function<double(double)> dlog_pdf;  // x -> f'(x) / f(x)
  };

  QuantileTable() = default;
  // tolerance: the absolute accuracy wanted (e.g. 1e-9 times the distribution's scale).
  QuantileTable(Functions functions, double tolerance);

  // x[i] = Q(u[i]), u[i] strictly inside (0, 1). No allocation.
  void evaluate(const double* u, double* x, std::size_t n) const;
  double exact(double u) const;

  int cells_per_binade() const { return 1 << log2_cells_; }
  std::size_t exact_cells() const { return exact_cells_; }  // cells left to the exact quantile

 private:
  bool build(int log2_cells, double tolerance, bool final_try);

  static constexpr int kBinades = 39;
  Functions functions_;
  int log2_cells_ = 0;
  std::size_t exact_cells_ = 0;
  std::vector<double> coefficients_;  // 6 per cell: c0 .. c5 in s; the last cell is the NaN sentinel
};

}  // namespace detail
}  // namespace mcsens
