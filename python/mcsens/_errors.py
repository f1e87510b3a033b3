# SPDX-License-Identifier: MIT
"""The exceptions of mcsens: the command line's exit codes 2 and 3, as Python exceptions."""


class Error(Exception):
    """An error of mcsens. ``str(error)`` is what the command line prints (with the source line and a caret
    when there is a position); ``message`` is the message alone."""

    def __init__(self, text, message=None, file=None, line=None, column=None, exit_code=None):
        super().__init__(text)
        self.message = text if message is None else message
        self.file = file  # the config (or other file) the error is in, when known
        self.line = line  # 1-based, when known
        self.column = column  # 1-based, when known
        self.exit_code = exit_code  # what `mcsens` exits with for the same error


class ConfigError(Error, ValueError):
    """Bad input: a config, an expression, an argument or a file given to mcsens (the command line's exit 2)."""


class RuntimeFailure(Error, RuntimeError):
    """The machine failed the run: I/O, a full disk, a corrupt file or state (the command line's exit 3)."""
