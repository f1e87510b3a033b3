# SPDX-License-Identifier: MIT
"""Running a study from Python (issue 34, step 2): the engine in this process gives the file `mcsens run` writes,
to the bit, for the same config, samples, seed and sampler; a config may be a dict; errors are exceptions with
the program's positions; Ctrl-C stops a run cleanly.

Run by ctest (python_package) with Debian's python3-pytest:
MCSENS=path/to/mcsens PYTHONPATH=<build>/python /usr/bin/python3 -m pytest THIS.
"""
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time
import tomllib

import pytest

import mcsens
from mcsens_testing import run_cli, same_files

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EVERY_SECTION = HERE.parent / "integration" / "data" / "every_section.toml"


@pytest.mark.parametrize("sampler, only, threads", [
    ("mc", None, 1),
    ("sobol", "uncertainty,claims,curves,scenarios", 2),
    ("lhs", ["sobol", "morris", "shapley", "regression"], None),
])
def test_the_same_file_as_the_command_line(tmp_path, sampler, only, threads):
    cli, py = tmp_path / "cli.h5", tmp_path / "py.h5"
    flags = ["-q", "-n", 3000, "-s", 5, "--sampler", sampler, "-o", cli]
    if only:
        flags += ["--only", only if isinstance(only, str) else ",".join(only)]
    run_cli("run", EVERY_SECTION, *flags)
    result = mcsens.run(str(EVERY_SECTION), samples=3000, seed=5, sampler=sampler, only=only, threads=threads,
                        output=py)
    assert result.path == str(py)
    same_files(cli, py)


def test_a_dict_config_and_overrides_give_the_numbers_of_the_file(tmp_path):
    reference = mcsens.open(run_cli("run", EVERY_SECTION, "-q", "-n", 2000, "-s", 3, "-o", tmp_path / "r.h5") and
                            tmp_path / "r.h5")
    with open(EVERY_SECTION, "rb") as f:
        config = tomllib.load(f)
    from_dict = mcsens.run(config, samples="2e3", set={"run.seed": "3"})
    assert from_dict.path is None  # no output asked for: read whole, nothing kept
    assert from_dict.seed == 3 and from_dict.samples == 2000
    assert tomllib.loads(from_dict.config) == config  # the text written from the dict reads back as the dict
    for name, table in reference.tables.items():
        assert from_dict.table(name).equals(table), name


def test_check_describes_a_config_without_running_it():
    described = mcsens.check(str(EVERY_SECTION))
    assert [p["name"] for p in described["parameters"]] == ["a", "b", "c"]
    assert described["title"] == "every section"
    shown = run_cli("check", EVERY_SECTION, "--json")
    import json
    assert described == json.loads(shown.stdout)


def test_bad_input_is_a_config_error_with_the_programs_position_and_message(tmp_path):
    config = tmp_path / "model.toml"
    config.write_text('[parameters]\ngamma = { dist = "uniform", low = 0, high = 1 }\n[outputs]\ny = "gama * 2"\n')
    with pytest.raises(mcsens.ConfigError) as error:
        mcsens.run(str(config), samples=100)
    shown = run_cli("run", config, "-n", 100, "-o", tmp_path / "x.h5", check=False)
    assert shown.returncode == error.value.exit_code == 2
    assert (error.value.file, error.value.line, error.value.column) == (str(config), 4, 6)
    assert "unknown name 'gama' (did you mean 'gamma'?)" in error.value.message
    assert str(error.value) in shown.stderr  # the same text, source line and caret included
    with pytest.raises(mcsens.ConfigError, match="samples"):
        mcsens.run(str(EVERY_SECTION), samples="many")
    with pytest.raises(mcsens.ConfigError, match="threads must be between 1 and 4096"):
        mcsens.run(str(EVERY_SECTION), samples=100, threads=0)
    with pytest.raises(mcsens.ConfigError, match="sampler"):
        mcsens.run(str(EVERY_SECTION), samples=100, sampler="halton")
    with pytest.raises(mcsens.ConfigError) as in_dict:
        mcsens.run({"parameters": {"a": {"dist": "uniform", "low": 0, "high": 1}}, "outputs": {"y": "b"}})
    assert in_dict.value.file == "<dict>" and in_dict.value.line == 5
    existing = tmp_path / "existing.h5"
    existing.write_text("keep me")
    with pytest.raises(mcsens.ConfigError, match="exists; use --force"):
        mcsens.run(str(EVERY_SECTION), samples=100, output=existing)
    assert existing.read_text() == "keep me"


def test_the_engine_runs_without_the_gil():
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)
            time.sleep(0.001)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        mcsens.run(str(ROOT / "configs" / "benchmarks" / "ishigami.toml"), samples="2e5")
    finally:
        done.set()
        ticker.join()
    assert len(ticks) > 20  # the other thread ran all along (holding the GIL, the run would leave it one tick)


def test_ctrl_c_stops_a_run_with_keyboard_interrupt_and_no_result_file(tmp_path):
    output = tmp_path / "long.h5"
    code = ("import mcsens, sys\n"
            "print('started', flush=True)\n"
            f"mcsens.run({str(ROOT / 'configs' / 'paper.toml')!r}, samples='1e10', output={str(output)!r})\n")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=os.environ.copy())
    assert child.stdout.readline().strip() == "started"
    time.sleep(3)  # inside the engine: the model is built and drawing
    child.send_signal(signal.SIGINT)
    try:
        _, stderr = child.communicate(timeout=120)  # 1e10 draws take hours: only a stop ends it in time
    finally:
        child.kill()
    assert child.returncode == -signal.SIGINT, stderr  # what Python exits with on an unhandled KeyboardInterrupt
    assert stderr.rstrip().endswith("KeyboardInterrupt"), stderr
    assert not output.exists()
    assert (tmp_path / "long.h5.ckpt").exists()  # the finished work, for `mcsens run ... --resume`


def test_the_issues_own_example_from_another_folder(tmp_path):
    code = f"import mcsens; print(mcsens.run({str(ROOT / 'configs' / 'benchmarks' / 'ishigami.toml')!r}).sobol('y'))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    lines = shown.stdout.splitlines()
    assert lines[0].split() == ["S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
    assert [line.split()[0] for line in lines[2:]] == ["x1", "x2", "x3"]
    assert list(tmp_path.iterdir()) == []  # nothing written where it ran
