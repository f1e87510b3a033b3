#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks README.md and docs/*.md against the repository (issue 37, part 2; first check: paths).

Every repository path a page names (a word starting with src/, include/, tests/, scripts/, configs/, docs/, bench/,
fuzz/, examples/ or cmake/) must exist: as written, or as a pattern with `*` (`src/model/plugin_model.*`,
`configs/paper/m*.toml`) that matches something. Paths of files that runs make (results/, build/) are not
checked. Prints one line per stale path (FILE:LINE: PATH) and exits 1 when there is one, 0 otherwise.

Usage: docs_check.py [--root DIR] [FILE.md ...]   (default: README.md and docs/*.md under the root)
"""
import argparse
import glob
import os
import re
import sys

PREFIXES = ("src", "include", "tests", "scripts", "configs", "docs", "bench", "fuzz", "examples", "cmake")
# A path: a known top folder, then path characters; `*` and `<...>` make it a pattern or a placeholder.
PATH = re.compile(r"(?<![\w/.-])((?:%s)/[A-Za-z0-9_./*<>-]+)" % "|".join(PREFIXES))


def named_paths(text):
    """(line number, path) of every repository path in a page's text."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in PATH.finditer(line):
            path = match.group(1).rstrip(".,;:)")
            if "<" in path or ">" in path:
                continue  # a placeholder such as tests/unit/<module>/
            yield number, path


def exists(root, path):
    if "*" in path:
        return bool(glob.glob(os.path.join(root, path)))
    return os.path.exists(os.path.join(root, path))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
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
