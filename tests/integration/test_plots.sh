#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Integration test of scripts/plot_results.py (issue 9): runs mcsens on a small model that has every kind of
# result (outputs, claims with drivers, a curve with features, two scenarios with a ranking, Sobol', Morris,
# regression, kept samples) and a model with correlated inputs (Sobol', Morris with their caveat, Shapley effects),
# plots them, and checks that every expected figure exists and is non-trivial (> 10 KB).
# Also checks that a file that is not an mcsens result is refused with exit status 2.
# Usage: test_plots.sh MCSENS_BINARY SOURCE_DIR
set -u
mcsens=${1:?usage: test_plots.sh MCSENS_BINARY SOURCE_DIR}
src=${2:?usage: test_plots.sh MCSENS_BINARY SOURCE_DIR}
python=/usr/bin/python3
script="$src/scripts/plot_results.py"
work=$(mktemp -d "${TMPDIR:-/tmp}/mcsens_test_plots.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
  echo "test_plots: FAIL: $*" >&2
  exit 1
}

cat > "$work/small.toml" <<'EOF'
title = "plot test: a small threshold model"

[run]
samples = 4000
seed = 7

[parameters]
a = { dist = "uniform", low = 0.5, high = 1.5, label = "scale a" }
s = { dist = "beta", mean = 0.4, sd = 0.05, label = "adoption s" }
t = { dist = "normal", mean = 0.55, sd = 0.03, label = "threshold t" }
k = { dist = "uniform", low = 10, high = 30, label = "steepness k" }
u = { dist = "uniform", low = 0, high = 1, label = "unused u" }

[functions]
net = { args = ["c"], expr = "1 + a / (1 + exp(-k * (c - t)))" }

[outputs]
gain = { expr = "a * s / t", label = "gain", unit = "index" }
gap = { expr = "t - s", label = "threshold gap", unit = "share" }

[[claims]]
name = "below"
expr = "s < t"
text = "Adoption is below the threshold"

[[claims]]
name = "gain_band"
expr = "gain >= 0.6 && gain <= 0.8"
text = "The gain lies between 0.6 and 0.8"

[[curves]]
name = "network"
label = "network multiplier vs coverage"
x = "c"
grid = { low = 0.0, high = 1.0, points = 101 }
y = "net(c)"
bands = [0.05, 0.25, 0.5, 0.75, 0.95]
features = ["inflection", "takeoff", { crossing_expr = "1 + a / 2" }]

[[scenarios]]
name = "push"
text = "Adoption push"
parameters = { s = { dist = "beta", mean = 0.5, sd = 0.05 } }

[[scenarios]]
name = "big_push"
text = "Bigger adoption push"
parameters = { s = { dist = "beta", mean = 0.6, sd = 0.05 } }

[ranking]
rank_by = "gain"
scenarios = ["push", "big_push"]

[sensitivity]
outputs = ["gain", "gap"]
sobol = { base_samples = 1024, second_order = true }
morris = { trajectories = 20 }
regression = true
EOF

"$mcsens" run "$work/small.toml" -o "$work/small.h5" --keep-samples 500 --force -q -t 1 \
  || fail "mcsens run failed (status $?)"
"$python" "$script" "$work/small.h5" -o "$work/plots" > "$work/list.txt" || fail "plot_results.py failed (status $?)"

expected="outputs_gain outputs_gap claims drivers_below drivers_gain_band sobol_gain sobol_gap sobol_s2_gain sobol_s2_gap
morris_gain morris_gap
regression_gain regression_gap curve_network scenario_deltas_gain scenario_deltas_gap scenario_claims
scenario_ranking samples_scatter"
for name in $expected; do
  png="$work/plots/$name.png"
  [ -f "$png" ] || fail "missing figure $name.png (written: $(tr '\n' ' ' < "$work/list.txt"))"
  size=$(stat -c %s "$png")
  [ "$size" -gt 10240 ] || fail "$name.png is only $size bytes (expected > 10 KB)"
  grep -qx "$png" "$work/list.txt" || fail "$name.png was written but not listed on stdout"
done

# --column: the same figures drawn for a paper's single column, none wider than 3.5 in (130 dpi: 455 px, and the
# 0.02 in pad on each side), so that nothing sticks out of the column.
"$python" "$script" "$work/small.h5" -o "$work/plots_column" --column > "$work/list_column.txt" \
  || fail "plot_results.py --column failed (status $?)"
[ "$(wc -l < "$work/list_column.txt")" -eq "$(wc -l < "$work/list.txt")" ] || fail "--column wrote another set of figures"
"$python" - "$work/plots_column" <<'EOF' || fail "a --column figure is wider than the column"
import glob, sys
from PIL import Image
figures = sorted(glob.glob(sys.argv[1] + "/*.png"))
assert figures
for path in figures:
    width = Image.open(path).size[0] / 130
    assert width <= 3.56, f"{path}: {width:.2f} in wide"
EOF

# The change of a claim's probability under a scenario: Newcombe's hybrid score interval (Newcombe 1998, Stat. Med.
# 17:873-890, Table II, method 10: 56/70 - 48/80 gives [0.0524, 0.3339], 9/10 - 3/10 gives [0.1705, 0.8090]).
"$python" - "$src/scripts" <<'EOF' || fail "the claims' change interval is not Newcombe's"
import math, sys
sys.path.insert(0, sys.argv[1])
from plot_results import probability_change
def wilson(x, n, z=1.959963984540054):
    p = x / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, c - h, c + h
for (x1, n1, x2, n2), (low, high) in (((56, 70, 48, 80), (0.0524, 0.3339)), ((9, 10, 3, 10), (0.1705, 0.8090))):
    _, lo, hi = probability_change(*wilson(x1, n1), *wilson(x2, n2))
    assert abs(lo - low) < 5e-5 and abs(hi - high) < 5e-5, (lo, hi)
EOF

# Correlated inputs (issue 16): the Shapley figure, and the caveat the Sobol' and Morris groups carry (drawn in red
# on their figures).
cat > "$work/corr.toml" <<'EOF'
[parameters]
rate = { dist = "uniform", low = 0.02, high = 0.08 }
growth = { dist = "normal", mean = 0.03, sd = 0.01 }
cost = { dist = "uniform", low = 80, high = 120 }
[correlation]
pairs = [["rate", "growth", 0.5]]
[outputs]
npv = "150 / (1 + rate - growth) - cost"
[sensitivity]
sobol = { base_samples = 512 }
morris = { trajectories = 10 }
shapley = { outer = 200 }
EOF
"$mcsens" run "$work/corr.toml" -o "$work/corr.h5" --only sobol,morris,shapley --force -q -t 1 \
  || fail "mcsens run of the correlated model failed (status $?)"
"$python" "$script" "$work/corr.h5" -o "$work/plots_corr" > "$work/list_corr.txt" \
  || fail "plot_results.py failed on the correlated model (status $?)"
for name in shapley_npv sobol_npv morris_npv; do
  png="$work/plots_corr/$name.png"
  [ -f "$png" ] || fail "missing figure $name.png of the correlated model"
  [ "$(stat -c %s "$png")" -gt 10240 ] || fail "$name.png of the correlated model is too small"
done
"$python" - "$work/corr.h5" <<'PY' || fail "caveat attributes missing or wrong"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    for g in ("sensitivity/sobol/npv", "sensitivity/morris/npv"):
        text = f[g].attrs["caveat"]
        text = text.decode() if isinstance(text, bytes) else str(text)
        assert "Shapley effects" in text and "order" in text, (g, text)
    sh = f["sensitivity/shapley/npv"]
    assert abs(sum(sh["effects"][:]) - 1) < 1e-12
    assert [n.decode() if isinstance(n, bytes) else str(n) for n in sh.attrs["inputs"]] == ["rate", "growth", "cost"]
PY

# Not an mcsens result: a message and exit status 2.
"$python" -c "import h5py, sys; h5py.File(sys.argv[1], 'w').create_dataset('x', data=[1.0])" "$work/other.h5"
"$python" "$script" "$work/other.h5" -o "$work/plots2" 2> "$work/err.txt"
status=$?
[ "$status" -eq 2 ] || fail "a non-mcsens file gave status $status, expected 2"
grep -q "not an mcsens result" "$work/err.txt" || fail "no message for a non-mcsens file: $(cat "$work/err.txt")"

echo "test_plots: OK ($(echo $expected | wc -w) + 3 figures)"
