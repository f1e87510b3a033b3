#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Strong scaling of `mcsens run` on the M5 model (configs/paper/m5_dynamic_adaptation.toml, main run only): 1 vs 2
# OpenMP threads, and 1 vs 2 MPI ranks of one thread each, medians of REPEAT runs, efficiency = T1 / (2 T2).
# Also the cost of checkpoints (a run writing one every 0.5 s vs none) and the size of the state each rank sends
# at the end (the /resume/state record), which is what a weak-scaling model to many ranks needs.
# Usage: scripts/bench_scaling.sh [SAMPLES] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
samples="${1:-4e6}"
repeat="${2:-5}"
bin=build/release/mcsens
config=configs/paper/m5_dynamic_adaptation.toml
[ -x "$bin" ] || { echo "build the release preset first" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mpirun="mpirun --oversubscribe --allow-run-as-root"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
calc() { /usr/bin/python3 -c "print($1)"; }
time_it() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); calc "$e - $s"; }
common=(run "$config" -n "$samples" -q --force --only uncertainty,claims)

t1=(); t2=(); r1=(); r2=(); ck=()
for i in $(seq "$repeat"); do
  t1+=("$(time_it "$bin" "${common[@]}" -t 1 -o "$out/t1.h5")")
  t2+=("$(time_it "$bin" "${common[@]}" -t 2 -o "$out/t2.h5")")
  r1+=("$(time_it env OMP_NUM_THREADS=1 $mpirun -n 1 "$bin" "${common[@]}" -o "$out/r1.h5")")
  r2+=("$(time_it env OMP_NUM_THREADS=1 $mpirun -n 2 "$bin" "${common[@]}" -o "$out/r2.h5")")
  ck+=("$(time_it "$bin" "${common[@]}" -t 2 --checkpoint-every 0.5 -o "$out/ck.h5")")
done
m() { printf '%s\n' "$@" | median; }
T1=$(m "${t1[@]}"); T2=$(m "${t2[@]}"); R1=$(m "${r1[@]}"); R2=$(m "${r2[@]}"); CK=$(m "${ck[@]}")
n=$(/usr/bin/python3 -c "print(int(float('$samples')))")
state=$(/usr/bin/python3 -c "import h5py; print(h5py.File('$out/t2.h5','r')['resume/state'].shape[0])")
printf 'M5 main run, %s draws, median of %s (load average now: %s)\n' "$n" "$repeat" "$(cut -d' ' -f1 /proc/loadavg)"
printf '  1 thread          %7.2f s\n  2 threads         %7.2f s   speed-up %.2f, efficiency %.2f\n' \
  "$T1" "$T2" "$(calc "$T1/$T2")" "$(calc "$T1/(2*$T2)")"
printf '  1 MPI rank        %7.2f s\n  2 MPI ranks       %7.2f s   speed-up %.2f, efficiency %.2f\n' \
  "$R1" "$R2" "$(calc "$R1/$R2")" "$(calc "$R1/(2*$R2)")"
printf '  2 threads, checkpoint every 0.5 s: %7.2f s (%+.1f %% vs none)\n' "$CK" "$(calc "100*($CK/$T2-1)")"
printf '  state a rank sends at the end (all its subtrees): %s bytes\n' "$state"
