# SPDX-License-Identifier: MIT
"""The borehole function (Harper and Gupta 1983) as a NumPy model of the Python package (docs/python.md): the
config configs/benchmarks/borehole.toml gives the inputs' distributions and the Sobol' analysis, the function below
computes the flow a block of draws at a time, and the config's output reports it as it is.

    /usr/bin/python3 examples/python/borehole.py      (after bash scripts/run.sh; or with PYTHONPATH=build/.../python)
"""
import pathlib

import numpy

import mcsens

CONFIG = pathlib.Path(__file__).resolve().parents[2] / "configs" / "benchmarks" / "borehole.toml"


def borehole(x):
    """Water flow through a borehole, m^3/yr, for whole columns of draws."""
    lnr = numpy.log(x["r"] / x["rw"])
    flow = 2 * numpy.pi * x["Tu"] * (x["Hu"] - x["Hl"]) / (
        lnr * (1 + 2 * x["L"] * x["Tu"] / (lnr * x["rw"] ** 2 * x["Kw"]) + x["Tu"] / x["Tl"]))
    return {"flow": flow}


def main():
    # The config defines flow as an expression; here it reports the function's output instead.
    result = mcsens.run(CONFIG, model=borehole, set={"outputs.flow": '"flow"'})
    print(result.outputs[["mean", "sd", "q05", "median", "q95"]].to_string())
    print()
    print(result.sobol("flow")[["S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]].round(4).to_string())
    return result


if __name__ == "__main__":
    main()
