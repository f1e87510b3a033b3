#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Command 1 of the README: install what is missing, build the release preset, make the Python package importable
# by Debian's /usr/bin/python3 in any folder (docs/python.md), run the built-in paper model (results/paper.h5) and
# plot it (results/plots/), and write its report (results/report.html, `mcsens report`).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
# The package stays in the build folder; a .pth file in the interpreter's user site-packages puts that folder on
# sys.path (uninstall: delete the file; its path is printed here).
site="$(/usr/bin/python3 -m site --user-site)"
mkdir -p "$site"
echo "$PWD/build/release/python" >"$site/mcsens.pth"
echo "mcsens: the Python package is importable by /usr/bin/python3 through $site/mcsens.pth"
./build/release/mcsens run --force
/usr/bin/python3 scripts/plot_results.py results/paper.h5 -o results/plots
./build/release/mcsens report results/paper.h5 -o results/report.html --force
