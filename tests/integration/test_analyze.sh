#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `mcsens analyze` (issue 21) on a CSV written by another program (Python's csv module): the Ishigami function's
# first-order indices by ranks against their exact values (0.3139, 0.4424, 0: Ishigami & Homma 1990; Saltelli et
# al. 2008, sec. 4.3) within 5 standard errors (the interval's half-width / t(15, 0.975) is one) plus 10/n for the
# estimator's bias; the same from a tab-separated file; NaN cells counted and left out; and the refusals.
set -euo pipefail
mcsens=$1
src=$2  # the source folder, for scripts/plot_results.py
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$python" - <<'PY'
import csv, math, random
random.seed(21)
rows = []
for _ in range(1 << 16):
    x = [random.uniform(-math.pi, math.pi) for _ in range(3)]
    y = math.sin(x[0]) + 7 * math.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * math.sin(x[0])
    rows.append([repr(v) for v in x] + [repr(y), repr(2 * y)])
with open("ishigami.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["x1", "x2", "x3", "y", "twice"])
    w.writerows(rows)
with open("ishigami.tsv", "w", newline="") as f:
    w = csv.writer(f, delimiter="\t")
    w.writerow(["x1", "x2", "x3", "y", "twice"])
    w.writerows(rows)
rows[5][1] = "nan"
rows[9][3] = "inf"
with open("holes.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["x1", "x2", "x3", "y", "twice"])
    w.writerows(rows)
PY

"$mcsens" analyze ishigami.csv --outputs y --inputs x1,x2,x3 --json > analysis.json
"$mcsens" analyze ishigami.tsv --outputs y --inputs x1,x2,x3 --json | sed 's/ishigami.tsv/ishigami.csv/' | cmp - analysis.json
"$python" - analysis.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["rows"] == 65536 and d["inputs"] == ["x1", "x2", "x3"], d
r = d["outputs"]["y"]["rank_first_order"]
exact = [0.3139, 0.4424, 0.0]
t = 2.131449545559323  # t(15, 0.975)
for i, s in enumerate(exact):
    se = (r["S1_high"][i] - r["S1_low"][i]) / (2 * t)
    assert 0 < se < 0.01, (i, se)
    assert abs(r["S1"][i] - s) < 5 * se + 10 / 65536, (i, r["S1"][i], s, se)
reg = d["outputs"]["y"]["regression"]
assert reg["n"] == 65536 and abs(reg["src"][0] - 0.44) < 0.02, reg
print("Ishigami: exact first-order indices within 5 se; tabs read as commas")
PY

# Borgonovo's delta and PAWN of y = x1 + 2 x2 + 0 x3, standard normal inputs: exact deltas 0.160394, 0.505497, 0 (the
# L1 distance of two normal densities in closed form, averaged over x: test_borgonovo_delta_statistical.cpp), PAWN
# medians 0.133912, 0.409318, 0 (test_pawn_statistical.cpp), R2_HSIC 0.113679, 0.682603, 0.
"$python" - <<'PY'
import csv, random
random.seed(2013)
with open("gaussian.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["x1", "x2", "x3", "y"])
    for _ in range(1 << 16):
        x = [random.gauss(0, 1) for _ in range(3)]
        w.writerow([repr(v) for v in x] + [repr(x[0] + 2 * x[1])])
PY
"$mcsens" analyze gaussian.csv --outputs y --json > gaussian.json
"$python" - gaussian.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["outputs"]["y"]["delta"]
exact = [0.16039381334490987, 0.505497220127873, 0.0]
t = 2.131449545559323  # t(15, 0.975)
assert d["classes"] == 41 and d["n"] == 65536, d
for i, e in enumerate(exact):
    se = (d["delta_high"][i] - d["delta_low"][i]) / (2 * t)
    assert 0 < se < 0.01, (i, se)
    assert abs(d["delta"][i] - e) < 5 * se, (i, d["delta"][i], e, se)
p = json.load(open(sys.argv[1]))["outputs"]["y"]["pawn"]
exact = [0.1339124802648331, 0.4093180857967489, 0.0]  # median over 10 classes (test_pawn_statistical.cpp)
for i, e in enumerate(exact):
    se = (p["median_high"][i] - p["median_low"][i]) / (2 * t)
    assert 0 < se < 0.01 and abs(p["median"][i] - e) < 5 * se, (i, p["median"][i], e, se)
assert abs(p["published_median"][2] - p["published_null_median"]) < 0.005, p
h = json.load(open(sys.argv[1]))["outputs"]["y"]["hsic"]
exact = [0.1136792207313942, 0.6826026150381475, 0.0]  # R2_HSIC (test_hsic_statistical.cpp)
assert h["n"] == 4096, h
for i, e in enumerate(exact):
    se = (h["r2_high"][i] - h["r2_low"][i]) / (2 * t)
    assert 0 < se < 0.02 and abs(h["r2"][i] - e) < 5 * se, (i, h["r2"][i], e, se)
assert h["p_value"][0] < 1e-10 and h["p_value"][1] < 1e-10 and h["p_value"][2] > 1e-4, h
print("linear Gaussian: exact delta, PAWN and R2_HSIC within 5 se; HSIC test rejects where it should")
PY

# -o: the same estimates in an HDF5 file that xarray opens by group, and that mcsens show prints as analyze did.
"$mcsens" analyze gaussian.csv --outputs y -o gaussian.h5 > console.txt 2> wrote.txt
grep -qF "mcsens analyze: wrote gaussian.h5" wrote.txt
"$mcsens" show gaussian.h5 | cmp - console.txt
"$mcsens" show gaussian.h5 --json | cmp - gaussian.json
if "$mcsens" analyze gaussian.csv --outputs y -o gaussian.h5 > /dev/null 2> err.txt; then exit 1; fi
grep -qF "gaussian.h5 exists; use --force to overwrite" err.txt
"$mcsens" analyze gaussian.csv --outputs y -o gaussian.h5 --force > /dev/null 2>&1
# The figures of the file: the four indices side by side, and SRC/PRCC as for a run.
"$python" "$src/scripts/plot_results.py" gaussian.h5 -o plots > plots.txt
grep -qx "plots/given_data_y.png" plots.txt && grep -qx "plots/regression_y.png" plots.txt
test -s plots/given_data_y.png
"$python" - gaussian.h5 gaussian.json <<'PY'
import json, sys
import h5py, xarray
path, d = sys.argv[1], json.load(open(sys.argv[2]))["outputs"]["y"]
with h5py.File(path) as f:
    assert f.attrs["analysis"] == "given data (mcsens analyze)" and f.attrs["rows"] == 65536, dict(f.attrs)
    assert sorted(f["sensitivity"]) == ["delta", "hsic", "pawn", "rank_first_order", "regression"], list(f["sensitivity"])
for method, name, key in [("rank_first_order", "S1", ("rank_first_order", "S1")), ("delta", "delta", ("delta", "delta")),
                          ("pawn", "median", ("pawn", "median")), ("hsic", "r2", ("hsic", "r2"))]:
    ds = xarray.open_dataset(path, group="/sensitivity/%s/y" % method, engine="h5netcdf")
    assert list(ds["input"].values) == ["x1", "x2", "x3"], ds
    assert list(ds[name].values) == d[key[0]][key[1]], (method, ds[name].values)
    assert float(ds[name + "_ci"].sel(input="x2", bound="high")) == d[key[0]][key[1] + "_high"][1], method
print("-o: xarray reads every method's group by input and bound; show prints it again")
PY

# Claims on data: P(y > 2) for y ~ N(0, 5) is 1 - Phi(2 / sqrt 5) = 0.185546 exactly; x2 drives it more than x1,
# x3 not at all; a typo is refused at its place in the argument.
"$mcsens" analyze gaussian.csv --outputs y --claim "big = y > 2" --json > claim.json
"$python" - claim.json <<'PY'
import json, math, sys
c = json.load(open(sys.argv[1]))["claims"]["big"]
exact = 0.5 * math.erfc(2 / math.sqrt(5) / math.sqrt(2))
assert c["n"] == 65536 and c["interval"] == "wilson" and c["ci_low"] < exact < c["ci_high"], (c, exact)
d = {x["input"]: x for x in c["drivers"]}
assert d["x2"]["ks_distance"] > d["x1"]["ks_distance"] > 0.2 and d["x3"]["p_value"] > 1e-4, d
print("claims on data: P(y > 2) covers its exact value; x2, then x1 drive it")
PY
"$mcsens" analyze gaussian.csv --outputs y --claim "big = y > 2" | grep -qF "what drives big"
if "$mcsens" analyze gaussian.csv --outputs y --claim "big = yy > 2" > /dev/null 2> err.txt; then exit 1; fi
grep -qF "mcsens: error: --claim big = yy > 2: unknown name 'yy' (did you mean 'y'?)" err.txt

# --config: the columns against the distributions a config declares for them (x1 is drawn N(0, 1) as declared; x2
# is N(0, 1) too but declared uniform(-3, 3)); and the same bits on one thread as on two.
cat > declared.toml <<'TOML'
title = "declared"
[parameters]
x1 = { dist = "normal", mean = 0, sd = 1 }
x2 = { dist = "uniform", low = -3, high = 3 }
[outputs]
y = { expr = "x1 + 2 * x2" }
TOML
"$mcsens" analyze gaussian.csv --outputs y --config declared.toml --json > checked.json 2> warnings.txt
grep -qF "mcsens: warning: column 'x2' does not look drawn from uniform(low=-3, high=3), its law in declared.toml" warnings.txt
if grep -q "column 'x1'" warnings.txt; then echo "x1 follows its law, yet was warned about" >&2; exit 1; fi
"$python" -c "
import json, sys
d = json.load(open('checked.json'))
assert d['checked_against'] == 'declared.toml' and len(d['warnings']) == 1 and \"'x2'\" in d['warnings'][0], d
"
OMP_NUM_THREADS=1 "$mcsens" analyze gaussian.csv --outputs y --json | cmp - gaussian.json
echo "--config: the column off its declared law is warned about; one thread gives the same bits"

# A run's kept draws as data: y = a + 2 b + c with a ~ U(0, 1), b ~ N(0, 1) and c held at 2, so S1 = (1/12, 4) /
# (1/12 + 4) exactly; the constant c is left out by default and named.
cat > run.toml <<'TOML'
title = "kept draws"
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 0, sd = 1 }
c = { value = 2 }
[outputs]
y = { expr = "a + 2 * b + c" }
TOML
"$mcsens" run run.toml -n 16384 --keep-samples 16384 -o run.h5 > /dev/null 2>&1
"$mcsens" analyze run.h5 --outputs y --json > run.json
"$python" - run.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sampler"] == "mc" and d["left_out"] == ["c"] and d["inputs"] == ["a", "b"] and d["rows"] == 16384, d
r = d["outputs"]["y"]["rank_first_order"]
t = 2.131449545559323
for i, s in enumerate([(1 / 12) / (1 / 12 + 4), 4 / (1 / 12 + 4)]):
    se = (r["S1_high"][i] - r["S1_low"][i]) / (2 * t)
    assert 0 < se < 0.02 and abs(r["S1"][i] - s) < 5 * se + 10 / 16384, (i, r["S1"][i], s, se)
print("a run's kept draws: read by name, the constant left out, exact S1 within 5 se")
PY
"$mcsens" run run.toml -n 1000 -o nokeep.h5 > /dev/null 2>&1

"$mcsens" analyze holes.csv --outputs y,twice --inputs x1,x2,x3 --json > holes.json
"$python" - holes.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["outputs"]["y"]["rank_first_order"]["dropped_rows"] == 2, d
assert d["outputs"]["twice"]["rank_first_order"]["dropped_rows"] == 1, d
print("NaN and inf cells: their rows left out and counted, per output")
PY
"$mcsens" analyze ishigami.csv --outputs y --inputs x1,x2,x3 | grep -q "x2  0.4"

refused() {  # expected message, then the arguments
  local expected=$1
  shift
  if "$mcsens" analyze "$@" > /dev/null 2> err.txt; then echo "accepted: $*" >&2; exit 1; fi
  grep -qF -- "$expected" err.txt || { echo "expected '$expected', got:" >&2; cat err.txt >&2; exit 1; }
}
refused "the header has no column 'x4' (an input) (did you mean 'x1'?)" ishigami.csv --outputs y --inputs x1,x4
refused "the header has no column 'yy' (an output)" ishigami.csv --outputs yy
refused "'run.h5' has kept no output 'yy' (did you mean 'y'?) (its kept outputs: y)" run.h5 --outputs yy
refused "'nokeep.h5' holds no kept draws (/samples): run its config with --keep-samples M" nokeep.h5 --outputs y
refused "'gaussian.h5' is a file of mcsens analyze: it holds estimates, not draws to analyze" gaussian.h5 --outputs y
sed '7s/^[^,]*,/abc,/' ishigami.csv > bad.csv
refused "bad.csv:7:1: the cell of 'x1' is not a number: 'abc'" bad.csv --outputs y --inputs x1,x2,x3
head -20 ishigami.csv > short.csv
refused "short.csv has 19 rows; mcsens analyze needs at least 64" short.csv --outputs y
"$python" -c "
import csv
r = list(csv.reader(open('ishigami.csv')))
w = csv.writer(open('flat.csv', 'w', newline=''))
w.writerow(r[0] + ['k'])
w.writerows(row + ['3'] for row in r[1:])"
refused "flat.csv: column 'k' holds one value only" flat.csv --outputs y
refused "column 'y' is named twice" ishigami.csv --outputs y --inputs x1,y
refused "mcsens analyze needs --outputs" ishigami.csv
echo "refused: a missing column, a cell that is no number, too few rows, a constant column, a column twice, no outputs"
