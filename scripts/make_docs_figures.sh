#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes the runs of docs/paper-results.md ("How these numbers were made") and every figure of docs/figures/ again,
# from the pinned configs, sizes and seeds: one command for a maintainer after a change that moves numbers or plots.
#   scripts/make_docs_figures.sh [MCSENS] [DEST] [DIVISOR] [RESULTS]
# MCSENS: the program (build/release/mcsens); DEST: where the figures go (docs/figures); DIVISOR: divides every -n
# (1: the documented sizes, ~2 minutes on 2 cores; only then are the numbers the page's); RESULTS: a folder that
# keeps the result files, named as on the page (paper.h5, m1_transaction_costs.h5, ...), for
# `scripts/docs_check.py --paper-results RESULTS` (default: a temporary folder, removed at the end with the plots).
set -euo pipefail
cd "$(dirname "$0")/.."
mcsens="${1:-build/release/mcsens}"
dest="${2:-docs/figures}"
divisor="${3:-1}"
python=/usr/bin/python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="${4:-$work/results}"
mkdir -p "$dest" "$results"

# run NAME CONFIG N [ARGS...]: a run of docs/paper-results.md into $results/NAME.h5.
run() {
  local name="$1" config="$2" n="$3"
  shift 3
  "$mcsens" run "$config" -n "$((n / divisor))" -q -o "$results/$name.h5" "$@"
}
# plot NAME: the plots of run NAME in $work/plots/NAME.
plot() { "$python" scripts/plot_results.py "$results/$1.h5" -o "$work/plots/$1" >/dev/null; }
# copy NAME PLOT FIGURE: docs/figures/FIGURE is the plot PLOT of run NAME.
copy() { cp "$work/plots/$1/$2.png" "$dest/$3.png"; }

run paper configs/paper.toml 1000000
for config in configs/paper/m*.toml; do
  name="$(basename "$config" .toml)"
  case "$name" in
    m5_*) n=200000 ;;  # M5's own run: the default run above is M5 at 10^6 draws
    m8_*) n=1000000 ;;
    *) n=100000 ;;
  esac
  # --keep-samples keeps scalar outputs only so far, and M8 has an array output (c_year): its run keeps none.
  keep=(--keep-samples 2000)
  case "$name" in m8_*) keep=() ;; esac
  run "$name" "$config" "$n" "${keep[@]}"
done

plot paper
copy paper claims paper_claims
copy paper curve_rde_hb_vs_coverage paper_curve_rde_hb_vs_coverage
copy paper scenario_deltas_rde_hb paper_scenario_deltas_rde_hb
copy paper scenario_ranking paper_scenario_ranking
copy paper sobol_rde_hb paper_sobol_rde_hb
plot m1_transaction_costs
copy m1_transaction_costs drivers_band_both m1_drivers_band_both
plot m2_network_threshold
copy m2_network_threshold curve_net_hb m2_curve_net_hb
plot m4_human_capital
copy m4_human_capital sobol_response_gap m4_sobol_response_gap
plot m7_energy_cost
copy m7_energy_cost outputs_cost_ratio m7_outputs_cost_ratio
plot m8_dynamic_diffusion
copy m8_dynamic_diffusion outputs_t55 m8_outputs_t55
copy m8_dynamic_diffusion scenario_claims m8_scenario_claims
copy m8_dynamic_diffusion outputs_c_year m8_outputs_c_year
copy m8_dynamic_diffusion sobol_c_year m8_sobol_c_year
copy m8_dynamic_diffusion scenario_deltas_c_year m8_scenario_deltas_c_year
echo "make_docs_figures: $(ls "$dest"/*.png | wc -l) figures in $dest, $(ls "$results"/*.h5 | wc -l) result files"
