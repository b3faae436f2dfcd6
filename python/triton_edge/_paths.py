"""Where the triton-edge CLI, compiler library and runtime library are.

Looked up, in order: TRITON_EDGE_CLI / TRITON_EDGE_COMPILER_LIB /
TRITON_EDGE_RT (the files), TRITON_EDGE_HOME (a directory with
bin/triton-edge, lib/libtriton-edge-compiler.so and lib/libtriton_edge_rt.so,
or all side by side), the package's own _native/ (what the wheel ships:
scripts/build-wheel.sh), `triton-edge` on PATH (its ../lib or its own
directory for the runtime), and the build/ directory of the source tree this
package sits in.
"""
from __future__ import annotations

import os
import shutil

_HERE = os.path.dirname(os.path.abspath(__file__))
_NATIVE = os.path.join(_HERE, "_native")
_REPO_BUILD = os.path.normpath(os.path.join(_HERE, "..", "..", "build"))


def _candidates_home():
    home = os.environ.get("TRITON_EDGE_HOME")
    if home:
        yield os.path.join(home, "bin"), os.path.join(home, "lib")
        yield home, home
    yield os.path.join(_NATIVE, "bin"), os.path.join(_NATIVE, "lib")
    exe = shutil.which("triton-edge")
    if exe:
        d = os.path.dirname(os.path.realpath(exe))
        yield d, os.path.join(d, "..", "lib")
        yield d, d
    yield os.path.join(_REPO_BUILD, "bin"), os.path.join(_REPO_BUILD, "lib")


def cli() -> str:
    p = os.environ.get("TRITON_EDGE_CLI")
    if p:
        if not os.access(p, os.X_OK):
            raise FileNotFoundError(f"TRITON_EDGE_CLI={p} is not an executable")
        return p
    for bindir, _ in _candidates_home():
        c = os.path.join(bindir, "triton-edge")
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    raise FileNotFoundError("triton-edge CLI not found: set TRITON_EDGE_HOME (or TRITON_EDGE_CLI), "
                            "or put triton-edge on PATH")


def _library(env: str, name: str) -> str:
    """The library file `name`: $env if set, else the first lib/ directory of
    _candidates_home() that holds it."""
    p = os.environ.get(env)
    if p:
        if not os.path.isfile(p):
            raise FileNotFoundError(f"{env}={p} does not exist")
        return p
    for _, libdir in _candidates_home():
        c = os.path.join(libdir, name)
        if os.path.isfile(c):
            return os.path.abspath(c)
    raise FileNotFoundError(f"{name} not found: set TRITON_EDGE_HOME (or {env})")


def runtime_library() -> str:
    return _library("TRITON_EDGE_RT", "libtriton_edge_rt.so")


def compiler_library() -> str:
    """libtriton-edge-compiler.so, the compiler's C API (compile.py loads it)."""
    return _library("TRITON_EDGE_COMPILER_LIB", "libtriton-edge-compiler.so")


def fastlaunch_library():
    """_fastlaunch.abi3.so (the driver's launch fast path, fastlaunch.py), or
    None: it is optional. TRITON_EDGE_FASTLAUNCH names the file, or `off`."""
    p = os.environ.get("TRITON_EDGE_FASTLAUNCH")
    if p == "off":
        return None
    try:
        return _library("TRITON_EDGE_FASTLAUNCH", "_fastlaunch.abi3.so")
    except FileNotFoundError:
        return None


def cache_dir() -> str:
    """Where compiled kernels (and the runtime's calibrated cost model) are kept."""
    return os.environ.get("TRITON_EDGE_CACHE_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache", "triton-edge", "kernels")
