#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Accuracy per second of the randomized-QMC Sobol' design against its replicate count (issue 36).

The default sampler splits the N base samples into R independently scrambled Sobol' nets of N / R points and gives
the Student t interval over the R replicate estimates. Fewer, larger nets are more accurate at equal N (a scrambled
net's error falls faster than 1/sqrt(n) on smooth integrands); more replicates give the interval more degrees of
freedom. For each model, N and R this script runs `mcsens run --only sobol` over SEEDS seeds (one thread per
process, JOBS processes at once) and prints, over all first-order and total indices of the model:
  - the coverage of the 95 % intervals (mean over the indices, and the lowest index's),
  - the largest RMSE over the indices (against the exact values) and the mean half-width / (1.96 RMSE) (near 1 for a
    calibrated interval, above 1 conservative),
  - the median seconds of one run (the same N costs the same evaluations whatever R: equal N is equal time).
Exact indices: Ishigami (Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", sec. 4.3); the G-function
(Saltelli and Sobol' 1995: V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1); y = max(x1, x2) of two standard
uniforms, a kinked output: E[y | x1] = (1 + x1^2) / 2, so V = 1/18, V_1 = Var(x1^2) / 4 = 1/45, S1 = 0.4 and
ST = 1 - S1 of the other = 0.6 for both inputs.

Usage: sobol_replicates.py MCSENS [--seeds 100] [--n 4096,16384,65536] [--r 4,8,16,32,64] [--jobs 2]
"""
import argparse
import concurrent.futures
import json
import math
import os
import statistics
import subprocess
import tempfile
import time

UNIFORM_PI = '{ dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }'
UNIT = '{ dist = "uniform", low = 0, high = 1 }'
G_A = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0]

MODELS = {
    "ishigami": f"""
[parameters]
x1 = {UNIFORM_PI}
x2 = {UNIFORM_PI}
x3 = {UNIFORM_PI}
[outputs]
y = "sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"
""",
    "gfunction": "\n[parameters]\n" + "".join(f"x{i + 1} = {UNIT}\n" for i in range(len(G_A))) + """
[functions]
gi = { args = ["x", "a"], expr = "(abs(4 * x - 2) + a) / (1 + a)" }
[outputs]
y = \"""" + " * ".join(f"gi(x{i + 1}, {a})" for i, a in enumerate(G_A)) + """\"
""",
    "kink": f"""
[parameters]
x1 = {UNIT}
x2 = {UNIT}
[outputs]
y = "max(x1, x2)"
""",
}


def exact(model):
    if model == "ishigami":
        a, b = 7.0, 0.1
        v = a * a / 8 + b * math.pi ** 4 / 5 + b * b * math.pi ** 8 / 18 + 0.5
        v1 = 0.5 * (1 + b * math.pi ** 4 / 5) ** 2
        v2 = a * a / 8
        v13 = b * b * math.pi ** 8 * (1 / 18 - 1 / 50)
        return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]
    if model == "gfunction":
        vi = [1 / (3 * (1 + a) ** 2) for a in G_A]
        v = math.prod(1 + x for x in vi) - 1
        st = [vi[i] * math.prod(1 + vi[j] for j in range(len(vi)) if j != i) / v for i in range(len(vi))]
        return [x / v for x in vi], st
    return [0.4, 0.4], [0.6, 0.6]


def one_run(binary, config_path, n, r, seed):
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        out = subprocess.run([binary, "run", config_path, "--only", "sobol", "--json", "-q", "--progress", "never",
                              "-t", "1", "-s", str(seed), "--set", f"sensitivity.sobol.base_samples={n}",
                              "--set", f"sensitivity.sobol.replicates={r}", "-o", os.path.join(tmp, "r.h5")],
                             check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    return json.loads(out.stdout)["sensitivity"]["sobol"]["y"], seconds


def summarize(model, results):
    s1, st = exact(model)
    covered, rmse, ratio = [], [], []
    for key, values in (("S1", s1), ("ST", st)):
        for i, want in enumerate(values):
            est = [r[key][i] for r, _ in results]
            lows = [r[key + "_low"][i] for r, _ in results]
            highs = [r[key + "_high"][i] for r, _ in results]
            covered.append(sum(lo <= want <= hi for lo, hi in zip(lows, highs)) / len(est))
            e = math.sqrt(sum((x - want) ** 2 for x in est) / len(est))
            rmse.append(e)
            half = sum((hi - lo) / 2 for lo, hi in zip(lows, highs)) / len(est)
            ratio.append(half / (1.96 * e) if e > 0 else float("inf"))
    return statistics.mean(covered), min(covered), max(rmse), statistics.mean(ratio), \
        statistics.median(s for _, s in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--n", default="4096,16384,65536")
    parser.add_argument("--r", default="4,8,16,32,64")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--models", default="ishigami,gfunction,kink")
    args = parser.parse_args()
    ns = [int(x) for x in args.n.split(",")]
    rs = [int(x) for x in args.r.split(",")]
    print("| model | N | R | coverage (mean) | coverage (lowest index) | largest RMSE | half-width / 1.96 RMSE | "
          "seconds per run |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for model in args.models.split(","):
            path = os.path.join(tmp, model + ".toml")
            with open(path, "w") as f:
                f.write(MODELS[model])
            for n in ns:
                for r in rs:
                    if n // r < 2:
                        continue
                    runs = list(pool.map(lambda seed: one_run(args.binary, path, n, r, seed),
                                         range(1, args.seeds + 1)))
                    mean_cov, low_cov, worst, ratio, seconds = summarize(model, runs)
                    print(f"| {model} | {n} | {r} | {mean_cov:.3f} | {low_cov:.2f} | {worst:.2e} | {ratio:.2f} | "
                          f"{seconds:.3f} |", flush=True)


if __name__ == "__main__":
    main()
