# SPDX-License-Identifier: MIT
"""What the Python package's tests share: the mcsens program (environment variable MCSENS, set by ctest) and the
comparison of two result files (tests/integration/h5_same.py)."""
import os
import pathlib
import subprocess

MCSENS = os.environ.get("MCSENS", "")
H5_SAME = pathlib.Path(__file__).resolve().parent.parent / "integration" / "h5_same.py"


def run_cli(*args, check=True):
    """`mcsens ARGS...`, its output captured as text."""
    assert MCSENS, "set MCSENS to the mcsens executable"
    return subprocess.run([MCSENS, *map(str, args)], capture_output=True, text=True, check=check)


def compare_files(a, b):
    """h5_same.py on two result files: exit status 0 when every dataset and attribute is the same."""
    return subprocess.run(["/usr/bin/python3", str(H5_SAME), str(a), str(b)], capture_output=True, text=True)


def same_files(a, b):
    shown = compare_files(a, b)
    assert shown.returncode == 0, shown.stdout + shown.stderr
