# SPDX-License-Identifier: MIT
"""The boundary's cost for a Python model (issue 34, step 3): at 1e6 draws of the borehole function, the time
mcsens.run spends beyond (a) NumPy's own time for the same function over the same blocks of 1024 draws and (b)
the engine's time without the model (the same run with an output that computes nothing). (a) covers the blocks
the run really hands the model: the draws' and the histogram pilot's. Target: at most 20 % of (a). One thread throughout (the Python calls are serialized anyway). Prints each time's median of RUNS.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/python/model_overhead.py [RUNS]
"""
import pathlib
import statistics
import sys
import time

import numpy

import mcsens

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))
from borehole import CONFIG, borehole  # noqa: E402

DRAWS = 1_000_000


def blocks_evaluated():
    """The blocks mcsens.run hands the model, by length: the 1e6 draws and the histogram pilot's (and the one-draw
    call that learns the outputs)."""
    lengths = []

    def counting(x):
        lengths.append(len(x["rw"]))
        return borehole(x)

    mcsens.run(CONFIG, samples=DRAWS, only="uncertainty", threads=1, model=counting, set={"outputs.flow": '"flow"'})
    return lengths


def numpy_alone(lengths):
    """NumPy's time for the function over the same blocks (the same lengths; inputs made beforehand)."""
    rows = sum(lengths)
    rng = numpy.random.default_rng(1)
    inputs = {"rw": rng.normal(0.1, 0.0161812, DRAWS), "r": rng.lognormal(7.71, 1.0056, DRAWS),
              "Tu": rng.uniform(63070, 115600, DRAWS), "Hu": rng.uniform(990, 1110, DRAWS),
              "Tl": rng.uniform(63.1, 116, DRAWS), "Hl": rng.uniform(700, 820, DRAWS),
              "L": rng.uniform(1120, 1680, DRAWS), "Kw": rng.uniform(9855, 12045, DRAWS)}
    inputs = {k: numpy.resize(v, rows) for k, v in inputs.items()}
    starts = numpy.cumsum([0] + lengths[:-1])
    blocks = [{k: v[s:s + n].copy() for k, v in inputs.items()} for s, n in zip(starts, lengths)]
    start = time.perf_counter()
    for block in blocks:
        borehole(block)
    return time.perf_counter() - start


def timed(**kwargs):
    start = time.perf_counter()
    mcsens.run(CONFIG, samples=DRAWS, only="uncertainty", threads=1, **kwargs)
    return time.perf_counter() - start


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    lengths = blocks_evaluated()
    print(f"blocks the model gets: {len(lengths)}, {sum(lengths)} draws (most of {max(lengths)})")
    python, nothing, alone = [], [], []
    for _ in range(runs):
        python.append(timed(model=borehole, set={"outputs.flow": '"flow"'}))
        nothing.append(timed(set={"outputs.flow": '"rw"'}))
        alone.append(numpy_alone(lengths))
    p, e, n = statistics.median(python), statistics.median(nothing), statistics.median(alone)
    overhead = p - e - n
    print(f"mcsens.run with the Python model   {p:8.3f} s")
    print(f"mcsens.run without a model         {e:8.3f} s  (output = an input)")
    print(f"NumPy alone, same blocks           {n:8.3f} s")
    print(f"boundary overhead                  {overhead:8.3f} s = {100 * overhead / n:.1f} % of NumPy's time "
          f"(target <= 20 %)")


if __name__ == "__main__":
    main()
