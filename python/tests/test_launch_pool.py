"""Where multi-context launches run under PyTorch (docs/python.md, "Threads"):
with torch imported, the runtime dispatches them onto torch's own OpenMP team
(its libgomp), the one ATen's parallel regions run on, instead of a second
pool of threads competing with it for the cores; TRITON_EDGE_POOL=own keeps
the runtime's pool. Results do not depend on the pool."""
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import compiled_case
import triton_edge

torch = pytest.importorskip("torch")

GELU = "gelu_erf__triton_poi_fused_gelu_0"  # unmasked: 256 programs x 256 elements
N = 65536
PACKAGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def torch_openmp_libraries():
    """The OpenMP runtimes torch's wheel ships (torch/lib, the wheel's
    torch.libs): empty when torch uses one from the system."""
    torch_dir = os.path.dirname(os.path.realpath(torch.__file__))
    found = []
    for d in (os.path.join(torch_dir, "lib"), torch_dir + ".libs"):
        if os.path.isdir(d):
            found += [os.path.realpath(os.path.join(d, f)) for f in os.listdir(d)
                      if f.startswith(("libgomp", "libomp", "libiomp5"))]
    return found


def test_torch_openmp_team_is_the_launch_pool():
    # The pytest session may have set it; the default is what is tested.
    triton_edge.set_launch_pool("auto")
    torch.set_num_threads(2)
    torch.mm(torch.randn(64, 64), torch.randn(64, 64))  # torch's team has run
    kind, library = triton_edge.launch_pool()
    assert kind == "openmp", (kind, library)
    ours = torch_openmp_libraries()
    if ours:
        assert os.path.realpath(library) in ours, (library, ours)
    else:
        assert "omp" in os.path.basename(library), library


def test_results_do_not_depend_on_the_pool():
    k, meta = compiled_case(GELU)
    x = np.linspace(-4, 4, N, dtype=np.float32)
    outs = {}
    try:
        for pool in ("own", "openmp", "auto"):
            triton_edge.set_launch_pool(pool)
            out = np.zeros(N, np.float32)
            assert k.launch(meta["grid"], [x, out, N], threads=3) == 3
            outs[pool] = out
        with pytest.raises(triton_edge.runtime.ArgumentError, match="'auto', 'own' or 'openmp'"):
            triton_edge.set_launch_pool("both")
    finally:
        triton_edge.set_launch_pool("auto")
    assert outs["own"].tobytes() == outs["openmp"].tobytes() == outs["auto"].tobytes()
    assert outs["own"].any()


def pool_in_new_process(env_value, import_torch=True):
    code = ("import torch\n" if import_torch else "") + (
        "import triton_edge\nprint(*triton_edge.launch_pool(), sep='|')\n")
    env = dict(os.environ, TRITON_EDGE_POOL=env_value)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE, env.get("PYTHONPATH")) if p)
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().split("|", 1)


def test_environment_chooses_the_pool():
    assert pool_in_new_process("own") == ["own", ""]
    kind, library = pool_in_new_process("openmp")
    assert kind == "openmp" and "omp" in os.path.basename(library), (kind, library)
    kind, why = pool_in_new_process("bogus")
    assert kind == "error" and "TRITON_EDGE_POOL='bogus': expected auto, own or openmp" in why
    kind, why = pool_in_new_process("openmp", import_torch=False)
    assert kind == "error" and "no OpenMP runtime" in why, (kind, why)
