#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/paper-results.md is the program's (issue 37): the one documented command, scripts/make_docs_figures.sh, run
# at the page's full sizes and seeds, makes exactly the figures docs/figures/ holds (and every figure a page shows),
# and every number the page quotes from a run is what the runs' result files hold, to the printed digits
# (scripts/docs_check.py --paper-results, fragments in docs/paper-results.numbers). The check itself fails on a
# deliberately stale number. The runs' files hold only the paths docs/hdf5-schema.md lists. The README's sample
# output of the default run is what the paper run here prints (the default run is configs/paper.toml at its own
# 10^6 draws, embedded at build time; `show` prints a file's summary as `run` printed it), and that check fails on
# a stale number too. Label `statistical` (about two minutes of runs and plots on 2 cores).
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

# The README's sample output (scripts/docs_check.py --readme-output), and a README quoting a stale quantile (the
# one it showed before issue 16's refined quantiles).
"$mcsens" show "$tmp/results/paper.h5" >"$tmp/summary.txt" || fail "show of the paper run failed"
"$python" "$src/scripts/docs_check.py" --root "$src" --readme-output "$mcsens" --summary "$tmp/summary.txt" ||
  fail "README.md's sample output is not what mcsens prints (above)"
mkdir -p "$tmp/stale_readme"
sed 's/0\.7456      1\.128      1\.758/0.746      1.129      1.759/' "$src/README.md" >"$tmp/stale_readme/README.md"
cmp -s "$src/README.md" "$tmp/stale_readme/README.md" && fail "the stale copy is not stale (the README's sample changed?)"
out="$("$python" "$src/scripts/docs_check.py" --root "$tmp/stale_readme" --readme-output "$mcsens" --summary "$tmp/summary.txt")"
[ $? -eq 1 ] || fail "a stale README sample passed: $out"
grep -q "0.746      1.129      1.759" <<<"$out" || fail "the stale README line was not shown: $out"

# A stale number: lag_hb's total Sobol' index of Hebei's effectiveness, one digit off, must be found and named.
grep -q "lag_hb ST 0.4284 \[" "$src/docs/paper-results.md" || fail "the page no longer quotes lag_hb ST 0.4284: pick another number for this test"
sed 's/lag_hb ST 0\.4284 \[/lag_hb ST 0.4285 [/' "$src/docs/paper-results.md" >"$tmp/stale.md"
out="$("$python" "$src/scripts/docs_check.py" --root "$src" --paper-results "$tmp/results" --page "$tmp/stale.md" 2>&1)"
rc=$?
[ "$rc" -eq 1 ] || fail "a stale number passed (exit $rc): $out"
grep -q "stale.md: does not say what paper.h5 holds" <<<"$out" || fail "the stale page was not named: $out"
grep -q "lag_hb ST 0.4284 \[" <<<"$out" || fail "the run's number was not shown: $out"
[ "$(grep -c "does not say" <<<"$out")" -eq 1 ] || fail "more than the stale fragment reported: $out"
# The result files hold only what docs/hdf5-schema.md lists (its table is the program's own description, checked by
# the unit test ResultSchemaPage), with the listed dimensions; a file with an unlisted dataset and a dataset of
# another shape is refused, each named.
"$python" "$src/scripts/docs_check.py" --root "$src" --schema "$tmp/results"/*.h5 ||
  fail "a result file holds a path docs/hdf5-schema.md does not list, or another shape (above)"
cp "$tmp/results/m4_human_capital.h5" "$tmp/odd.h5"
"$python" - "$tmp/odd.h5" <<'PY'
import sys
import h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["outputs/resp_ratio/extra"] = [1.0, 2.0]
    del f["outputs/resp_ratio/moments"]
    f["outputs/resp_ratio/moments"] = [1.0, 2.0, 3.0, 4.0, 5.0]
    errors = f["outputs/resp_ratio/quantile_errors"][()]
    del f["outputs/resp_ratio/quantile_errors"]
    f["outputs/resp_ratio/quantile_errors"] = errors  # the right shape, but no dimension scale on its axis
PY
out="$("$python" "$src/scripts/docs_check.py" --root "$src" --schema "$tmp/odd.h5" 2>&1)"
rc=$?
[ "$rc" -eq 1 ] || fail "an odd file passed the schema check (exit $rc): $out"
grep -q "odd.h5: /outputs/resp_ratio/extra is not listed in docs/hdf5-schema.md" <<<"$out" || fail "the extra dataset was not named: $out"
grep -q "odd.h5: /outputs/resp_ratio/moments has shape (5,), the page lists moment(6)" <<<"$out" || fail "the wrong shape was not named: $out"
grep -q "odd.h5: /outputs/resp_ratio/quantile_errors has dimensions (?), the page lists (quantile)" <<<"$out" ||
  fail "the dataset without its dimension scale was not named: $out"
echo "1 passed, 0 failed"
