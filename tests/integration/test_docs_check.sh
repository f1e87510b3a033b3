#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The docs check (scripts/docs_check.py, issue 37): README.md and docs/ name only paths the repository has, and the
# check itself fails on a deliberately stale one (a page naming a file that is not there, and one pattern).
# Usage: test_docs_check.sh SOURCE_DIR
set -uo pipefail
src="$1"
python=/usr/bin/python3
fail() { echo "test_docs_check: $*" >&2; exit 1; }

"$python" "$src/scripts/docs_check.py" --root "$src" || fail "README.md or docs/ name a path that is not in the repository (above)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/stale.md" <<'PAGE'
The engine lives in `src/engine/engine.cpp` and `src/model/plugin_model.*`; templates such as
`tests/unit/<module>/` are skipped. This one is stale: `src/engine/uncertainty_run.cpp`, and so is
the pattern configs/paper/z*.toml.
PAGE
out="$("$python" "$src/scripts/docs_check.py" --root "$src" "$tmp/stale.md" 2>&1)"
rc=$?
[ "$rc" -eq 1 ] || fail "a stale path passed (exit $rc): $out"
grep -q "stale.md:2: src/engine/uncertainty_run.cpp is not in the repository" <<<"$out" || fail "the stale file was not named: $out"
grep -q "stale.md:3: configs/paper/z\*.toml is not in the repository" <<<"$out" || fail "the stale pattern was not named: $out"
[ "$(grep -c "is not in the repository" <<<"$out")" -eq 2 ] || fail "more than the two stale paths reported: $out"
echo "1 passed, 0 failed"
