#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# MPI test of issue 8 (label mpi): `mpirun -n 1/2/3 mcsens run` gives datasets identical to the bit to a run without
# MPI of the same config and seed (main run, claims, curve, scenarios, ranking, Sobol', Morris, regression), with
# --until too; a config error is reported once and every rank exits 2.
# Usage: test_mpi.sh MCSENS_BINARY SOURCE_DIR
set -u
mcsens=${1:?usage: test_mpi.sh MCSENS_BINARY SOURCE_DIR}
src=${2:?usage: test_mpi.sh MCSENS_BINARY SOURCE_DIR}
same="/usr/bin/python3 $src/tests/integration/h5_same.py"
config="$src/tests/integration/data/small.toml"
work=$(mktemp -d "${TMPDIR:-/tmp}/mcsens_test_mpi.XXXXXX")
trap 'rm -rf "$work"' EXIT
mpirun="mpirun --oversubscribe --allow-run-as-root"
export OMP_NUM_THREADS=1

fail() {
  echo "test_mpi: FAIL: $*" >&2
  exit 1
}

"$mcsens" run "$config" -q -n 300000 -o "$work/plain.h5" || fail "run without MPI"
"$mcsens" run "$config" -q -n 2000000 --until se=0.001 -o "$work/plain_until.h5" || fail "--until without MPI"
for ranks in 1 2 3; do
  $mpirun -n $ranks "$mcsens" run "$config" -q -n 300000 -o "$work/mpi$ranks.h5" || fail "mpirun -n $ranks"
  $same "$work/plain.h5" "$work/mpi$ranks.h5" || fail "$ranks ranks vs no MPI"
  $mpirun -n $ranks "$mcsens" run "$config" -q -n 2000000 --until se=0.001 -o "$work/until$ranks.h5" ||
    fail "mpirun -n $ranks --until"
  $same "$work/plain_until.h5" "$work/until$ranks.h5" || fail "--until: $ranks ranks vs no MPI"
done

$mpirun -n 2 "$mcsens" run "$config" -q -n abc -o "$work/bad.h5" >"$work/out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "a bad -n under MPI: exit $rc (expected 2)"
[ "$(grep -c "mcsens: error:" "$work/out")" -eq 1 ] || fail "the error was not reported exactly once: $(cat "$work/out")"
[ ! -e "$work/bad.h5" ] || fail "a refused MPI run wrote a file"
echo "test_mpi: all passed"
