#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Peer benchmark: a well-vectorized NumPy implementation of mcsens' Sobol' estimators.

Same estimators as mcsens (docs/methods-sensitivity.md):
  total variance  V    = population variance of the 2N outputs f_A, f_B (c = their mean)
  first order     V_i  = (1/N)  sum (f_B - c) (f_AB^i - f_A)      Saltelli et al. 2010, Table 2 (b)
  total order     VT_i = (1/2N) sum (f_A - f_AB^i)^2              Jansen 1999; Saltelli 2010, Table 2 (f)
  S_i = V_i / V, ST_i = VT_i / V.

Design: Saltelli's A, B, AB^i, but from a *pseudo-random* uniform sample (NumPy's PCG64), not scrambled Sobol'
points: NumPy has no Sobol' generator and this benchmark must not use SciPy. The estimators' expectations are
the same; their errors are larger (O(N^-1/2) instead of close to O(N^-1)), which is why the agreement with mcsens
is judged against mcsens' 95 % intervals and not to the last digit.

Vectorization: the N base samples are processed in chunks (default 2^20 bases) so that a chunk's arrays stay in
cache-friendly sizes and memory does not grow with N: A, B are (chunk, k) arrays, the model is evaluated on whole
columns, and AB^i reuses one (chunk, k) buffer per input. Without intervals only running sums are kept (O(k)
memory). With intervals (--bootstrap B, default 1000) the per-base terms are kept (N x (4 + 3k) float64) and the
percentile bootstrap (Efron & Tibshirani 1993) is computed as resample-count matrices times the term matrix
(one BLAS GEMM per batch of resamples), quantiles by linear interpolation (type 7), as in mcsens.

Usage: sobol_numpy.py PROBLEM N [--no-intervals] [--bootstrap B] [--seed S] [--json]
PROBLEM: ishigami | gfunction  (the M5 model is compared with OpenTURNS only: NumPy has no beta or
normal quantile function)
"""
import argparse
import json
import sys
import time

import numpy as np

T0 = time.perf_counter()

# ---------------------------------------------------------------------------------------------- problems
# Each problem maps unit-uniform columns u (n, k) to physical inputs and evaluates the output, vectorized.

PI = np.pi
G_A = np.array([0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0])


def ishigami(u):
    """Ishigami & Homma (1990), a = 7, b = 0.1, x_i = -pi + 2 pi u_i."""
    x = -PI + 2.0 * PI * u
    s1 = np.sin(x[:, 0])
    return s1 + 7.0 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * s1


def gfunction(u):
    """Sobol' G-function (Saltelli & Sobol' 1995), y = prod (|4 u_i - 2| + a_i) / (1 + a_i)."""
    return np.prod((np.abs(4.0 * u - 2.0) + G_A) / (1.0 + G_A), axis=1)


PROBLEMS = {
    "ishigami": (3, ishigami, ["x1", "x2", "x3"]),
    "gfunction": (8, gfunction, ["x%d" % (i + 1) for i in range(8)]),
}


# ---------------------------------------------------------------------------------------------- estimators
def terms_of_chunk(f, a, b):
    """Per-base terms of one chunk: fA, fB (n,), and D (n, k) with D[:, i] = f_AB^i - f_A."""
    fa = f(a)
    fb = f(b)
    n, k = a.shape
    d = np.empty((n, k))
    ab = a.copy()
    for i in range(k):
        ab[:, i] = b[:, i]
        d[:, i] = f(ab) - fa
        ab[:, i] = a[:, i]
    return fa, fb, d


def indices_from_sums(n, s_a, s_b, s_aa, s_bb, s_bd, s_d, s_dd):
    """S1, ST (arrays over the last axis) from the sums; all arguments broadcast over leading resample axes."""
    c = (s_a + s_b) / (2.0 * n)
    var = (s_aa + s_bb) / (2.0 * n) - c * c
    v1 = (s_bd - c[..., None] * s_d) / n
    vt = s_dd / (2.0 * n)
    return v1 / var[..., None], vt / var[..., None], var


def run(problem, n, chunk, seed, intervals, resamples, confidence):
    k, f, names = PROBLEMS[problem]
    rng = np.random.default_rng(seed)
    sums = dict(s_a=0.0, s_b=0.0, s_aa=0.0, s_bb=0.0, s_bd=np.zeros(k), s_d=np.zeros(k), s_dd=np.zeros(k))
    kept = [] if intervals else None
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        u = rng.random((m, 2 * k))
        a = u[:, :k]
        b = u[:, k:]
        fa, fb, d = terms_of_chunk(f, np.ascontiguousarray(a), np.ascontiguousarray(b))
        sums["s_a"] += fa.sum()
        sums["s_b"] += fb.sum()
        sums["s_aa"] += fa @ fa
        sums["s_bb"] += fb @ fb
        sums["s_bd"] += fb @ d
        sums["s_d"] += d.sum(axis=0)
        sums["s_dd"] += np.einsum("ij,ij->j", d, d)
        if intervals:
            # Term matrix: [fA, fB, fA^2, fB^2, fB*D (k), D (k), D^2 (k)]; float64.
            kept.append(np.hstack([fa[:, None], fb[:, None], (fa * fa)[:, None], (fb * fb)[:, None],
                                   fb[:, None] * d, d, d * d]))
    s1, st, var = indices_from_sums(n, **sums)
    out = dict(tool="numpy", problem=problem, N=n, design="pseudo-random (PCG64)", names=names,
               S1=s1.tolist(), ST=st.tolist(), variance=float(var))
    if intervals:
        t = np.vstack(kept)
        del kept
        boot_s1, boot_st = bootstrap(t, n, k, rng, resamples)
        lo_q, hi_q = (1.0 - confidence) / 2.0, (1.0 + confidence) / 2.0
        out["S1_ci"] = np.quantile(boot_s1, [lo_q, hi_q], axis=0).tolist()
        out["ST_ci"] = np.quantile(boot_st, [lo_q, hi_q], axis=0).tolist()
        out["interval"] = "bootstrap %d resamples, percentile" % resamples
    else:
        out["interval"] = "none"
    return out


def bootstrap(t, n, k, rng, resamples, batch=25):
    """Percentile-bootstrap replicates of S1, ST: resample counts W (batch, N) times the term matrix t (N, m)."""
    s1 = np.empty((resamples, k))
    st = np.empty((resamples, k))
    for r0 in range(0, resamples, batch):
        nb = min(batch, resamples - r0)
        idx = rng.integers(0, n, size=(nb, n))
        idx += (np.arange(nb) * n)[:, None]
        w = np.bincount(idx.ravel(), minlength=nb * n).reshape(nb, n).astype(np.float64)
        del idx
        s = w @ t  # (nb, 4 + 3k)
        b1, bt, _ = indices_from_sums(n, s[:, 0], s[:, 1], s[:, 2], s[:, 3], s[:, 4:4 + k], s[:, 4 + k:4 + 2 * k],
                                      s[:, 4 + 2 * k:])
        s1[r0:r0 + nb] = b1
        st[r0:r0 + nb] = bt
    return s1, st


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("problem", choices=sorted(PROBLEMS))
    p.add_argument("n", type=int, help="base samples N")
    p.add_argument("--no-intervals", action="store_true", help="point estimates only (streaming, O(k) memory)")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--confidence", type=float, default=0.95)
    p.add_argument("--chunk", type=int, default=1 << 20, help="bases per vectorized chunk (default 2^20)")
    p.add_argument("--seed", type=int, default=1990)
    p.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
    args = p.parse_args()
    if args.n < 2:
        p.error("N must be at least 2")
    out = run(args.problem, args.n, args.chunk, args.seed, not args.no_intervals, args.bootstrap, args.confidence)
    out["wall_s_in_process"] = time.perf_counter() - T0
    if args.json:
        print(json.dumps(out))
        return
    print("%s N=%d (%s), intervals: %s" % (out["problem"], out["N"], out["design"], out["interval"]))
    for i, name in enumerate(out["names"]):
        line = "  %-6s S1 % .5f  ST % .5f" % (name, out["S1"][i], out["ST"][i])
        if "S1_ci" in out:
            line += "  S1_ci [% .5f, % .5f]  ST_ci [% .5f, % .5f]" % (
                out["S1_ci"][0][i], out["S1_ci"][1][i], out["ST_ci"][0][i], out["ST_ci"][1][i])
        print(line)
    print("wall time (in process, incl. imports): %.3f s" % out["wall_s_in_process"])


if __name__ == "__main__":
    sys.exit(main())
