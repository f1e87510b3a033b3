#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The runnable blocks of README.md and docs/ do what the pages show (scripts/docs_check.py --run-commands, issue 37):
# configs written by ```toml file=NAME blocks, ```sh runnable blocks succeed, and every line a ```console runnable
# transcript shows is printed, with the exit status the page gives; and every key of every ```toml block is one mcsens
# accepts in its table (--config-keys, asking the program). The check itself fails on a stale transcript line, a
# wrong exit status, a failing block, a misspelt key and a table mcsens does not read.
# Usage: test_docs_commands.sh MCSENS SOURCE_DIR
set -uo pipefail
mcsens="$1"
src="$2"
python=/usr/bin/python3
fail() { echo "test_docs_commands: $*" >&2; exit 1; }

"$python" "$src/scripts/docs_check.py" --root "$src" --run-commands "$mcsens" ||
  fail "a runnable block of README.md or docs/ does not do what its page shows (above)"
"$python" "$src/scripts/docs_check.py" --root "$src" --config-keys "$mcsens" ||
  fail "a TOML block of README.md or docs/ uses a key mcsens does not accept (above)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/stale.md" <<'PAGE'
A config:

```toml file=tiny.toml
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "2 * a"
```

```console runnable
$ mcsens check tiny.toml
tiny.toml: OK
[parameters]  1 input, 1 uncertain
$ mcsens check tiny.toml
[parameters]  1 inputs, 1 uncertain
$ mcsens check missing.toml
$ mcsens check missing.toml   # exits 2
```

```sh runnable
mcsens run tiny.toml -n 1000 -q -o tiny.h5
test -f not_written.h5
```
PAGE
out="$("$python" "$src/scripts/docs_check.py" --root "$src" --run-commands "$mcsens" "$tmp/stale.md" 2>&1)"
rc=$?
[ "$rc" -eq 1 ] || fail "stale blocks passed (exit $rc): $out"
grep -q "stale.md:10: \`mcsens check tiny.toml\`: this line is not in its output:" <<<"$out" || fail "the stale line was not named: $out"
grep -q "^  \[parameters\]  1 inputs, 1 uncertain" <<<"$out" || fail "the stale line was not shown: $out"
grep -q "stale.md:10: \`mcsens check missing.toml\`: exit 2, the page says 0" <<<"$out" || fail "the wrong exit status was not named: $out"
grep -q "stale.md:20: the block failed (exit 1)" <<<"$out" || fail "the failing block was not named: $out"
[ "$(grep -c "stale.md:" <<<"$out")" -eq 3 ] || fail "not exactly the three stale blocks reported: $out"

# Config keys: a misspelt parameter key, a key of [run] that is not one, a top-level table mcsens does not read, and
# one it does not read inside a table it reads.
cat >"$tmp/keys.md" <<'PAGE'
```toml
[run]
sample = 1000
[parameters]
a = { dist = "normal", mean = 1, sd = 2, lable = "x" }
b = { value = 3, unit = "m" }
[sensitivity.sobol]
base_samples = 1024
[plots]
width = 3
[outputs.y]
expr = "a"
histogram = { bins = 10, style = { color = "red" } }
```
PAGE
out="$("$python" "$src/scripts/docs_check.py" --root "$src" --config-keys "$mcsens" "$tmp/keys.md" 2>&1)"
rc=$?
[ "$rc" -eq 1 ] || fail "unknown keys passed (exit $rc): $out"
grep -q "keys.md:1: unknown key 'sample' in \[run\]; mcsens accepts: samples, seed" <<<"$out" || fail "run.sample was not named: $out"
grep -q "keys.md:1: unknown key 'lable' in \[parameters.a\]; mcsens accepts: dist, mean, sd, low, high, label, unit" <<<"$out" ||
  fail "the misspelt parameter key was not named: $out"
grep -q "keys.md:1: unknown key 'plots' in the top level; mcsens accepts: title, run, model, parameters" <<<"$out" ||
  fail "the unknown top-level table was not named: $out"
grep -q "keys.md:1: unknown key 'style' in \[outputs.y.histogram\]; mcsens accepts: bins, low, high" <<<"$out" ||
  fail "the unknown inner table was not named: $out"
[ "$(grep -c "keys.md:" <<<"$out")" -eq 4 ] || fail "not exactly the four unknown keys reported: $out"
echo "1 passed, 0 failed"
