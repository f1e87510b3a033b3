# SPDX-License-Identifier: MIT
"""A config that names its own Python model (issue 34, step 3): [model] kind = "python", module = "file.py"
(relative to the config), function = "f". From the package, mcsens.run(config) imports the file and gives the
bits of mcsens.run(config without [model], model=f); every way the file or the function cannot be the model is a
mcsens.ConfigError at its key, before any draw. From the command line (an embedded interpreter), `mcsens run`
writes the package's file to the bit, refuses the same way (exit 2), warns of failed draws, prints what the
function prints, and stops cleanly on Ctrl-C.

Run by ctest (python_package) with Debian's python3-pytest.
"""
import importlib.util
import signal
import subprocess
import time

import pytest

import mcsens
from mcsens_testing import MCSENS, compare_files, run_cli, same_files


# Ishigami and Homma (1990), a = 7, b = 0.1, the model of configs/benchmarks/ishigami.toml, as a NumPy function.
MODULE = '''import numpy


def ishigami(x):
    return {"f": numpy.sin(x["x1"]) + 7 * numpy.sin(x["x2"]) ** 2 + 0.1 * x["x3"] ** 4 * numpy.sin(x["x1"])}


not_a_function = 3
'''

STUDY = '''title = "ishigami"
[run]
samples = 20000
seed = 7
[parameters]
x1 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
x2 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
x3 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
[outputs]
y = "f"
[[claims]]
name = "high"
expr = "y > 8"
[sensitivity]
sobol = { base_samples = 1024 }
'''


def model_table(module="model.py", function="ishigami"):
    return f'[model]\nkind = "python"\nmodule = "{module}"\nfunction = "{function}"\n'


# The lines of the [model] table's keys module and function (after the study).
MODULE_LINE, FUNCTION_LINE = STUDY.count("\n") + 3, STUDY.count("\n") + 4


def write_study(folder, model=None, module_text=MODULE):
    """The config (named study.toml in `folder`) with the [model] table `model` last, and model.py beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.py").write_text(module_text)
    (folder / "study.toml").write_text(STUDY + (model or ""))
    return folder / "study.toml"


def imported(path):
    spec = importlib.util.spec_from_file_location("model_for_the_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_config_naming_its_function_gives_the_bits_of_the_function_given_as_model(tmp_path):
    named = write_study(tmp_path / "named", model_table())
    given = write_study(tmp_path / "given")
    mcsens.run(named, output=tmp_path / "named.h5")
    mcsens.run(given, model=imported(tmp_path / "given" / "model.py").ishigami, output=tmp_path / "given.h5")
    shown = compare_files(tmp_path / "named.h5", tmp_path / "given.h5")
    # Every dataset and attribute is the same but the config's text (with the [model] table in one only) and path,
    # and the state a resumed run would start from, which holds the config's text.
    differ = {line.strip() for line in shown.stdout.splitlines()[1:] if "/resume/" not in line}
    assert differ == {"root attribute config differs", "root attribute config_name differs"}, shown.stdout


def test_the_module_imports_the_files_beside_it(tmp_path):
    folder = tmp_path / "beside"
    study = write_study(folder, model_table(), module_text="from helper import ishigami\n")
    (folder / "helper.py").write_text(MODULE)
    result = mcsens.run(study, samples=2000, output=tmp_path / "beside.h5")
    # The mean of Ishigami's function is a / 2 = 3.5 (sd 3.7: 6 standard errors at 2000 draws is 0.5).
    assert abs(result.outputs.loc["y", "mean"] - 3.5) < 0.5


@pytest.mark.parametrize("model, module_text, message, line, column", [
    (model_table(module="missing.py"), MODULE, "model.module: no such file: ", MODULE_LINE, 10),
    (model_table(), "1 / 0\n", "model.module: running .* raised ZeroDivisionError: division by zero", MODULE_LINE,
     10),
    (model_table(function="ishigam"), MODULE,
     r"model.function: .*model.py defines no 'ishigam' \(did you mean 'ishigami'\?\) \(its functions: ishigami\)",
     FUNCTION_LINE, 12),
    (model_table(function="not_a_function"), MODULE,
     "model.function: 'not_a_function' of .*model.py is a int, not a function", FUNCTION_LINE, 12),
    (model_table(), "def ishigami(x):\n    return x['nope']\n",
     "model.function: the Python function ishigami raised KeyError: 'nope' for the parameters' medians",
     FUNCTION_LINE, 12),
    (model_table(), "def ishigami(x):\n    return 1.0\n",
     "the Python function ishigami must return a dict of NumPy arrays, one per output", FUNCTION_LINE, 12),
], ids=["missing_file", "file_raises", "unknown_function", "not_a_function", "function_raises", "not_a_dict"])
def test_a_file_or_function_that_cannot_be_the_model_is_refused_at_its_key(tmp_path, model, module_text, message,
                                                                          line, column):
    study = write_study(tmp_path, model, module_text)
    with pytest.raises(mcsens.ConfigError, match=message) as refused:
        mcsens.run(study, output=tmp_path / "never.h5")
    assert (refused.value.file, refused.value.line, refused.value.column) == (str(study), line, column)
    assert not (tmp_path / "never.h5").exists()
    with pytest.raises(mcsens.ConfigError, match=message):
        mcsens.check(study)


def test_a_function_given_for_a_config_that_names_its_own_is_refused(tmp_path):
    study = write_study(tmp_path, model_table())
    with pytest.raises(mcsens.ConfigError, match=r"\[model\] names the config's own model \(kind = \"python\"\)"):
        mcsens.run(study, model=imported(tmp_path / "model.py").ishigami, output=tmp_path / "never.h5")


def test_the_draws_a_named_function_fails_are_counted_with_the_first_reason(tmp_path):
    failing = MODULE.replace("return {", "return {\"f\": numpy.where(x[\"x1\"] > 0, numpy.nan, 1.0)} or {")
    study = write_study(tmp_path, model_table(), module_text=failing)
    with pytest.warns(RuntimeWarning, match="the Python function ishigami failed on some draws .* because its output "
                                            "'f' is NaN"):
        result = mcsens.run(study, samples=4000, only="uncertainty", output=tmp_path / "failing.h5")
    # Half the draws have x1 > 0: 4000 / 2 within 5 standard errors (sqrt(4000 / 4) = 32).
    assert abs(result.provenance["failed_draws"]["reported"] - 2000) < 160


def test_the_command_line_writes_the_packages_file(tmp_path):
    study = write_study(tmp_path, model_table())
    cli = run_cli("run", study, "-o", tmp_path / "cli.h5", "--quiet", check=False)
    assert cli.returncode == 0, cli.stderr
    mcsens.run(study, output=tmp_path / "py.h5")
    same_files(tmp_path / "cli.h5", tmp_path / "py.h5")


def test_the_command_line_refuses_a_function_it_cannot_use_at_its_key(tmp_path):
    study = write_study(tmp_path, model_table(function="ishigam"))
    for command in (["run", study, "-o", tmp_path / "never.h5"], ["check", study]):
        refused = run_cli(*command, check=False)
        assert refused.returncode == 2, refused.stderr
        assert refused.stderr.splitlines()[0] == (
            f"mcsens: error: {study}:{FUNCTION_LINE}:12: model.function: {tmp_path / 'model.py'} defines no "
            "'ishigam' (did you mean 'ishigami'?) (its functions: ishigami)")
    assert not (tmp_path / "never.h5").exists()


def test_the_command_line_warns_of_failed_draws_and_shows_what_the_function_prints(tmp_path):
    failing = "print('the model is loaded')\n" + MODULE.replace(
        "return {", "return {\"f\": numpy.where(x[\"x1\"] > 0, numpy.nan, 1.0)} or {")
    study = write_study(tmp_path, model_table(), module_text=failing)
    ran = run_cli("run", study, "-n", 4000, "--only", "uncertainty", "-o", tmp_path / "failing.h5", "--quiet",
                  check=False)
    assert ran.returncode == 0, ran.stderr
    assert "mcsens: warning: the Python function ishigami failed on some draws (the result's failed_draws counts " \
           "them); the first time because its output 'f' is NaN" in ran.stderr
    assert "the model is loaded" in ran.stdout  # flushed when the interpreter ends


def test_ctrl_c_stops_a_command_line_run_of_a_python_model_cleanly(tmp_path):
    slow = "import time\n" + MODULE.replace("def ishigami(x):\n", "def ishigami(x):\n    time.sleep(0.02)\n")
    study = write_study(tmp_path, model_table(), module_text=slow)
    run = subprocess.Popen([MCSENS, "run", str(study), "-n", "10000000", "--only", "uncertainty", "-o",
                            str(tmp_path / "never.h5"), "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    time.sleep(2)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert "mcsens: interrupted; no result file was written" in stderr
    assert not (tmp_path / "never.h5").exists()
