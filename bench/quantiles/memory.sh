#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 16, part 3: the quantile sketches keep constant memory. Runs `mcsens run` on CONFIG at SMALL and LARGE
# draws (2 threads) and prints the maximum resident set size of each (GNU time %M), their ratio and the target:
# LARGE within 10 % of SMALL. Also prints the median and the quantile error bounds stated in the result file.
# Usage: bench/quantiles/memory.sh [CONFIG] [SMALL] [LARGE]
#        (defaults: configs/benchmarks/p1.toml 1e6 1e9; MCSENS_BIN: the binary, default build/release/mcsens)
set -euo pipefail
cd "$(dirname "$0")/../.."
config="${1:-configs/benchmarks/p1.toml}"
small="${2:-1e6}"
large="${3:-1e9}"
bin="${MCSENS_BIN:-build/release/mcsens}"
[ -x "$bin" ] || { echo "build the release preset first (or set MCSENS_BIN)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

printf 'machine: %s; AVX-512: %s; load average: %s\n' \
  "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
  "$(grep -q avx512f /proc/cpuinfo && echo yes || echo no)" "$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A rss
for n in "$small" "$large"; do
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$out/rss" "$bin" run "$config" -n "$n" -t 2 -q -o "$out/run.h5" --force --progress never
  end=$(date +%s.%N)
  rss[$n]=$(cat "$out/rss")
  printf '%-6s draws: max RSS %s kB, %.1f s\n' "$n" "${rss[$n]}" "$(/usr/bin/python3 -c "print($end - $start)")"
  /usr/bin/python3 - "$out/run.h5" <<'PY'
import sys
import h5py
with h5py.File(sys.argv[1], "r") as h:
    for name, o in h["outputs"].items():
        p, q = o["quantiles"][()]
        e = o["quantile_errors"][()] if "quantile_errors" in o else None
        i = list(p).index(0.5)
        bound = f", error bounds {min(e):.2e} .. {max(e):.2e}" if e is not None else ""
        print(f"       {name}: median {q[i]:.9g}{bound}")
PY
done
/usr/bin/python3 -c "
r = ${rss[$large]} / ${rss[$small]}
print(f'ratio {r:.3f} ({100 * (r - 1):+.1f} %): target within 10 %:', 'met' if abs(r - 1) <= 0.10 else 'NOT met')"
