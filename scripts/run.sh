#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Command 1 of the README: install what is missing, build the release preset, run the built-in paper model
# (results/paper.h5) and plot it (results/plots/).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
./build/release/mcsens run --force
/usr/bin/python3 scripts/plot_results.py results/paper.h5 -o results/plots
