#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The compiled-plugin backend against the expression model on the borehole function: `mcsens run --only
# uncertainty,claims` of examples/plugins/borehole.toml (kind = "plugin") and of the same model written as an
# expression (configs/benchmarks/borehole.toml), SAMPLES draws, THREADS threads, REPEAT runs each, interleaved;
# prints the medians and their ratio. Needs the release preset built (mcsens_cli and borehole_plugin).
#   bench/plugins/borehole.sh [SAMPLES] [REPEAT] [THREADS]     (defaults 1e7, 5, 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
samples="${1:-1e7}"
repeat="${2:-5}"
threads="${3:-1}"
bin=build/release/mcsens
[ -x "$bin" ] && [ -f build/release/examples/plugins/libborehole_plugin.so ] ||
  { echo "build the release preset first: cmake --build --preset release --target mcsens_cli borehole_plugin" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf 'machine: %s; AVX-512: %s; load average: %s\n' \
  "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
  "$(grep -q avx512f /proc/cpuinfo && echo yes || echo no)" "$(cut -d' ' -f1-3 /proc/loadavg)"
run() {
  local t0 t1
  t0=$(date +%s.%N)
  "$bin" run "$1" -n "$samples" -t "$threads" -q --only uncertainty,claims -o "$out/r.h5" --force --progress never
  t1=$(date +%s.%N)
  /usr/bin/python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$t0" "$t1"
}
plugin=()
expression=()
for _ in $(seq "$repeat"); do
  plugin+=("$(run examples/plugins/borehole.toml)")
  expression+=("$(run configs/benchmarks/borehole.toml)")
done
/usr/bin/python3 - "$samples" "$threads" "${plugin[*]}" "${expression[*]}" <<'PY'
import statistics, sys
n, threads, p, e = float(sys.argv[1]), sys.argv[2], list(map(float, sys.argv[3].split())), list(map(float, sys.argv[4].split()))
mp, me = statistics.median(p), statistics.median(e)
print(f"{n:.0e} draws, {threads} thread(s): plugin {mp:.3f} s ({mp / n * 1e9:.1f} ns/draw), "
      f"expression {me:.3f} s ({me / n * 1e9:.1f} ns/draw); plugin / expression = {mp / me:.2f}")
PY
