#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The "other system" of examples/designs/borehole.toml: reads the rows `mcsens design` wrote (row and the eight
inputs, 17 significant digits), evaluates the borehole function on each, and writes the evaluated rows for
`mcsens ingest` (row and the output flow, with repr: 17 significant digits, the exact double). Only Python's
standard library; a cluster job, a spreadsheet or a licensed simulator works the same, as long as it keeps `row`.

    /usr/bin/python3 evaluate.py design.csv evaluated.csv
"""
import csv
import math
import sys


def borehole(rw, r, tu, hu, tl, hl, length, kw):
    lnr = math.log(r / rw)
    return 2 * math.pi * tu * (hu - hl) / (lnr * (1 + 2 * length * tu / (lnr * rw**2 * kw) + tu / tl))


with open(sys.argv[1], newline="") as design, open(sys.argv[2], "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["row", "flow"])
    for row in csv.DictReader(design):
        x = [float(row[name]) for name in ("rw", "r", "Tu", "Hu", "Tl", "Hl", "L", "Kw")]
        writer.writerow([row["row"], repr(borehole(*x))])
