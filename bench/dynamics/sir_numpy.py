#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The NumPy peer of bench/dynamics/sir.sh: configs/examples/sir.toml as a vectorized NumPy Euler loop over all
draws at once (the way one writes it in Python: one array per state, 1000 steps, each step a handful of
whole-array operations), in chunks of 2^17 draws so that memory stays bounded. Prints the means, the claim
probability and the seconds.

    /usr/bin/python3 bench/dynamics/sir_numpy.py SAMPLES
"""
import sys
import time

import numpy as np

STEPS, DT, CHUNK = 1000, 0.1, 1 << 17


def chunk(rng, m):
    beta = rng.uniform(0.2, 0.4, m)
    gamma = rng.uniform(0.08, 0.12, m)
    s, i, r = np.full(m, 0.99), np.full(m, 0.01), np.zeros(m)
    peak, t_peak = i.copy(), np.zeros(m)
    t_ten = np.full(m, np.nan)
    for k in range(STEPS + 1):
        t = k * DT
        if k > 0:
            higher = i > peak
            t_peak = np.where(higher, t, t_peak)
            np.maximum(peak, i, out=peak)
        t_ten = np.where(np.isnan(t_ten) & (i > 0.1), t, t_ten)
        if k == STEPS:
            break
        infections = beta * s * i
        recoveries = gamma * i
        s = s - DT * infections
        i = i + DT * (infections - recoveries)
        r = r + DT * recoveries
    return peak, t_peak, r, t_ten


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
    rng = np.random.default_rng(1)
    start = time.perf_counter()
    sums = np.zeros(4)
    claim = 0
    for first in range(0, n, CHUNK):
        peak, t_peak, attack, t_ten = chunk(rng, min(CHUNK, n - first))
        sums += [peak.sum(), t_peak.sum(), attack.sum(), np.nansum(t_ten)]
        claim += int((peak > 0.2).sum())
    seconds = time.perf_counter() - start
    print(f"peak_I {sums[0] / n:.6f}  t_peak {sums[1] / n:.4f}  attack {sums[2] / n:.6f}  t_ten {sums[3] / n:.4f}  "
          f"P(peak_I > 0.2) {claim / n:.5f}  numpy {np.__version__}  {seconds:.3f} s")


main()
