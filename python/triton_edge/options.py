"""Mechanism options: Triton compile options with environment defaults.

The options, their values and defaults come from the compiler's option table
(include/triton-edge/Target/Options.def) through `_options.json`, which the
build writes with `triton-edge options --json` (committed, so the package
works without a build). Names are the CLI's with `_` for `-`; `te_target`
is `--target` (Triton's metadata already has a `target`, the GPUTarget).
The environment variable of `name` is TRITON_EDGE_<NAME> (te_target:
TRITON_EDGE_TARGET). `extra_flags` (TRITON_EDGE_FLAGS) passes more
`triton-edge compile` flags. docs/python.md lists them.
"""
from __future__ import annotations

import json
import os

with open(os.path.join(os.path.dirname(__file__), "_options.json")) as _f:
    TABLE = [o for o in json.load(_f) if o["python"]]

BY_NAME = {o["python"]: o for o in TABLE}
# "" = unset (the compiler's default applies; not passed to it).
DEFAULTS = {**{o["python"]: o["python_default"] or "" for o in TABLE}, "extra_flags": ""}
CHOICES = {o["python"]: tuple(o["choices"]) for o in TABLE if o["kind"] in ("on-off", "enum")}
# Options the compiler consumes (`triton-edge compile` flags), by Python name.
COMPILE_OPTIONS = tuple(o["python"] for o in TABLE if "pipeline" in o["layers"])


def cli_name(name: str) -> str:
    """The CLI flag's name of a Python option name (`te_target` -> `target`)."""
    o = BY_NAME.get(name)
    return o["name"] if o else name.replace("_", "-")


def env_default(name: str) -> str:
    env = "TRITON_EDGE_" + (name[3:] if name.startswith("te_") else name).upper()
    return os.environ.get(env, DEFAULTS[name])


def _expected(o) -> str:
    if o["kind"] != "int":
        return "one of " + ", ".join(o["choices"])
    words = "".join(f"'{c}' or " for c in o["choices"])
    return f"{words}an integer from {o['min']} to {o['max']}"


def normalize(name: str, value) -> str:
    if isinstance(value, bool):
        value = "on" if value else "off"
    value = str(value)
    o = BY_NAME.get(name)
    if o is None or value == "" and not o["default"]:
        return value  # extra_flags, or an option left unset
    if o["kind"] == "on-off" and value in ("1", "true", "0", "false"):
        value = "on" if value in ("1", "true") else "off"
    ok = value in o["choices"] if o["kind"] in ("on-off", "enum") else True
    if o["kind"] == "int" and value not in o["choices"]:
        ok = value.isdigit() and o["min"] <= int(value) <= o["max"]
    if not ok:
        raise ValueError(f"triton-edge option {name}={value!r}: expected {_expected(o)}")
    return value
