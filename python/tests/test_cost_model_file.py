"""The runtime's calibrated cost model is kept in the cache directory
(docs/runtime.md, "The cost model's file"): the first auto launch of a
process measures the machine and writes the file; a later process reads it
instead of measuring again; a damaged file is measured and written again.
Each step runs in a new process (the model is made once per process)."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = os.path.join(HERE, "..", "..", "test", "corpus", "inductor", "add_1d__triton_poi_fused_add_0")
AUTO_LAUNCH = f"""
import json, os, sys
import numpy as np
sys.path.insert(0, {os.path.join(HERE, '..')!r})
from triton_edge import runtime as rt
from triton_edge.compile import KernelCache, compile_ttir, kernel_name
ttir = open(os.path.join({CASE!r}, "kernel.ttir")).read()
meta = json.load(open(os.path.join({CASE!r}, "kernel.json")))
values = [a["scalar"] if "scalar" in a else np.load(os.path.join({CASE!r}, f"in{{i}}.npy"))
          for i, a in enumerate(meta["args"])]
k = rt.Kernel(KernelCache().path_for(compile_ttir(ttir, {{}})), kernel_name(ttir))
k.launch(meta["grid"], values, threads=0)  # auto: needs the cost model
"""


def auto_launch(cache):
    env = dict(os.environ, TRITON_EDGE_CACHE_DIR=str(cache), TRITON_EDGE_AUTO="measured")
    subprocess.run([sys.executable, "-c", AUTO_LAUNCH], env=env, check=True, timeout=300)
    return sorted(p for p in os.listdir(cache) if p.startswith("cost-model-"))


def test_measured_once_then_read(tmp_path):
    files = auto_launch(tmp_path)
    assert len(files) == 1 and files[0].endswith(".txt"), files
    path = tmp_path / files[0]
    lines = path.read_text().splitlines()
    assert lines[0] == "triton-edge cost model 1" and lines[1].startswith("key cpu="), lines[:2]
    # Values no calibration would measure: if the next process measured
    # again, it would write its own over them.
    marked = [("ops_per_ns 1234.5" if l.startswith("ops_per_ns ") else
               "overhead_ns 3 0 1 2" if l.startswith("overhead_ns ") else l) for l in lines]
    path.write_text("\n".join(marked) + "\n")
    assert auto_launch(tmp_path) == files
    assert path.read_text().splitlines() == marked, "the saved model was not read"


def test_a_damaged_file_is_measured_again(tmp_path):
    files = auto_launch(tmp_path)
    path = tmp_path / files[0]
    good = path.read_text()
    path.write_text(good[: len(good) // 2])
    assert auto_launch(tmp_path) == files
    again = path.read_text().splitlines()
    assert len(again) == len(good.splitlines()) and again[:2] == good.splitlines()[:2]


@pytest.mark.skipif(os.cpu_count() < 2, reason="staleness is judged on a 2-context dispatch")
def test_a_model_measured_on_a_loaded_machine_is_measured_again(tmp_path):
    files = auto_launch(tmp_path)
    path = tmp_path / files[0]
    lines = path.read_text().splitlines()
    slow = [("overhead_ns 3 0 1 900000000" if l.startswith("overhead_ns ") else l) for l in lines]
    path.write_text("\n".join(slow) + "\n")
    auto_launch(tmp_path)
    assert path.read_text().splitlines() != slow, "a 0.9 s dispatch was believed"
