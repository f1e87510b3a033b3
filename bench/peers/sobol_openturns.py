#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Peer benchmark: the same Sobol' analyses through OpenTURNS (Debian's python3-openturns, 1.20).

Pipeline, all OpenTURNS:
  design   ot.SobolIndicesExperiment(distribution, N)  -> N (k + 2) rows (A, B, then the k mixed matrices),
           sampling method from ResourceMap "SobolIndicesExperiment-SamplingMethod" (--sampling; the default of
           this script is "QMC", i.e. Sobol' points as in mcsens; OpenTURNS' own default is "MonteCarlo")
  model    ot.SymbolicFunction (OpenTURNS' parsed-expression evaluator, vectorized over the sample in C++:
           the fastest way to evaluate a formula in OpenTURNS, so the comparison is not with a Python loop)
  S1       ot.SaltelliSensitivityAlgorithm(...).getFirstOrderIndices()     (Saltelli 2010)
  ST       ot.JansenSensitivityAlgorithm(...).getTotalOrderIndices()       (Jansen 1999)
  CI       bootstrap, ResourceMap "SobolIndicesAlgorithm-DefaultBootstrapSize" = 1000 resamples,
           getFirstOrderIndicesInterval() / getTotalOrderIndicesInterval() at 95 %. OpenTURNS' own bootstrap
           (SobolIndicesAlgorithmImplementation::computeBootstrapDistribution, 1.20): each resample gathers the
           resampled rows of all k + 2 output blocks, recomputes the estimator (with the variance of the resampled
           A block only), and the interval is the quantiles of a KernelSmoothing distribution fitted to the
           replicates, not the raw percentiles mcsens and sobol_numpy.py report.
Both algorithms are given the same design and outputs; each runs its own bootstrap (S1's interval comes from the
Saltelli algorithm, ST's from the Jansen algorithm), which is what a user of OpenTURNS does for this pair of
estimators.

Usage: sobol_openturns.py PROBLEM N [--no-intervals] [--bootstrap B] [--sampling QMC|MonteCarlo|LHS] [--json]
PROBLEM: ishigami | gfunction | m5
"""
import argparse
import json
import sys
import time

T0 = time.perf_counter()

try:
    import openturns as ot
except ImportError:
    sys.exit("sobol_openturns.py: OpenTURNS is missing; install it with: apt-get install -y python3-openturns")

PI = "3.141592653589793"
G_A = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0]


def ishigami():
    """Ishigami & Homma (1990), a = 7, b = 0.1, x_i ~ U(-pi, pi)."""
    names = ["x1", "x2", "x3"]
    dist = ot.ComposedDistribution([ot.Uniform(-3.141592653589793, 3.141592653589793)] * 3)
    f = ot.SymbolicFunction(names, ["sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"])
    return names, dist, f


def gfunction():
    """Sobol' G-function (Saltelli & Sobol' 1995), x ~ U(0,1)^8."""
    names = ["x%d" % (i + 1) for i in range(8)]
    dist = ot.ComposedDistribution([ot.Uniform(0.0, 1.0)] * 8)
    expr = " * ".join("(abs(4 * %s - 2) + %r) / %r" % (x, a, 1.0 + a) for x, a in zip(names, G_A))
    return names, dist, ot.SymbolicFunction(names, [expr])


def _beta(mean, sd):
    """Beta on [0, 1] with the given mean and sd (method of moments, as mcsens' `beta = {mean, sd}`)."""
    nu = mean * (1.0 - mean) / sd ** 2 - 1.0
    return ot.Beta(mean * nu, (1.0 - mean) * nu, 0.0, 1.0)


def m5():
    """The paper model's output rde_hb (configs/paper.toml) over all 20 inputs of the model, as in bench/peers/m5.toml.

    rde_hb = gamma * s_hb d_hb / (lag_hb + (1 - ie_hb)) + eps_hb; 14 inputs do not enter it (their indices are 0).
    """
    inputs = [
        ("gamma", ot.Uniform(0.8, 1.2)),
        ("s_zj", _beta(0.94, 0.03)), ("s_hb", _beta(0.38, 0.03)),
        ("d_zj", _beta(0.87, 0.03)), ("d_hb", _beta(0.52, 0.03)),
        ("b_zj", _beta(0.90, 0.03)), ("b_hb", _beta(0.38, 0.03)),
        ("ie_zj", _beta(0.85, 0.05)), ("ie_hb", _beta(0.32, 0.05)),
        ("lag_zj", ot.Triangular(0.25, 0.5, 1.0)), ("lag_hb", ot.Triangular(0.5, 1.5, 3.0)),
        ("eps_zj", ot.Normal(0.0, 0.02)), ("eps_hb", ot.Normal(0.0, 0.02)),
        ("cstar_hb", ot.Normal(0.55, 0.03)),
        ("eta", ot.Uniform(0.5, 2.0)), ("k", ot.Uniform(10.0, 30.0)),
        ("el_lo", ot.Normal(0.8, 0.05)), ("el_hi", ot.Normal(0.3, 0.05)), ("c_infl", ot.Normal(0.75, 0.03)),
        ("m", ot.Uniform(15.0, 45.0)),
    ]
    names = [n for n, _ in inputs]
    dist = ot.ComposedDistribution([d for _, d in inputs])
    # "gamma" is OpenTURNS' gamma function in a SymbolicFunction, so the formula's variables get a trailing "_".
    f = ot.SymbolicFunction([n + "_" for n in names], ["gamma_ * s_hb_ * d_hb_ / (lag_hb_ + (1 - ie_hb_)) + eps_hb_"])
    return names, dist, f


PROBLEMS = {"ishigami": ishigami, "gfunction": gfunction, "m5": m5}


def run(problem, n, intervals, resamples, confidence, sampling, seed, block):
    ot.RandomGenerator.SetSeed(seed)
    ot.ResourceMap.SetAsString("SobolIndicesExperiment-SamplingMethod", sampling)
    ot.ResourceMap.SetAsUnsignedInteger("SobolIndicesAlgorithm-DefaultBootstrapSize", resamples)
    ot.ResourceMap.SetAsScalar("SobolIndicesAlgorithm-DefaultBootstrapConfidenceLevel", confidence)
    # OpenTURNS runs the bootstrap resamples of one block through TBB::ParallelFor and draws each block's indices up
    # front. Its default block of 1 resample is serial; on this machine a block of 100 did not help (the process
    # stayed at ~95 % of one core, Ishigami N = 2^14: 8.0 s vs 7.0 s), so the default stays OpenTURNS' own.
    ot.ResourceMap.SetAsUnsignedInteger("SobolIndicesAlgorithm-DefaultBlockSize", block)
    names, dist, f = PROBLEMS[problem]()
    phases = {}
    t = time.perf_counter()
    x = ot.SobolIndicesExperiment(dist, n).generate()
    phases["design"] = time.perf_counter() - t
    t = time.perf_counter()
    y = f(x)
    phases["evaluate"] = time.perf_counter() - t
    t = time.perf_counter()
    saltelli = ot.SaltelliSensitivityAlgorithm(x, y, n)
    jansen = ot.JansenSensitivityAlgorithm(x, y, n)
    s1 = list(saltelli.getFirstOrderIndices())
    st = list(jansen.getTotalOrderIndices())
    phases["indices"] = time.perf_counter() - t
    out = dict(tool="openturns", version=ot.__version__, problem=problem, N=n, design=sampling, names=names,
               S1=s1, ST=st)
    if intervals:
        t = time.perf_counter()
        i1 = saltelli.getFirstOrderIndicesInterval()
        it = jansen.getTotalOrderIndicesInterval()
        out["S1_ci"] = [list(i1.getLowerBound()), list(i1.getUpperBound())]
        out["ST_ci"] = [list(it.getLowerBound()), list(it.getUpperBound())]
        out["interval"] = "OpenTURNS bootstrap, %d resamples" % resamples
        phases["bootstrap"] = time.perf_counter() - t
    else:
        out["interval"] = "none"
    out["phases_s"] = phases
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("problem", choices=sorted(PROBLEMS))
    p.add_argument("n", type=int, help="base samples N")
    p.add_argument("--no-intervals", action="store_true", help="point estimates only")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--confidence", type=float, default=0.95)
    p.add_argument("--sampling", default="QMC", choices=["QMC", "MonteCarlo", "LHS"],
                   help="SobolIndicesExperiment sampling method (default QMC: Sobol' points, like mcsens)")
    p.add_argument("--block", type=int, default=1,
                   help="bootstrap resamples per TBB block (default 1, OpenTURNS' default)")
    p.add_argument("--seed", type=int, default=1990)
    p.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
    args = p.parse_args()
    if args.n < 2:
        p.error("N must be at least 2")
    out = run(args.problem, args.n, not args.no_intervals, args.bootstrap, args.confidence, args.sampling,
              args.seed, args.block)
    out["wall_s_in_process"] = time.perf_counter() - T0
    if args.json:
        print(json.dumps(out))
        return
    print("OpenTURNS %s: %s N=%d (design %s), intervals: %s" % (
        out["version"], out["problem"], out["N"], out["design"], out["interval"]))
    for i, name in enumerate(out["names"]):
        line = "  %-8s S1 % .5f  ST % .5f" % (name, out["S1"][i], out["ST"][i])
        if "S1_ci" in out:
            line += "  S1_ci [% .5f, % .5f]  ST_ci [% .5f, % .5f]" % (
                out["S1_ci"][0][i], out["S1_ci"][1][i], out["ST_ci"][0][i], out["ST_ci"][1][i])
        print(line)
    print("phases: " + ", ".join("%s %.3f s" % kv for kv in out["phases_s"].items()))
    print("wall time (in process, incl. imports): %.3f s" % out["wall_s_in_process"])


if __name__ == "__main__":
    sys.exit(main())
