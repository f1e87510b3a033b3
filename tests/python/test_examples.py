# SPDX-License-Identifier: MIT
"""The examples of docs/python.md run as a user runs them (issue 34, step 4): examples/python/paper.py runs the
paper's model, prints the claims and a claim's drivers, plots a curve from a DataFrame and selects from xarray;
its numbers are those of the same run made here.

Run by ctest (python_package) with Debian's python3-pytest.
"""
import pathlib
import subprocess
import sys

import mcsens

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"


def test_the_paper_example(tmp_path):
    figure = tmp_path / "curve.png"
    shown = subprocess.run([sys.executable, str(EXAMPLES / "paper.py"), "20000", str(figure)], capture_output=True,
                           text=True, check=True, cwd=tmp_path)
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = mcsens.run(EXAMPLES.parents[1] / "configs" / "paper.toml", samples=20000,
                        only="uncertainty,claims,curves")
    claims = result.claims[["probability", "ci_low", "ci_high", "verdict"]].to_string()
    assert shown.stdout.startswith(claims + "\n")
    drivers = result.drivers("friction_gap")[["ks_d", "p_value"]].head(3).to_string()
    assert drivers in shown.stdout
    ratio = result.outputs.loc["ratio", ["q05", "median", "q95"]]
    assert shown.stdout.rstrip().endswith("ratio q05, median, q95: " + " ".join(f"{v:.4g}" for v in ratio))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["curve.png"]  # nothing else written where it ran


def test_the_config_that_names_a_python_model_runs_from_the_command_line(tmp_path):
    """examples/python/ishigami.toml ([model] kind = "python") from `mcsens run`, against the expression model of
    configs/benchmarks/ishigami.toml: the same draws, so the same indices within NumPy's last bits of sin."""
    import os
    mcsens_program = os.environ["MCSENS"]
    subprocess.run([mcsens_program, "run", str(EXAMPLES / "ishigami.toml"), "-n", "20000", "--only", "sobol", "-o",
                    str(tmp_path / "python.h5"), "--quiet"], check=True)
    python = mcsens.open(tmp_path / "python.h5").sobol("y")
    expression = mcsens.run(EXAMPLES.parents[1] / "configs" / "benchmarks" / "ishigami.toml", samples=20000,
                            only="sobol").sobol("y")
    for column in ("S1", "ST", "S1_low", "ST_high"):
        assert abs(python[column] - expression[column]).max() < 1e-9, column
