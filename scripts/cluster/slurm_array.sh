#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A SLURM job array that runs one mcsens run as N independent shards, then a dependent job that merges them.
# Submit with:   bash scripts/cluster/slurm_array.sh CONFIG SAMPLES SHARDS OUTDIR
# Each array task computes shard I of N (the same chunk ranges MPI ranks would own) into OUTDIR/shard-I.h5; a
# task killed at its wall-time limit leaves OUTDIR/shard-I.h5.ckpt and is simply resubmitted (--resume finishes
# it). The merged OUTDIR/result.h5 is identical to the bit to a single `mcsens run CONFIG -n SAMPLES`.
set -euo pipefail
config=${1:?usage: slurm_array.sh CONFIG SAMPLES SHARDS OUTDIR}
samples=${2:?samples}
shards=${3:?shards}
outdir=${4:?output folder}
mkdir -p "$outdir"

array_job=$(sbatch --parsable --array=1-"$shards" --cpus-per-task=8 --time=04:00:00 \
  --job-name=mcsens-shard --output="$outdir/shard-%a.log" --signal=TERM@120 --wrap "
    export OMP_NUM_THREADS=\$SLURM_CPUS_PER_TASK
    out=$outdir/shard-\$SLURM_ARRAY_TASK_ID.h5
    resume=; [ -e \$out.ckpt ] && resume=--resume
    mcsens run $config -n $samples --shard \$SLURM_ARRAY_TASK_ID/$shards -o \$out --checkpoint-every 300 \$resume -q")

sbatch --dependency=afterok:"$array_job" --job-name=mcsens-merge --output="$outdir/merge.log" --wrap \
  "mcsens merge -o $outdir/result.h5 $outdir/shard-*.h5"
echo "submitted array job $array_job ($shards shards) and its merge"
