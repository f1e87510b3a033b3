# SPDX-License-Identifier: MIT
"""The Python package reads a result file (issue 34, step 1): every section as a DataFrame holding exactly the
numbers of `mcsens show --csv` (the same library wrote both), the run's config and provenance as `show --json`
gives them, the whole result as an xarray Dataset, and errors as Python exceptions.

Run by ctest (python_package) with Debian's python3-pytest:
MCSENS=path/to/mcsens PYTHONPATH=<build>/python /usr/bin/python3 -m pytest THIS.
"""
import json
import math
import pathlib
import subprocess

import numpy
import pandas
import pytest

import mcsens
from mcsens_testing import run_cli

HERE = pathlib.Path(__file__).resolve().parent
# Every section a file can hold (the config of the unit test ResultSchema and of result_readers too).
EVERY_SECTION = HERE.parent / "integration" / "data" / "every_section.toml"


@pytest.fixture(scope="module")
def every(tmp_path_factory):
    """A run with every section, its CSV tables and its JSON document, as the command line writes them."""
    folder = tmp_path_factory.mktemp("every")
    path = folder / "every.h5"
    run_cli("run", EVERY_SECTION, "-q", "-n", 4000, "-s", 11, "-o", path)
    run_cli("show", path, "--csv", folder / "csv")
    document = json.loads(run_cli("show", path, "--json").stdout)
    return path, folder / "csv", document


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    """The built-in paper run (labels with commas, scenarios, Sobol', Morris, regression) and its CSV tables."""
    folder = tmp_path_factory.mktemp("paper")
    path = folder / "paper.h5"
    run_cli("run", "-q", "-n", 20000, "-o", path)
    run_cli("show", path, "--csv", folder / "csv")
    return path, folder / "csv"


def same(a, b):
    """Two columns equal value for value, NaN where the other has NaN."""
    if a.dtype == object or b.dtype == object:
        return list(a.fillna("")) == list(b.fillna(""))
    a, b = numpy.asarray(a, dtype=float), numpy.asarray(b, dtype=float)
    return bool(numpy.array_equal(a, b, equal_nan=True))


def test_the_version_is_the_programs():
    printed = run_cli("--version").stdout
    assert mcsens.__version__ in printed
    assert mcsens.result_format_version == 2


@pytest.mark.parametrize("run", ["every", "paper"])
def test_every_table_holds_exactly_what_show_csv_writes(run, request):
    path, csv = request.getfixturevalue(run)[:2]
    result = mcsens.open(path)
    written = sorted(p.stem for p in csv.glob("*.csv"))
    assert sorted(result.tables) == written
    assert len(written) == (15 if run == "every" else 13)  # every section; the paper run has no Shapley or S2
    for name in written:
        # round_trip: each number exactly as the file holds it; keep_default_na off for names ("NA" is a name).
        expected = pandas.read_csv(csv / f"{name}.csv", float_precision="round_trip", keep_default_na=False,
                                   na_values=["NaN", ""])
        got = result.table(name)
        assert list(got.columns) == list(expected.columns), name
        assert len(got) == len(expected), name
        for column in got.columns:
            assert same(got[column], expected[column]), f"{name}.{column}"


def test_sections_are_frames_indexed_by_what_a_row_is_of(every):
    path, _, document = every
    result = mcsens.open(path)
    outputs = result.outputs
    assert list(outputs.index) == list(document["outputs"])
    for name, o in document["outputs"].items():
        assert outputs.loc[name, "mean"] == o["mean"]
        assert outputs.loc[name, "sd"] == o["sd"]
        assert outputs.loc[name, "label"] == o["label"]
        assert outputs.loc[name, "median"] == result.quantiles.loc[(name, 0.5), "quantile"]
    claims = result.claims
    assert list(claims.index) == ["big"]
    big = document["claims"]["big"]
    assert (claims.loc["big", "probability"], claims.loc["big", "ci_low"], claims.loc["big", "ci_high"]) == (
        big["probability"], big["ci_low"], big["ci_high"])
    drivers = result.drivers("big")
    assert list(drivers.index) == [d["input"] for d in big["drivers"]]
    assert list(drivers["ks_d"]) == [d["ks_distance"] for d in big["drivers"]]

    sobol = result.sobol("y")
    assert list(sobol.columns) == ["S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
    assert list(sobol["S1"]) == document["sensitivity"]["sobol"]["y"]["S1"]
    assert list(sobol.index) == document["sensitivity"]["sobol"]["y"]["inputs"]
    second = result.sobol("y", second_order=True)
    assert second.index.names == ["input", "input_2"]
    assert "mu_star_high" in result.morris("y").columns
    assert list(result.regression("y").columns) == ["src", "prcc"]
    assert list(result.shapley("y").columns) == ["effect", "effect_low", "effect_high"]

    curves = result.curves
    assert curves.index.names == ["curve", "x"]
    assert len(curves.loc["scan"]) == 11
    assert {"q05", "median", "q95"} <= set(curves.columns)
    assert result.scenarios.index.names == ["scenario", "output"]
    assert set(result.scenarios.index.get_level_values("scenario")) == {"more_b", "fixed_a"}
    assert result.ranking.index.names == ["contender", "rival"]
    assert (result.ranking["ci_low"] <= result.ranking["probability"]).all()


def test_the_run_as_show_json_gives_it(every):
    path, _, document = every
    result = mcsens.open(path)
    assert result.config == EVERY_SECTION.read_text()
    assert (result.seed, result.samples, result.sampler) == (11, document["samples"], "mc")
    assert result.title == "every section"
    provenance = result.provenance
    assert provenance["git_commit"] == document["git_commit"]
    assert provenance["created_utc"] == document["created_utc"]
    assert provenance["format_version"] == 2
    assert result.to_json() == document
    parameters = result.parameters
    assert list(parameters.index) == ["a", "b", "c"]
    assert parameters.loc["c", "value"] == 3
    assert "every.h5" in repr(result)


def test_the_result_as_one_xarray_dataset(every):
    path, _, document = every
    dataset = mcsens.open(path).to_xarray()
    for name, o in document["outputs"].items():
        assert float(dataset["mean"].sel(scenario="baseline", output=name)) == o["mean"]
    more_b = document["scenarios"]["more_b"]["outputs"]["y"]
    assert float(dataset["delta_mean"].sel(scenario="more_b", output="y")) == more_b["delta_mean"]
    assert math.isnan(float(dataset["delta_mean"].sel(scenario="baseline", output="y")))  # no change from itself
    assert float(dataset["claim_probability"].sel(scenario="baseline", claim="big")) == \
        document["claims"]["big"]["probability"]
    s1 = dataset["S1"].sel(target="y")
    assert list(s1["input"].values) == document["sensitivity"]["sobol"]["y"]["inputs"]
    assert dataset.attrs["seed"] == 11
    assert float(dataset["quantile"].sel(scenario="baseline", output="y", probability=0.5)) == \
        mcsens.open(path).outputs.loc["y", "median"]


def test_a_table_of_a_field_the_package_has_no_table_for_is_read_as_show_csv_writes_it(every):
    """`show --csv` writes a field it has no column for as a table of its own (docs/cli.md): key columns, one per
    axis, then value. The package reads such a table by its columns, text or numbers, and makes it an xarray
    variable along its keys. No field of this version's files needs it, so the table is given as the library
    would give it."""
    path, _, _ = every
    result = mcsens.open(path)
    result._rows["outputs_trend"] = (
        ["scenario", "output", "year", "value"],
        [["baseline", "y", "2020", "1.5"], ["baseline", "y", "2021", "NaN"], ["baseline", "z", "2020", "-Inf"],
         ["baseline", "z", "2021", "2"]])
    result._rows["claims_method"] = (["scenario", "claim", "value"], [["baseline", "big", '"a, b"']])
    trend = result.table("outputs_trend")
    assert trend["year"].dtype == numpy.float64 and trend["value"].dtype == numpy.float64
    assert list(result.table("claims_method")["value"]) == ["a, b"]
    dataset = result.to_xarray()
    assert float(dataset["outputs_trend"].sel(scenario="baseline", output="y", year=2020)) == 1.5
    assert float(dataset["outputs_trend"].sel(scenario="baseline", output="z", year=2020)) == -math.inf
    assert str(dataset["claims_method"].sel(scenario="baseline", claim="big").values) == "a, b"


def test_errors_are_python_exceptions_with_the_programs_message(every, tmp_path):
    with pytest.raises(FileNotFoundError):
        mcsens.open(tmp_path / "missing.h5")
    with pytest.raises(mcsens.ConfigError) as folder:
        mcsens.open(tmp_path)
    assert "it is a folder, not a result file" in str(folder.value)
    assert folder.value.exit_code == 2
    text = tmp_path / "notes.h5"
    text.write_text("not HDF5\n")
    with pytest.raises(mcsens.Error) as not_hdf5:
        mcsens.open(text)
    shown = run_cli("show", text, check=False)
    assert shown.returncode == not_hdf5.value.exit_code
    assert not_hdf5.value.message in shown.stderr

    path, _, _ = every
    result = mcsens.open(path)
    with pytest.raises(KeyError, match="its claims: big"):
        result.drivers("small")
    with pytest.raises(KeyError, match="its targets"):
        result.sobol("w")

    config = tmp_path / "tiny.toml"
    config.write_text('[parameters]\na = { dist = "uniform", low = 0, high = 1 }\n[outputs]\ny = "a"\n')
    shards = [tmp_path / f"s{i}.h5" for i in (1, 2)]
    for i, shard in enumerate(shards, 1):
        run_cli("run", config, "-q", "-n", 1000, "--shard", f"{i}/2", "-o", shard)
    with pytest.raises(mcsens.ConfigError, match="is shard 1 of 2 of a run: a partial result"):
        mcsens.open(shards[0])


def test_labels_are_the_configs_text(paper):
    outputs = mcsens.open(paper[0]).outputs
    assert outputs.loc["rde_zj", "label"] == "effectiveness, Zhejiang"  # quoted in the CSV table, not here
    with pytest.raises(KeyError, match=r"no Shapley effects \(the config asks for them with \[sensitivity\] shapley"):
        mcsens.open(paper[0]).shapley("ratio")


def test_the_package_is_importable_from_any_folder(tmp_path):
    code = "import mcsens, pandas; print(mcsens.__version__, mcsens.open.__module__)"
    shown = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True, cwd=tmp_path,
                           check=True)
    assert shown.stdout.split()[0] == mcsens.__version__
