#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The borehole function (Harper and Gupta 1983) as an external program for mcsens ([model] kind = "command",
examples/external/borehole.toml): one draw per run, its eight inputs as arguments in the config's order, the water
flow printed as a JSON object on standard output. Only Python's standard library: any simulator that reads its
inputs from its command line (or from MCSENS_IN_<name> in its environment) and prints its outputs works the same.

    /usr/bin/python3 borehole.py 0.1 1000 89335 1050 89.55 760 1400 10950

Or, as a simulator that reads an input file (examples/external/borehole_template.toml: mcsens fills the template
borehole.in for each draw in a folder of its own), with the inputs as lines "name = value":

    /usr/bin/python3 borehole.py --input borehole.in
"""
import json
import math
import sys

NAMES = ["rw", "r", "Tu", "Hu", "Tl", "Hl", "L", "Kw"]

if sys.argv[1:2] == ["--input"]:
    values = {}
    with open(sys.argv[2]) as deck:
        for line in deck:
            line = line.split("#")[0].strip()
            if line:
                name, value = (part.strip() for part in line.split("="))
                values[name] = float(value)
    rw, r, tu, hu, tl, hl, length, kw = (values[name] for name in NAMES)
else:
    rw, r, tu, hu, tl, hl, length, kw = (float(v) for v in sys.argv[1:9])
lnr = math.log(r / rw)
flow = 2 * math.pi * tu * (hu - hl) / (lnr * (1 + 2 * length * tu / (lnr * rw**2 * kw) + tu / tl))
print(json.dumps({"flow": flow}))
