#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `mcsens reproduce` (issue 22, part 2): a run, a merged set of shards and an MPI run (when mpirun is there) are
# each re-run from what their file stores and found identical bit for bit (exit 0); a file with one changed bit is
# found different at that dataset (exit 1); a run stopped early by --until stops at the same draw when re-run; a
# file another version wrote is refused naming both versions, or re-run with --allow-version; a shard and a file of
# mcsens analyze are refused by name.
# Usage: test_reproduce.sh MCSENS_BINARY HAS_MPI(0/1)
set -euo pipefail
mcsens=$1
has_mpi=${2:-0}
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

cat > study.toml <<'TOML'
title = "a study to reproduce"
[run]
samples = 20000
seed = 22
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 0, sd = 1 }
c = { dist = "beta", mean = 0.4, sd = 0.1 }
[outputs]
y = { expr = "a + 2 * b * c" }
z = { expr = "exp(a) - b" }
[[claims]]
name = "positive"
expr = "y > 0.5"
[sensitivity]
sobol = { base_samples = 2048 }
regression = true
TOML

"$mcsens" run study.toml -o run.h5 -q --keep-samples 500 -t 2
"$mcsens" reproduce run.h5 -t 1 > verdict.txt 2> notes.txt
grep -q "^identical: run.h5 and its re-run agree bit for bit" verdict.txt
echo "a run: identical on another thread count"

# A run stopped early by --until: the re-run stops where it stopped (its targets are in the file), and is identical.
"$mcsens" run study.toml -n 4000000 --until se=0.01 -o until.h5 -q -t 2
grep -q "precision targets met" <("$python" -c "import h5py; print(h5py.File('until.h5').attrs['stop_reason'])")
"$mcsens" reproduce until.h5 -t 1 -q > verdict.txt
grep -q "^identical: until.h5" verdict.txt
echo "a run stopped by --until: identical, stopped at the same draw"

cp run.h5 changed.h5
"$python" - <<'PY'
import h5py, numpy as np
with h5py.File("changed.h5", "r+") as f:
    m = f["outputs/y/moments"]
    v = m[:]
    v[0] = np.nextafter(v[0], np.inf)  # one bit of the mean
    m[...] = v
PY
set +e
"$mcsens" reproduce changed.h5 -q > verdict.txt
status=$?
set -e
test "$status" -eq 1
grep -q "^differs: changed.h5 and its re-run first differ at /outputs/y/moments: its content differs" verdict.txt
echo "one changed bit: found, exit 1"

"$mcsens" run study.toml --shard 1/2 -o s1.h5 -q
"$mcsens" run study.toml --shard 2/2 -o s2.h5 -q
"$mcsens" merge -o merged.h5 s1.h5 s2.h5 -q > /dev/null
"$mcsens" reproduce merged.h5 -q | grep -q "^identical"
echo "merged shards: identical"

if [ "$has_mpi" = 1 ] || [ "$has_mpi" = ON ] || [ "$has_mpi" = TRUE ]; then
  mpirun --oversubscribe --allow-run-as-root -n 2 "$mcsens" run study.toml -o mpi.h5 -q
  "$mcsens" reproduce mpi.h5 -q | grep -q "^identical"
  echo "an MPI run: identical"
fi

"$mcsens" reproduce run.h5 --keep again.h5 -q > /dev/null
test -s again.h5
echo "--keep: the re-run's file kept"

refused() {  # expected message, then the arguments
  local expected=$1
  shift
  if "$mcsens" reproduce "$@" > /dev/null 2> err.txt; then echo "accepted: $*" >&2; exit 1; fi
  grep -qF -- "$expected" err.txt || { echo "expected '$expected', got:" >&2; cat err.txt >&2; exit 1; }
}
refused "'s1.h5' is shard 1 of 2 of a run: merge the shards (mcsens merge), then reproduce the result" s1.h5
cp run.h5 old.h5
"$python" -c "
import h5py
with h5py.File('old.h5', 'r+') as f:
    f.attrs['mcsens_version'] = '0.0.9'
"
refused "'old.h5' was written by mcsens 0.0.9 and this is mcsens" old.h5
"$mcsens" reproduce old.h5 --allow-version -q | grep -q "^identical"
printf 'x,y\n' > data.csv
for i in $(seq 1 100); do echo "$i,$((i * i % 17))" >> data.csv; done
"$mcsens" analyze data.csv --outputs y -o analysis.h5 > /dev/null 2>&1
refused "'analysis.h5' is a file of mcsens analyze: reproduce re-runs the studies of mcsens run" analysis.h5
refused "cannot read result file 'missing.h5': no such file" missing.h5
echo "refusals: a shard, another version (and --allow-version), a file of analyze, a missing file"
