# SPDX-License-Identifier: MIT
"""A result file read by the tools researchers use, as they are (issue 33, parts 1 and 5).

Every group of a run's file opens in xarray (h5netcdf engine) with named dimensions, none invented ("phony_dim_N"),
and `ncdump -h` prints every group's header; names are UTF-8 strings. Files of the previous format version (1: no
format_version attribute, no dimension scales) are still read by `show` and `merge`; a newer one is refused by name.

Run by ctest (result_readers) with Debian's python3-pytest: MCSENS=path/to/mcsens /usr/bin/python3 -m pytest THIS.
"""
import os
import pathlib
import shutil
import subprocess

import h5py
import pytest
import xarray

MCSENS = os.environ.get("MCSENS", "")
HERE = pathlib.Path(__file__).resolve().parent
FORMAT_1 = HERE / "data" / "format_1"

# Every section a file can hold: outputs, claims with drivers, a curve with features, scenarios with a ranking,
# Sobol' with second order, Morris, Shapley, regression (the config of the unit test ResultSchema too).
EVERY_SECTION = (HERE / "data" / "every_section.toml").read_text()


def mcsens(*args, check=True, cwd=None):
    assert MCSENS, "set MCSENS to the mcsens executable"
    return subprocess.run([MCSENS, *map(str, args)], capture_output=True, text=True, check=check, cwd=cwd)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The paper run (the built-in config) and a run with every section, each with kept draws."""
    folder = tmp_path_factory.mktemp("results")
    config = folder / "every.toml"
    config.write_text(EVERY_SECTION)
    paper, every = folder / "paper.h5", folder / "every.h5"
    mcsens("run", "-q", "-n", 20000, "--keep-samples", 50, "-o", paper)
    mcsens("run", config, "-q", "-n", 4000, "--keep-samples", 50, "-o", every)
    return [paper, every]


def groups(path):
    names = ["/"]
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: names.append("/" + name) if isinstance(obj, h5py.Group) else None)
    return names


def test_every_group_opens_in_xarray_with_named_dimensions(files):
    for path in files:
        opened = 0
        for group in groups(path):
            with xarray.open_dataset(path, group=group, engine="h5netcdf") as ds:
                invented = [d for d in ds.dims if str(d).startswith("phony_dim")]
                assert not invented, f"{path.name}:{group} has dimensions without names: {invented}"
                opened += 1
        assert opened > 20, path


def test_dimensions_and_coordinates_mean_what_they_say(files):
    every = files[1]
    with xarray.open_dataset(every, group="/outputs/y", engine="h5netcdf") as ds:
        assert list(ds["moment"].values) == ["mean", "sd", "skewness", "kurtosis", "min", "max"]
        assert float(ds["moments"].sel(moment="mean")) == float(ds["moments"][0])
        # the quantile coordinate is the probability row of quantiles
        assert list(ds["quantile"].values) == list(ds["quantiles"].sel(row="probability").values)
    with xarray.open_dataset(every, group="/sensitivity/sobol/y", engine="h5netcdf") as ds:
        assert ds["S2"].dims == ("input", "input_2")
        assert ds["ST_ci"].dims == ("bound", "input")
        assert list(ds["input"].values) == ["a", "b"]
        assert all(isinstance(name, str) for name in ds["input"].values)  # str, not bytes
        assert float(ds["ST_ci"].sel(bound="low", input="b")) <= float(ds["ST"].sel(input="b"))
    with xarray.open_dataset(every, group="/curves/scan", engine="h5netcdf") as ds:
        assert ds["bands"].dims == ("band", "x")
        assert ds["x"].values[0] == 0 and ds["x"].values[-1] == 1
    with xarray.open_dataset(every, group="/scenarios", engine="h5netcdf") as ds:
        assert ds["ranking"].dims == ("ranking_contender", "ranking_rival")
        assert list(ds["ranking_contender"].values) == list(ds["ranking_names"].values)
    with xarray.open_dataset(every, group="/samples", engine="h5netcdf") as ds:
        assert ds["inputs"].dims == ("draw", "input") and ds.sizes["draw"] == 50
        assert list(ds["output"].values) == ["y", "z"]


def test_names_are_utf8_strings(files):
    with h5py.File(files[1], "r") as f:
        for path in ["sensitivity/sobol/y/names", "sensitivity/sobol/y/input", "scenarios/ranking_names",
                     "samples/input_names", "claims/big/drivers/input"]:
            info = h5py.check_string_dtype(f[path].dtype)
            assert info is not None and info.encoding == "utf-8", path


@pytest.mark.skipif(shutil.which("ncdump") is None, reason="needs ncdump (Debian: netcdf-bin)")
def test_ncdump_prints_every_group_header(files):
    for path in files:
        header = subprocess.run(["ncdump", "-h", str(path)], capture_output=True, text=True)
        assert header.returncode == 0, header.stderr
        for group in groups(path)[1:]:
            assert f"group: {group.rsplit('/', 1)[-1]} {{" in header.stdout, f"{path.name}: {group}"
        assert "ranking(ranking_contender, ranking_rival)" in header.stdout or "every" not in path.name


def test_a_file_of_format_1_is_shown_as_this_builds_own(tmp_path):
    fresh = tmp_path / "fresh.h5"
    mcsens("run", "-q", FORMAT_1 / "tiny.toml", "-o", fresh)
    old, new = mcsens("show", FORMAT_1 / "tiny.h5").stdout, mcsens("show", fresh).stdout
    assert "y exceeds 2" in old and "Regression of y" in old
    # The same report but for the provenance line (threads, time, path).
    assert old.splitlines()[2:] == new.splitlines()[2:]


def test_shards_of_format_1_merge_into_the_result_of_format_1(tmp_path):
    """The two shards written by c6481f6 merge, in this build, into the numbers of c6481f6's own single run of the
    same config (tiny.h5). Within 1e-12 relative, not to the bit: this build may do its arithmetic otherwise (the
    sanitizer and non-native builds contract no multiply-adds), while the shards' states come from a native one."""
    import numpy
    merged = tmp_path / "merged.h5"
    mcsens("merge", "-q", "-o", merged, FORMAT_1 / "tiny_shard_1_of_2.h5", FORMAT_1 / "tiny_shard_2_of_2.h5")
    compared = 0
    with h5py.File(FORMAT_1 / "tiny.h5", "r") as old, h5py.File(merged, "r") as new:
        def visit(name, obj):
            nonlocal compared
            if not isinstance(obj, h5py.Dataset) or name.startswith("resume/"):
                return
            a, b = obj[()], new[name][()]
            if obj.dtype.kind == "f":
                assert numpy.allclose(a, b, rtol=1e-12, atol=1e-15, equal_nan=True), name
            else:
                assert numpy.array_equal(a, b), name
            compared += 1
        old.visititems(visit)
        assert new.attrs["samples"] == old.attrs["samples"] and new.attrs["format_version"] == 2
    assert compared > 20


def test_a_newer_format_is_refused_by_name(files, tmp_path):
    newer = tmp_path / "newer.h5"
    shutil.copy(files[1], newer)
    with h5py.File(newer, "r+") as f:
        f.attrs["format_version"] = 3
    for command in (["show", newer], ["merge", "-o", tmp_path / "out.h5", newer]):
        refused = mcsens(*command, check=False)
        assert refused.returncode != 0, command
        assert "format version 3" in refused.stderr and str(newer) in refused.stderr, refused.stderr
        assert "reads format versions 1 to 2" in refused.stderr, refused.stderr


def test_show_csv_writes_tidy_tables_that_pandas_reads_as_they_are(files, tmp_path):
    pandas = pytest.importorskip("pandas")
    import numpy
    every = files[1]
    folder = tmp_path / "tables"
    listed = mcsens("show", every, "--csv", folder).stdout
    expected = ["outputs", "output_quantiles", "claims", "drivers", "curves", "curve_features",
                "curve_feature_quantiles", "deltas", "delta_quantiles", "ranking", "sobol", "sobol_second_order",
                "morris", "regression", "shapley"]
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(expected)
    for name in expected:
        assert f"{name}.csv" in listed
    # With no options: pandas' fast float parser may miss the last bits (up to ~6e-13 relative, measured), so the
    # values are checked below as read with its round-trip parser, to the bit (the CSV numbers are the shortest
    # text that reads back exactly).
    plain = {name: pandas.read_csv(folder / f"{name}.csv") for name in expected}
    tables = {name: pandas.read_csv(folder / f"{name}.csv", float_precision="round_trip") for name in expected}
    for name in expected:
        assert list(plain[name].columns) == list(tables[name].columns) and len(plain[name]) == len(tables[name])
        for column in tables[name].columns:
            if tables[name][column].dtype.kind == "f":
                assert numpy.allclose(plain[name][column], tables[name][column], rtol=1e-12, atol=0,
                                      equal_nan=True), (name, column)
            else:
                assert plain[name][column].equals(tables[name][column]), (name, column)
    with h5py.File(every, "r") as f:
        sobol = tables["sobol"][tables["sobol"]["target"] == "y"]
        assert list(sobol["input"]) == [n.decode() for n in f["sensitivity/sobol/y/names"][()]]
        assert numpy.array_equal(sobol["S1"].to_numpy(), f["sensitivity/sobol/y/S1"][()])
        assert numpy.array_equal(sobol["ST_high"].to_numpy(), f["sensitivity/sobol/y/ST_ci"][1])
        outputs = tables["outputs"]
        row = outputs[(outputs["scenario"] == "more_b") & (outputs["output"] == "z")].iloc[0]
        assert row["mean"] == f["scenarios/more_b/outputs/z/moments"][0]
        assert row["label"] == "difference" and row["count"] == f["scenarios/more_b/outputs/z/count"][()]
        quantiles = tables["output_quantiles"]
        q = quantiles[(quantiles["scenario"] == "baseline") & (quantiles["output"] == "y")]
        assert numpy.array_equal(q["quantile"].to_numpy(), f["outputs/y/quantiles"][1])
        assert numpy.array_equal(q["error"].to_numpy(), f["outputs/y/quantile_errors"][()])
        curves = tables["curves"]
        band = curves[(curves["scenario"] == "baseline") & (curves["band"] == f["curves/scan/band_probs"][0])]
        assert numpy.array_equal(band["y"].to_numpy(), f["curves/scan/bands"][0])
        ranking = tables["ranking"]
        assert len(ranking) == len(f["scenarios/ranking_names"]) ** 2
        claims = tables["claims"]
        big = claims[(claims["scenario"] == "baseline") & (claims["claim"] == "big")].iloc[0]
        assert (big["ci_low"], big["ci_high"]) == (f["claims/big/ci_low"][()], f["claims/big/ci_high"][()])
        drivers = tables["drivers"]
        assert list(drivers.columns[-5:]) == ["holding_q05", "holding_q25", "holding_median", "holding_q75",
                                              "holding_q95"]
        assert numpy.array_equal(drivers[drivers["claim"] == "big"]["ks_d"].to_numpy(), f["claims/big/drivers/ks_d"][()])
    # S2 is listed above the diagonal: one row per pair of the two inputs a, b.
    assert len(tables["sobol_second_order"][tables["sobol_second_order"]["target"] == "y"]) == 1
    # The numeric columns are numbers to pandas, not text.
    for name, table in tables.items():
        for column in ("mean", "probability", "S1", "mu_star", "src", "effect", "y"):
            if column in table.columns:
                assert table[column].dtype.kind == "f", (name, column)


def test_show_csv_refuses_a_folder_that_holds_anything_without_force(files, tmp_path):
    folder = tmp_path / "used"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    refused = mcsens("show", files[1], "--csv", folder, check=False)
    assert refused.returncode == 2 and "use --force" in refused.stderr, refused.stderr
    assert list(folder.iterdir()) == [folder / "mine.txt"]
    mcsens("show", files[1], "--csv", folder, "--force")
    assert (folder / "mine.txt").read_text() == "keep me" and (folder / "outputs.csv").exists()


def test_json_of_run_and_show_holds_every_section_of_the_file(files, tmp_path):
    """`run --json` and `show --json` of its file are one document (but created_utc), and every number the file
    holds is in it, exactly (issue 33, part 3)."""
    import json
    import math

    import numpy
    config = tmp_path / "every.toml"
    config.write_text(EVERY_SECTION)
    path = tmp_path / "every.h5"
    run = json.loads(mcsens("run", config, "-n", 4000, "--keep-samples", 20, "--json", "-o", path).stdout)
    shown = json.loads(mcsens("show", path, "--json").stdout)
    assert run.pop("created_utc") is None and shown.pop("created_utc")

    def same(a, b):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        return a == b
    assert same(run, shown)
    doc = shown
    assert doc["json_version"] == 2 and doc["format_version"] == 2

    def numbers(values):  # JSON null is a NaN of the file
        return numpy.array([math.nan if v is None else v for v in values], dtype=float)

    def equal(values, dataset):
        return numpy.array_equal(numbers(values), numpy.asarray(dataset, dtype=float), equal_nan=True)

    with h5py.File(path, "r") as f:
        assert doc["seed"] == f.attrs["seed"] and doc["samples"] == f.attrs["samples"]
        assert doc["stop_reason"] == f.attrs["stop_reason"] and doc["config_text"] == f.attrs["config"]
        assert doc["chunk_size"] == f.attrs["chunk_size"] and doc["kept_draws"] == 20
        assert doc["parameters"]["a"]["parameters"] == {"mean": 1, "sd": 0.2}
        assert doc["parameters"]["c"] == {"label": "c", "unit": "m", "dist": "constant", "value": 3}

        def statistics(stats, group):
            moments = [stats[k] for k in ("mean", "sd", "skewness", "kurtosis", "min", "max")]
            assert equal(moments, group["moments"]), group.name
            assert stats["count"] == group["count"][()] and stats["nonfinite"] == group["nonfinite"][()]
            probabilities, quantiles = group["quantiles"][()]
            assert equal(list(stats["quantiles"].values()), quantiles) and len(probabilities) == len(quantiles)
            assert equal(list(stats["quantile_errors"].values()), group["quantile_errors"])
            assert equal(stats["histogram"]["edges"], group["histogram/edges"])
            assert stats["histogram"]["counts"] == list(group["histogram/counts"][()])

        for name, output in doc["outputs"].items():
            statistics(output, f[f"outputs/{name}"])
        for name, claim in doc["claims"].items():
            g = f[f"claims/{name}"]
            assert (claim["probability"], claim["ci_low"], claim["ci_high"]) == (
                g["probability"][()], g["ci_low"][()], g["ci_high"][()])
            by_input = {d["input"]: d for d in claim["drivers"]}
            for i, name_bytes in enumerate(g["drivers/names"][()]):
                driver = by_input[name_bytes.decode()]
                assert driver["ks_distance"] == g["drivers/ks_d"][i]
                assert equal(driver["holding_quantiles"], g["drivers/holding_quantiles"][i])
        for name, curve in doc["curves"].items():
            g = f[f"curves/{name}"]
            assert equal(curve["grid"], g["x"]) and equal(curve["band_probabilities"], g["band_probs"])
            assert equal([v for row in curve["bands"] for v in row], g["bands"][()].ravel())
            for feature, values in curve["features"].items():
                statistics(values["statistics"], g[f"features/{feature}"])
        for name, scenario in doc["scenarios"].items():
            for output, values in scenario["outputs"].items():
                statistics(values["statistics"], f[f"scenarios/{name}/outputs/{output}"])
                statistics(values["delta"], f[f"scenarios/{name}/delta/{output}"])
            for claim, values in scenario["claims"].items():
                assert values["ci_high"] == f[f"scenarios/{name}/claims/{claim}/ci_high"][()]
            for curve, values in scenario["curves"].items():
                assert equal([v for row in values["bands"] for v in row],
                             f[f"scenarios/{name}/curves/{curve}/bands"][()].ravel())
        ranking = doc["ranking"]
        for key, dataset in (("probability", "ranking"), ("ci_low", "ranking_ci_low"), ("ci_high", "ranking_ci_high")):
            assert equal(ranking[key], f[f"scenarios/{dataset}"][()].ravel())
        for target, s in doc["sensitivity"]["sobol"].items():
            g = f[f"sensitivity/sobol/{target}"]
            assert equal(s["S1"], g["S1"]) and equal(s["ST_low"], g["ST_ci"][0]) and equal(s["ST_high"], g["ST_ci"][1])
            assert equal(s["S2"], g["S2"][()].ravel()) and s["batches"] == g.attrs["batches"]
        for target, m in doc["sensitivity"]["morris"].items():
            g = f[f"sensitivity/morris/{target}"]
            assert equal(m["mu_star_low"], g["mu_star_ci"][0]) and equal(m["mu_star_high"], g["mu_star_ci"][1])
            assert m["effects"] == list(g["effects"][()])
        for target, r in doc["sensitivity"]["regression"].items():
            g = f[f"sensitivity/regression/{target}"]
            assert equal(r["src"], g["src"]) and equal(r["prcc"], g["prcc"]) and r["n"] == g.attrs["n"]
        for target, s in doc["sensitivity"]["shapley"].items():
            g = f[f"sensitivity/shapley/{target}"]
            assert equal(s["effects_low"], g["effects_low"]) and s["blocks"] == g.attrs["blocks"]
        assert doc["notes"] == ([] if f.attrs["notes"] == "" else f.attrs["notes"].split("\n"))


@pytest.mark.parametrize("config", ["examples/npv.toml", "examples/sir.toml", "benchmarks/borehole.toml",
                                    "benchmarks/gfunction.toml", "benchmarks/ishigami.toml", "benchmarks/linear.toml",
                                    "benchmarks/p1.toml"])
def test_the_shipped_configs_files_hold_what_the_schema_page_lists(config, tmp_path):
    """docs/hdf5-schema.md's table against the files of the example and benchmark configs (the paper pack's are
    checked by the ctest paper_results): every path listed, with its shape and dimension names."""
    root = HERE.parent.parent
    path = tmp_path / "run.h5"
    # --keep-samples keeps scalar outputs only so far: refused for a config with an array output (sir's I_daily,
    # npv's flows).
    keep = [] if config in ("examples/sir.toml", "examples/npv.toml") else ["--keep-samples", 10]
    mcsens("run", "-q", root / "configs" / config, "-n", 2000, *keep,
           "--set", "sensitivity.sobol.base_samples=256", "-o", path)
    check = subprocess.run(["/usr/bin/python3", str(root / "scripts" / "docs_check.py"), "--root", str(root),
                            "--schema", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_number_of_the_file_is_in_the_json_and_the_csv_tables(tmp_path):
    """A mechanical guard for the writers: every number a result file holds (each dataset's values and each numeric
    attribute, but the kept draws, the run state and the histograms' and dimensions' bookkeeping) is somewhere in
    `show --json`, exactly; and every number of the sections the CSV tables cover is in one of them. A field added
    to the file's layout and forgotten by a writer fails here."""
    import json
    import math

    import numpy
    config = tmp_path / "every.toml"
    config.write_text(EVERY_SECTION)
    path, tables = tmp_path / "every.h5", tmp_path / "tables"
    mcsens("run", "-q", config, "-n", 4000, "--keep-samples", 20, "-o", path)
    doc = json.loads(mcsens("show", path, "--json").stdout)
    mcsens("show", path, "--csv", tables)

    in_json = set()

    def collect(value):
        if isinstance(value, dict):
            for key, item in value.items():
                try:
                    in_json.add(float(key))  # quantiles are keyed by their probability
                except ValueError:
                    pass
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            in_json.add(float(value))
        elif value in ("inf", "-inf"):
            in_json.add(float(value))
    collect(doc)
    in_csv = set()
    for table in tables.glob("*.csv"):
        for line in table.read_text().splitlines()[1:]:
            for field in line.split(","):
                try:
                    in_csv.add(float(field))
                except ValueError:
                    pass

    skipped = ("resume/", "samples/")
    not_in_csv = ("histogram/", "parameters/")  # the CSV tables leave histograms and parameters to the file
    missing_json, missing_csv = [], []

    def check(where, values):
        for v in numpy.atleast_1d(numpy.asarray(values, dtype=float)).ravel():
            if math.isnan(v):
                continue
            if v not in in_json:
                missing_json.append(f"{where} = {v!r}")
            if where.split("@")[0].count("/") >= 1 and not any(s in where for s in not_in_csv) and "@" not in where \
                    and v not in in_csv:
                missing_csv.append(f"{where} = {v!r}")

    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if name.startswith(skipped):
                return
            if isinstance(obj, h5py.Dataset):
                scale = h5py.h5ds.is_scale(obj.id)
                if scale and obj.attrs["NAME"].startswith(b"This is a netCDF dimension"):
                    return  # a dimension without values: its zeros are not numbers of the result
                if obj.dtype.kind in "fiu":
                    check(name, obj[()])
            for key, value in obj.attrs.items():
                if key in ("CLASS", "NAME", "REFERENCE_LIST", "DIMENSION_LIST"):
                    continue
                if isinstance(value, (int, float, numpy.integer, numpy.floating)):
                    check(f"{name}@{key}", value)
        f.visititems(visit)
        for key in ("seed", "samples", "chunk_size", "format_version"):
            check(f"@{key}", f.attrs[key])
    assert not missing_json, "in the file, not in show --json:\n" + "\n".join(missing_json[:40])
    assert not missing_csv, "in the file, not in the CSV tables:\n" + "\n".join(missing_csv[:40])
