"""Shared helpers of the pytest suite: compiled corpus kernels (the CLI and
runtime from TRITON_EDGE_HOME or the source tree's build/), temp caches."""
import json
import os
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
CORPUS = os.path.join(HERE, "..", "..", "test", "corpus", "inductor")

# Kernel and Triton caches of this test session, never the user's.
_TMP = tempfile.mkdtemp(prefix="te-pytest-")
os.environ.setdefault("TRITON_EDGE_CACHE_DIR", os.path.join(_TMP, "kernels"))
os.environ.setdefault("TRITON_CACHE_DIR", os.path.join(_TMP, "triton"))


def load_case(name):
    d = os.path.join(CORPUS, name)
    with open(os.path.join(d, "kernel.json")) as f:
        meta = json.load(f)
    with open(os.path.join(d, "kernel.ttir")) as f:
        ttir = f.read()
    return d, meta, ttir


_COMPILED = {}


def compiled_case(name, with_ttir=True, **opts):
    """(rt.Kernel, kernel.json) of a corpus case, compiled once per session."""
    from triton_edge import runtime as rt
    from triton_edge.compile import KernelCache, compile_ttir, kernel_name
    key = (name, with_ttir, tuple(sorted(opts.items())))
    if key not in _COMPILED:
        _, meta, ttir = load_case(name)
        try:
            data = compile_ttir(ttir, opts)
        except (OSError, FileNotFoundError) as e:
            pytest.skip(f"no triton-edge compiler/runtime: {e}")
        path = KernelCache().path_for(data)
        _COMPILED[key] = (rt.Kernel(path, kernel_name(ttir), ttir=ttir if with_ttir else None), meta)
    return _COMPILED[key]
