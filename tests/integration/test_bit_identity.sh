#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The engine's rewrite (issue "The engine owns the run") changed no number: the baseline commit, the last one
# before the rewrite, is built from this repository's history with the same build type and CPU tuning as the
# binary under test, and every run of identity_runs.sh (all shipped configs, each sampler, kept draws, --until,
# merged shards, an extension) must give the same datasets bit for bit (h5_same.py).
#
# Changed on purpose, and so not compared:
#   /resume/state                          one serializer for every state (run state format 2), same decoded states
#   /sensitivity/sobol/*/S1_ci, ST_ci,     the bootstrap draws from the project's Philox resampling stream
#     S2_ci_low, S2_ci_high                (no std::mt19937_64 + std::binomial_distribution); point estimates and
#   /sensitivity/morris/*/mu_star_ci       batch-means intervals are compared and identical
#   /outputs/*/quantiles, and those of     issue 16 part 3: refined by pilot windows, within half a window cell
#     /scenarios/*/outputs and */delta     instead of 1e-3 |q| (and +-inf are values); moments, histograms, claims
#                                          and curve bands are compared and identical
#   the sobol sampler's designs           randomized-QMC replicates (issue "Honest error bars everywhere"): draw i
#                                          is point i / R of scramble i mod R, and -n is rounded up to R x 2^m;
#                                          identity_runs.sh runs Sobol' indices with sampler "mc" and no longer
#                                          the main run with --sampler sobol
#   /resume/state (run state format 3)     curve states carry the edge counts of their features (issue 16, part 4)
#   /resume/state (run state format 4)     counts stored as varints (ByteWriter::put_counts): a smaller state
# Written now and not by the baseline (h5_same.py --added):
#   .../curves/*/features/*/at_edge        draws whose feature lies at the grid's edge (issue 16, part 4)
#   /scenarios/ranking @include_baseline,  the [ranking] options of issue 18 (0 for every shipped config)
#     @lower_is_better
#   */quantile_errors                      the bound of each quantile (issue 16 part 3)
#   .../mean_se @method, @replicates       how the standard error was computed (issue 16 part 1)
#   .../moments @note, @nonfinite_share,   the note on moments over the finite draws (issue 16 part 5), written
#     @positive_infinite, @negative_infinite  only when some draws are not finite
#   @format_version, coordinates and       result format 2 (issue 33, part 1): every axis a dimension scale; the
#     dimensions (moment, row, quantile,     scales' bookkeeping attributes (CLASS, NAME, REFERENCE_LIST,
#     input, input_2, bound, probability,    DIMENSION_LIST; h5_same compares the references by the names they
#     band, output, draw, byte, edge, bin,   point to), coordinates that repeat values the file already holds, and
#     ranking_contender, ranking_rival)      netCDF dimensions without values
#   @until_relative_se, @until_ci_half_width  --until's targets, so that mcsens reproduce stops where the run did
#   the tape's kernels on machines with FMA  compiled without contraction since the step loop (issue 36): the
#                                          baseline is built so too (its src/expr/CMakeLists.txt patched below)
# When a later change alters numbers on purpose, move BASELINE to the commit before it and say why here.
#
# Usage: test_bit_identity.sh MCSENS SOURCE_DIR BUILD_TYPE NATIVE(ON|OFF)
set -euo pipefail
bin="$1"
src="$2"
build_type="$3"
native="$4"
baseline=e50f21d3bfd2f74651bd9b0baf4aca353d5dd406
python=/usr/bin/python3

if ! git -C "$src" cat-file -e "${baseline}^{commit}" 2>/dev/null; then
  echo "FAIL: the baseline commit $baseline is not in $src (a shallow clone? clone with full history)" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src"
git -C "$src" archive "$baseline" | tar -x -C "$tmp/src"
# The tape's kernels are compiled without floating-point contraction since the step loop (issue 36): a fused
# kernel rounds as the separate operations do, whatever the machine. Built so, the baseline computes what it
# computed on a machine without FMA, which is what this build computes everywhere.
sed -i 's/set(evaluator_options -fno-math-errno)/set(evaluator_options -fno-math-errno -ffp-contract=off)/' \
  "$tmp/src/src/expr/CMakeLists.txt"
grep -q 'ffp-contract=off' "$tmp/src/src/expr/CMakeLists.txt" || { echo "FAIL: could not patch the baseline" >&2; exit 1; }
echo "building the baseline $baseline ($build_type, native $native)"
cmake -S "$tmp/src" -B "$tmp/build" -DCMAKE_BUILD_TYPE="$build_type" -DMCSENS_NATIVE="$native" \
  -DMCSENS_BUILD_TESTS=OFF -DMCSENS_BUILD_BENCH=OFF -DMCSENS_MPI=OFF >"$tmp/configure.log" 2>&1 ||
  { cat "$tmp/configure.log"; exit 1; }
cmake --build "$tmp/build" -j "$(nproc)" --target mcsens_cli >"$tmp/build.log" 2>&1 || { tail -50 "$tmp/build.log"; exit 1; }

# Both binaries run the baseline's configs, so that the config text (part of every file) is the same.
bash "$src/tests/integration/identity_runs.sh" "$tmp/build/mcsens" "$tmp/before" "$tmp/src"
bash "$src/tests/integration/identity_runs.sh" "$bin" "$tmp/after" "$tmp/src"

ignore=(--ignore 'resume/state'
  --ignore 'sensitivity/sobol/[^/]+/(S1_ci|ST_ci|S2_ci_low|S2_ci_high)'
  --ignore 'sensitivity/morris/[^/]+/mu_star_ci'
  --ignore '(scenarios/[^/]+/)?(outputs|delta)/[^/]+/quantiles'
  --added '.*/quantile_errors'
  --added '.*/mean_se@(method|replicates)'
  --added '.*/moments@(note|nonfinite_share|positive_infinite|negative_infinite)'
  --added '(scenarios/[^/]+/)?curves/[^/]+/features/[^/]+/at_edge'
  --added 'scenarios/ranking@(include_baseline|lower_is_better)'
  --added '@format_version' --added '.*@(CLASS|NAME|REFERENCE_LIST|DIMENSION_LIST)'
  --added '(.*/)?(moment|row|quantile|input|input_2|bound|probability|band|output|draw|byte|edge|bin)'
  --added 'scenarios/ranking_(contender|rival)'
  --added '@until_(relative_se|ci_half_width)')
failed=0
count=0
for before in "$tmp/before"/*.h5; do
  name="$(basename "$before")"
  count=$((count + 1))
  if ! "$python" "$src/tests/integration/h5_same.py" --builds "${ignore[@]}" "$before" "$tmp/after/$name"; then
    failed=$((failed + 1))
  fi
done
[ "$count" -ge 20 ] || { echo "FAIL: only $count result files were compared" >&2; exit 1; }
echo "$((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
