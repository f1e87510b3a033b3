# SPDX-License-Identifier: MIT
"""Python models (issue 34, step 3): mcsens.run(config, model=f) evaluates f(inputs) -> outputs block by block with
whole NumPy columns; the config's outputs and claims are expressions of the parameters and f's outputs. The same
numbers as the same model in the expression language (draw by draw within 1e-12 relative: NumPy's sin and the
engine's may differ in the last bit), the same bits for any thread count, and every way f can fail counted as
failed draws with a warning giving the first reason.

Run by ctest (python_package) with Debian's python3-pytest.
"""
import pathlib
import warnings

import h5py
import numpy
import pytest

import mcsens
from mcsens_testing import compare_files

HERE = pathlib.Path(__file__).resolve().parent

# Ishigami and Homma (1990), a = 7, b = 0.1, the model of configs/benchmarks/ishigami.toml.
PARAMETERS = {f"x{i}": {"dist": "uniform", "low": -numpy.pi, "high": numpy.pi} for i in (1, 2, 3)}
EXPRESSION = "sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"


def ishigami(x):
    return {"f": numpy.sin(x["x1"]) + 7 * numpy.sin(x["x2"]) ** 2 + 0.1 * x["x3"] ** 4 * numpy.sin(x["x1"])}


def config(outputs, **more):
    return {"title": "ishigami", "run": {"samples": 20000, "seed": 7}, "parameters": PARAMETERS,
            "outputs": outputs, "claims": [{"name": "high", "expr": "y > 8"}], **more}


def test_the_same_draws_as_the_expression_model(tmp_path):
    sensitivity = {"sobol": {"base_samples": 2048}, "morris": {"trajectories": 20}, "regression": True}
    python = mcsens.run(config({"y": "f"}, sensitivity=sensitivity), model=ishigami, keep_samples=20000,
                        output=tmp_path / "python.h5")
    expression = mcsens.run(config({"y": EXPRESSION}, sensitivity=sensitivity), keep_samples=20000,
                            output=tmp_path / "expression.h5")
    with h5py.File(tmp_path / "python.h5", "r") as a, h5py.File(tmp_path / "expression.h5", "r") as b:
        assert numpy.array_equal(a["/samples/inputs"][()], b["/samples/inputs"][()])  # the same draws in
        ya, yb = a["/samples/outputs"][()], b["/samples/outputs"][()]
    assert ya.shape == yb.shape and ya.shape[0] == 20000
    assert numpy.allclose(ya, yb, rtol=1e-12, atol=1e-12 * numpy.abs(yb).max())
    assert python.outputs.loc["y", "mean"] == pytest.approx(expression.outputs.loc["y", "mean"], rel=1e-12)
    assert python.claims.loc["high", "count"] == expression.claims.loc["high", "count"]
    for name in ("S1", "ST"):
        assert numpy.allclose(python.sobol("y")[name], expression.sobol("y")[name], rtol=1e-9, atol=1e-12)
    assert numpy.allclose(python.morris("y")["mu_star"], expression.morris("y")["mu_star"], rtol=1e-9)
    assert python.provenance["failed_draws"]["total"] == 0


def test_the_same_bits_on_any_thread_count(tmp_path):
    files = []
    for threads in (1, 2, 3):
        files.append(tmp_path / f"t{threads}.h5")
        mcsens.run(config({"y": "f"}), model=ishigami, threads=threads, output=files[-1])
    for other in files[1:]:
        shown = compare_files(files[0], other)
        assert shown.returncode == 0, shown.stdout


def run_failing(f, samples=4000):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = mcsens.run(config({"y": "f"}), model=f, samples=samples, only="uncertainty,claims")
    reasons = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    return result, reasons


def test_a_nan_fails_its_draw_and_an_exception_its_block():
    def nan_above(x):
        y = ishigami(x)["f"]
        y[y > 12] = numpy.nan
        return {"f": y}

    result, reasons = run_failing(nan_above)
    expected = mcsens.run(config({"y": EXPRESSION}), samples=4000, only="uncertainty,claims").outputs.loc["y"]
    failed = result.provenance["failed_draws"]
    assert failed["reported"] > 0 and failed["unwritten"] == 0
    assert result.outputs.loc["y", "nonfinite"] == failed["total"]
    assert result.outputs.loc["y", "count"] + failed["total"] == 4000
    assert result.outputs.loc["y", "max"] <= 12 < expected["max"]
    assert reasons and "the first time because its output 'f' is NaN" in reasons[0]

    def raising(x):
        if len(x["x1"]) > 1:
            raise ValueError("no convergence")
        return ishigami(x)  # the one-draw call that learns the outputs succeeds

    result, reasons = run_failing(raising)
    assert result.provenance["failed_draws"]["reported"] == 4000
    assert "it raised ValueError: no convergence" in reasons[0]


@pytest.mark.parametrize("returned, reason, kind", [
    (lambda x: {}, "its result has no output 'f'", "unwritten"),
    (lambda x: {"f": numpy.zeros(3)}, "its output 'f' is not a 1-D array of the block's", "reported"),
    (lambda x: [x["x1"]], "it returned a list, not a dict of arrays", "reported"),
])
def test_a_result_that_is_not_a_column_per_output_fails_the_block(returned, reason, kind):
    def model(x):
        return ishigami(x) if len(x["x1"]) == 1 else returned(x)

    result, reasons = run_failing(model)
    assert result.provenance["failed_draws"][kind] == 4000
    assert reason in reasons[0]


def test_a_function_that_cannot_be_the_model_is_refused_before_any_draw():
    with pytest.raises(mcsens.ConfigError, match="must return a dict of NumPy arrays, one per output"):
        mcsens.run(config({"y": "f"}), model=lambda x: x["x1"])
    with pytest.raises(mcsens.ConfigError, match="output 'x1' has the name of a parameter"):
        mcsens.run(config({"y": "x1"}), model=lambda x: {"x1": x["x1"]})
    with pytest.raises(mcsens.ConfigError, match="unknown name 'g'"):
        mcsens.run(config({"y": "g"}), model=ishigami)
    with pytest.raises(mcsens.ConfigError, match="output 'f' has the name of an output of the Python function"):
        mcsens.run(config({"f": "2 * f"}), model=ishigami)
    curve = [{"name": "scan", "x": "t", "grid": {"low": 0, "high": 1, "points": 5}, "y": "t * x1"}]
    with pytest.raises(mcsens.ConfigError, match="the Python function ishigami is the model"):
        mcsens.run(config({"y": "f"}, curves=curve), model=ishigami)
    with pytest.raises(TypeError, match="model must be a function"):
        mcsens.run(config({"y": "f"}), model=3)
    with pytest.raises(ZeroDivisionError):  # the function's own error, where it learns the outputs
        mcsens.run(config({"y": "f"}), model=lambda x: 1 / 0)


def test_the_borehole_example_gives_the_expression_models_numbers():
    """examples/python/borehole.py, as a user runs it, against configs/benchmarks/borehole.toml's own expression."""
    import subprocess
    import sys
    example = HERE.parent.parent / "examples" / "python" / "borehole.py"
    shown = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, check=True)
    assert shown.stdout.split()[:5] == ["mean", "sd", "q05", "median", "q95"]
    assert [line.split()[0] for line in shown.stdout.splitlines()[-8:]] == ["rw", "r", "Tu", "Hu", "Tl", "Hl", "L",
                                                                         "Kw"]
    import importlib.util
    spec = importlib.util.spec_from_file_location("borehole_example", example)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no failed draw
        python = mcsens.run(module.CONFIG, model=module.borehole, samples=20000, set={"outputs.flow": '"flow"'},
                            only="uncertainty")
    expression = mcsens.run(module.CONFIG, samples=20000, only="uncertainty")
    assert python.outputs.loc["flow", "mean"] == pytest.approx(expression.outputs.loc["flow", "mean"], rel=1e-12)
    assert python.outputs.loc["flow", "sd"] == pytest.approx(expression.outputs.loc["flow", "sd"], rel=1e-10)


def test_the_inputs_are_read_only_and_what_the_function_keeps_stays_as_it_was():
    kept = []

    def keeping(x):
        kept.append((x["x1"], x["x1"].copy()))
        return ishigami(x)

    mcsens.run(config({"y": "f"}), model=keeping, samples=5000, only="uncertainty")
    assert len(kept) > 3
    assert all(numpy.array_equal(array, copy) for array, copy in kept)  # never reused under the function
    assert not kept[-1][0].flags.writeable

    def writing(x):
        x["x1"][0] = 0.0
        return ishigami(x)

    result, reasons = run_failing(writing)
    assert result.provenance["failed_draws"]["reported"] == 4000
    assert "it raised ValueError: assignment destination is read-only" in reasons[0]
