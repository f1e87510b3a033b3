#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end throughput of `mcsens run` (process start to file written), every figure beside a baseline measured
# in the same run (runs interleaved, medians of REPEAT), so that a shared, loaded machine still gives fair ratios:
#   1. P1 yardstick vs a hand-written single-purpose C++ loop doing the same work (bench/p1_baseline.cpp);
#   2. the bound (issue 11 "The limit, measured"): BM_BoundP1Model of mcsens_bench (Philox + inverse CDFs + the
#      model arithmetic, nothing else) on one and on all cores, and mcsens' P1 rate as a fraction of it;
#   3. thread scaling: P1 and the M5 model (configs/paper.toml, uncertainty and claims) with -t 1 vs -t 2;
#   4. Sobol' (issue 36's rows): Ishigami S1 + ST with 95 % intervals at N = 2^16, 2^18, 2^22 (bench/peers/ishigami.toml
#      --only sobol) vs bench/sobol_baseline.cpp, the same design and estimators as a single-purpose C++/OpenMP
#      program (the limit); the M5 model's rde_hb (20 inputs, bench/peers/m5.toml) at 2^18 against its goal of 0.05 s;
#   5. the SIR example against a hand-written C++ loop and NumPy: bench/dynamics/sir.sh 1e6 REPEAT;
#   6. memory (issue 36: flat in N and in the number of steps): peak RSS (GNU time) of P1 at 10^6, 10^7, 10^8 draws,
#      Ishigami's Sobol' design at 2^16, 2^18, 2^22 base samples, and the SIR example (10^4 draws) at 100, 1000 and
#      10,000 Euler steps over the same 100 days, with the seconds of each run.
# Usage: scripts/bench_e2e.sh [SAMPLES] [REPEAT] [M5_SAMPLES]   (SAMPLES of P1, default 1e8; M5 default 1e7)
# Set E2E_ONLY=p1|bound|scaling|sobol|sir|memory to run one section.
set -euo pipefail
cd "$(dirname "$0")/.."
samples="${1:-1e8}"
repeat="${2:-5}"
m5_samples="${3:-1e7}"
only="${E2E_ONLY:-all}"
bin="${MCSENS_BIN:-build/release/mcsens}"  # MCSENS_BIN: another build to measure (e.g. before a change)
base=build/release/p1_baseline
bench=build/release/bench/mcsens_bench
[ -x "$bin" ] && [ -x "$base" ] || { echo "build the release preset first" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
calc() { /usr/bin/python3 -c "print($1)"; }
time_it() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); calc "$e - $s"; }
count() { /usr/bin/python3 -c "print(int(float('$1')))"; }
n=$(count "$samples")
nm5=$(count "$m5_samples")
printf 'load average before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

p1_med=""
if [ "$only" = all ] || [ "$only" = p1 ] || [ "$only" = bound ]; then
  mc=(); bl=()
  for i in $(seq "$repeat"); do
    mc+=("$(time_it "$bin" run configs/benchmarks/p1.toml -n "$samples" -q --force -o "$out/p1.h5")")
    bl+=("$(time_it "$base" "$samples")")
  done
  p1_med=$(printf '%s\n' "${mc[@]}" | median)
  bl_med=$(printf '%s\n' "${bl[@]}" | median)
  printf 'P1, %s draws, %s threads, median of %s\n' "$n" "$(nproc)" "$repeat"
  printf '  mcsens run        %8.3f s  %8.1f M draws/s\n' "$p1_med" "$(calc "$n / $p1_med / 1e6")"
  printf '  hand-written loop %8.3f s  %8.1f M draws/s\n' "$bl_med" "$(calc "$n / $bl_med / 1e6")"
  printf '  ratio mcsens/loop %8.2f (time)\n' "$(calc "$p1_med / $bl_med")"
fi

if { [ "$only" = all ] || [ "$only" = bound ]; } && [ -x "$bench" ]; then
  # items_per_second of each bound layer (1 and 2 threads), median of REPEAT repetitions.
  "$bench" --benchmark_filter='BM_BoundP1' --benchmark_min_time=0.2 --benchmark_repetitions="$repeat" \
    --benchmark_report_aggregates_only=true --benchmark_format=json >"$out/bound.json" 2>/dev/null
  /usr/bin/python3 - "$out/bound.json" "$n" "${p1_med:-0}" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
n, p1 = float(sys.argv[2]), float(sys.argv[3])
med = {b["run_name"]: b["items_per_second"] for b in d["benchmarks"] if b.get("aggregate_name") == "median"}
print("Bound (mcsens_bench, median; M draws/s)")
for name, rate in sorted(med.items()):
    print(f"  {name:40s} {rate / 1e6:8.1f}")
model = [r for k, r in med.items() if k.startswith("BM_BoundP1Model") and k.endswith("threads:2")]
if model and p1 > 0:
    print(f"  mcsens P1 end to end / bound (2 threads): {n / p1 / model[0]:.2f}")
EOF
fi

if [ "$only" = all ] || [ "$only" = scaling ]; then
  printf 'Thread scaling, median of %s (runs interleaved)\n' "$repeat"
  for model in p1 m5; do
    if [ "$model" = p1 ]; then
      args=(run configs/benchmarks/p1.toml -n "$n"); draws=$n
    else
      args=(run configs/paper.toml --only uncertainty,claims -n "$nm5"); draws=$nm5
    fi
    t1=(); t2=()
    for i in $(seq "$repeat"); do
      t1+=("$(time_it "$bin" "${args[@]}" -t 1 -q --force -o "$out/s.h5")")
      t2+=("$(time_it "$bin" "${args[@]}" -t 2 -q --force -o "$out/s.h5")")
    done
    m1=$(printf '%s\n' "${t1[@]}" | median)
    m2=$(printf '%s\n' "${t2[@]}" | median)
    printf '  %-3s %s draws: -t 1 %7.3f s (%6.1f M/s)  -t 2 %7.3f s (%6.1f M/s)  speed-up %.2f\n' "$model" "$draws" \
      "$m1" "$(calc "$draws / $m1 / 1e6")" "$m2" "$(calc "$draws / $m2 / 1e6")" "$(calc "$m1 / $m2")"
  done
fi
if [ "$only" = all ] || [ "$only" = sobol ]; then
  sobol_base=build/release/sobol_baseline
  [ -x "$sobol_base" ] || { echo "build the release preset's sobol_baseline first" >&2; exit 2; }
  printf "Sobol' (Ishigami S1 + ST, 95 %% intervals, 2 threads; whole processes, median of %s, runs interleaved)\n" "$repeat"
  for n in 65536 262144 4194304; do
    mc=(); bl=()
    for i in $(seq "$repeat"); do
      mc+=("$(time_it "$bin" run bench/peers/ishigami.toml --only sobol -t 2 -q --force -o "$out/sobol.h5" \
        --set "sensitivity.sobol.base_samples=$n")")
      bl+=("$(time_it "$sobol_base" "$n")")
    done
    m=$(printf '%s\n' "${mc[@]}" | median)
    b=$(printf '%s\n' "${bl[@]}" | median)
    printf '  N = %-8s mcsens %7.3f s  limit %7.3f s  mcsens at %.2f of the limit'"'"'s speed\n' "$n" "$m" "$b" \
      "$(calc "$b / $m")"
  done
  m5=()
  for i in $(seq "$repeat"); do
    m5+=("$(time_it "$bin" run bench/peers/m5.toml --only sobol -t 2 -q --force -o "$out/m5.h5" \
      --set sensitivity.sobol.base_samples=262144)")
  done
  printf '  M5 rde_hb (20 inputs), N = 262144: mcsens %.3f s (goal <= 0.05 s)\n' "$(printf '%s\n' "${m5[@]}" | median)"
fi

if [ "$only" = all ] || [ "$only" = sir ]; then
  bash bench/dynamics/sir.sh 1e6 "$repeat"
fi
if [ "$only" = all ] || [ "$only" = memory ]; then
  [ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 2; }
  peak() { # label, then the command: prints the label, seconds and peak resident memory
    local label="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null
    read -r secs kib <"$out/time.txt"
    printf '  %-36s %7.2f s  %7.1f MiB\n' "$label" "$secs" "$(calc "$kib / 1024")"
  }
  printf 'Memory (peak resident set, one run each)\n'
  for n in 1e6 1e7 1e8; do
    peak "P1, $n draws" "$bin" run configs/benchmarks/p1.toml -n "$n" -q --force -o "$out/m.h5"
  done
  for n in 65536 262144 4194304; do
    peak "Ishigami Sobol', N = $n" "$bin" run bench/peers/ishigami.toml --only sobol -q --force -o "$out/m.h5" \
      --set "sensitivity.sobol.base_samples=$n"
  done
  for spec in "100 1 1" "1000 0.1 10" "10000 0.01 100"; do
    read -r steps dt every <<<"$spec"
    peak "SIR, 1e4 draws, $steps steps" "$bin" run configs/examples/sir.toml -n 1e4 --only uncertainty,claims -q \
      --force -o "$out/m.h5" --set "dynamics.steps=$steps" --set "dynamics.dt=$dt" --set "dynamics.record_every=$every"
  done
fi
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
