"""Helpers shared by the Python tests of the `pushlane` module."""

import json
import pathlib
import time

REPO = pathlib.Path(__file__).resolve().parents[4]
SCENARIOS = REPO / "examples" / "scenarios"


def dumps(value):
    """Compact JSON, as the trace format writes it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # A JSON string is a valid TOML basic string.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list) and not any(isinstance(v, dict) for v in value):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def to_toml(table, prefix=""):
    """A TOML document for a table read with tomllib (scalars, sub-tables, arrays of tables):
    the scenario's [config] table as the plugin config text `Machine` takes."""
    lines = []
    nested = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            nested.append((f"[{name}]", value, name + "."))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                nested.append((f"[[{name}]]", item, name + "."))
        else:
            lines.append(f"{json.dumps(key)} = {toml_value(value)}")
    for header, sub, sub_prefix in nested:
        lines.append("")
        lines.append(header)
        lines.append(to_toml(sub, sub_prefix))
    return "\n".join(lines)


def wait_for(what, predicate, timeout=10.0):
    """Polls `predicate` until it is true; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.01)
