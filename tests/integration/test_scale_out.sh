#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Integration test of issue 8 (shards, merge, checkpoints, resume, extend, --until): every way of cutting a run
# into pieces must give a result file whose datasets are identical to the bit to one uninterrupted run
# (compared by h5_same.py), and every bad combination must be refused with exit status 2 and a clear message.
# Usage: test_scale_out.sh MCSENS_BINARY SOURCE_DIR
set -u
mcsens=${1:?usage: test_scale_out.sh MCSENS_BINARY SOURCE_DIR}
src=${2:?usage: test_scale_out.sh MCSENS_BINARY SOURCE_DIR}
python=/usr/bin/python3
same="$python $src/tests/integration/h5_same.py"
config="$src/tests/integration/data/small.toml"
work=$(mktemp -d "${TMPDIR:-/tmp}/mcsens_test_scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=2

fail() {
  echo "test_scale_out: FAIL: $*" >&2
  exit 1
}
run() {  # run ARGS...: mcsens run on the small config, quietly
  "$mcsens" run "$config" -q --progress never "$@"
}
expect_refused() {  # expect_refused PATTERN ARGS...: exit 2 and PATTERN in stderr
  local pattern=$1
  shift
  "$@" 2>"$work/err" >/dev/null
  local rc=$?
  [ $rc -eq 2 ] || fail "exit $rc (expected 2) for: $* ($(head -1 "$work/err"))"
  grep -q -- "$pattern" "$work/err" || fail "message of '$*' lacks '$pattern': $(cat "$work/err")"
}

n=300000  # 4 full chunks and a tail
run -n $n -o "$work/whole.h5" -t 2 || fail "plain run"

# Threads: 1 and 2 give the same bits.
run -n $n -o "$work/one_thread.h5" -t 1 || fail "one-thread run"
$same "$work/whole.h5" "$work/one_thread.h5" || fail "1 vs 2 threads"

# Shards, merged in a scrambled order.
for i in 1 2 3; do run -n $n --shard $i/3 -o "$work/shard$i.h5" || fail "shard $i/3"; done
"$mcsens" show "$work/shard2.h5" | grep -q "shard 2 of 3" || fail "show does not call a shard partial"
"$mcsens" merge -q -o "$work/merged.h5" "$work/shard3.h5" "$work/shard1.h5" "$work/shard2.h5" || fail "merge"
$same "$work/whole.h5" "$work/merged.h5" || fail "merged shards vs one run"
"$mcsens" show "$work/merged.h5" >/dev/null || fail "show merged"

# Merge refuses a missing, duplicated or mismatched shard, and a finished result.
expect_refused "shard 2 of 3 missing" "$mcsens" merge -o "$work/m1.h5" "$work/shard1.h5" "$work/shard3.h5"
expect_refused "both shard 1 of 3" "$mcsens" merge -o "$work/m2.h5" "$work/shard1.h5" "$work/shard1.h5" \
  "$work/shard2.h5" "$work/shard3.h5"
run -n $n -s 99 --shard 2/3 -o "$work/other_seed.h5" || fail "shard with another seed"
expect_refused "seed" "$mcsens" merge -o "$work/m3.h5" "$work/shard1.h5" "$work/other_seed.h5" "$work/shard3.h5"
run -n 200000 --shard 2/3 -o "$work/other_n.h5" || fail "shard with another -n"
expect_refused "-n" "$mcsens" merge -o "$work/m4.h5" "$work/shard1.h5" "$work/other_n.h5" "$work/shard3.h5"
expect_refused "not a shard" "$mcsens" merge -o "$work/m5.h5" "$work/whole.h5"
for f in m1 m2 m3 m4 m5; do [ ! -e "$work/$f.h5" ] || fail "a refused merge wrote $f.h5"; done
expect_refused "--shard 3/2" "$mcsens" run "$config" --shard 3/2 -o "$work/bad.h5"
expect_refused "--shard" "$mcsens" run "$config" --shard 0/2 -o "$work/bad.h5"
expect_refused "--until" "$mcsens" run "$config" --until se=0.01 --shard 1/2 -o "$work/bad.h5"
expect_refused "--until" "$mcsens" run "$config" --until speed=3 -o "$work/bad.h5"

# Extend: a finished run of 200000 draws, resumed with -n 300000, equals the run of 300000.
run -n 200000 -o "$work/extended.h5" || fail "short run"
run -n $n -o "$work/extended.h5" --resume || fail "extend"
$same "$work/whole.h5" "$work/extended.h5" || fail "extended run vs one run"
expect_refused "cannot extend" "$mcsens" run "$config" -q -n 100000 -o "$work/extended.h5" --resume
expect_refused "seed" "$mcsens" run "$config" -q -n 400000 -s 5 -o "$work/extended.h5" --resume
expect_refused "nothing to resume" "$mcsens" run "$config" -q -o "$work/none.h5" --resume

# Checkpoints: interrupt (SIGINT, SIGTERM) or kill (SIGKILL) a longer run once a checkpoint exists, resume,
# compare with the uninterrupted run.
big=1500000
run -n $big -o "$work/big.h5" || fail "big run"
for signal in INT TERM KILL; do
  out="$work/big_$signal.h5"
  "$mcsens" run "$config" -q --progress never -n $big -o "$out" --checkpoint-every 0.2 -t 1 &
  pid=$!  # mcsens itself, not a subshell: the signal must reach it
  for _ in $(seq 1 600); do [ -s "$out.ckpt" ] && break; sleep 0.05; done
  [ -s "$out.ckpt" ] || fail "no checkpoint appeared ($signal)"
  sleep 0.3
  kill -s $signal $pid
  wait $pid
  rc=$?
  if [ $rc -eq 0 ]; then
    echo "test_scale_out: note: the run finished before SIG$signal arrived; resume is then not exercised" >&2
    continue
  fi
  case $signal in
    KILL) [ $rc -eq 137 ] || fail "SIGKILL exit $rc" ;;
    *) [ $rc -eq 130 ] || fail "SIG$signal: exit $rc (expected 130)" ;;
  esac
  [ ! -e "$out" ] || fail "an interrupted run left $out"
  [ -s "$out.ckpt" ] || fail "no checkpoint after SIG$signal"
  run -n $big -o "$out" --resume || fail "resume after SIG$signal"
  [ ! -e "$out.ckpt" ] || fail "the checkpoint was not removed after the resumed run finished"
  $same "$work/big.h5" "$out" || fail "resumed after SIG$signal vs uninterrupted"
done

# A corrupt or mismatched checkpoint is refused, never used.
"$mcsens" run "$config" -q --progress never -n $big -o "$work/c.h5" --checkpoint-every 0.2 -t 1 &
pid=$!
for _ in $(seq 1 600); do [ -s "$work/c.h5.ckpt" ] && break; sleep 0.05; done
kill -INT $pid
wait $pid
if [ -s "$work/c.h5.ckpt" ]; then
  expect_refused "seed" "$mcsens" run "$config" -q -n $big -s 3 -o "$work/c.h5" --resume
  size=$(stat -c %s "$work/c.h5.ckpt")
  printf '\x55\x55\x55\x55' | dd of="$work/c.h5.ckpt" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
  "$mcsens" run "$config" -q -n $big -o "$work/c.h5" --resume 2>"$work/err"
  rc=$?
  [ $rc -ne 0 ] && [ $rc -ne 130 ] || fail "a corrupt checkpoint was used (exit $rc)"
  grep -q "corrupt" "$work/err" || fail "no clear message for a corrupt checkpoint: $(cat "$work/err")"
  [ ! -e "$work/c.h5" ] || fail "a corrupt checkpoint produced a result"
fi

# --until: stops at a power-of-two number of chunks, the same for 1 and 2 threads, and says why in the file.
run -n 2000000 --until se=0.004 -o "$work/until1.h5" -t 1 || fail "--until, 1 thread"
run -n 2000000 --until se=0.004 -o "$work/until2.h5" -t 2 || fail "--until, 2 threads"
$same "$work/until1.h5" "$work/until2.h5" || fail "--until: 1 vs 2 threads"
"$python" - "$work/until1.h5" <<'PY' || fail "--until result"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    reason = f.attrs["stop_reason"]
    reason = reason.decode() if isinstance(reason, bytes) else reason
    samples = int(f.attrs["samples"])
    assert "precision targets met" in reason, reason
    chunks = samples // 65536
    assert samples % 65536 == 0 and chunks & (chunks - 1) == 0 and samples < 2000000, samples
PY
echo "test_scale_out: all passed"
