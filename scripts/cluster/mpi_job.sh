#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One mcsens run over MPI ranks (each with OpenMP threads): as a SLURM batch script (sbatch scripts/cluster/mpi_job.sh
# CONFIG SAMPLES OUT) or directly on a machine with mpirun. Rank 0 writes OUT; the file is identical to the bit to a
# single-process run. SLURM sends SIGTERM 120 s before the wall-time limit (--signal): every rank then saves its
# finished chunks (OUT.ckpt, OUT.ckpt.rank<r>) and exits 130; resubmitting the same script resumes them (with any
# number of ranks).
#SBATCH --job-name=mcsens-mpi
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=32
#SBATCH --time=12:00:00
#SBATCH --signal=TERM@120
set -euo pipefail
config=${1:?usage: mpi_job.sh CONFIG SAMPLES OUT}
samples=${2:?samples}
out=${3:?result file}
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-$(nproc)}
resume=
if [ -e "$out.ckpt" ]; then resume=--resume; fi
if [ -n "${SLURM_JOB_ID:-}" ]; then
  srun mcsens run "$config" -n "$samples" -o "$out" --checkpoint-every 600 $resume
else
  mpirun -n "${RANKS:-2}" mcsens run "$config" -n "$samples" -o "$out" --checkpoint-every 600 $resume
fi
