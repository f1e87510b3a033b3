#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every figure of docs/figures/ is made by the one documented command, scripts/make_docs_figures.sh (issue 37): run
# at 1/100 of the documented sizes into a temporary folder, it must make exactly the files docs/figures/ holds, and
# every figure a page shows must be among them. Label `statistical` (a minute of runs and plots).
# Usage: test_docs_figures.sh MCSENS SOURCE_DIR
set -uo pipefail
mcsens="$1"
src="$2"
fail() { echo "test_docs_figures: $*" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

bash "$src/scripts/make_docs_figures.sh" "$mcsens" "$tmp/figures" 100 >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "the script failed"; }
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
echo "1 passed, 0 failed"
