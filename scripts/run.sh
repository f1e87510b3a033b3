#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Command 1 of the README: install what is missing, build the release preset, and validate the built-in
# paper config (the default `mcsens run` replaces this step once the run exists).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
./build/release/mcsens check configs/paper.toml
