#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks README.md and docs/*.md against the repository (issue 37, part 2; first check: paths).

Every repository path a page names (a word starting with src/, include/, tests/, scripts/, configs/, docs/, bench/,
fuzz/, examples/ or cmake/) must exist: as written, or as a pattern with `*` (`src/model/plugin_model.*`,
`configs/paper/m*.toml`) that matches something. Paths of files that runs make (results/, build/) are not
checked. Prints one line per stale path (FILE:LINE: PATH) and exits 1 when there is one, 0 otherwise.

Usage: docs_check.py [--root DIR] [FILE.md ...]   (default: README.md and docs/*.md under the root)

With --readme-output MCSENS [--summary FILE] it checks instead that the README's sample output of the default run (the indented
block after "The default run ... prints, among others:") is what MCSENS prints for `mcsens run` today: every line of
the block must appear, in order, in the run's summary (the run takes ~30 s on 2 cores).
"""
import argparse
import glob
import os
import re
import sys

PREFIXES = ("src", "include", "tests", "scripts", "configs", "docs", "bench", "fuzz", "examples", "cmake")
# A path: a known top folder, then path characters; `*` makes it a pattern, and `<...>` a template such as
# `tests/unit/<module>/` (not checked).
PATH = re.compile(r"(?<![\w/.-])((?:%s)/[A-Za-z0-9_./*<>-]+)" % "|".join(PREFIXES))


def named_paths(text):
    """(line number, path) of every repository path in a page's text."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in PATH.finditer(line):
            path = match.group(1).rstrip(".,;:)")
            if "<" in path or ">" in path:
                continue  # a template such as tests/unit/<module>/, not a path
            yield number, path


def exists(root, path):
    if "*" in path:
        return bool(glob.glob(os.path.join(root, path)))
    return os.path.exists(os.path.join(root, path))


def readme_sample(text):
    """The README's sample output of the default run: the indented block after the line that announces it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("The default run") and "prints" in line)
    block = []
    for line in lines[start + 1:]:
        if block and not line.strip():
            if block[-1] == "":
                break
            block.append("")
            continue
        if line.startswith("    "):
            block.append(line[4:].rstrip())
        elif line.strip():
            break
    while block and block[-1] == "":
        block.pop()
    return block


def check_readme_output(root, mcsens, summary=None):
    """0 when every line of the README's sample is in the default run's summary (`summary`: a saved one)."""
    import subprocess
    import tempfile
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        sample = readme_sample(f.read())
    if summary is not None:
        with open(summary, encoding="utf-8") as f:
            stdout = f.read()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run = subprocess.run([mcsens, "run", "-o", os.path.join(tmp, "paper.h5")], cwd=tmp, capture_output=True,
                                 text=True, check=False)
        if run.returncode != 0:
            print(f"docs_check: `mcsens run` failed ({run.returncode}): {run.stderr}", file=sys.stderr)
            return 1
        stdout = run.stdout
    printed = [line.rstrip() for line in stdout.splitlines()]
    at = 0
    for line in sample:
        if not line:
            continue
        try:
            at = printed.index(line, at) + 1
        except ValueError:
            print(f"README.md: the sample output's line is not what `mcsens run` prints now:\n  {line}")
            near = [p for p in printed if p.split()[:1] == line.split()[:1]]
            if near:
                print(f"  mcsens prints:\n  {near[0]}")
            return 1
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--readme-output", metavar="MCSENS")
    parser.add_argument("--summary", metavar="FILE", help="with --readme-output: compare with this saved summary")
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    if args.readme_output:
        return check_readme_output(root, os.path.abspath(args.readme_output), args.summary)
    pages = args.pages or [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    stale = 0
    for page in pages:
        with open(page, encoding="utf-8") as f:
            text = f.read()
        for number, path in named_paths(text):
            if not exists(root, path):
                print(f"{os.path.relpath(page, root)}:{number}: {path} is not in the repository")
                stale += 1
    if stale:
        print(f"docs_check: {stale} stale path{'s' if stale != 1 else ''}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
