#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Table of the peer benchmark (run_peers.sh): median wall time and peak memory per tool, problem and N, the ratio
to mcsens, and how the indices agree with mcsens' at the same N.

Agreement columns (S1 and ST of every input together):
  max |d|     the largest |peer index - mcsens index|;
  in mcsens CI  how many peer indices lie inside mcsens' 95 % interval. The peers use other designs (OpenTURNS:
                another Sobol' sequence / randomization, NumPy: pseudo-random), so their estimates carry their own
                error and a few may lie just outside mcsens' interval even when all is right;
  CIs overlap   how many of the peer's intervals overlap mcsens' (only for peers with intervals): the fair test
                of "agree within the intervals".
Usage: peers_table.py RECORDS.tsv
"""
import csv
import json
import statistics
import sys

import h5py
import numpy as np

TARGETS = [  # (problem, N, tool, variant, minimum speed-up of mcsens, source)
    ("ishigami", 262144, "openturns", "CI", 100, "issue 6"),
    ("ishigami", 4194304, "numpy", "noCI", 5, "issue 6"),
    ("m5", 262144, "openturns", "CI", 50, "issue 11"),
]


def load(path):
    """Indices of a run: dict with names, S1, ST and, when present, S1_ci, ST_ci (2, k)."""
    if path.endswith(".h5"):
        with h5py.File(path, "r") as f:
            group = f["/sensitivity/sobol"]
            (output,) = list(group.keys())  # the peer configs have one output
            d = group[output]
            return dict(names=[n.decode() if isinstance(n, bytes) else n for n in d["names"][()]],
                        S1=d["S1"][()], ST=d["ST"][()], S1_ci=d["S1_ci"][()], ST_ci=d["ST_ci"][()])
    with open(path) as f:
        out = json.load(f)
    for key in ("S1", "ST", "S1_ci", "ST_ci"):
        if key in out:
            out[key] = np.asarray(out[key])
    return out


def agreement(peer, ref):
    """(max |d|, 'inside/total', 'overlapping/total' or '-') of peer's S1 and ST against ref (mcsens)."""
    x = np.concatenate([peer["S1"], peer["ST"]])
    r = np.concatenate([ref["S1"], ref["ST"]])
    lo = np.concatenate([ref["S1_ci"][0], ref["ST_ci"][0]])
    hi = np.concatenate([ref["S1_ci"][1], ref["ST_ci"][1]])
    inside = int(np.sum((x >= lo) & (x <= hi)))
    overlap = "-"
    if "S1_ci" in peer:
        plo = np.concatenate([peer["S1_ci"][0], peer["ST_ci"][0]])
        phi = np.concatenate([peer["S1_ci"][1], peer["ST_ci"][1]])
        overlap = "%d/%d" % (int(np.sum((plo <= hi) & (phi >= lo))), x.size)
    return float(np.max(np.abs(x - r))), "%d/%d" % (inside, x.size), overlap


def interval_label(tool, variant, result):
    """mcsens writes its interval method in the result file (bootstrap up to 2^19 base samples, batch means beyond);
    the peers' intervals are bootstraps. Records whose file is gone are labelled as they were measured then."""
    if variant != "CI":
        return "none"
    if tool == "mcsens" and result.endswith(".h5"):
        try:
            with h5py.File(result, "r") as f:
                group = f["/sensitivity/sobol"]
                (output,) = list(group.keys())
                method = group[output].attrs["interval"]
                return "%s 95 %%" % (method.decode() if isinstance(method, bytes) else method)
        except OSError:
            pass
    return "bootstrap 95 %"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = {}
    with open(sys.argv[1]) as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            key = (rec["problem"], int(rec["N"]), rec["tool"], rec["variant"])
            rows.setdefault(key, []).append(rec)
    summary = {}
    for key, recs in rows.items():
        summary[key] = dict(runs=len(recs), wall=statistics.median(float(r["wall_s"]) for r in recs),
                            peak=statistics.median(float(r["peak_kib"]) for r in recs) / 1024.0,
                            result=recs[-1]["result"])
    order = {"mcsens": 0, "openturns": 1, "numpy": 2}
    print("| problem | N | tool | intervals | runs | wall s (median) | peak MiB | time / mcsens | max abs diff |"
          " in mcsens CI | CIs overlap |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for key in sorted(summary, key=lambda k: (k[0], k[1], order[k[2]], k[3])):
        problem, n, tool, variant = key
        s = summary[key]
        ref = summary.get((problem, n, "mcsens", "CI"))
        ratio = "%.1f" % (s["wall"] / ref["wall"]) if ref else "-"
        diff, inside, overlap = ("-", "-", "-")
        if ref and tool != "mcsens":
            d, inside, overlap = agreement(load(s["result"]), load(ref["result"]))
            diff = "%.2g" % d
        exp = int(round(np.log2(n)))
        print("| %s | 2^%d | %s | %s | %d | %.2f | %.0f | %s | %s | %s | %s |" % (
            problem, exp, tool, interval_label(tool, variant, s["result"]), s["runs"], s["wall"], s["peak"],
            ratio, diff, inside, overlap))
    print()
    print("Targets (mcsens whole process with 95 % intervals on every index):")
    for problem, n, tool, variant, need, source in TARGETS:
        peer = summary.get((problem, n, tool, variant))
        ref = summary.get((problem, n, "mcsens", "CI"))
        what = "%s N=2^%d: mcsens vs %s (%s)" % (problem, int(round(np.log2(n))), tool,
                                                  "with intervals" if variant == "CI" else "no intervals")
        if not peer or not ref:
            print("- %s: not run" % what)
            continue
        speedup = peer["wall"] / ref["wall"]
        print("- %s: %.1fx, target >= %dx (%s): %s" % (what, speedup, need, source,
                                                       "MET" if speedup >= need else "NOT MET"))


if __name__ == "__main__":
    main()
