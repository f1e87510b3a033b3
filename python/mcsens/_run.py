# SPDX-License-Identifier: MIT
"""Running a study from Python: the engine itself, in this process, with the same bits as `mcsens run`."""

import json
import os
import shutil
import tempfile

from . import _mcsens, _toml
from ._result import Result


def _config_arguments(config, set):
    """The compiled module's view of a config: a path, or a dict written as TOML text (named "<dict>", its relative
    file names resolving against the working folder), and the --set overrides as KEY=VALUE texts."""
    if isinstance(set, dict):
        overrides = [f"{k}={v}" for k, v in set.items()]
    elif isinstance(set, str):
        overrides = [set]
    else:
        overrides = list(set or [])
    if isinstance(config, dict):
        return "", _toml.dumps(config), "<dict>", os.getcwd(), overrides
    return os.fspath(config), None, "", "", overrides


def _count(n):
    return None if n is None else str(n)  # an int, or a text as -n takes it: "1e6", "10M", "2^20"


def run(config, *, samples=None, seed=None, threads=None, sampler=None, only=None, output=None, set=None,
        force=False, model=None, keep_samples=None):
    """Runs every analysis `config` asks for and returns its Result, as `mcsens run CONFIG` does (the same bits
    for the same config, samples, seed and sampler).

    config   a config file's path, or a dict in the config file's schema (docs/config-reference.md)
    samples  draws (-n): an int, or a text such as "1e6", "10M", "2^20"; default: the config's run.samples
    seed     the 64-bit seed (-s); default: the config's run.seed
    threads  worker threads (-t); default: all cores (OMP_NUM_THREADS honoured). The numbers do not depend on it.
    sampler  "mc", "sobol" or "lhs" (--sampler)
    only     the analyses to run, a list or a comma-separated text (--only): uncertainty, claims, curves,
             scenarios, sobol, morris, regression, shapley
    output   the result file to write (-o); default: none kept (a temporary file, read and removed)
    set      overrides of config keys (--set): a dict {key: value-as-TOML-text}, or a list of "KEY=VALUE"
    force    replace an existing output (--force)
    keep_samples  also store the first M draws, inputs and outputs, in the file's /samples (--keep-samples)
    model    a Python function as the model: f(inputs) -> outputs, both dicts of 1-D NumPy arrays (one per parameter,
             one per output), called with whole blocks of draws; the config's outputs and claims are expressions of
             the parameters and its outputs (docs/python.md, "Python models")

    The engine runs without the GIL. Ctrl-C (a notebook's interrupt) stops it after the blocks in flight and
    raises KeyboardInterrupt; no result file is written (with `output`, the finished work is saved in
    OUTPUT.ckpt, which `mcsens run CONFIG -o OUTPUT --resume` continues). Bad input raises mcsens.ConfigError
    (with file, line and column), a failure of the machine mcsens.RuntimeFailure.
    """
    path, text, name, folder, overrides = _config_arguments(config, set)
    if isinstance(only, str):
        only = [a.strip() for a in only.split(",") if a.strip()]
    keep = output is not None
    scratch = None
    if keep:
        output = os.fspath(output)
    else:
        scratch = tempfile.mkdtemp(prefix="mcsens-")
        output = os.path.join(scratch, "result.h5")
    try:
        if model is not None and not callable(model):
            raise TypeError(f"model must be a function of a dict of arrays, not {model!r}")
        _mcsens.run(path, text, name, folder, overrides, _count(samples), seed, sampler, list(only or []),
                    _count(keep_samples), threads, output, bool(force), model)
        result = Result(output)
        if not keep:
            result.path = None  # read whole; the temporary file is gone
        return result
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def check(config, *, set=None):
    """What mcsens understands of `config` without running it (`mcsens check --json`, docs/cli.md): its inputs,
    outputs, claims, curves, scenarios and analyses with the model runs each costs, as a dict."""
    path, text, name, folder, overrides = _config_arguments(config, set)
    return json.loads(_mcsens.check(path, text, name, folder, overrides))
