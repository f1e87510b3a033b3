#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Side-by-side peer benchmark (issue 6): mcsens' Sobol' analysis vs OpenTURNS and a NumPy implementation of the
# same estimators, for Ishigami and the G-function at N = 2^14, 2^16, 2^18 (and mcsens / NumPy without intervals
# at 2^22); with PEERS_M5=1 also the M5 model (rde_hb, all 20 inputs) at N = 2^18 vs OpenTURNS.
#
# Every run is a separate process, timed as a whole by /usr/bin/time -f "%e %M" (wall s, peak RSS KiB), so
# interpreter start-up, imports, design, evaluation, estimation, intervals and output are all counted.
# Each run is repeated PEERS_REPS times (3) and the median taken, except that a run longer than
# PEERS_REPEAT_LIMIT seconds (30) is done once: the OpenTURNS bootstrap at large N takes minutes.
#
# Environment: MCSENS (binary, default /tmp/peers_mcsens), PYTHON (default /usr/bin/python3), PEERS_OUT
# (result folder, default /tmp/peers_results), PEERS_M5=1 (add the M5 rows: OpenTURNS needs more than 18 minutes there),
# PEERS_SKIP_OPENTURNS=1 (run without OpenTURNS), PEERS_OT_G18=1 (OpenTURNS G-function at 2^18 *with*
# bootstrap, about 7 more minutes; by default that row is run without intervals).
# mcsens runs with 2 threads (-t 2, the whole machine); OpenTURNS and NumPy use their defaults.
# Usage: bench/peers/run_peers.sh            (from the repository root or anywhere)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MCSENS="${MCSENS:-/tmp/peers_mcsens}"
PYTHON="${PYTHON:-/usr/bin/python3}"
OUT="${PEERS_OUT:-/tmp/peers_results}"
REPS="${PEERS_REPS:-3}"
REPEAT_LIMIT="${PEERS_REPEAT_LIMIT:-30}"
TIME=/usr/bin/time

die() { echo "run_peers.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------- tool checks
[[ -x "$TIME" ]] || die "$TIME is missing (GNU time): apt-get install -y time"
[[ -x "$MCSENS" ]] || die "mcsens binary not found at $MCSENS (set MCSENS=/path/to/mcsens)"
[[ -x "$PYTHON" ]] || die "Python not found at $PYTHON (set PYTHON=...)"
"$PYTHON" -c "import numpy" 2>/dev/null || die "NumPy is missing for $PYTHON: apt-get install -y python3-numpy"
"$PYTHON" -c "import h5py" 2>/dev/null || die "h5py is missing for $PYTHON: apt-get install -y python3-h5py"
use_ot=1
if [[ "${PEERS_SKIP_OPENTURNS:-0}" == 1 ]]; then
    use_ot=0
elif ! "$PYTHON" -c "import openturns" 2>/dev/null; then
    die "OpenTURNS is missing for $PYTHON: apt-get install -y python3-openturns (or PEERS_SKIP_OPENTURNS=1)"
fi

mkdir -p "$OUT"
records="$OUT/records.tsv"
printf 'tool\tvariant\tproblem\tN\trep\twall_s\tpeak_kib\tresult\n' > "$records"

# measure TOOL VARIANT PROBLEM N RESULT -- COMMAND...: run COMMAND up to REPS times (once if it exceeds
# REPEAT_LIMIT s), append one record per run. RESULT is the file the run leaves its indices in (JSON or HDF5).
measure() {
    local tool=$1 variant=$2 problem=$3 n=$4 result=$5
    shift 6
    local rep tfile wall peak
    for ((rep = 1; rep <= REPS; rep++)); do
        tfile="$OUT/time.txt"
        if ! "$TIME" -f "%e %M" -o "$tfile" "$@" > "$OUT/stdout.txt" 2> "$OUT/stderr.txt"; then
            cat "$OUT/stderr.txt" >&2
            die "failed: $*"
        fi
        if [[ "$result" == *.json ]]; then cp "$OUT/stdout.txt" "$result"; fi
        read -r wall peak < <(tail -n 1 "$tfile")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$variant" "$problem" "$n" "$rep" "$wall" "$peak" \
            "$result" >> "$records"
        printf '  %-9s %-6s %-9s N=%-8s rep %d: %6.2f s %7.1f MiB\n' "$tool" "$variant" "$problem" "$n" "$rep" \
            "$wall" "$(echo "$peak / 1024" | bc -l)"
        if (($(echo "$wall > $REPEAT_LIMIT" | bc -l))); then break; fi
    done
}

run_mcsens() {  # problem N
    local r="$OUT/mcsens_$1_$2.h5"
    measure mcsens CI "$1" "$2" "$r" -- "$MCSENS" run "$here/$1.toml" -o "$r" --only sobol -q --force -t 2 \
        --set "sensitivity.sobol.base_samples=$2"
}
run_numpy() {  # problem N CI|noCI
    local r="$OUT/numpy_$1_$2_$3.json" flag=()
    [[ "$3" == noCI ]] && flag=(--no-intervals)
    measure numpy "$3" "$1" "$2" "$r" -- "$PYTHON" "$here/sobol_numpy.py" "$1" "$2" --json "${flag[@]}"
}
run_ot() {  # problem N CI|noCI
    ((use_ot)) || return 0
    local r="$OUT/openturns_$1_$2_$3.json" flag=()
    [[ "$3" == noCI ]] && flag=(--no-intervals)
    measure openturns "$3" "$1" "$2" "$r" -- "$PYTHON" "$here/sobol_openturns.py" "$1" "$2" --json "${flag[@]}"
}

echo "peer benchmark: results in $OUT (mcsens: $MCSENS, -t 2)"
for problem in ishigami gfunction; do
    for n in 16384 65536 262144; do
        run_mcsens "$problem" "$n"
        run_numpy "$problem" "$n" CI
        run_numpy "$problem" "$n" noCI
        if [[ "$problem" == gfunction && "$n" == 262144 && "${PEERS_OT_G18:-0}" != 1 ]]; then
            run_ot "$problem" "$n" noCI
        else
            run_ot "$problem" "$n" CI
        fi
    done
    run_mcsens "$problem" 4194304
    run_numpy "$problem" 4194304 noCI
done
if [[ "${PEERS_M5:-0}" == 1 ]]; then
    run_mcsens m5 262144
    run_ot m5 262144 CI
fi

echo
"$PYTHON" "$here/peers_table.py" "$records"
