#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks README.md and docs/*.md against the repository and the program (issue 37, part 2).

Every repository path a page names (a word starting with src/, include/, tests/, scripts/, configs/, docs/, bench/,
fuzz/, examples/ or cmake/) must exist: as written, or as a pattern with `*` (`src/model/plugin_model.*`,
`configs/paper/m*.toml`) that matches something. Paths of files that runs make (results/, build/) are not
checked. Prints one line per stale path (FILE:LINE: PATH) and exits 1 when there is one, 0 otherwise.

Usage: docs_check.py [--root DIR] [FILE.md ...]   (default: README.md and docs/*.md under the root)

With --readme-output MCSENS [--summary FILE] it checks instead that the README's sample output of the default run (the indented
block after "The default run ... prints, among others:") is what MCSENS prints for `mcsens run` today: every line of
the block must appear, in order, in the run's summary (the run takes ~30 s on 2 cores).

With --paper-results RESULTS [--page FILE] it checks that every number docs/paper-results.md quotes is what the
result files in RESULTS (made by `scripts/make_docs_figures.sh MCSENS DEST 1 RESULTS`) hold, to the printed digits:
docs/paper-results.numbers lists the page's fragments with {...} for each number and where it is read from. Prints
one line per fragment the page does not hold (with what the run gives) and exits 1 when there is one.

With --run-commands MCSENS [FILE.md ...] it runs the fenced blocks that README.md and docs/*.md mark as runnable, page
by page in a fresh folder of its own (where `configs/`, `scripts/`, `examples/` are the repository's, `mcsens` on
the PATH and `build/release/mcsens` are MCSENS, and blocks run in page order, so a later block sees the files of an
earlier one):
  ```toml file=NAME    the block is written to NAME (a config the next commands use);
  ```sh runnable       the block runs with bash -euo pipefail and must succeed;
  ```console runnable  a transcript: each `$ COMMAND` runs (bash -o pipefail), and the lines after it, up to the
                       next `$`, must be in its output (stdout and stderr), in order. It must exit 0, or N when the
                       command ends with the comment `# exits N`.
Prints one line per block that fails (FILE:LINE, the command, what it printed) and exits 1 when there is one.

With --schema FILE.h5 ... it checks result files against docs/hdf5-schema.md's table "Every path" (which the
test ResultSchemaPage keeps equal to what the program writes): every group, dataset and attribute of each file must
be a listed path (`<output>` and the like standing for any name), and every dataset must have the listed number of
dimensions and their listed fixed sizes. Prints one line per path that differs and exits 1 when there is one.

With --config-keys MCSENS [FILE.md ...] it checks that every key of every ```toml block of the pages is a key MCSENS
accepts there: it asks the program, by checking a small config with an unknown key in that table and reading the
keys its error lists ("keys of run are: samples, seed, ..."; a parameter's: those of its distribution, "normal
takes no key ... (it takes mean, sd, low, high)", and label and unit). Prints one line per unknown key
(FILE:LINE: KEY, and the keys the program accepts) and exits 1 when there is one.
"""
import argparse
import glob
import os
import re
import sys

PREFIXES = ("src", "include", "tests", "scripts", "configs", "docs", "bench", "fuzz", "examples", "cmake")
# A path: a known top folder, then path characters; `*` makes it a pattern, and `<...>` a template such as
# `tests/unit/<module>/` (not checked).
PATH = re.compile(r"(?<![\w/.-])((?:%s)/[A-Za-z0-9_./*<>-]+)" % "|".join(PREFIXES))


def named_paths(text):
    """(line number, path) of every repository path in a page's text."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in PATH.finditer(line):
            path = match.group(1).rstrip(".,;:)")
            if "<" in path or ">" in path:
                continue  # a template such as tests/unit/<module>/, not a path
            yield number, path


def exists(root, path):
    if "*" in path:
        return bool(glob.glob(os.path.join(root, path)))
    return os.path.exists(os.path.join(root, path))


def readme_sample(text):
    """The README's sample output of the default run: the indented block after the line that announces it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("The default run") and "prints" in line)
    block = []
    for line in lines[start + 1:]:
        if block and not line.strip():
            if block[-1] == "":
                break
            block.append("")
            continue
        if line.startswith("    "):
            block.append(line[4:].rstrip())
        elif line.strip():
            break
    while block and block[-1] == "":
        block.pop()
    return block


def check_readme_output(root, mcsens, summary=None):
    """0 when every line of the README's sample is in the default run's summary (`summary`: a saved one)."""
    import subprocess
    import tempfile
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        sample = readme_sample(f.read())
    if summary is not None:
        with open(summary, encoding="utf-8") as f:
            stdout = f.read()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run = subprocess.run([mcsens, "run", "-o", os.path.join(tmp, "paper.h5")], cwd=tmp, capture_output=True,
                                 text=True, check=False)
        if run.returncode != 0:
            print(f"docs_check: `mcsens run` failed ({run.returncode}): {run.stderr}", file=sys.stderr)
            return 1
        stdout = run.stdout
    printed = [line.rstrip() for line in stdout.splitlines()]
    at = 0
    for line in sample:
        if not line:
            continue
        try:
            at = printed.index(line, at) + 1
        except ValueError:
            print(f"README.md: the sample output's line is not what `mcsens run` prints now:\n  {line}")
            near = [p for p in printed if p.split()[:1] == line.split()[:1]]
            if near:
                print(f"  mcsens prints:\n  {near[0]}")
            return 1
    return 0


class ResultFile:
    """The values of one result file that docs/paper-results.numbers names (see the functions listed there)."""

    def __init__(self, path):
        import h5py
        self.f = h5py.File(path, "r")

    def _scalar(self, path):
        return self.f[path][()]

    def _names(self, path):
        return [n.decode() if isinstance(n, bytes) else str(n) for n in self.f[path][()]]

    def _index(self, group, name):
        return self._names(group + "/names").index(name)

    @staticmethod
    def _quantile(group, prob):
        probs = list(group["quantiles"][0])
        return group["quantiles"][1][probs.index(float(prob))]

    # claims
    def p(self, claim):
        return self._scalar(f"claims/{claim}/probability")

    def lo(self, claim):
        return self._scalar(f"claims/{claim}/ci_low")

    def hi(self, claim):
        return self._scalar(f"claims/{claim}/ci_high")

    def verdict(self, claim):
        return self.f[f"claims/{claim}"].attrs["verdict"]

    def fails(self, claim):
        return int(self._scalar(f"claims/{claim}/n")) - int(self._scalar(f"claims/{claim}/count"))

    def D(self, claim, name):
        group = f"claims/{claim}/drivers"
        return self.f[group + "/ks_d"][self._index(group, name)]

    def hq(self, claim, name, prob):
        group = f"claims/{claim}/drivers"
        probs = list(self.f[group + "/holding_probabilities"][()])
        return self.f[group + "/holding_quantiles"][self._index(group, name), probs.index(float(prob))]

    # outputs
    def mean(self, output):
        return self.f[f"outputs/{output}/moments"][0]

    def se(self, output):
        return self._scalar(f"outputs/{output}/mean_se")

    def q(self, output, prob):
        return self._quantile(self.f[f"outputs/{output}"], prob)

    # array outputs: the element at a coordinate (its value along the dimension, as the file's coordinate holds it)
    def _element(self, group, coordinate):
        coordinates = list(group[group.attrs["dimension"]][()])
        return min(range(len(coordinates)), key=lambda i: abs(coordinates[i] - float(coordinate)))

    def _at(self, group, coordinate, stat):
        i = self._element(group, coordinate)
        if stat in ("mean", "sd"):
            return group["moments"][i, 0 if stat == "mean" else 1]
        probs = list(group["quantile"][()])
        return group["quantiles"][i, probs.index({"median": 0.5, "q05": 0.05, "q95": 0.95}[stat])]

    def at(self, output, coordinate, stat):
        return self._at(self.f[f"outputs/{output}"], coordinate, stat)

    def dat(self, scenario, output, coordinate, stat):
        return self._at(self.f[f"scenarios/{scenario}/delta/{output}"], coordinate, stat)

    def eST(self, output, coordinate, name):
        group = self.f[f"sensitivity/sobol/{output}"]
        return group["ST"][self._element(group, coordinate), self._index(group.name, name)]

    def aggST(self, output, name):
        group = f"sensitivity/sobol/{output}"
        return self.f[group + "/ST_aggregated"][self._index(group, name)]

    def nonfinite_share(self, output):
        nonfinite = int(self._scalar(f"outputs/{output}/nonfinite"))
        return nonfinite / (nonfinite + int(self._scalar(f"outputs/{output}/count")))

    # sensitivity
    def _sobol(self, output, name, dataset, row=None):
        group = f"sensitivity/sobol/{output}"
        column = self._index(group, name)
        data = self.f[f"{group}/{dataset}"]
        return data[column] if row is None else data[row, column]

    def S1(self, output, name):
        return self._sobol(output, name, "S1")

    def S1lo(self, output, name):
        return self._sobol(output, name, "S1_ci", 0)

    def S1hi(self, output, name):
        return self._sobol(output, name, "S1_ci", 1)

    def ST(self, output, name):
        return self._sobol(output, name, "ST")

    def STlo(self, output, name):
        return self._sobol(output, name, "ST_ci", 0)

    def SThi(self, output, name):
        return self._sobol(output, name, "ST_ci", 1)

    def max_ST(self, output, *names):
        return max(self.ST(output, name) for name in names)

    def prcc(self, output, name):
        group = f"sensitivity/regression/{output}"
        return self.f[group + "/prcc"][self._index(group, name)]

    # curves
    def feature(self, curve, feature, stat, prefix=""):
        group = self.f[f"{prefix}curves/{curve}/features/{feature}"]
        if stat == "mean":
            return group["moments"][0]
        return self._quantile(group, {"median": 0.5, "q05": 0.05, "q95": 0.95}[stat])

    def not_found(self, curve, feature, prefix=""):
        return int(self.f[f"{prefix}curves/{curve}/features/{feature}/not_found"][()])

    # scenarios
    def sp(self, scenario, claim):
        return self._scalar(f"scenarios/{scenario}/claims/{claim}/probability")

    def slo(self, scenario, claim):
        return self._scalar(f"scenarios/{scenario}/claims/{claim}/ci_low")

    def shi(self, scenario, claim):
        return self._scalar(f"scenarios/{scenario}/claims/{claim}/ci_high")

    def dmean(self, scenario, output):
        return self.f[f"scenarios/{scenario}/delta/{output}/moments"][0]

    def dq(self, scenario, output, prob):
        return self._quantile(self.f[f"scenarios/{scenario}/delta/{output}"], prob)

    def sfeature(self, scenario, curve, feature, stat):
        return self.feature(curve, feature, stat, prefix=f"scenarios/{scenario}/")

    def snot_found_share(self, scenario, curve, feature):
        group = f"scenarios/{scenario}/curves/{curve}/features/{feature}"
        not_found = int(self.f[group + "/not_found"][()])
        return not_found / (not_found + int(self.f[group + "/count"][()]))

    def _rank(self, a, b, dataset):
        names = self._names("scenarios/ranking_names")
        return self.f[f"scenarios/{dataset}"][names.index(a), names.index(b)]

    def rank(self, a, b):
        return self._rank(a, b, "ranking")

    def ranklo(self, a, b):
        return self._rank(a, b, "ranking_ci_low")

    def rankhi(self, a, b):
        return self._rank(a, b, "ranking_ci_high")


# {FUNCTION ARG ...:FORMAT} in a fragment of docs/paper-results.numbers.
PLACEHOLDER = re.compile(r"\{([^{}:]+)(?::([^{}]*))?\}")


def fill(fragment, result):
    """The fragment with every placeholder replaced by its value in `result` (a ResultFile)."""
    def value(match):
        words = match.group(1).split()
        scale, absolute = 1.0, False
        if words[0] == "pct":
            scale, words = 100.0, words[1:]
        if words[0] == "abs":
            absolute, words = True, words[1:]
        function = getattr(result, words[0], None)
        if function is None or words[0].startswith("_"):
            raise ValueError(f"unknown function {words[0]!r}")
        x = function(*words[1:])
        if isinstance(x, bytes):
            x = x.decode()
        if isinstance(x, str):
            return x
        x = float(x) * scale if scale != 1.0 else x
        text = format(abs(x) if absolute else x, match.group(2) or "")
        return text.replace("-", "\u2212")
    return PLACEHOLDER.sub(value, fragment)


def check_paper_results(root, results, page=None):
    """0 when docs/paper-results.md (or `page`) holds every fragment of docs/paper-results.numbers, filled from the
    result files in `results`."""
    page = page or os.path.join(root, "docs", "paper-results.md")
    with open(page, encoding="utf-8") as f:
        text = " ".join(f.read().split())
    numbers = os.path.join(root, "docs", "paper-results.numbers")
    files = {}
    stale = 0
    checked = 0
    with open(numbers, encoding="utf-8") as f:
        lines = list(enumerate(f, 1))
    for number, line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        run, _, fragment = line.partition(": ")
        if run not in files:
            files[run] = ResultFile(os.path.join(results, run + ".h5"))
        try:
            expected = " ".join(fill(fragment, files[run]).split())
        except (KeyError, ValueError, IndexError, TypeError) as error:
            print(f"docs/paper-results.numbers:{number}: cannot read {fragment!r} from {run}.h5: {error}")
            stale += 1
            continue
        checked += len(PLACEHOLDER.findall(fragment))
        if expected not in text:
            print(f"{os.path.relpath(page, root)}: does not say what {run}.h5 holds "
                  f"(docs/paper-results.numbers:{number}):\n  {expected}")
            stale += 1
    if stale:
        print(f"docs_check: {stale} fragment{'s' if stale != 1 else ''} of the page differ from the runs",
              file=sys.stderr)
        return 1
    print(f"docs_check: the page's {checked} numbers are the runs'")
    return 0


FENCE = re.compile(r"^```(\S*)(.*)$")
EXITS = re.compile(r"#\s*exits\s+(\d+)\s*$")


def fenced_blocks(text):
    """(line number of the opening fence, language, attributes, body) of every fenced block of a page."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        start = i
        body = []
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        i += 1
        yield start + 1, match.group(1), match.group(2).split(), body


def transcript(body):
    """The (command, expected output lines) of a console transcript."""
    steps = []
    for line in body:
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line.rstrip())
    return steps


def page_folder(root, mcsens, folder):
    """A fresh folder for one page's commands: the repository's inputs, and MCSENS as `mcsens`."""
    for name in ("configs", "scripts", "examples"):
        os.symlink(os.path.join(root, name), os.path.join(folder, name))
    for place in (os.path.join(folder, "build", "release"), os.path.join(folder, ".bin")):
        os.makedirs(place)
        os.symlink(mcsens, os.path.join(place, "mcsens"))
    env = dict(os.environ)
    env["PATH"] = os.path.join(folder, ".bin") + os.pathsep + env.get("PATH", "")
    env.pop("MCSENS_OVERWRITE", None)
    return env


def run_commands(root, mcsens, pages):
    """0 when every runnable block of the pages does what it shows."""
    import subprocess
    import tempfile

    def bash(command, folder, env, options):
        return subprocess.run(["bash", *options, "-c", command], cwd=folder, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=600, check=False)

    failed = 0
    ran = 0
    for page in pages:
        with open(page, encoding="utf-8") as f:
            blocks = list(fenced_blocks(f.read()))
        if not any("runnable" in attributes or any(a.startswith("file=") for a in attributes)
                   for _, _, attributes, _ in blocks):
            continue
        name = os.path.relpath(page, root)
        with tempfile.TemporaryDirectory() as folder:
            env = page_folder(root, mcsens, folder)
            for line, language, attributes, body in blocks:
                files = [a[len("file="):] for a in attributes if a.startswith("file=")]
                for file in files:
                    with open(os.path.join(folder, file), "w", encoding="utf-8") as f:
                        f.write("\n".join(body) + "\n")
                if "runnable" not in attributes:
                    continue
                if language == "sh":
                    ran += 1
                    done = bash("\n".join(body), folder, env, ["-euo", "pipefail"])
                    if done.returncode != 0:
                        print(f"{name}:{line}: the block failed (exit {done.returncode}):\n{done.stdout}")
                        failed += 1
                    continue
                if language != "console":
                    print(f"{name}:{line}: a runnable block must be `sh` or `console`, not {language!r}")
                    failed += 1
                    continue
                for command, expected in transcript(body):
                    ran += 1
                    exits = EXITS.search(command)
                    status = int(exits.group(1)) if exits else 0
                    done = bash(command, folder, env, ["-o", "pipefail"])
                    printed = [p.rstrip() for p in done.stdout.splitlines()]
                    problem = None
                    if done.returncode != status:
                        problem = f"exit {done.returncode}, the page says {status}"
                    at = 0
                    for want in expected:
                        if problem or not want:
                            continue
                        try:
                            at = printed.index(want, at) + 1
                        except ValueError:
                            problem = f"this line is not in its output:\n  {want}"
                    if problem:
                        print(f"{name}:{line}: `{command}`: {problem}\n  it printed:\n" +
                              "\n".join("    " + p for p in printed))
                        failed += 1
    if failed:
        print(f"docs_check: {failed} command block{'s' if failed != 1 else ''} failed", file=sys.stderr)
        return 1
    print(f"docs_check: {ran} runnable commands did what the pages show")
    return 0


# A config every probe extends: the smallest one `mcsens check` accepts.
PROBE_BASE = '[parameters]\na = { dist = "uniform", low = 0, high = 1 }\n[outputs]\ny = "a"\n'
# Each table a ```toml block may hold, as a key path with `*` for a name or a list index, and the config that puts
# the unknown key `zz_probe` in it (a parameter's table is probed per distribution, below).
PROBES = {
    "": "zz_probe = 1\n" + PROBE_BASE,
    "run": PROBE_BASE + "[run]\nzz_probe = 1\n",
    "model": PROBE_BASE + "[model]\nzz_probe = 1\n",
    "correlation": PROBE_BASE + "[correlation]\nzz_probe = 1\n",
    "functions.*": PROBE_BASE + "[functions]\nf = { zz_probe = 1 }\n",
    "dynamics": PROBE_BASE + "[dynamics]\nsteps = 10\ndt = 0.1\nzz_probe = 1\n",
    "dynamics.states.*": PROBE_BASE + "[dynamics]\nsteps = 10\ndt = 0.1\n[dynamics.states]\n"
                         "S = { initial = '1', rate = '0', zz_probe = 1 }\n",
    "outputs.*": PROBE_BASE + "[outputs.z]\nzz_probe = 1\n",
    "outputs.*.histogram": PROBE_BASE + "[outputs.z]\nexpr = 'a'\nhistogram = { bins = 3, zz_probe = 1 }\n",
    "claims.*": PROBE_BASE + "[[claims]]\nname = 'c'\nexpr = 'a > 0'\nzz_probe = 1\n",
    "curves.*": PROBE_BASE + "[[curves]]\nname = 'c'\nzz_probe = 1\n",
    "curves.*.grid": PROBE_BASE + "[[curves]]\nname = 'c'\nx = 't'\ny = 't'\ngrid = { low = 0, high = 1, points = 5, "
                     "zz_probe = 1 }\n",
    "curves.*.features.*": PROBE_BASE + "[[curves]]\nname = 'c'\nx = 't'\ny = 't'\ngrid = { low = 0, high = 1, "
                           "points = 5 }\nfeatures = [{ zz_probe = 1 }]\n",
    "scenarios.*": PROBE_BASE + "[[scenarios]]\nname = 's'\nzz_probe = 1\n",
    "ranking": PROBE_BASE + "[ranking]\nzz_probe = 1\n",
    "sensitivity": PROBE_BASE + "[sensitivity]\nzz_probe = 1\n",
    "sensitivity.sobol": PROBE_BASE + "[sensitivity]\nsobol = { zz_probe = 1 }\n",
    "sensitivity.morris": PROBE_BASE + "[sensitivity]\nmorris = { zz_probe = 1 }\n",
    "sensitivity.shapley": PROBE_BASE + "[sensitivity]\nshapley = { zz_probe = 1 }\n",
}
KEYS_OF = re.compile(r"keys of \S+ are: (.*)$|top-level keys are: (.*)$|\(it takes (.*)\)$")


class ProgramKeys:
    """The keys MCSENS accepts in each table, read from its errors (one `mcsens check` per table, cached)."""

    def __init__(self, mcsens, folder):
        self.mcsens, self.folder, self.cache = mcsens, folder, {}
        with open(os.path.join(folder, "x.csv"), "w", encoding="utf-8") as f:
            f.write("q\n1\n2\n3\n")  # the data file of an empirical parameter's probe

    def _probe(self, config):
        import subprocess
        if config not in self.cache:
            path = os.path.join(self.folder, "probe.toml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(config)
            done = subprocess.run([self.mcsens, "check", path], capture_output=True, text=True, check=False)
            match = KEYS_OF.search(done.stderr.strip().splitlines()[0] if done.stderr.strip() else "")
            if not match:
                raise RuntimeError(f"the probe did not list keys: {done.stderr.strip() or done.stdout[:200]}")
            self.cache[config] = [k.strip() for k in next(g for g in match.groups() if g).split(",")]
        return self.cache[config]

    def parameter(self, table):
        """The keys of a parameter's table: those of its distribution (or of a constant), and label, unit."""
        constant = self._probe(PROBE_BASE.replace("[outputs]", "z = { value = 1, zz_probe = 1 }\n[outputs]"))
        if "dist" not in table:
            return constant
        common = [k for k in constant if k != "value"]
        dist = table["dist"]
        extra = ', file = "x.csv", column = "q"' if dist == "empirical" else ""
        probe = PROBE_BASE.replace("[outputs]", f'z = {{ dist = "{dist}"{extra}, zz_probe = 1 }}\n[outputs]')
        return ["dist"] + self._probe(probe) + common + self._array_keys()

    def _array_keys(self):
        """["size"] when the program takes an array parameter (a distribution's table with size = N): a probe with
        it must pass `mcsens check`."""
        import subprocess
        if "size" not in self.cache:
            path = os.path.join(self.folder, "probe_size.toml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(PROBE_BASE.replace("[outputs]", 'z = { dist = "uniform", low = 0, high = 1, size = 2 }\n'
                                                        '[outputs]'))
            done = subprocess.run([self.mcsens, "check", path], capture_output=True, text=True, check=False)
            self.cache["size"] = ["size"] if done.returncode == 0 else []
        return self.cache["size"]

    def of(self, path):
        return self._probe(PROBES[path])


def key_paths(table, path=(), written=""):
    """(table path with `*` for names and list indices, the path as written, the table) of every table inside a
    parsed TOML document, outer tables first."""
    yield path, written, table
    for key, value in table.items():
        generic = path + (key,)
        if path in (("functions",), ("outputs",), ("dynamics", "states"), ("parameters",)):
            generic = path + ("*",)  # a name the config chooses
        inner = f"{written}.{key}" if written else key
        if isinstance(value, dict):
            yield from key_paths(value, generic, inner)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from key_paths(item, generic + ("*",), f"{inner}[{index}]")


def check_config_keys(root, mcsens, pages):
    """0 when every key of the pages' ```toml blocks is one the program accepts in its table."""
    import tempfile
    import tomllib
    unknown = 0
    checked = 0
    with tempfile.TemporaryDirectory() as folder:
        program = ProgramKeys(mcsens, folder)
        for page in pages:
            with open(page, encoding="utf-8") as f:
                blocks = [b for b in fenced_blocks(f.read()) if b[1] == "toml"]
            name = os.path.relpath(page, root)
            for line, _, _, body in blocks:
                try:
                    document = tomllib.loads("\n".join(body))
                except tomllib.TOMLDecodeError as error:
                    print(f"{name}:{line}: the block is not TOML: {error}")
                    unknown += 1
                    continue
                refused = []  # tables under an unknown key: reported once, at that key
                for path, written, table in key_paths(document):
                    if any(path[:len(r)] == r for r in refused):
                        continue
                    dotted = ".".join(path)
                    if path in (("parameters",), ("functions",), ("derived",), ("outputs",), ("dynamics", "states")):
                        continue  # names the config chooses
                    if dotted.startswith("parameters.") or (path[:1] == ("scenarios",) and "parameters" in path):
                        if path[-1] == "parameters":
                            continue  # the names of a scenario's parameters
                        accepted = program.parameter(table)
                    elif dotted in PROBES:
                        accepted = program.of(dotted)
                    else:
                        print(f"{name}:{line}: [{written}] is not a table mcsens reads")
                        unknown += 1
                        refused.append(path)
                        continue
                    for key in table:
                        checked += 1
                        if key not in accepted:
                            where = f"[{written}]" if written else "the top level"
                            print(f"{name}:{line}: unknown key '{key}' in {where}; mcsens accepts: "
                                  f"{', '.join(accepted)}")
                            unknown += 1
                            refused.append(path + (key,))
    if unknown:
        print(f"docs_check: {unknown} unknown key{'s' if unknown != 1 else ''} in the pages' configs",
              file=sys.stderr)
        return 1
    print(f"docs_check: the pages' {checked} config keys are all mcsens's")
    return 0


def schema_rows(root):
    """(pattern, dims) of every row of docs/hdf5-schema.md's "Every path" table; dims is None for groups and
    attributes, else a list of (name, size or None)."""
    with open(os.path.join(root, "docs", "hdf5-schema.md"), encoding="utf-8") as f:
        text = f.read()
    block = text[text.index("<!-- every path: begin"):text.index("<!-- every path: end -->")]
    rows = []
    for line in block.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) < 3 or not cells[0].startswith("`/"):
            continue
        path = cells[0].strip("`")[1:]
        pattern = re.compile("".join("[^/@]+" if part.startswith("<") else re.escape(part)
                                     for part in re.split(r"(<[^>]*>)", path)) + "$")
        dims = None
        if cells[2] == "scalar":
            dims = []
        elif cells[2] not in ("group", "attribute"):
            dims = []
            for dim in cells[2].split(", "):
                m = re.fullmatch(r"(\w+|<[^>]+>)(?:\((\d+)\))?", dim)  # <dimension>: the object names it
                dims.append((m.group(1), int(m.group(2)) if m.group(2) else None))
        rows.append((pattern, dims, path))
    return rows


def alternative_collections(rows):
    """The collections whose items take one of two descriptions: the prefixes of the "<array ...>" items
    ("outputs/", "sensitivity/sobol/", "scenarios/<scenario>/outputs/"), each with the pattern of its path (a
    prefix may hold placeholders itself)."""
    prefixes = sorted({r[2][:r[2].index("<array ")] for r in rows if "<array " in r[2]})
    return [(prefix, re.compile("".join("[^/@]+" if part.startswith("<") else re.escape(part)
                                        for part in re.split(r"(<[^>]*>)", prefix))))
            for prefix in prefixes]


def same_kind(row_path, path, arrays, collections):
    """Whether a row may describe `path`: in such a collection an item is an array output's
    ("outputs/<array output>/...": its group, in `arrays`, has the attribute dimension) or a scalar's."""
    for prefix, pattern in collections:
        at = pattern.match(path)
        if not row_path.startswith(prefix + "<") or at is None:
            continue
        rest = path[at.end():]
        if "/" not in rest:
            return True
        return row_path.startswith(prefix + "<array ") == (path[:at.end()] + rest.split("/")[0] in arrays)
    return True


# HDF5's dimension-scale bookkeeping on datasets (checked as dimension names, not listed on the page).
SCALE_ATTRIBUTES = {"CLASS", "NAME", "REFERENCE_LIST", "DIMENSION_LIST"}


def dimension_names(dataset):
    """Per axis, the name of the dimension scale attached to it (a scale's own name for its axis), "?" if none."""
    import h5py
    names = []
    for axis in range(len(dataset.shape)):
        if len(dataset.dims[axis]) > 0:
            names.append(dataset.dims[axis][0].name.rsplit("/", 1)[-1])
        elif h5py.h5ds.is_scale(dataset.id) and len(dataset.shape) == 1:
            names.append(dataset.name.rsplit("/", 1)[-1])
        else:
            names.append("?")
    return names


def check_schema(root, files):
    """0 when every file holds only paths that docs/hdf5-schema.md lists, with the listed shapes and dimension
    names (the dimension scales attached to each axis)."""
    import h5py
    rows = schema_rows(root)
    differ = 0
    for name in files:
        items = []  # (path as the table writes it, shape or None, dimension names or None)
        with h5py.File(name, "r") as f:
            collections = alternative_collections(rows)
            arrays = set()  # every group that is an array output's item (it has the attribute dimension)
            f.visititems(lambda path, obj: arrays.add(path) if isinstance(obj, h5py.Group)
                         and "dimension" in obj.attrs else None)
            items += [("@" + k, None, None) for k in f.attrs]

            def visit(path, obj):
                if isinstance(obj, h5py.Group):
                    items.append((path + "/", None, None))
                    items.extend((path + "/@" + k, None, None) for k in obj.attrs)
                else:
                    items.append((path, obj.shape, dimension_names(obj)))
                    items.extend((path + "@" + k, None, None) for k in obj.attrs if k not in SCALE_ATTRIBUTES)
            f.visititems(visit)
        for path, shape, names in items:
            # The most literal row: "outputs/<array output>/moments" rather than "outputs/<array output>/<dimension>".
            row = min((r for r in rows if r[0].match(path) and same_kind(r[2], path, arrays, collections)),
                      key=lambda r: r[2].count("<"), default=None)
            if row is None:
                print(f"{name}: /{path} is not listed in docs/hdf5-schema.md")
                differ += 1
                continue
            dims = row[1]
            if shape is None or dims is None:
                continue
            fits = len(shape) == len(dims) and all(size is None or size == n for (_, size), n in zip(dims, shape))
            if not fits:
                listed = ", ".join(d + (f"({s})" if s else "") for d, s in dims) or "scalar"
                print(f"{name}: /{path} has shape {tuple(shape)}, the page lists {listed}")
                differ += 1
            elif any(n != d and not d.startswith("<") for n, (d, _) in zip(names, dims)):
                print(f"{name}: /{path} has dimensions ({', '.join(names)}), the page lists "
                      f"({', '.join(d for d, _ in dims)})")
                differ += 1
    if differ:
        print(f"docs_check: {differ} path{'s' if differ != 1 else ''} of the files differ from docs/hdf5-schema.md",
              file=sys.stderr)
        return 1
    print(f"docs_check: {len(files)} file{'s' if len(files) != 1 else ''} hold only what docs/hdf5-schema.md lists")
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--readme-output", metavar="MCSENS")
    parser.add_argument("--summary", metavar="FILE", help="with --readme-output: compare with this saved summary")
    parser.add_argument("--paper-results", metavar="RESULTS", help="check docs/paper-results.md against these runs")
    parser.add_argument("--page", metavar="FILE", help="with --paper-results: check this copy of the page")
    parser.add_argument("--run-commands", metavar="MCSENS", help="run the blocks the pages mark as runnable")
    parser.add_argument("--config-keys", metavar="MCSENS", help="check the keys of the pages' TOML blocks")
    parser.add_argument("--schema", nargs="+", metavar="FILE.h5", help="check result files against the schema page")
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    if args.schema:
        return check_schema(root, args.schema)
    if args.paper_results:
        return check_paper_results(root, os.path.abspath(args.paper_results), args.page)
    if args.readme_output:
        return check_readme_output(root, os.path.abspath(args.readme_output), args.summary)
    pages = args.pages or [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    if args.config_keys:
        return check_config_keys(root, os.path.abspath(args.config_keys), pages)
    if args.run_commands:
        return run_commands(root, os.path.abspath(args.run_commands), pages)
    stale = 0
    for page in pages:
        with open(page, encoding="utf-8") as f:
            text = f.read()
        for number, path in named_paths(text):
            if not exists(root, path):
                print(f"{os.path.relpath(page, root)}:{number}: {path} is not in the repository")
                stale += 1
    if stale:
        print(f"docs_check: {stale} stale path{'s' if stale != 1 else ''}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
