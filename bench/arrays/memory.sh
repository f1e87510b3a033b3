#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 35, step 2: peak memory of an array output's statistics against its elements (101, 10,000) and the
# number of draws, on 2 threads (the table in docs/benchmarks.md, "Array outputs: memory").
# Usage: bench/arrays/memory.sh [BUILD]   (default build/release; array_memory is built with the bench suite)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-build/release}/array_memory"
[ -x "$bin" ] || { echo "build the release preset first (array_memory), or give the build folder" >&2; exit 2; }
printf 'machine: %s; AVX-512: %s; load average: %s\n' \
  "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
  "$(grep -q avx512f /proc/cpuinfo && echo yes || echo no)" "$(cut -d' ' -f1-3 /proc/loadavg)"
for draws in 1e5 1e6 1e7; do "$bin" 101 "$draws"; done
for draws in 1e4 1e5 3e5; do "$bin" 10000 "$draws"; done
