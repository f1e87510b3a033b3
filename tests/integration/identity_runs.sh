#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The runs whose result files must stay identical to the bit across refactorings of the engine: every shipped
# config (paper pack and benchmarks) with the mc and lhs samplers, kept samples, --until, shards and an extension.
# The sobol sampler's designs changed on purpose (randomized-QMC replicates: issue "Honest error bars
# everywhere"), so Sobol' indices run with sampler = "mc" here (mc_sobol) and the main run's --sampler sobol is
# not compared; its bits across threads, ranks and shards are tested by test_scale_out.sh and test_mpi.sh.
# Usage: identity_runs.sh MCSENS_BINARY OUTDIR [CONFIG_ROOT]   (writes OUTDIR/<name>.h5)
set -euo pipefail
bin="$1"
out="$2"
root="${3:-$(cd "$(dirname "$0")/../.." && pwd)}"
mkdir -p "$out"
mc_sobol=(--set 'sensitivity.sobol.sampler="mc"')
run() { # name, then mcsens run arguments
  local name="$1"
  shift
  "$bin" run "$@" -o "$out/$name.h5" --force -q --progress never
}
run paper "$root/configs/paper.toml" -n 100000 -s 7 --set sensitivity.sobol.base_samples=2048 \
  --set sensitivity.morris.trajectories=40 "${mc_sobol[@]}"
run paper_lhs "$root/configs/paper.toml" -n 70000 -s 12 --sampler lhs --only uncertainty,claims,scenarios --keep-samples 500
for f in "$root"/configs/paper/*.toml "$root"/configs/benchmarks/*.toml; do
  name="$(basename "$f" .toml)"
  extra=()
  if grep -q '^sobol = ' "$f"; then extra=("${mc_sobol[@]}"); fi
  run "$name" "$f" -n 150000 -s 3 "${extra[@]}"
done
run p1_keep "$root/configs/benchmarks/p1.toml" -n 200000 -s 5 --keep-samples 1000
run p1_until "$root/configs/benchmarks/p1.toml" -n 5000000 -s 5 --until se=0.002
run ishigami_s2 "$root/configs/benchmarks/ishigami.toml" -s 9 --set sensitivity.sobol.second_order=true \
  --set sensitivity.sobol.base_samples=4096 --only sobol "${mc_sobol[@]}"
for i in 1 2 3; do
  run "m5_shard$i" "$root/configs/paper/m5_dynamic_adaptation.toml" -n 300000 -s 4 --shard "$i/3" "${mc_sobol[@]}"
done
"$bin" merge -o "$out/m5_merged.h5" --force -q "$out/m5_shard2.h5" "$out/m5_shard1.h5" "$out/m5_shard3.h5"
rm -f "$out"/m5_shard?.h5
run m5_extend "$root/configs/paper/m5_dynamic_adaptation.toml" -n 200000 -s 4 --only uncertainty,claims
run m5_extend "$root/configs/paper/m5_dynamic_adaptation.toml" -n 300000 -s 4 --only uncertainty,claims --resume
