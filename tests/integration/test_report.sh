#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `mcsens report` (issue 22, part 1): a run with every section and a run with an array output (the SIR example)
# give HTML pages that parse, hold every section, fetch nothing, and that headless Chromium draws (a screenshot with
# ink and the figures' colour); --format md writes Markdown whose figures are beside it; bad requests are refused by
# name with exit 2.
# Usage: test_report.sh MCSENS_BINARY SOURCE_DIR
set -euo pipefail
mcsens=$1
source_dir=$2
python=/usr/bin/python3
check="$python $source_dir/tests/integration/report_check.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Exit status and message of a command that must be refused.
refused() {
  local expected=$1
  shift
  local status=0
  "$@" > out.txt 2> err.txt || status=$?
  if [ "$status" -ne 2 ] || ! grep -q -- "$expected" err.txt; then
    echo "expected exit 2 with '$expected' from: $*; got $status:" >&2
    cat err.txt >&2
    exit 1
  fi
}

"$mcsens" run "$source_dir/tests/integration/data/every_section.toml" -n 4000 --keep-samples 200 -o every.h5 -q -t 2
"$mcsens" report every.h5 -o every.html > said.txt
grep -qx "every.html" said.txt
$check html every.html summary provenance parameters outputs claims drivers-big curve-scan scenario-more_b ranking \
  sobol-y morris-y shapley-y regression-y notes methods config
grep -q "mcsens reproduce every.h5" every.html
echo "every section: an HTML page that fetches nothing"

# The SIR example: an array output (a fan chart) and its aggregated Sobol' indices.
"$mcsens" run "$source_dir/configs/examples/sir.toml" -n 2000 --set sensitivity.sobol.base_samples=256 -o sir.h5 -q -t 2
"$mcsens" report sir.h5 -o sir.html > /dev/null
$check html sir.html outputs claims sobol-I_daily methods
grep -q "Share infected (share of the population)" sir.html
echo "an array output: its fan chart and aggregated indices"

# Drawn by a real browser: headless Chromium's screenshot of the page is not blank and shows the figures.
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "test_report: chromium is not installed (scripts/setup.sh installs it)" >&2
  exit 1
fi
HOME="$work" timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=1000,6000 --screenshot="$work/every.png" "file://$work/every.html" > /dev/null 2>&1
$check screenshot every.png

# Markdown for a paper's supplement: the figures as SVG files beside it.
"$mcsens" report every.h5 -o supplement.md --format md > said.txt
grep -q "^supplement.md (and [0-9]* figures beside it)" said.txt
$check md supplement.md
test -d supplement_figures
echo "markdown: figures beside it"

# Refusals, by name.
refused "exists; use --force" "$mcsens" report every.h5 -o every.html
"$mcsens" report every.h5 -o every.html --force > /dev/null
refused "needs -o FILE" "$mcsens" report every.h5
refused "unknown --format 'pdf'" "$mcsens" report every.h5 -o x.pdf --format pdf
"$mcsens" run "$source_dir/tests/integration/data/every_section.toml" -n 4000 --shard 1/2 -o shard.h5 -q
refused "combine the shards first" "$mcsens" report shard.h5 -o shard.html
$python -c "
print('a,y')
for i in range(200): print(f'{i / 200},{(i * 7919 % 200) / 100}')" > data.csv
"$mcsens" analyze data.csv --outputs y -o analyzed.h5 > /dev/null 2>&1
refused "a file of mcsens analyze" "$mcsens" report analyzed.h5 -o analyzed.html
refused "no-such.h5" "$mcsens" report no-such.h5 -o x.html
test ! -e x.html && test ! -e shard.html && test ! -e analyzed.html
echo "refusals: by name, nothing written"
