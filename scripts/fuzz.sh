#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan+UBSan) and runs each for SECONDS (default 60), one
# target per core at a time, on a copy of its seed corpus (fuzz/corpus/<target>), so the committed corpus never
# changes behind git's back.
# Fails on the first crash, hang (-timeout), out-of-memory (-rss_limit_mb) or sanitizer report; the input that
# caused it is left as fuzz/artifacts/<target>/crash-* (or timeout-*, oom-*): fix the code, then add the input to
# fuzz/regressions/<target>/ so that the unit test test_fuzz_regressions replays it for ever.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     TARGET: config, expression, data_file (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config expression data_file)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# One fuzzer per core at a time (each is single-threaded): the targets' wall time is shared, not summed.
fuzz_one() {
  local target="$1"
  mkdir -p "$work/$target" "fuzz/artifacts/$target"
  cp fuzz/corpus/"$target"/* "$work/$target/"
  if [ -d "fuzz/regressions/$target" ]; then cp fuzz/regressions/"$target"/* "$work/$target/" 2>/dev/null || true; fi
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "build/fuzz/fuzz/fuzz_${target}" "$work/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=8192 -dict="fuzz/${target}.dict" -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$target/" >"$work/$target.log" 2>&1
}
declare -A running=()  # pid -> target
failed=()
report() {  # the log of a finished target, and its failure if it had one
  local target="$1" status="$2"
  echo "== fuzz_${target}: ${seconds} s"
  tail -n 40 "$work/$target.log"
  if [ "$status" -ne 0 ]; then
    echo "fuzz_${target} found a failure (status $status); see fuzz/artifacts/$target/" >&2
    failed+=("$target")
  fi
}
reap() {  # waits for one running target
  local pid status=0
  wait -n -p pid "${!running[@]}" || status=$?
  report "${running[$pid]}" "$status"
  unset "running[$pid]"
}
for target in "${targets[@]}"; do
  [ ${#running[@]} -lt "$(nproc)" ] || reap
  fuzz_one "$target" &
  running[$!]="$target"
done
while [ ${#running[@]} -gt 0 ]; do reap; done
[ ${#failed[@]} -eq 0 ] || exit 1
echo "== fuzzing: no failure in ${seconds} s per target"
