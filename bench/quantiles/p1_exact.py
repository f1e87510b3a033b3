#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Exact quantiles of the P1 yardstick (configs/benchmarks/p1.toml) and the error of a result file's quantiles in
sampling standard errors (issue 16, part 3).

y = gamma * api * flow / (lag + attr) + eps with gamma ~ U(0.8, 1.2), api ~ U(0.30, 0.46), flow ~ U(0.45, 0.60),
lag ~ U(0.5, 2.0), attr ~ U(0.1, 0.4), eps ~ N(0, 0.02). Conditioning on the uniforms,
    F(y) = E[Phi((y - W / S) / 0.02)],   f(y) = E[phi((y - W / S) / 0.02)] / 0.02,
with W = gamma api flow and S = lag + attr, whose density is the trapezoid of the two uniforms' sum. The
expectation is a Gauss-Legendre product rule in gamma, api, flow and S (S split at the trapezoid's kinks, where
its density is not smooth); the integrand is smooth there, and doubling the nodes changes the quantiles by less
than 1e-10 (printed). The quantile is the root of F(y) = p (scipy brentq, xtol 1e-13).
The se of the p-quantile of N draws is sqrt(p (1 - p) / N) / f(x_p) (Cramer 1946, 28.5).

Usage: p1_exact.py [--check] [RESULT.h5 ...]   (each file: /outputs/y/quantiles and the draws' count;
       --check also recomputes the quantiles with twice the nodes and prints the largest change)
"""
import sys

import numpy as np
from scipy.optimize import brentq
from scipy.special import ndtr

SIGMA = 0.02
LEVELS = [0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999]


def rule(n_uniform, n_sum):
    def gl(a, b, n):
        x, w = np.polynomial.legendre.leggauss(n)
        return 0.5 * (b - a) * x + 0.5 * (a + b), 0.5 * (b - a) * w / (b - a)  # weights of the uniform law

    g, wg = gl(0.8, 1.2, n_uniform)
    a, wa = gl(0.30, 0.46, n_uniform)
    f, wf = gl(0.45, 0.60, n_uniform)
    # S = lag + attr on [0.6, 2.4]: density rising on [0.6, 0.9], flat 1/1.5 on [0.9, 2.1], falling on [2.1, 2.4].
    s_nodes, s_weights = [], []
    for lo, hi, dens in [(0.6, 0.9, lambda s: (s - 0.6) / 0.45), (0.9, 2.1, lambda s: np.full_like(s, 1 / 1.5)),
                         (2.1, 2.4, lambda s: (2.4 - s) / 0.45)]:
        x, w = np.polynomial.legendre.leggauss(n_sum)
        s = 0.5 * (hi - lo) * x + 0.5 * (hi + lo)
        s_nodes.append(s)
        s_weights.append(0.5 * (hi - lo) * w * dens(s))
    s = np.concatenate(s_nodes)
    ws = np.concatenate(s_weights)
    W = (g[:, None, None] * a[None, :, None] * f[None, None, :]).ravel()
    wW = (wg[:, None, None] * wa[None, :, None] * wf[None, None, :]).ravel()
    Z = (W[:, None] / s[None, :]).ravel()
    wZ = (wW[:, None] * ws[None, :]).ravel()
    return Z, wZ


def exact(n_uniform=16, n_sum=24):
    Z, w = rule(n_uniform, n_sum)
    cdf = lambda y: float(np.dot(w, ndtr((y - Z) / SIGMA)))
    pdf = lambda y: float(np.dot(w, np.exp(-0.5 * ((y - Z) / SIGMA) ** 2))) / (SIGMA * np.sqrt(2 * np.pi))
    out = []
    for p in LEVELS:
        q = brentq(lambda y: cdf(y) - p, -0.2, 0.8, xtol=1e-13, rtol=1e-15)
        out.append((p, q, pdf(q)))
    return out


def main():
    args = sys.argv[1:]
    table = exact()
    note = ""
    if args and args[0] == "--check":
        args = args[1:]
        check = exact(32, 48)
        note = f"; doubled nodes move them by {max(abs(a[1] - b[1]) for a, b in zip(table, check)):.1e}"
    print(f"# exact P1 quantiles (Gauss-Legendre 16^3 x 3*24{note})")
    for p, q, d in table:
        print(f"{p:<6} {q:.10f}  density {d:.6f}")
    if not args:
        return
    import h5py
    for path in args:
        with h5py.File(path, "r") as h:
            o = h["outputs/y"]
            n = int(o["count"][()]) + int(o["nonfinite"][()])
            probs, values = o["quantiles"][()]
            bounds = o["quantile_errors"][()] if "quantile_errors" in o else None
        worst, worst5 = 0.0, 0.0
        print(f"\n{path}: {n} draws")
        print("p       reported        exact           error/se  bound/se")
        for i, (p, v) in enumerate(zip(probs, values)):
            row = [t for t in table if abs(t[0] - p) < 1e-12]
            if not row:
                continue
            _, q, d = row[0]
            se = np.sqrt(p * (1 - p) / n) / d
            e = abs(v - q) / se
            worst = max(worst, e)
            if p in (0.05, 0.25, 0.5, 0.75, 0.95):
                worst5 = max(worst5, e)
            b = f"{bounds[i] / se:8.3f}" if bounds is not None else "       -"
            print(f"{p:<7} {v:.10f}  {q:.10f}  {e:8.2f}  {b}")
        print(f"worst of the 13 levels: {worst:.2f} se; of q05, q25, median, q75, q95: {worst5:.2f} se")


if __name__ == "__main__":
    main()
