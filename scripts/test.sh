#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Command 2 of the README: install what is missing, check formatting, build with warnings as errors and run
# every test; build the sanitizer preset (ASan+UBSan) and run the unit and integration tests under it (any
# sanitizer report fails the run); fuzz the config loader and the expression compiler for 60 s each
# (scripts/fuzz.sh). Ends with CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"

bash scripts/setup.sh
# Each phase's header says how long the command has run (CI's budget is 35 minutes: where the time goes).
started=$SECONDS
phase() { echo "== $1 [at $((SECONDS - started)) s]"; }

phase "format check (clang-format)"
mapfile -t sources < <(git ls-files -- 'src/*.cpp' 'src/*.hpp' 'include/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp' 'fuzz/*.cpp' 'fuzz/*.hpp' 'python/*.cpp' 'python/*.hpp')
if [ ${#sources[@]} -gt 0 ]; then
  clang-format --dry-run --Werror "${sources[@]}"
fi

phase "sanitizer build (asan preset): unit and integration tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
phase "sanitizer tests"
# halt_on_error: the first report ends the process with a failure status, which fails its test (an integration
# test sees an exit code it does not expect and a stderr that is not its one-line message).
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$jobs"

phase "fuzzing (fuzz preset, clang + libFuzzer): 60 s per target"
bash scripts/fuzz.sh 60

phase "release build with warnings as errors (ci preset): all tests"
cmake --preset ci
cmake --build --preset ci -j "$jobs"
phase "all tests (ci preset)"
ctest --preset ci -j "$jobs"
