"""Concurrent use as PyTorch does it: several Python threads launching kernels
at once through one runtime and one thread pool, and several processes
compiling the same kernel into shared kernel caches at once.

TE_STRESS_LAUNCHES sets the launches per thread (default 500, so CI stays
short; the long mode is TE_STRESS_LAUNCHES=10000, 8 x 10,000 launches)."""
import glob
import hashlib
import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from conftest import HERE, compiled_case, load_case

THREADS = 8
LAUNCHES = int(os.environ.get("TE_STRESS_LAUNCHES", "500"))
CASES = ["add_1d__triton_poi_fused_add_0", "leaky_where__triton_poi_fused_gt_mul_where_0",
         "sigmoid_tanh_exp__triton_poi_fused_abs_add_exp_mul_neg_sigmoid_tanh_0",
         "gelu_tanh__triton_poi_fused_gelu_0", "layer_norm__triton_per_fused_native_layer_norm_0"]


def _case_data(name):
    d, meta, _ = load_case(name)
    ins, outs = [], {}
    for i, a in enumerate(meta["args"]):
        if "scalar" in a:
            ins.append(a["scalar"])
        else:
            ins.append(np.load(os.path.join(d, f"in{i}.npy")))
            if not np.array_equal(np.load(os.path.join(d, f"out{i}.npy")), ins[-1]):
                outs[i] = np.load(os.path.join(d, f"out{i}.npy"))
    assert outs, f"{name}: the case writes nothing"
    return meta, ins, outs


def _run_threads(worker, n, timeout):
    errors, threads = [], []
    for t in range(n):
        th = threading.Thread(target=lambda t=t: _catch(worker, t, errors), daemon=True)
        threads.append(th)
        th.start()
    for th in threads:
        th.join(timeout)
        assert not th.is_alive(), f"a launching thread still runs after {timeout} s (deadlock?)"
    assert not errors, errors[:3]


def _catch(worker, t, errors):
    try:
        worker(t)
    except Exception as e:  # reported by the main thread
        errors.append(f"thread {t}: {type(e).__name__}: {e}")


def test_threads_launch_mixed_kernels_concurrently():
    kernels = []
    for name in CASES:
        k, _ = compiled_case(name)
        kernels.append((k, *_case_data(name)))
    counts = [0] * THREADS

    def worker(t):
        rng = np.random.default_rng(t)
        for j in range(LAUNCHES):
            k, meta, ins, outs = kernels[rng.integers(len(kernels))]
            values = [v.copy() if isinstance(v, np.ndarray) else v for v in ins]
            threads = [1, 2, "auto"][j % 3]
            k.launch(meta["grid"], values, threads=threads)
            for i, exp in outs.items():
                if not np.allclose(values[i], exp, rtol=1e-5, atol=1e-5):
                    bad = int((~np.isclose(values[i], exp, rtol=1e-5, atol=1e-5)).sum())
                    raise AssertionError(f"{k.name} launch {j} (threads={threads}): argument {i} "
                                         f"has {bad} wrong elements")
            counts[t] += 1

    _run_threads(worker, THREADS, timeout=60 + LAUNCHES * 0.2)
    assert counts == [LAUNCHES] * THREADS


def test_threads_launch_triton_kernels_concurrently():
    torch = pytest.importorskip("torch")
    triton = pytest.importorskip("triton")
    import triton.language as tl

    @triton.jit
    def axpy(x_ptr, y_ptr, out_ptr, a, n, BLOCK: tl.constexpr):
        offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        m = offs < n
        tl.store(out_ptr + offs, a * tl.load(x_ptr + offs, mask=m) + tl.load(y_ptr + offs, mask=m),
                 mask=m)

    @triton.jit
    def row_sum(x_ptr, out_ptr, cols, BLOCK: tl.constexpr):
        r = tl.program_id(0)
        offs = tl.arange(0, BLOCK)
        v = tl.load(x_ptr + r * cols + offs, mask=offs < cols, other=0)
        tl.store(out_ptr + r, tl.sum(v, axis=0))

    n, rows, cols = 3000, 64, 100
    axpy[(1,)](torch.zeros(1), torch.zeros(1), torch.zeros(1), 1.0, 1, BLOCK=512)  # compile first
    row_sum[(1,)](torch.zeros(cols), torch.zeros(1), cols, BLOCK=128)
    launches = max(LAUNCHES // 5, 20)

    def worker(t):
        g = torch.Generator().manual_seed(t)
        for j in range(launches):
            if j % 2:
                x, y = torch.randn(n, generator=g), torch.randn(n, generator=g)
                out = torch.empty(n)
                axpy[(triton.cdiv(n, 512),)](x, y, out, float(t), n, BLOCK=512)
                torch.testing.assert_close(out, t * x + y)
            else:
                x = torch.randn(rows, cols, generator=g)
                out = torch.empty(rows)
                row_sum[(rows,)](x, out, cols, BLOCK=128)
                torch.testing.assert_close(out, x.sum(1), rtol=1e-5, atol=1e-4)

    _run_threads(worker, THREADS, timeout=120 + launches)


_CHILD = textwrap.dedent("""
    import hashlib, json, os, sys
    sys.path.insert(0, sys.argv[1])
    import numpy as np
    from triton_edge import runtime as rt
    from triton_edge.compile import KernelCache, compile_ttir, kernel_name
    ttir = open(sys.argv[2]).read()
    path = KernelCache().path_for(compile_ttir(ttir, {"vec": "on"}))
    k = rt.Kernel(path, kernel_name(ttir), ttir=ttir)
    x = np.linspace(-3, 3, 65536, dtype=np.float32)
    out = np.zeros_like(x)
    k.launch((256, 1, 1), [x, out, 65536])
    print(json.dumps({"path": path, "sha": hashlib.sha256(open(path, "rb").read()).hexdigest(),
                      "out": hashlib.sha256(out.tobytes()).hexdigest()}))
""")

_TRITON_CHILD = textwrap.dedent("""
    import json, sys, torch, triton, triton.language as tl
    sys.path.insert(0, sys.argv[1])
    @triton.jit
    def scale(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
        offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=offs < n) * 3, mask=offs < n)
    x = torch.arange(5000, dtype=torch.float32)
    y = torch.empty_like(x)
    scale[(5,)](x, y, 5000, BLOCK=1024)
    print(json.dumps({"ok": bool(torch.equal(y, x * 3))}))
""")


def _spawn(script, args, env, workdir, n=8, timeout=600):
    path = os.path.join(workdir, "child.py")  # @triton.jit needs a source file
    with open(path, "w") as f:
        f.write(script)
    procs = [subprocess.Popen([sys.executable, path, *args], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(n)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, err[-2000:]
        import json
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _check_cache_dir(d):
    """Every library is complete (its content hash is its name) and no
    temporary file is left."""
    libs = glob.glob(os.path.join(d, "*.so"))
    assert libs, f"no library in {d}"
    for p in libs:
        with open(p, "rb") as f:
            data = f.read()
        assert hashlib.sha256(data).hexdigest()[:32] == os.path.basename(p)[:-3], f"torn: {p}"
    assert not glob.glob(os.path.join(d, "*.tmp")), os.listdir(d)
    return libs


def test_processes_share_the_kernel_cache(tmp_path):
    env = dict(os.environ, TRITON_EDGE_CACHE_DIR=str(tmp_path / "kernels"))
    compiled_case("gelu_erf__triton_poi_fused_gelu_0")  # skips without the compiler
    ttir = os.path.join(HERE, "..", "..", "test", "corpus", "inductor",
                        "gelu_erf__triton_poi_fused_gelu_0", "kernel.ttir")
    res = _spawn(_CHILD, [os.path.join(HERE, ".."), ttir], env, str(tmp_path))
    assert len({r["path"] for r in res}) == 1 and len({r["sha"] for r in res}) == 1
    assert len({r["out"] for r in res}) == 1
    assert _check_cache_dir(str(tmp_path / "kernels")) == [res[0]["path"]]


def test_processes_share_the_triton_cache(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("triton")
    env = dict(os.environ, TRITON_EDGE_CACHE_DIR=str(tmp_path / "kernels"),
               TRITON_CACHE_DIR=str(tmp_path / "triton"))
    res = _spawn(_TRITON_CHILD, [os.path.join(HERE, "..")], env, str(tmp_path))
    assert all(r["ok"] for r in res), res
    _check_cache_dir(str(tmp_path / "kernels"))
    files = [f for f in glob.glob(str(tmp_path / "triton" / "**" / "*"), recursive=True)
             if os.path.isfile(f)]
    assert files and not [f for f in files if ".tmp" in os.path.basename(f)], files
    sos = [f for f in files if f.endswith(".so")]
    assert sos and len({hashlib.sha256(open(f, "rb").read()).hexdigest() for f in sos}) == 1
