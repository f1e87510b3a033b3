#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's sample output of the default run is what `mcsens run` prints today (scripts/docs_check.py
# --readme-output, issue 37), and the check fails on a deliberately stale number. One default run (~30 s on 2
# cores): label `statistical`, not run under the sanitizers.
# Usage: test_readme_output.sh MCSENS SOURCE_DIR
set -uo pipefail
mcsens="$1"
src="$2"
python=/usr/bin/python3
fail() { echo "test_readme_output: $*" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && "$mcsens" run -o "$tmp/paper.h5" >"$tmp/summary.txt") || fail "the default run failed"
"$python" "$src/scripts/docs_check.py" --root "$src" --readme-output "$mcsens" --summary "$tmp/summary.txt" ||
  fail "README.md's sample output is not what mcsens prints (above)"

# A README whose sample quotes a stale quantile (the one the README showed before issue 16's refined quantiles).
mkdir -p "$tmp/stale"
sed 's/0\.7456      1\.128      1\.758/0.746      1.129      1.759/' "$src/README.md" >"$tmp/stale/README.md"
cmp -s "$src/README.md" "$tmp/stale/README.md" && fail "the stale copy is not stale (the README's sample changed?)"
out="$("$python" "$src/scripts/docs_check.py" --root "$tmp/stale" --readme-output "$mcsens" --summary "$tmp/summary.txt")"
[ $? -eq 1 ] || fail "a stale sample passed: $out"
grep -q "0.746      1.129      1.759" <<<"$out" || fail "the stale line was not shown: $out"
echo "1 passed, 0 failed"
