// SPDX-License-Identifier: MIT
#include "space/quantile_table.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <utility>

namespace mcsens {
namespace detail {

namespace {

inline std::uint64_t bits_of(double x) {
  std::uint64_t b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

inline double double_of(std::uint64_t b) {
  double x = 0;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

// Value and the first two derivatives in the cell coordinate s (w = w0 + s h) of one side's Q.
struct Node {
  double value;
  double d1;
  double d2;
};

// f(x), or NaN where the library refuses (an overflow at a pole): such a cell falls back to the exact quantile.
double guarded(const std::function<double(double)>& f, double x) {
  try {
    return f(x);
  } catch (const std::exception&) {
    return std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace

QuantileTable::QuantileTable(Functions functions, double tolerance) : functions_(std::move(functions)) {
  // 16 cells per binade serve smooth quantiles; sharper ones get 32, 64 or 128.
  for (int log2_cells = 4; log2_cells <= 7; ++log2_cells) {
    if (build(log2_cells, tolerance, log2_cells == 7)) break;
  }
}

bool QuantileTable::build(int log2_cells, double tolerance, bool final_try) {
  const int m = 1 << log2_cells;
  const std::size_t cells = static_cast<std::size_t>(2 * kBinades * m);
  std::vector<double> coef((cells + 1) * 6, 0.0);
  std::size_t failed = 0;
  std::size_t failed_central = 0;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int side = 0; side < 2; ++side) {
    const auto& q = side == 0 ? functions_.lower : functions_.upper;
    const double sign = side == 0 ? 1.0 : -1.0;  // dQ(1 - w)/dw = -Q'(1 - w)
    for (int b = 0; b < kBinades; ++b) {
      const double w0 = std::ldexp(1.0, -(b + 2));
      const double h = w0 / m;
      auto node = [&](int j) {
        const double x = guarded(q, w0 + j * h);
        const double f = guarded(functions_.pdf, x);
        // Where f(Q) cannot be evaluated (Q rounded onto a bound of the support, a pdf pole) the slopes are
        // dropped; the midpoint check below then decides whether the cell is still good enough.
        double qd = 1.0 / f;
        if (!std::isfinite(qd)) qd = 0;
        double qdd = -guarded(functions_.dlog_pdf, x) * qd * qd;
        if (!std::isfinite(qdd)) qdd = 0;
        return Node{x, sign * qd * h, qdd * h * h};
      };
      Node left = node(0);
      for (int c = 0; c < m; ++c) {
        const Node right = node(c + 1);
        const std::size_t cell = static_cast<std::size_t>((side * kBinades + b) * m + c);
        double* k = &coef[cell * 6];
        const double dp = right.value - left.value;
        k[0] = left.value;
        k[1] = left.d1;
        k[2] = 0.5 * left.d2;
        k[3] = 10 * dp - 6 * left.d1 - 4 * right.d1 - 1.5 * left.d2 + 0.5 * right.d2;
        k[4] = -15 * dp + 8 * left.d1 + 7 * right.d1 + 1.5 * left.d2 - right.d2;
        k[5] = 6 * dp - 3 * left.d1 - 3 * right.d1 - 0.5 * left.d2 + 0.5 * right.d2;
        const double s = 0.5;
        const double mid = k[0] + s * (k[1] + s * (k[2] + s * (k[3] + s * (k[4] + s * k[5]))));
        const double want = guarded(q, w0 + (c + 0.5) * h);
        if (!(std::fabs(mid - want) <= 0.1 * tolerance)) {
          for (int t = 0; t < 6; ++t) k[t] = nan;
          ++failed;
          if (b < 10) ++failed_central;
        }
        left = right;
      }
    }
  }
  for (int t = 0; t < 6; ++t) coef[cells * 6 + static_cast<std::size_t>(t)] = nan;
  if (failed_central > 0 && !final_try) return false;
  coefficients_ = std::move(coef);
  log2_cells_ = log2_cells;
  exact_cells_ = failed;
  return true;
}

double QuantileTable::exact(double u) const {
  return u < 0.5 ? functions_.lower(u) : functions_.upper(1.0 - u);
}

void QuantileTable::evaluate(const double* u, double* x, std::size_t n) const {
  const double* coef = coefficients_.data();
  const int shift = 52 - log2_cells_;
  const std::int64_t m = std::int64_t{1} << log2_cells_;
  const std::int64_t side_cells = kBinades * m;
  const std::int64_t sentinel = 2 * side_cells;
  const std::uint64_t mantissa_mask = (std::uint64_t{1} << 52) - 1;
  for (std::size_t i = 0; i < n; ++i) {
    const double ui = u[i];
    const bool upper = ui >= 0.5;
    const double w = upper ? 1.0 - ui : ui;  // exact for u >= 1/2 (Sterbenz)
    const std::uint64_t bits = bits_of(w);
    const std::int64_t exponent = static_cast<std::int64_t>(bits >> 52) - 1023;  // w in [2^e, 2^(e+1))
    const std::int64_t binade = -2 - exponent;
    const std::uint64_t mantissa = bits & mantissa_mask;
    const std::int64_t cell = static_cast<std::int64_t>(mantissa >> shift);
    const double s = double_of(0x3FF0000000000000ULL | ((mantissa << log2_cells_) & mantissa_mask)) - 1.0;
    std::int64_t index = (upper ? side_cells : 0) + binade * m + cell;
    index = (binade < 0 || binade >= kBinades) ? sentinel : index;
    const double* k = coef + index * 6;
    x[i] = k[0] + s * (k[1] + s * (k[2] + s * (k[3] + s * (k[4] + s * k[5]))));
  }
  // Rare: the sentinel and marked cells.
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(x[i])) x[i] = exact(u[i]);
  }
}

}  // namespace detail
}  // namespace mcsens
