#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The borehole function (Harper and Gupta 1983) as an external program for mcsens ([model] kind = "command",
examples/external/borehole.toml): one draw per run, its eight inputs as arguments in the config's order, the water
flow printed as a JSON object on standard output. Only Python's standard library: any simulator that reads its
inputs from its command line (or from MCSENS_IN_<name> in its environment) and prints its outputs works the same.

    /usr/bin/python3 borehole.py 0.1 1000 89335 1050 89.55 760 1400 10950
"""
import json
import math
import sys

rw, r, tu, hu, tl, hl, length, kw = (float(v) for v in sys.argv[1:9])
lnr = math.log(r / rw)
flow = 2 * math.pi * tu * (hu - hl) / (lnr * (1 + 2 * length * tu / (lnr * rw**2 * kw) + tu / tl))
print(json.dumps({"flow": flow}))
