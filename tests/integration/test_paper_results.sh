#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/paper-results.md is the program's (issue 37): the one documented command, scripts/make_docs_figures.sh, run
# at the page's full sizes and seeds, makes exactly the figures docs/figures/ holds (and every figure a page shows),
# and every number the page quotes from a run is what the runs' result files hold, to the printed digits
# (scripts/docs_check.py --paper-results, fragments in docs/paper-results.numbers). The check itself fails on a
# deliberately stale number. Label `statistical` (about two minutes of runs and plots on 2 cores).
# Usage: test_paper_results.sh MCSENS SOURCE_DIR
set -uo pipefail
mcsens="$1"
src="$2"
python=/usr/bin/python3
fail() { echo "test_paper_results: $*" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

bash "$src/scripts/make_docs_figures.sh" "$mcsens" "$tmp/figures" 1 "$tmp/results" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "the script failed"; }
made="$(cd "$tmp/figures" && ls *.png | sort)"
kept="$(cd "$src/docs/figures" && ls *.png | sort)"
[ "$made" = "$kept" ] || fail "docs/figures/ and the script's figures differ: $(diff <(echo "$kept") <(echo "$made"))"
for png in $made; do
  [ "$(head -c 4 "$tmp/figures/$png" | od -An -c | tr -d ' ')" = "211PNG" ] || fail "$png is not a PNG"
done
shown="$(grep -oh 'figures/[A-Za-z0-9_]*\.png' "$src/README.md" "$src"/docs/*.md | sed 's|figures/||' | sort -u)"
for png in $shown; do
  grep -qx "$png" <<<"$made" || fail "a page shows figures/$png, which the script does not make"
done

"$python" "$src/scripts/docs_check.py" --root "$src" --paper-results "$tmp/results" ||
  fail "docs/paper-results.md quotes numbers the runs do not give (above): make the runs and correct the page"

# A stale number: lag_hb's total Sobol' index of Hebei's effectiveness, one digit off, must be found and named.
grep -q "lag_hb ST 0.4284 \[" "$src/docs/paper-results.md" || fail "the page no longer quotes lag_hb ST 0.4284: pick another number for this test"
sed 's/lag_hb ST 0\.4284 \[/lag_hb ST 0.4285 [/' "$src/docs/paper-results.md" >"$tmp/stale.md"
out="$("$python" "$src/scripts/docs_check.py" --root "$src" --paper-results "$tmp/results" --page "$tmp/stale.md" 2>&1)"
rc=$?
[ "$rc" -eq 1 ] || fail "a stale number passed (exit $rc): $out"
grep -q "stale.md: does not say what paper.h5 holds" <<<"$out" || fail "the stale page was not named: $out"
grep -q "lag_hb ST 0.4284 \[" <<<"$out" || fail "the run's number was not shown: $out"
[ "$(grep -c "does not say" <<<"$out")" -eq 1 ] || fail "more than the stale fragment reported: $out"
echo "1 passed, 0 failed"
