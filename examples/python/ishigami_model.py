# SPDX-License-Identifier: MIT
"""The Ishigami function (Ishigami and Homma 1990; a = 7, b = 0.1) as a Python model that a config names:
examples/python/ishigami.toml has [model] kind = "python", module = "ishigami_model.py", function = "ishigami", so

    mcsens run examples/python/ishigami.toml                     (the command line's embedded interpreter)
    /usr/bin/python3 -c "import mcsens; print(mcsens.run('examples/python/ishigami.toml').sobol('y'))"

both evaluate the function below, a block of draws at a time, and give the same file to the bit (docs/python.md).
"""
import numpy

A, B = 7.0, 0.1


def ishigami(x):
    """sin(x1) + a sin(x2)^2 + b x3^4 sin(x1), for whole columns of draws."""
    return {"f": numpy.sin(x["x1"]) + A * numpy.sin(x["x2"]) ** 2 + B * x["x3"] ** 4 * numpy.sin(x["x1"])}
