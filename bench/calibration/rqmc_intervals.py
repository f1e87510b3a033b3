#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Are the intervals of a binary calibrated under --sampler sobol? Runs MCSENS over SEEDS seeds and prints, for the
mean of a smooth output (Black-Scholes call price, exact by the Black-Scholes formula) and for S1/ST of the Ishigami
function (exact: Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", sec. 4.3), the coverage of the
95 % intervals and the ratio mean half-width / (1.96 x RMSE across seeds): a calibrated interval has coverage near
0.95 and a ratio near 1. Used for the before/after figures of docs/benchmarks.md (run it with the old and the new
binary); the test of the same property is tests/statistical/engine/test_rqmc_intervals.cpp.

Usage: rqmc_intervals.py MCSENS [SEEDS [REPLICATES]]   (REPLICATES: run.replicates and sensitivity.sobol.replicates;
default: the binary's own default)"""
import json
import math
import os
import subprocess
import sys
import tempfile

BS = """
[parameters]
z = { dist = "normal", mean = 0, sd = 1 }
[outputs]
price = "exp(-0.05) * max(100 * exp(0.05 - 0.5 * 0.2^2 + 0.2 * z) - 100, 0)"
"""
ISHIGAMI = """
[parameters]
x1 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
x2 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
x3 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
[outputs]
y = "sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"
[sensitivity]
sobol = { base_samples = 16384 }
"""


def bs_call(s=100.0, k=100.0, r=0.05, sigma=0.2, t=1.0):
    phi = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))
    d1 = (math.log(s / k) + (r + sigma * sigma / 2) * t) / (sigma * math.sqrt(t))
    return s * phi(d1) - k * math.exp(-r * t) * phi(d1 - sigma * math.sqrt(t))


def ishigami(a=7.0, b=0.1):
    v = a * a / 8 + b * math.pi ** 4 / 5 + b * b * math.pi ** 8 / 18 + 0.5
    v1 = 0.5 * (1 + b * math.pi ** 4 / 5) ** 2
    v2 = a * a / 8
    v13 = b * b * math.pi ** 8 * (1 / 18 - 1 / 50)
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


# t_{R-1, 0.975} for the replicate counts a run may use (scipy.stats.t.ppf(0.975, R - 1)); 1.96 for i.i.d. draws.
T975 = {0: 1.96, 4: 3.182446305284263, 8: 2.364624251592785, 16: 2.131449545559323, 32: 2.0395134463964077,
        64: 1.9983405417721956}


def run(binary, config, args):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m.toml")
        with open(path, "w") as f:
            f.write(config)
        out = subprocess.run([binary, "run", path, "--json", "-q", "--progress", "never", "-o",
                              os.path.join(tmp, "r.h5"), "--force"] + args, check=True, capture_output=True, text=True)
        return json.loads(out.stdout)


def report(name, exact, estimates, lows, highs):
    n = len(estimates)
    covered = sum(1 for e, lo, hi in zip(estimates, lows, highs) if lo <= exact <= hi)
    rmse = math.sqrt(sum((e - exact) ** 2 for e in estimates) / n)
    half = sum((hi - lo) / 2 for lo, hi in zip(lows, highs)) / n
    print(f"{name:18s} coverage {covered / n:5.2f}   half-width {half:9.3g}   RMSE {rmse:9.3g}   "
          f"half-width / (1.96 RMSE) {half / (1.96 * rmse):8.2f}")


def main():
    binary = sys.argv[1]
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    extra = []
    if len(sys.argv) > 3:
        extra = ["--set", "run.replicates=" + sys.argv[3], "--set", "sensitivity.sobol.replicates=" + sys.argv[3]]
    exact = bs_call()
    est, lo, hi = [], [], []
    for seed in range(1, seeds + 1):
        o = run(binary, BS, ["-n", "16384", "-s", str(seed), "--sampler", "sobol", "--only", "uncertainty"] + extra)
        p = o["outputs"]["price"]
        t = T975[p.get("mean_se_replicates", 0)]
        est.append(p["mean"])
        lo.append(p["mean"] - t * p["mean_se"])
        hi.append(p["mean"] + t * p["mean_se"])
    print(f"Black-Scholes call, -n 2^14 --sampler sobol, {seeds} seeds (exact {exact:.6f}):")
    report("mean", exact, est, lo, hi)
    s1, st = ishigami()
    rows = {k: ([], [], []) for k in ["S1", "ST"]}
    results = [run(binary, ISHIGAMI, ["-s", str(seed), "--only", "sobol"] + extra)["sensitivity"]["sobol"]["y"]
               for seed in range(1, seeds + 1)]
    print(f"Ishigami, N = 2^14 base samples (sampler sobol), {seeds} seeds, interval {results[0]['interval']}:")
    for key, exact_values in (("S1", s1), ("ST", st)):
        for i in range(3):
            report(f"{key} x{i + 1}", exact_values[i], [r[key][i] for r in results],
                   [r[key + "_low"][i] for r in results], [r[key + "_high"][i] for r in results])


if __name__ == "__main__":
    main()
