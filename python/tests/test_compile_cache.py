"""The persistent compile cache (triton_edge.compile.compile_ttir): keyed by
the TTIR, the flags (target included) and the compiler's content hash,
written through a temporary name. Needs the CLI (TRITON_EDGE_HOME or build/),
not Triton."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from triton_edge import compile as te_compile  # noqa: E402

CASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "corpus",
                    "inductor", "add_1d__triton_poi_fused_add_0", "kernel.ttir")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TRITON_EDGE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TRITON_EDGE_COMPILE_CACHE", raising=False)
    return tmp_path


def ttir():
    with open(CASE) as f:
        return f.read()


def compiled_files(d):
    sub = d / "compiled"
    return sorted(p.name for p in sub.iterdir()) if sub.exists() else []


def test_second_compile_comes_from_the_cache(cache_dir, monkeypatch):
    first = te_compile.compile_ttir(ttir(), {"vec": "on"})
    assert len(compiled_files(cache_dir)) == 1
    assert not [n for n in compiled_files(cache_dir) if n.endswith(".tmp")]

    def refuse(*a, **k):
        raise AssertionError("compiled again although cached")
    monkeypatch.setattr(te_compile, "_compile_ttir_uncached", refuse)
    assert te_compile.compile_ttir(ttir(), {"vec": "on"}) == first


def test_other_flags_or_ttir_compile_anew(cache_dir):
    te_compile.compile_ttir(ttir(), {"vec": "on"})
    te_compile.compile_ttir(ttir(), {"vec": "off"})
    te_compile.compile_ttir(ttir() + "\n// another module text\n", {"vec": "on"})
    assert len(compiled_files(cache_dir)) == 3


def test_cache_can_be_turned_off(cache_dir, monkeypatch):
    monkeypatch.setenv("TRITON_EDGE_COMPILE_CACHE", "0")
    te_compile.compile_ttir(ttir(), {"vec": "on"})
    assert compiled_files(cache_dir) == []


def test_a_failed_compile_is_not_cached(cache_dir):
    with pytest.raises(te_compile.CompilationError):
        te_compile.compile_ttir("module { tt.func public @k() { tt.bogus } }", {})
    assert compiled_files(cache_dir) == []
