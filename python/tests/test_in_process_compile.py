"""In-process compilation: libtriton-edge-compiler.so (the compiler's C API)
through ctypes, against the CLI fallback (TRITON_EDGE_IN_PROCESS=0): located
errors, threads compiling at once, the same libraries' behaviour. Needs the
build (TRITON_EDGE_HOME or build/) and numpy, not Triton."""
import concurrent.futures
import json
import os
import sys
import threading
import time

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from triton_edge import compile as te_compile  # noqa: E402
from triton_edge import runtime as rt  # noqa: E402
from triton_edge.compile import CompilationError, KernelCache, compile_ttir, kernel_name  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "corpus",
                      "inductor")
# Eight different kernels: pointwise ones and reductions.
KERNELS = [
    "add_1d__triton_poi_fused_add_0",
    "gelu_erf__triton_poi_fused_gelu_0",
    "leaky_where__triton_poi_fused_gt_mul_where_0",
    "layer_norm__triton_per_fused_native_layer_norm_0",
    "softmax_small__triton_per_fused__softmax_exp_prepare_softmax_online_sub_0",
    "add2d_dyn__triton_poi_fused_add_0",
    "sum_rows__triton_per_fused_sum_0",
    "rms_norm__triton_per_fused_add_mean_mul_pow_rsqrt_0",
]
# An op the compiler rejects (a store through a pointer made from an integer
# that derives from no argument), at a location in the kernel's Python source.
REJECTED = """module {
  tt.func public @k(%arg0: i64 loc("/src/model.py":10:0)) {
    %0 = tt.int_to_ptr %arg0 : i64 -> !tt.ptr<f32> loc("/src/model.py":12:7)
    %1 = arith.constant 1.0 : f32 loc("/src/model.py":12:20)
    tt.store %0, %1 : !tt.ptr<f32> loc("/src/model.py":12:14)
    tt.return loc("/src/model.py":13:4)
  } loc("/src/model.py":10:0)
} loc("/src/model.py":0:0)
"""
BAD_SYNTAX = "module {\n  tt.func public @k() {\n    tt.bogus\n  }\n}\n"


@pytest.fixture(autouse=True)
def uncached(monkeypatch, tmp_path):
    monkeypatch.setenv("TRITON_EDGE_COMPILE_CACHE", "0")
    monkeypatch.setenv("TRITON_EDGE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TRITON_EDGE_IN_PROCESS", raising=False)


@pytest.fixture(params=["in-process", "cli"])
def route(request, monkeypatch):
    if request.param == "cli":
        monkeypatch.setenv("TRITON_EDGE_IN_PROCESS", "0")
    assert te_compile.compile_route()[0] == request.param
    return request.param


def ttir_of(name):
    with open(os.path.join(CORPUS, name, "kernel.ttir")) as f:
        return f.read()


def run(name, data):
    """Runs corpus case `name` with the library `data`; returns its outputs."""
    d = os.path.join(CORPUS, name)
    with open(os.path.join(d, "kernel.json")) as f:
        meta = json.load(f)
    kernel = rt.Kernel(KernelCache().path_for(data), kernel_name(ttir_of(name)))
    values, outs = [], {}
    for i, a in enumerate(meta["args"]):
        if "scalar" in a:
            values.append(a["scalar"])
        else:
            values.append(np.load(os.path.join(d, f"in{i}.npy")).copy())
            outs[i] = np.load(os.path.join(d, f"out{i}.npy"))
    kernel.launch(meta["grid"], values, threads=1)
    return {i: values[i] for i in outs}, outs


def test_the_library_is_used_by_default():
    kind, where = te_compile.compile_route()
    assert kind == "in-process", where
    assert where.endswith("libtriton-edge-compiler.so")


def test_the_backend_hash_does_not_load_the_compiler():
    # Triton asks for the backend's hash on every start; a warm start compiles
    # nothing, so naming the compiler must not load it (~0.1 s of relocations).
    import subprocess
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from triton_edge import compile as c; "
            "s = c.compiler_stamp(); print(s, len(c._LOADED)); c.compile_route(); print(len(c._LOADED))")
    r = subprocess.run([sys.executable, "-c", code, os.path.join(os.path.dirname(__file__), "..")],
                       capture_output=True, text=True, check=True)
    stamp_line, loaded_after = r.stdout.split("\n")[:2]
    assert stamp_line.startswith("libtriton-edge-compiler.so-") and stamp_line.endswith(" 0"), r.stdout
    assert loaded_after == "1", r.stdout  # the route check does load it: the test sees both


def test_rejected_op_raises_at_its_source_location(route):
    with pytest.raises(CompilationError) as e:
        compile_ttir(REJECTED, {})
    assert e.value.message.startswith(
        "/src/model.py:12:7: error: 'tt.int_to_ptr' is not supported"), e.value.message


def test_both_routes_give_the_same_errors(monkeypatch, tmp_path):
    cases = [(REJECTED, {}, None), (ttir_of(KERNELS[0]), {"dma": "bogus"}, None),
             (ttir_of(KERNELS[0]), {"target": "nosuch"}, None),
             (BAD_SYNTAX, {}, str(tmp_path))]  # a parse error names the file
    messages = {}
    for kind in ("1", "0"):
        monkeypatch.setenv("TRITON_EDGE_IN_PROCESS", kind)
        for i, (ttir, opts, workdir) in enumerate(cases):
            with pytest.raises(CompilationError) as e:
                compile_ttir(ttir, opts, workdir)
            messages.setdefault(i, []).append((e.value.message, e.value.ttir_path))
    for i, (inproc, cli) in messages.items():
        assert inproc == cli, (i, inproc, cli)
    assert messages[1][0][0] == "--dma takes sync, async or prefetch, got 'bogus'"
    assert messages[3][0][0].startswith(f"{tmp_path}/kernel.ttir:3:5: error: custom op 'tt.bogus'")
    assert messages[3][0][1] == f"{tmp_path}/kernel.ttir"


def test_eight_threads_compile_different_kernels():
    alone = {name: compile_ttir(ttir_of(name)) for name in KERNELS}
    start = threading.Barrier(len(KERNELS))

    def compile_at_once(name):
        start.wait()
        return compile_ttir(ttir_of(name))
    with concurrent.futures.ThreadPoolExecutor(len(KERNELS)) as pool:
        together = dict(zip(KERNELS, pool.map(compile_at_once, KERNELS)))
    assert len(set(alone.values())) == len(KERNELS)  # eight different libraries
    for name in KERNELS:
        assert together[name] == alone[name], name
        got, expected = run(name, together[name])
        for i in expected:
            np.testing.assert_allclose(got[i], expected[i], rtol=1e-4, atol=1e-4, err_msg=name)


def test_in_process_libraries_behave_as_the_cli_ones(monkeypatch):
    for name in KERNELS[:4]:
        monkeypatch.setenv("TRITON_EDGE_IN_PROCESS", "1")
        inproc, _ = run(name, compile_ttir(ttir_of(name), {"vec": "on"}))
        monkeypatch.setenv("TRITON_EDGE_IN_PROCESS", "0")
        cli, _ = run(name, compile_ttir(ttir_of(name), {"vec": "on"}))
        for i in inproc:
            assert np.array_equal(inproc[i], cli[i], equal_nan=True), (name, i)


def test_a_compile_releases_the_gil():
    """Python keeps running while another thread compiles (ctypes.CDLL drops
    the GIL for the call): what lets threads compile in parallel."""
    ttir = ttir_of("layer_norm__triton_per_fused_native_layer_norm_0")
    done = threading.Event()
    worker = threading.Thread(target=lambda: (compile_ttir(ttir), done.set()))
    steps = 0
    worker.start()
    time.sleep(0.01)  # the worker is inside the call
    while not done.is_set():
        steps += 1
    worker.join()
    # Holding the GIL for the call would leave this thread a handful of
    # switch intervals at most; it runs the whole compile instead.
    assert steps > 100_000, steps


@pytest.mark.parametrize("name,target,db,expected", [
    # DB pays on the modeled NPU: its 1024-lane tiles' transfers hide behind compute.
    ("gelu_erf__triton_poi_fused_gelu_0", "hexagon-v73", None, 1),
    ("gelu_erf__triton_poi_fused_gelu_0", "hexagon-v73", "auto", 1),
    # A program of 4 elements in, 1 out: two transfers' setup cost more than direct access.
    ("gelu_backward__triton_per_fused_gelu_sum_1", "hexagon-v73", "auto", 0),
    # CPU targets: auto is off.
    ("gelu_erf__triton_poi_fused_gelu_0", "x86-64-v3", "auto", 0),
    ("gelu_erf__triton_poi_fused_gelu_0", "hexagon-v73", "off", 0),
])
def test_db_auto_is_decided_by_the_compiler(route, name, target, db, expected):
    """--db=auto (Python's default too) reaches the pipeline's static DB
    choice (triton-edge-choose-double-buffering) through both routes."""
    opts = {"target": target} if db is None else {"target": target, "db": db}
    data = compile_ttir(ttir_of(name), opts)
    kernel = rt.Kernel(KernelCache().path_for(data), kernel_name(ttir_of(name)))
    assert kernel.double_buffered == expected, (name, target, db)
