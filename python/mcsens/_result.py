# SPDX-License-Identifier: MIT
"""A result file as pandas DataFrames and an xarray Dataset."""

import errno
import json
import os

from . import _mcsens

# The tidy tables' columns that hold names or text (the others hold numbers), and those that hold counts.
_TEXT_COLUMNS = {
    "scenario", "output", "label", "unit", "claim", "interval", "verdict", "text", "input", "input_2", "curve",
    "feature", "ranked_by", "contender", "rival", "target", "dimension",
}
_COUNT_COLUMNS = {"count", "nonfinite", "n", "not_found", "at_edge", "effects"}

# Each table's key columns: what one row is of (docs/cli.md, `show --csv`).
_KEYS = {
    "outputs": ["scenario", "output"],
    "output_quantiles": ["scenario", "output", "probability"],
    "output_elements": ["scenario", "output", "coordinate"],
    "output_element_quantiles": ["scenario", "output", "coordinate", "probability"],
    "claims": ["scenario", "claim"],
    "drivers": ["claim", "input"],
    "curves": ["scenario", "curve", "x", "band"],
    "curve_features": ["scenario", "curve", "feature"],
    "curve_feature_quantiles": ["scenario", "curve", "feature", "probability"],
    "deltas": ["scenario", "output"],
    "delta_quantiles": ["scenario", "output", "probability"],
    "delta_elements": ["scenario", "output", "coordinate"],
    "delta_element_quantiles": ["scenario", "output", "coordinate", "probability"],
    "ranking": ["ranked_by", "contender", "rival"],
    "sobol": ["target", "input"],
    "sobol_second_order": ["target", "input", "input_2"],
    "sobol_elements": ["target", "coordinate", "input"],
    "sobol_aggregated": ["target", "input"],
    "morris": ["target", "input"],
    "regression": ["target", "input"],
    "shapley": ["target", "input"],
}

# The names to_xarray gives each table's value columns, where the bare column name would clash with another
# table's ("mean" of an output and of a curve feature).
_XARRAY_PREFIX = {
    "outputs": "",
    "output_quantiles": "",
    "output_elements": "element_",
    "output_element_quantiles": "element_",
    "claims": "claim_",
    "drivers": "driver_",
    "curves": "curve_",
    "curve_features": "feature_",
    "curve_feature_quantiles": "feature_",
    "deltas": "delta_",
    "delta_quantiles": "delta_",
    "delta_elements": "delta_element_",
    "delta_element_quantiles": "delta_element_",
    "ranking": "ranking_",
    "sobol": "",
    "sobol_second_order": "",
    "sobol_elements": "sobol_element_",
    "sobol_aggregated": "sobol_aggregated_",
    "morris": "morris_",
    "regression": "",
    "shapley": "shapley_",
}


def _unquoted(field):
    """A field of the CSV tables as it was before quoting (RFC 4180: a quoted field starts and ends with a quote,
    its own quotes doubled; the writer quotes every field that holds a quote, so this is exact)."""
    if len(field) >= 2 and field[0] == '"' and field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def _column(name, values):
    """A column of text fields as the type it holds: names stay str; counts become int64; other numbers float64
    ("NaN", "Inf", "-Inf" as such; an empty field, such as a quantile's missing error bound, is NaN)."""
    import numpy

    if name in _TEXT_COLUMNS:
        return numpy.array([_unquoted(v) for v in values], dtype=object)
    if name in _COUNT_COLUMNS:
        return numpy.array([int(v) for v in values], dtype=numpy.int64)
    try:
        return numpy.array([float(v) if v != "" else numpy.nan for v in values], dtype=numpy.float64)
    except ValueError:  # text in a column this package does not know (a table of a field it has no table for)
        return numpy.array([_unquoted(v) for v in values], dtype=object)


def _band_name(p):
    """A column name for a probability, as the tables name quantiles: q05 for 0.05, median for 0.5."""
    if p == 0.5:
        return "median"
    return "q" + format(100 * p, "02g")


class Result:
    """A result file of `mcsens run` (or `mcsens merge`), read by the library that wrote it.

    Every section is a pandas DataFrame with its intervals as columns: ``outputs``, ``quantiles``, ``claims``,
    ``drivers(claim)``, ``curves``, ``scenarios``, ``ranking``, ``sobol(target)``, ``morris(target)``,
    ``regression(target)``, ``shapley(target)``. ``tables`` holds the tidy tables of `mcsens show --csv`
    (docs/cli.md) whole, the scenarios' included; ``to_xarray()`` the result as one xarray Dataset. ``config``,
    ``seed``, ``samples``, ``sampler``, ``notes`` and ``provenance`` say how the run was made.
    """

    def __init__(self, path):
        path = os.fspath(path)
        if not os.path.exists(path):
            raise FileNotFoundError(errno.ENOENT, "no such result file", path)
        self.path = os.path.abspath(path)
        document, tables = _mcsens.read_result(path)
        self._document = json.loads(document)
        self._rows = {name: (columns, rows) for name, columns, rows in tables}
        self._frames = {}

    def __repr__(self):
        parts = [f"{self.samples} draws", f"seed {self.seed}", f"{len(self._document['outputs'])} outputs"]
        if self._document["claims"]:
            parts.append(f"{len(self._document['claims'])} claims")
        parts += [name for name in ("sobol", "morris", "regression", "shapley") if name in self._rows]
        where = repr(self.path) if self.path else "(not kept)"
        return f"<mcsens.Result {where}: {', '.join(parts)}>"

    # The run.

    @property
    def title(self):
        return self._document["title"]

    @property
    def config(self):
        """The config's whole text, as the run read it (the --set overrides are in provenance["overrides"])."""
        return self._document["config_text"]

    @property
    def seed(self):
        return self._document["seed"]

    @property
    def samples(self):
        return self._document["samples"]

    @property
    def sampler(self):
        return self._document["sampler"]

    @property
    def notes(self):
        return list(self._document["notes"])

    @property
    def provenance(self):
        """Who made the file, when, how: version, commit, config path, overrides, threads, ranks, wall time, ..."""
        keys = ("mcsens_version", "git_commit", "created_utc", "config", "overrides", "threads", "ranks",
                "wall_seconds", "machine", "chunk_size", "stop_reason", "format_version", "output_file", "failed_draws",
                "kept_draws")
        return {k: self._document[k] for k in keys if k in self._document}

    @property
    def parameters(self):
        """One row per parameter: its label, unit, distribution and the distribution's parameters."""
        import pandas

        rows = []
        for name, p in self._document["parameters"].items():
            row = {"parameter": name, "label": p.get("label"), "unit": p.get("unit"), "dist": p.get("dist")}
            row["value"] = p.get("value")
            row["description"] = p.get("description")
            row.update(p.get("parameters") or {})
            rows.append(row)
        return pandas.DataFrame(rows).set_index("parameter")

    def to_json(self):
        """The document of `mcsens show --json` (docs/cli.md), as Python objects."""
        return json.loads(json.dumps(self._document))

    # The tables.

    @property
    def tables(self):
        """Every tidy table the file has (`mcsens show --csv`), by name: a dict of DataFrames."""
        return {name: self.table(name) for name in self._rows}

    def table(self, name):
        """The tidy table `name` (outputs, output_quantiles, claims, drivers, curves, curve_features, ...)."""
        if name not in self._rows:
            known = ", ".join(self._rows) or "none"
            raise KeyError(f"{self.path} has no table {name!r} (it has: {known})")
        if name not in self._frames:
            import pandas

            columns, rows = self._rows[name]
            data = {c: _column(c, [r[i] for r in rows]) for i, c in enumerate(columns)}
            self._frames[name] = pandas.DataFrame(data, columns=columns)
        return self._frames[name].copy()

    def _baseline(self, name, index):
        if name not in self._rows:
            return None
        frame = self.table(name)
        frame = frame[frame["scenario"] == "baseline"].drop(columns="scenario")
        return frame.set_index(index)

    def _of_target(self, name, target, what, ask):
        if name not in self._rows:
            raise KeyError(f"{self.path} has no {what} (the config asks for them with [sensitivity] {ask})")
        frame = self.table(name)
        targets = list(dict.fromkeys(frame["target"]))
        if target not in targets:
            raise KeyError(f"{what}: no target {target!r} in {self.path} (its targets: {', '.join(targets)})")
        return frame[frame["target"] == target].drop(columns="target").set_index("input")

    @property
    def outputs(self):
        """One row per output (the run's own draws): label, unit, mean, mean_se, sd, skewness, kurtosis (excess),
        min, max, count, nonfinite; and the quantiles the run computed, as columns (q05, median, q95, ...)."""
        frame = self._baseline("outputs", "output")
        quantiles = self.quantiles
        if quantiles is not None and len(quantiles):
            wide = quantiles.reset_index().pivot(index="output", columns="probability", values="quantile")
            wide.columns = [_band_name(p) for p in wide.columns]
            frame = frame.join(wide)
        return frame

    @property
    def quantiles(self):
        """One row per output and quantile level: the quantile and its error bound."""
        return self._baseline("output_quantiles", ["output", "probability"])

    @property
    def claims(self):
        """One row per claim: probability, ci_low, ci_high (at the run's confidence level), the interval's method,
        counts, verdict and text."""
        frame = self._baseline("claims", "claim")
        return frame if frame is not None else self._empty("claim")

    def drivers(self, claim):
        """The inputs that drive `claim` (strongest first): the Kolmogorov-Smirnov distance between the input's
        draws where the claim holds and where it does not, its p-value, and the input's quantiles where it holds."""
        if claim not in self._document["claims"]:
            raise KeyError(f"no claim {claim!r} in {self.path} (its claims: {', '.join(self._document['claims'])})")
        if "drivers" not in self._rows:
            return self._empty("input")
        frame = self.table("drivers")
        frame = frame[frame["claim"] == claim].drop(columns="claim").set_index("input")
        return frame.sort_values("ks_d", ascending=False, kind="mergesort")

    @property
    def curves(self):
        """One row per curve and grid point, the bands of the response as columns (q05, median, q95, ...)."""
        frame = self._baseline("curves", ["curve", "x", "band"])
        if frame is None:
            return self._empty(["curve", "x"])
        wide = frame.reset_index().pivot_table(index=["curve", "x"], columns="band", values="y", sort=False)
        wide.columns = [_band_name(p) for p in wide.columns]
        return wide

    @property
    def scenarios(self):
        """One row per scenario and output: the paired change, scenario minus baseline draw by draw, with its
        statistics (the scenarios' own outputs and claims are in tables["outputs"] and tables["claims"]; an array
        output's changes, one row per element, in tables["delta_elements"])."""
        if "deltas" not in self._rows:
            return self._empty(["scenario", "output"])
        return self.table("deltas").set_index(["scenario", "output"])

    @property
    def ranking(self):
        """One row per ordered pair of contenders: P(contender better than rival) with its interval."""
        if "ranking" not in self._rows:
            return self._empty(["contender", "rival"])
        return self.table("ranking").set_index(["contender", "rival"])

    def sobol(self, target, second_order=False):
        """Sobol' indices of `target` (an output or a claim): S1 and ST with their intervals, one row per input;
        with second_order, S2 with its interval, one row per pair of inputs."""
        if second_order:
            frame = self._of_target("sobol_second_order", target, "Sobol' second-order indices",
                                    "sobol = { second_order = true }")
            return frame.set_index("input_2", append=True)
        return self._of_target("sobol", target, "Sobol' indices", "sobol = { base_samples = N }")

    def morris(self, target):
        """Morris' elementary effects of `target`: mu, mu_star with its interval, sigma, effects, one row per input."""
        return self._of_target("morris", target, "Morris effects", "morris = { trajectories = R }")

    def regression(self, target):
        """Standardized regression (src) and partial rank correlation (prcc) coefficients of `target`."""
        return self._of_target("regression", target, "regression coefficients", "regression = true")

    def shapley(self, target):
        """Shapley effects of `target` with their intervals, one row per input."""
        return self._of_target("shapley", target, "Shapley effects", "shapley = { outer = N }")

    @staticmethod
    def _empty(index):
        import pandas

        index = [index] if isinstance(index, str) else index
        return pandas.DataFrame(columns=index).set_index(index)

    def to_xarray(self):
        """The result as one xarray Dataset: each table's value columns as variables along its key columns
        (dimensions scenario, output, probability, claim, input, target, curve, x, band, ...), named as in the
        tables, with a prefix where two tables share a name (claim_probability, delta_mean, feature_mean,
        morris_mu_star, shapley_effect, curve_y, ...). The run's title, seed, samples and sampler are attributes."""
        import xarray

        parts = []
        for name in self._rows:
            if name not in _KEYS:  # a field's own table (docs/cli.md): its columns but "value" are its keys
                columns = self._rows[name][0]
                frame = self.table(name).set_index([c for c in columns if c != "value"])
                parts.append(xarray.Dataset.from_dataframe(frame.rename(columns={"value": name})))
                continue
            frame = self.table(name).set_index(_KEYS[name])
            prefix = _XARRAY_PREFIX[name]
            renamed = {c: prefix + c for c in frame.columns}
            if name in ("output_quantiles", "delta_quantiles", "curve_feature_quantiles"):
                renamed = {c: prefix + ("quantile_error" if c == "error" else c) for c in frame.columns}
            parts.append(xarray.Dataset.from_dataframe(frame.rename(columns=renamed)))
        dataset = xarray.merge(parts, compat="no_conflicts", join="outer") if parts else xarray.Dataset()
        dataset.attrs.update(title=self.title, seed=self.seed, samples=self.samples, sampler=self.sampler,
                             source=self.path, mcsens_version=self._document["mcsens_version"])
        return dataset


def open(path):  # noqa: A001 (the package's verb, as xarray.open_dataset)
    """Reads the result file at `path` (a run's or a merge's; not a shard) into a Result."""
    return Result(path)
