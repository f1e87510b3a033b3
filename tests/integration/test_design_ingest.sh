#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Designs evaluated elsewhere (issue 19, part 3), through the real program: `mcsens design` writes the rows a run
# evaluates, a Python script (the csv module only) evaluates the config's model on each, and `mcsens ingest` gives
# the result file of a direct `mcsens run` with the same options: every dataset and attribute the same, bit for bit
# (h5_same.py; only the wall time and creation time differ). Also: the design and outputs in two files, a design
# written in shards, rows left out (counted as failed draws), and the refusals (exit 2 at the bad cell).
set -euo pipefail
mcsens=$1
source_dir=$2
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

cat > model.toml <<'TOML'
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 0, sd = 1 }
c = { value = 2.5 }
[outputs]
y = "a * b"
z = "a + b"
[[claims]]
name = "big"
expr = "y > 0.3"
[[scenarios]]
name = "wide"
parameters = { b = { dist = "normal", mean = 0, sd = 2 } }
[sensitivity]
sobol = { base_samples = 64 }
morris = { trajectories = 10 }
TOML

# The model, as another system would evaluate it: y = a * b and z = a + b (one rounding each, as mcsens's).
cat > evaluate.py <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as design, open(sys.argv[2], "w", newline="") as out:
    rows = csv.DictReader(design)
    writer = csv.writer(out)
    inputs = sys.argv[3] == "with-inputs"
    writer.writerow(["row"] + (rows.fieldnames[1:] if inputs else []) + ["y", "z"])
    for row in rows:
        a, b = float(row["a"]), float(row["b"])
        writer.writerow([row["row"]] + ([row[k] for k in rows.fieldnames[1:]] if inputs else []) + [repr(a * b), repr(a + b)])
PY

options=(-n 2000 -s 11)
"$mcsens" run model.toml "${options[@]}" -q -o direct.h5
"$mcsens" design model.toml "${options[@]}" -o design.csv 2> said.txt
grep -q "rows of" said.txt
"$python" evaluate.py design.csv evaluated.csv with-inputs
"$mcsens" ingest model.toml evaluated.csv "${options[@]}" -q -o ingested.h5
"$python" "$source_dir/tests/integration/h5_same.py" direct.h5 ingested.h5
echo "one file with inputs and outputs: the direct run's file"

"$python" evaluate.py design.csv outputs.csv outputs-only
"$mcsens" ingest model.toml design.csv outputs.csv "${options[@]}" -q -t 1 -o two.h5
"$python" "$source_dir/tests/integration/h5_same.py" direct.h5 two.h5
echo "the design's file and the outputs' file: the direct run's file"

"$mcsens" design model.toml "${options[@]}" --shard 1/2 -o part1.csv 2> /dev/null
"$mcsens" design model.toml "${options[@]}" --shard 2/2 -o part2.csv 2> /dev/null
cat part1.csv <(tail -n +2 part2.csv) | cmp - design.csv
echo "two shards of the design: the design"

# Only the first shard evaluated: the other rows are failed draws, counted as not evaluated.
"$python" evaluate.py part1.csv half.csv outputs-only
"$mcsens" ingest model.toml half.csv "${options[@]}" -q -o half.h5
"$python" - half.h5 part1.csv <<'PY'
import sys
import h5py
evaluated = sum(1 for _ in open(sys.argv[2])) - 1
# The design's rows in a one-thread run's order: blocks of 1,024 draws, each block's baseline draws then the
# scenario's (rows 0-1023 baseline draws 0-1023, 1024-2047 the scenario's, then 976 of each), then Sobol', Morris.
assert evaluated == 2135, evaluated
with h5py.File(sys.argv[1]) as f:
    assert f.attrs["failed_draws"] == f.attrs["failed_draws_not_evaluated"] == 2000 - 1024 - (2135 - 2048), dict(f.attrs)
    wide = f["scenarios/wide"].attrs
    assert wide["failed_draws"] == wide["failed_draws_not_evaluated"] == 976, dict(wide)
    assert "failed_draws_not_evaluated" in f.attrs
print("rows left out: failed draws, not evaluated")
PY

# The shipped example (examples/designs/): the direct run's numbers to rounding (Python's libm against the vector
# math library of the expression model).
example=$source_dir/examples/designs
"$mcsens" design "$example/borehole.toml" -o borehole_design.csv 2> /dev/null
"$python" "$example/evaluate.py" borehole_design.csv borehole_evaluated.csv
"$mcsens" ingest "$example/borehole.toml" borehole_evaluated.csv -q -o borehole_ingested.h5
"$mcsens" run "$example/borehole.toml" -q -o borehole_direct.h5
"$python" - borehole_ingested.h5 borehole_direct.h5 <<'PY'
import sys
import h5py
import numpy as np
with h5py.File(sys.argv[1]) as a, h5py.File(sys.argv[2]) as b:
    np.testing.assert_allclose(a["outputs/flow/moments"][:4], b["outputs/flow/moments"][:4], rtol=1e-12)
    np.testing.assert_allclose(a["sensitivity/sobol/flow/ST"][:], b["sensitivity/sobol/flow/ST"][:], atol=1e-10)
    assert a["claims/high_flow/count"][()] == b["claims/high_flow/count"][()]
print("the example: the direct run's numbers")
PY

refused() {  # expected message, then the ingest arguments
  local expected=$1
  shift
  if "$mcsens" ingest model.toml "$@" "${options[@]}" -q -o refused.h5 2> err.txt; then
    echo "accepted: $*" >&2
    exit 1
  fi
  grep -qF -- "$expected" err.txt || { echo "expected '$expected', got:" >&2; cat err.txt >&2; exit 1; }
  test ! -e refused.h5
}
sed '4s/^2,[^,]*,/2,0.5,/' evaluated.csv > wrong_input.csv
refused "wrong_input.csv:4:3: row 2 has a = 0.5, the design's row 2 has" wrong_input.csv
sed '1s/,z/,zz/' outputs.csv > no_z.csv
refused "no_z.csv:1:1: the header has no column 'z' (an output of the config)" no_z.csv
sed '4s/,[^,]*$/,abc/' outputs.csv > not_a_number.csv
refused "not_a_number.csv:4:" not_a_number.csv
grep -q "is not a number: 'abc'" err.txt
head -3 outputs.csv > twice.csv && sed -n 3p outputs.csv >> twice.csv
refused "row 1 is given twice" twice.csv
printf 'row,y,z\n99999,1,2\n' > outside.csv
refused "row 99999 is not a row of the design (0 to" outside.csv
echo "refused: an input not the design's, a missing output, a cell that is no number, a row twice, a row outside"

cat > array.toml <<'TOML'
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
[outputs]
flows = { expr = "a * year", over = "year", size = 3 }
TOML
if "$mcsens" design array.toml -o array.csv 2> err.txt; then echo "an array output was accepted" >&2; exit 1; fi
grep -qF "output 'flows' is an array (over year): a design evaluated elsewhere takes scalar outputs only so far" err.txt
echo "refused: an array output"
