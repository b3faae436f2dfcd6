"""What one kernel launch costs from Inductor's Python wrapper: through the
triton-edge driver (Inductor's CachingAutotuner.run -> its generated launcher
-> our TritonEdgeLauncher -> the runtime's C entry -> the pool) against
Inductor C++'s call into its compiled module, for a one-kernel graph
(`x + 1`) on a tiny tensor (one program) and on a larger one (several
programs, so that N threads dispatch N contexts).

    python launch_overhead.py [--threads 1,16] [--rounds 21] [--out DIR]

Rows, all in one process, timed interleaved (timing.py), per call:
  forward            the whole compiled forward (Dynamo's guards, the wrapper,
                     the output allocation, the kernel)
  kernel entry       the call the wrapper makes: the C++ kernel's Python
                     binding, or CachingAutotuner.run of the Triton kernel
  driver             our launcher as Inductor's launcher calls it
  C entry            te_rt_launch_request_c / te_rt_launch_c alone through
                     ctypes, arguments prepared (the floor under the driver)
The triton-edge rows come in up to three variants, switched per sample:
  C fast path        the launcher's call is triton_edge._fastlaunch's
                     (fastlaunch.py): the plan's checks and the launch in C
  Python plan        the launcher's Python call (_call_python) through the
                     LaunchPlan (launch_plan.py), the path before the C one;
                     Inductor's launcher calls it as it called the launcher then
  general path       the Python call forced onto runtime.pack_args +
                     runtime.launch, the driver's only path before LaunchPlan
"(x faster)" after a C fast path cell: the paired ratio Python plan / C fast
path of that row's level, median [95% CI] over rounds.
Each thread count gets its own C++ compile: Inductor C++ writes the thread
count of the compile into its kernels (#pragma omp parallel num_threads)."""
import argparse
import ctypes
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import timing  # noqa: E402


def add_one(x):
    return x + 1


def loaded_since(n0):
    from torch._inductor.codecache import PyCodeCache
    return PyCodeCache.modules[n0:]


def compile_graph(backend, x, threads):
    from torch._inductor.codecache import PyCodeCache
    torch.set_num_threads(threads)
    n0 = len(PyCodeCache.modules)
    f = torch.compile(add_one, dynamic=False, options={"cpu_backend": backend})
    f(x)
    mods = loaded_since(n0)
    prefix = "cpp_fused" if backend == "cpp" else "triton_poi"
    kernels = [getattr(m, k) for m in mods for k in dir(m) if k.startswith(prefix)]
    if not kernels:
        raise RuntimeError(f"no {prefix}* kernel in the modules Inductor loaded")
    return f, kernels[-1]


def inductor_run_args(edge, launch):
    """Triton's run arguments as Inductor's launcher passes them to `edge`
    (the TritonEdgeLauncher), caught by one `launch()` without running it."""
    captured = {}
    cls = type(edge)
    saved = cls.__dict__.get("__call__")  # None: the C base class's call
    cls.__call__ = lambda self, *a: captured.setdefault("a", a)
    try:
        launch()
    finally:
        if saved is None:
            del cls.__call__  # the base's slot again, not a Python-level wrapper of it
        else:
            cls.__call__ = saved
    return captured["a"]


def measure(numel, threads_list, rounds):
    import triton_edge
    from triton_edge import fastlaunch
    from triton_edge import runtime as te_rt
    x = torch.randn(numel)
    out = torch.empty(numel)
    ct, kt = compile_graph("triton", x, max(threads_list))
    launcher = kt.launchers[0]
    scope = launcher.__globals__  # Inductor's launcher calls scope["runner"]
    binary = scope["bin"]
    edge = binary.run  # TritonEdgeLauncher
    kernel = binary.function
    grid = None
    rows = []
    for t in threads_list:
        cc, kc = compile_graph("cpp", x, t)
        torch.set_num_threads(t)
        triton_edge.set_launch_threads(t)
        a = inductor_run_args(edge, lambda: kt.run(x, out, numel, stream=0))
        grid = a[:3]
        edge(*a)  # the plan, made on this first launch
        plan = edge.fast
        if not plan:
            raise RuntimeError("the driver made no LaunchPlan for this kernel")
        values = edge.plan.kernel_args(a[9:])
        packed = kernel.pack(values)
        g = (ctypes.c_int32 * 3)(*grid)
        used = ctypes.c_int32(0)
        err = ctypes.create_string_buffer(1024)
        rt = kernel.runtime
        info = ctypes.addressof(kernel.info)

        native = fastlaunch.arm(edge, plan, edge.threads)
        python_call = edge._call_python

        def use_native():
            edge.fast = plan
            fastlaunch.arm(edge, plan, edge.threads)
            scope["runner"] = edge

        def use_plan():
            edge.fast = plan
            if native:
                edge._te_disarm()
            scope["runner"] = python_call

        def use_general():
            use_plan()
            edge.fast = False

        fast = "triton-edge (C fast path)"
        py = "triton-edge (Python plan)"
        gen = "triton-edge (general path)"
        calls = {
            ("forward", "Inductor C++"): (lambda: cc(x), None),
            ("forward", fast): (lambda: ct(x), use_native),
            ("forward", py): (lambda: ct(x), use_plan),
            ("forward", gen): (lambda: ct(x), use_general),
            ("kernel entry", "Inductor C++"): (lambda: kc(x, out), None),
            ("kernel entry", fast): (lambda: kt.run(x, out, numel, stream=0), use_native),
            ("kernel entry", py): (lambda: kt.run(x, out, numel, stream=0), use_plan),
            ("kernel entry", gen): (lambda: kt.run(x, out, numel, stream=0), use_general),
            ("driver", fast): (lambda: edge(*a), use_native),
            ("driver", py): (lambda: python_call(*a), use_plan),
            ("driver", gen): (lambda: python_call(*a), use_general),
            # The plan's arrays hold the last launch's tensors (a forward's
            # output, freed since): point them at live ones before the batch.
            ("C entry", "te_rt_launch_request_c"):
                (lambda: plan.entry(plan.request_address), lambda: plan.launch(a[9:], *grid, t)),
            ("C entry", "te_rt_launch_c"):
                (lambda: rt._launch(kernel.programs, info, packed.args, packed.numel, g, t, 0, 0, 0,
                                    ctypes.byref(used), err, len(err)), None),
        }
        if not native:  # triton_edge._fastlaunch not built: no C rows
            calls = {key: v for key, v in calls.items() if key[1] != fast}
        samples, batch = timing.interleaved(
            {key: f for key, (f, _) in calls.items()}, rounds, min_sample_s=0.005,
            setups={key: setup for key, (_, setup) in calls.items() if setup is not None})
        use_native() if native else use_plan()
        for (level, variant), s in samples.items():
            med, lo, hi = timing.median_ci(s)
            r = timing.paired_ratio(samples[(level, py)], s) if variant == fast else None
            rows.append({"numel": numel, "grid": list(grid), "threads": t, "level": level,
                         "variant": variant, "ns": med * 1e9, "ci_ns": [lo * 1e9, hi * 1e9],
                         "samples": len(s), "calls_per_sample": batch[(level, variant)],
                         "python_plan_over_this": list(r) if r else None})
        triton_edge.set_launch_threads(None)
    return rows


def markdown(rows, threads_list):
    out = []
    for numel in sorted({r["numel"] for r in rows}):
        sub = [r for r in rows if r["numel"] == numel]
        grid = sub[0]["grid"]
        out.append(f"\n`x + 1` on {numel} floats (grid {grid[0]}x{grid[1]}x{grid[2]}), "
                   "ns per call, median [95% CI]:\n")
        out.append("| level | variant | " + " | ".join(f"{t} thread{'s' if t > 1 else ''}"
                                                       for t in threads_list) + " |")
        out.append("| --- | --- |" + " ---: |" * len(threads_list))
        keys = []
        for r in sub:
            if (r["level"], r["variant"]) not in keys:
                keys.append((r["level"], r["variant"]))
        for level, variant in keys:
            cells = []
            for t in threads_list:
                r = next(r for r in sub if (r["level"], r["variant"], r["threads"]) ==
                         (level, variant, t))
                c = f"{r['ns']:,.0f} [{r['ci_ns'][0]:,.0f}, {r['ci_ns'][1]:,.0f}]"
                if r["python_plan_over_this"]:
                    m, lo, hi = r["python_plan_over_this"]
                    c += f" ({m:.2f}x [{lo:.2f}, {hi:.2f}] faster)"
                cells.append(c)
            out.append(f"| {level} | {variant} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", default=f"1,{os.cpu_count()}")
    p.add_argument("--rounds", type=int, default=21)
    p.add_argument("--sizes", default="16,16384", help="elements of x (comma list)")
    p.add_argument("--out", help="directory for launch_overhead.json and .md")
    a = p.parse_args()
    import torch._inductor.config as cfg
    cfg.fx_graph_cache = False
    threads_list = [int(t) for t in a.threads.split(",")]
    rows = []
    for numel in [int(s) for s in a.sizes.split(",")]:
        rows += measure(numel, threads_list, a.rounds)
    md = markdown(rows, threads_list)
    print(md)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, "launch_overhead.json"), "w") as f:
            json.dump({"torch": torch.__version__, "cpu_count": os.cpu_count(), "rows": rows}, f,
                      indent=1)
        with open(os.path.join(a.out, "launch_overhead.md"), "w") as f:
            f.write(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
