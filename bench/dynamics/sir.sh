#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue "Models that move in time", speed: configs/examples/sir.toml (Euler, 1000 steps, 4 trajectory reductions
# and a claim; without its array output I_daily) at SAMPLES draws through `mcsens run --only uncertainty,claims`, against, in the same run,
#   - bench/dynamics/sir_baseline.cpp: the same scheme as a hand-written C++ loop (targets: mcsens within 2x),
#   - bench/dynamics/sir_numpy.py: the same scheme as a vectorized NumPy loop (target: mcsens at least 5x faster).
# Each is timed REPEAT times, 1 thread and 2 threads (NumPy's whole-array operations use one thread); the medians
# and the ratios are printed. Usage: bench/dynamics/sir.sh [SAMPLES] [REPEAT]   (defaults 1e6, 5; the NumPy peer
# runs min(REPEAT, 3) times, it is the slowest). Needs the release preset built (mcsens_cli and sir_baseline).
set -euo pipefail
cd "$(dirname "$0")/../.."
samples="${1:-1e6}"
repeat="${2:-5}"
bin=build/release/mcsens
base=build/release/sir_baseline
[ -x "$bin" ] && [ -x "$base" ] || { echo "build the release preset first: cmake --build --preset release --target mcsens_cli sir_baseline" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# The scalar outputs only, as the C++ loop and NumPy keep: the example's I_daily (I on each day, an array output with
# its own statistics per day) is not part of this comparison.
sed -e '/^I_daily = /d' -e 's/, "I_daily"//' configs/examples/sir.toml > "$out/sir.toml"

printf 'machine: %s; AVX-512: %s; load average: %s\n' \
  "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
  "$(grep -q avx512f /proc/cpuinfo && echo yes || echo no)" "$(cut -d' ' -f1-3 /proc/loadavg)"

median() { /usr/bin/python3 -c 'import statistics, sys; print(f"{statistics.median(map(float, sys.argv[1:])):.3f}")' "$@"; }
seconds() { /usr/bin/python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$@"; }

declare -A result
for threads in 1 2; do
  times_m=()
  times_b=()
  for _ in $(seq "$repeat"); do
    t0=$(date +%s.%N)
    "$bin" run "$out/sir.toml" -n "$samples" -t "$threads" -q --only uncertainty,claims -o "$out/sir.h5" --force --progress never
    t1=$(date +%s.%N)
    times_m+=("$(seconds "$t0" "$t1")")
    line=$(OMP_NUM_THREADS=$threads "$base" "$samples")
    times_b+=("$(echo "$line" | awk '{print $(NF-1)}')")
  done
  result[m$threads]=$(median "${times_m[@]}")
  result[b$threads]=$(median "${times_b[@]}")
  echo "threads $threads: mcsens (whole process) ${result[m$threads]} s, hand-written C++ loop ${result[b$threads]} s  ($line)"
done
times_p=()
for _ in $(seq "$(( repeat < 3 ? repeat : 3 ))"); do
  line=$(/usr/bin/python3 bench/dynamics/sir_numpy.py "$samples")
  times_p+=("$(echo "$line" | awk '{print $(NF-1)}')")
done
result[p]=$(median "${times_p[@]}")
echo "NumPy (1 thread): ${result[p]} s  ($line)"
/usr/bin/python3 - "$out/sir.h5" <<'PY'
import sys
import h5py
with h5py.File(sys.argv[1], "r") as h:
    means = {name: float(o["moments"][0]) for name, o in h["outputs"].items()}
print("mcsens means: " + "  ".join(f"{k} {v:.6g}" for k, v in means.items()))
PY
ratio() { /usr/bin/python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.2f}")' "$@"; }
echo "mcsens / C++ loop: 1 thread $(ratio "${result[m1]}" "${result[b1]}")x, 2 threads $(ratio "${result[m2]}" "${result[b2]}")x  (target: at most 2)"
echo "NumPy / mcsens (1 thread): $(ratio "${result[p]}" "${result[m1]}")x  (target: at least 5)"
