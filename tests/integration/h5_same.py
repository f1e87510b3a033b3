#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Compares two mcsens result files: every dataset must be identical to the bit and every attribute equal, except
the provenance that legitimately differs between runs (time, wall seconds, threads, ranks).

Usage: h5_same.py [--builds] [--ignore REGEX]... [--added REGEX]... A.h5 B.h5
  (exit 0 when the same, 1 with the differences listed)
  --builds        the files come from two builds: their version and commit attributes may differ too
  --ignore REGEX  datasets whose path (without the leading /) matches REGEX are not compared (repeatable)
  --added REGEX   datasets (PATH) and attributes (PATH@NAME, @NAME of the root) that only B has and that match REGEX are expected: B's
                  build writes them and A's did not (repeatable); anything else only one file has is a difference
"""
import argparse
import re
import sys

import h5py
import numpy as np

SKIP_ATTRIBUTES = {"created_utc", "wall_seconds", "threads", "ranks", "machine"}
# HDF5's dimension-scale bookkeeping holds object references, which differ between files: compared by the names
# of the datasets they point to.
REFERENCE_ATTRIBUTES = {"DIMENSION_LIST", "REFERENCE_LIST"}


def dereferenced(f, key, value):
    if key == "DIMENSION_LIST":
        return [[f[ref].name for ref in axis] for axis in value]
    return sorted((f[entry[0]].name, int(entry[1])) for entry in value)


def walk(f):
    items = {}

    def visit(name, obj):
        items[name] = obj

    f.visititems(visit)
    return items


def same_value(a, b):
    # NumPy scalars too (a scalar dataset reads as one): a NaN equals itself bit for bit, never by ==.
    if isinstance(a, (np.ndarray, np.generic)) or isinstance(b, (np.ndarray, np.generic)):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind == "f":
            return a.tobytes() == b.tobytes()  # bit-identical, NaN included
        return bool(np.array_equal(a, b))
    return a == b


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--builds", action="store_true")
    parser.add_argument("--ignore", action="append", default=[])
    parser.add_argument("--added", action="append", default=[])
    parser.add_argument("a")
    parser.add_argument("b")
    args = parser.parse_args()
    a_path, b_path = args.a, args.b
    if args.builds:
        SKIP_ATTRIBUTES.update({"git_commit", "mcsens_version"})
    ignored = [re.compile(r) for r in args.ignore]
    added = [re.compile(r) for r in args.added]

    def is_added(name):
        return any(r.fullmatch(name) for r in added)
    problems = []
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        ia, ib = walk(a), walk(b)
        for name in sorted(set(ia) ^ set(ib)):
            if name in ib and is_added(name):
                continue
            problems.append(f"only in {'A' if name in ia else 'B'}: /{name}")
        for name in sorted(set(ia) & set(ib)):
            oa, ob = ia[name], ib[name]
            if isinstance(oa, h5py.Dataset):
                if any(r.fullmatch(name) for r in ignored):
                    continue
                if not same_value(oa[()], ob[()]):
                    problems.append(f"dataset /{name} differs")
            for key in set(oa.attrs) | set(ob.attrs):
                if key in SKIP_ATTRIBUTES:
                    continue
                if key not in oa.attrs and key in ob.attrs and is_added(f"{name}@{key}"):
                    continue
                if key in REFERENCE_ATTRIBUTES and key in oa.attrs and key in ob.attrs:
                    if dereferenced(a, key, oa.attrs[key]) != dereferenced(b, key, ob.attrs[key]):
                        problems.append(f"attribute {key} of /{name} differs")
                    continue
                if key not in oa.attrs or key not in ob.attrs or not same_value(oa.attrs[key], ob.attrs[key]):
                    problems.append(f"attribute {key} of /{name} differs")
        for key in set(a.attrs) | set(b.attrs):
            if key in SKIP_ATTRIBUTES:
                continue
            if key not in a.attrs and key in b.attrs and is_added(f"@{key}"):
                continue
            if key not in a.attrs or key not in b.attrs or not same_value(a.attrs[key], b.attrs[key]):
                problems.append(f"root attribute {key} differs")
    if problems:
        print(f"{a_path} and {b_path} differ:", *problems[:30], sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
