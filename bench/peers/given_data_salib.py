#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""mcsens analyze against SALib's given-data estimators (issue 21): Borgonovo's delta (SALib.analyze.delta) and
RBD-FAST first-order indices (SALib.analyze.rbd_fast) on the same 10^5 rows of the G-function of 10 inputs
(a = 0, 1, 4.5, 9, 99 x 6; exact S1 = V_i / V with V_i = 1 / (3 (1 + a_i)^2)), wall time of each and the indices
side by side with the exact first-order values.

SALib is not a Debian package and nothing may be downloaded here: without it, the comparison is skipped with a
message and exit 0 (mcsens' own figures are still printed). With it (pip install SALib), SALib's delta runs with
its default 100 bootstrap resamples, as a user would call it.
Usage: given_data_salib.py MCSENS_BINARY [ROWS]
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

A = np.array([0, 1, 4.5, 9, 99, 99, 99, 99, 99, 99])


def exact_first_order():
    v = 1 / (3 * (1 + A) ** 2)
    total = np.prod(1 + v) - 1
    return v / total


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    mcsens = argv[0]
    rows = int(argv[1]) if len(argv) > 1 else 100000
    rng = np.random.default_rng(2026)
    x = rng.random((rows, len(A)))
    y = np.prod((np.abs(4 * x - 2) + A) / (1 + A), axis=1)
    names = [f"x{i + 1}" for i in range(len(A))]
    exact = exact_first_order()
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "g.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(names + ["y"])
            w.writerows([[repr(v) for v in row] + [repr(t)] for row, t in zip(x.tolist(), y.tolist())])
        start = time.perf_counter()
        out = subprocess.run([mcsens, "analyze", path, "--outputs", "y", "--json"], check=True, capture_output=True,
                             text=True).stdout
        mcsens_seconds = time.perf_counter() - start
    d = json.loads(out)["outputs"]["y"]
    print(f"mcsens analyze, {rows} rows x {len(A)} inputs (every estimator with its intervals): {mcsens_seconds:.2f} s")
    print("input  exact S1  mcsens S1  mcsens delta")
    for i, name in enumerate(names):
        print(f"{name:5s}  {exact[i]:8.4f}  {d['rank_first_order']['S1'][i]:9.4f}  {d['delta']['delta'][i]:12.4f}")
    try:
        from SALib.analyze import delta, rbd_fast
    except ImportError:
        print("SALib is not installed here (not a Debian package): the comparison with it is skipped")
        return 0
    problem = {"num_vars": len(A), "names": names, "bounds": [[0.0, 1.0]] * len(A)}
    start = time.perf_counter()
    salib_delta = delta.analyze(problem, x, y, print_to_console=False, seed=1)
    delta_seconds = time.perf_counter() - start
    start = time.perf_counter()
    salib_rbd = rbd_fast.analyze(problem, x, y, print_to_console=False, seed=1)
    rbd_seconds = time.perf_counter() - start
    print(f"SALib delta (with its S1): {delta_seconds:.2f} s; SALib rbd_fast: {rbd_seconds:.2f} s; "
          f"mcsens / (delta + rbd_fast) = {mcsens_seconds / (delta_seconds + rbd_seconds):.3f}")
    print("input  exact S1  SALib rbd S1  SALib delta  mcsens delta")
    for i, name in enumerate(names):
        print(f"{name:5s}  {exact[i]:8.4f}  {salib_rbd['S1'][i]:12.4f}  {salib_delta['delta'][i]:11.4f}  "
              f"{d['delta']['delta'][i]:12.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
