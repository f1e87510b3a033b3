# SPDX-License-Identifier: MIT
"""mcsens from Python: the engine itself, running a study in this process with the same bits as `mcsens run`, and
its reader of result files, with every section as a pandas DataFrame and the whole result as an xarray Dataset.

    import mcsens
    result = mcsens.run("configs/benchmarks/ishigami.toml", samples="1e6")
    result = mcsens.open("results/paper.h5")
    result.outputs            # one row per output (and scenario), its moments
    result.claims             # each claim's probability with its interval
    result.sobol("y")         # first and total indices with their intervals

docs/python.md is the guide; the tables are those of `mcsens show --csv` (docs/cli.md).
"""

from ._errors import ConfigError, Error, RuntimeFailure
from ._mcsens import git_commit as _git_commit
from ._mcsens import result_format_version
from ._mcsens import version as __version__
from ._result import Result, open
from ._run import check, run

__all__ = ["run", "check", "open", "Result", "Error", "ConfigError", "RuntimeFailure", "__version__",
           "result_format_version"]
git_commit = _git_commit
