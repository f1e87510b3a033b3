#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end throughput of `mcsens run` (process start to file written) on the P1 yardstick, with a baseline
# measured in the same run: a hand-written single-purpose C++ loop doing the same work (bench/p1_baseline.cpp).
# Prints medians of REPEAT runs and their ratio. Usage: scripts/bench_e2e.sh [SAMPLES] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
samples="${1:-1e8}"
repeat="${2:-5}"
bin=build/release/mcsens
base=build/release/p1_baseline
[ -x "$bin" ] && [ -x "$base" ] || { echo "build the release preset first" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
calc() { /usr/bin/python3 -c "print($1)"; }
time_it() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); calc "$e - $s"; }

mc=(); bl=()
for i in $(seq "$repeat"); do
  mc+=("$(time_it "$bin" run configs/benchmarks/p1.toml -n "$samples" -q --force -o "$out/p1.h5")")
  bl+=("$(time_it "$base" "$samples")")
done
mc_med=$(printf '%s\n' "${mc[@]}" | median)
bl_med=$(printf '%s\n' "${bl[@]}" | median)
n=$(/usr/bin/python3 -c "print(int(float('$samples')))")
printf 'P1, %s draws, %s threads, median of %s\n' "$n" "$(nproc)" "$repeat"
printf '  mcsens run        %8.3f s  %8.1f M draws/s\n' "$mc_med" "$(calc "$n / $mc_med / 1e6")"
printf '  hand-written loop %8.3f s  %8.1f M draws/s\n' "$bl_med" "$(calc "$n / $bl_med / 1e6")"
printf '  ratio mcsens/loop %8.2f (time)\n' "$(calc "$mc_med / $bl_med")"
