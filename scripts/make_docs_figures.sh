#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes every figure of docs/figures/ again, from the pinned configs, sizes and seeds of docs/paper-results.md
# ("How these numbers were made"): one command for a maintainer after a change that moves numbers or plots.
#   scripts/make_docs_figures.sh [MCSENS] [DEST] [DIVISOR]
# MCSENS: the program (build/release/mcsens); DEST: where the figures go (docs/figures); DIVISOR: divides every -n
# (1: the documented sizes, ~3 minutes on 2 cores; the test suite uses 100 to check that every figure is made).
# The runs and plots are made in a temporary folder, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
mcsens="${1:-build/release/mcsens}"
dest="${2:-docs/figures}"
divisor="${3:-1}"
python=/usr/bin/python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"

# run NAME CONFIG N [ARGS...]: the run of docs/paper-results.md, then its plots in $work/plots/NAME.
run() {
  local name="$1" config="$2" n="$3"
  shift 3
  "$mcsens" run "$config" -n "$((n / divisor))" -q -o "$work/$name.h5" "$@"
  "$python" scripts/plot_results.py "$work/$name.h5" -o "$work/plots/$name" >/dev/null
}
# copy NAME PLOT FIGURE: docs/figures/FIGURE is the plot PLOT of run NAME.
copy() { cp "$work/plots/$1/$2.png" "$dest/$3.png"; }

run paper configs/paper.toml 1000000
copy paper claims paper_claims
copy paper curve_rde_hb_vs_coverage paper_curve_rde_hb_vs_coverage
copy paper scenario_deltas_rde_hb paper_scenario_deltas_rde_hb
copy paper scenario_ranking paper_scenario_ranking
copy paper sobol_rde_hb paper_sobol_rde_hb
run m1 configs/paper/m1_transaction_costs.toml 100000 --keep-samples 2000
copy m1 drivers_band_both m1_drivers_band_both
run m2 configs/paper/m2_network_threshold.toml 100000 --keep-samples 2000
copy m2 curve_net_hb m2_curve_net_hb
run m4 configs/paper/m4_human_capital.toml 100000 --keep-samples 2000
copy m4 sobol_response_gap m4_sobol_response_gap
run m7 configs/paper/m7_energy_cost.toml 100000 --keep-samples 2000
copy m7 outputs_cost_ratio m7_outputs_cost_ratio
run m8 configs/paper/m8_dynamic_diffusion.toml 1000000 --keep-samples 2000
copy m8 outputs_t55 m8_outputs_t55
copy m8 scenario_claims m8_scenario_claims
echo "make_docs_figures: $(ls "$dest"/*.png | wc -l) figures in $dest"
