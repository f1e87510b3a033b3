# SPDX-License-Identifier: MIT
"""A config given as a dict, written as the TOML text mcsens reads (docs/config-reference.md): the dict's
top-level tables as [tables], lists of tables (claims, curves, scenarios) as [[arrays of tables]], everything
deeper as inline tables and arrays. Python's tomllib reads TOML but does not write it."""

import json
import math
import re

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key):
    if not isinstance(key, str):
        raise TypeError(f"config keys are strings, not {key!r}")
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _value(value, where):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(value)  # the shortest text that reads back to the same double
        return text if any(c in text for c in ".eE") else text + ".0"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string: JSON's escapes are TOML's
    if isinstance(value, dict):
        items = ", ".join(f"{_key(k)} = {_value(v, f'{where}.{k}')}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v, f"{where}[{i}]") for i, v in enumerate(value)) + "]"
    if hasattr(value, "item"):  # a NumPy scalar
        return _value(value.item(), where)
    raise TypeError(f"config value {where} = {value!r}: not a TOML value (bool, int, float, str, list or dict)")


def _is_array_of_tables(value):
    return isinstance(value, (list, tuple)) and len(value) > 0 and all(isinstance(v, dict) for v in value)


def dumps(config):
    """The TOML text of `config`, a dict in the schema of a config file."""
    if not isinstance(config, dict):
        raise TypeError("a config is a path or a dict")
    lines = []
    for key, value in config.items():  # top-level values first: TOML puts them before any [table]
        if not isinstance(value, dict) and not _is_array_of_tables(value):
            lines.append(f"{_key(key)} = {_value(value, key)}")
    for key, value in config.items():
        if isinstance(value, dict):
            lines.append(f"\n[{_key(key)}]")
            lines += [f"{_key(k)} = {_value(v, f'{key}.{k}')}" for k, v in value.items()]
        elif _is_array_of_tables(value):
            for i, table in enumerate(value):
                lines.append(f"\n[[{_key(key)}]]")
                lines += [f"{_key(k)} = {_value(v, f'{key}[{i}].{k}')}" for k, v in table.items()]
    return "\n".join(lines).lstrip("\n") + "\n"
