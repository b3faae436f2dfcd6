"""First-call (compile) latency of torch.compile on CPU: Inductor's C++
backend against Inductor's Triton backend through triton-edge, with cold
caches (every cache directory new) and warm ones (the same directories again,
a new process), for the models of python/examples/models.py.

    python compile_latency.py [--models gpt2,llama,mobilenet] [--rounds 2] [--out results.json]
        [--backends cpp,triton] [--edge-routes in-process] [--states cold,warm] [--profile-warm]

--edge-routes in-process,cli measures the Triton backend once per way of
compiling a kernel: in process (the compiler library, the default) and the
CLI fallback (TRITON_EDGE_IN_PROCESS=0, one process per kernel).

--profile-warm adds, after the rounds, one warm process per model and
backend whose first call runs under cProfile, and prints where that time
went by package (triton-edge, Dynamo, AOTAutograd, Inductor, Triton, ...):
what part of a warm start is ours. The profiler slows Python-heavy code
most, so the shares are indicative and the profiled first call is longer.

Each measurement is a fresh Python process: it builds the model, runs eager
once (so imports and allocation are not counted), then times the first
compiled forward (Dynamo, Inductor, kernel compilation and one run) and the
median of 5 later forwards; compile work = first - steady forward. For the Triton backend it
also reports the time spent in triton-edge's compile step (in this process:
Inductor may compile in worker processes, whose time is not seen here)
and how many kernels reached it and how many were compiled, not cached. Backends
and cold/warm alternate in each round (interleaved), and each round uses
new cache directories for its cold runs."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "python", "examples")


def child(model_name, backend):
    sys.path.insert(0, EXAMPLES)
    import torch
    import models  # python/examples/models.py
    torch.set_num_threads(int(os.environ.get("LATENCY_THREADS", "1")))
    model, x = models.make(model_name)
    ours = {"s": 0.0, "calls": 0, "compiled": 0}
    if backend == "triton":  # time spent in triton-edge's compile step (this process)
        import triton_edge.compile as tec
        cached, uncached = tec.compile_ttir, tec._compile_ttir_uncached

        def timed(*a, **k):
            t = time.perf_counter()
            try:
                return cached(*a, **k)
            finally:
                ours["s"] += time.perf_counter() - t
                ours["calls"] += 1

        def counted(*a, **k):
            ours["compiled"] += 1
            return uncached(*a, **k)
        tec.compile_ttir, tec._compile_ttir_uncached = timed, counted
        # The backend binds compile_ttir when Triton loads it: rebind it if it
        # is loaded already (importing it here would load it before Triton).
        loaded = sys.modules.get("triton_edge.backend.compiler")
        if loaded is not None:
            loaded.compile_ttir = timed
    with torch.no_grad():
        model(x)
        import torch._inductor.config as cfg
        cfg.cpu_backend = backend
        compiled = torch.compile(model)
        profile = os.environ.get("LATENCY_PROFILE")
        if profile:
            import cProfile
            prof = cProfile.Profile()
            prof.enable()
        t0 = time.perf_counter()
        compiled(x)
        first = time.perf_counter() - t0
        if profile:
            prof.disable()
            prof.dump_stats(profile)
        steady = []
        for _ in range(5):
            t0 = time.perf_counter()
            compiled(x)
            steady.append(time.perf_counter() - t0)
    print(json.dumps({"first_s": first, "steady_s": statistics.median(steady),
                      "edge_compile_s": ours["s"], "edge_calls": ours["calls"],
                      "edge_compiled": ours["compiled"]}))


def measure(model_name, backend, caches, route="in-process", extra_env=None):
    env = dict(os.environ, **(extra_env or {}), TORCHINDUCTOR_CACHE_DIR=caches["inductor"],
               TRITON_CACHE_DIR=caches["triton"], TRITON_EDGE_CACHE_DIR=caches["edge"],
               TRITON_EDGE_IN_PROCESS="0" if route == "cli" else "1")
    r = subprocess.run([sys.executable, __file__, "--child", model_name, backend], env=env,
                       capture_output=True, text=True, timeout=1800)
    if r.returncode != 0:
        raise RuntimeError(f"{model_name}/{backend}: exit {r.returncode}\n{r.stderr[-3000:]}")
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out["compile_s"] = max(0.0, out["first_s"] - out["steady_s"])
    return out


# Where a profiled first call's time goes, by the package of the code that
# ran it; time in code of no package (C functions: hashing, file reads,
# dlopen, ctypes calls, the kernels; Python's library: ast, inspect, pickle)
# goes to the package of its nearest callers that have one, split in
# proportion to the calls' time.
PACKAGES = [("triton-edge", ("/triton_edge/",)), ("Dynamo", ("/torch/_dynamo/",)),
            ("AOTAutograd", ("/torch/_functorch/",)), ("Inductor", ("/torch/_inductor/",)),
            ("Triton", ("/triton/",)), ("the model (eager code)", ("/examples/", "/torch/nn/")),
            ("torch, other (fx, utils, ...)", ("/torch/",))]
UNOWNED = "no package (top level)"


def package_of(func):
    for name, marks in PACKAGES:
        if any(m in func[0] for m in marks):
            return name
    return None


def time_by_package(stats_file):
    import pstats
    stats = pstats.Stats(stats_file).stats
    memo = {}

    def owners(func, visiting):
        """{package: fraction} of the code that `func`'s time is charged to."""
        if func in memo:
            return memo[func]
        own = package_of(func)
        callers = stats.get(func, (0, 0, 0, 0, {}))[4]
        if own or not callers or func in visiting:
            return {own or UNOWNED: 1.0}
        visiting.add(func)
        total = sum(c[3] for c in callers.values()) or 1.0
        out = {}
        for caller, c in callers.items():
            for name, frac in owners(caller, visiting).items():
                out[name] = out.get(name, 0.0) + frac * c[3] / total
        visiting.discard(func)
        memo[func] = out
        return out

    shares = {}
    for func, (_, _, tottime, _, _) in stats.items():
        for name, frac in owners(func, set()).items():
            shares[name] = shares.get(name, 0.0) + tottime * frac
    return shares


def profile_warm(name, backend, caches, route):
    """One more warm process of `name`, profiled: its first call by package."""
    with tempfile.NamedTemporaryFile(suffix=".prof", delete=False) as f:
        path = f.name
    try:
        m = measure(name, backend, caches, route, extra_env={"LATENCY_PROFILE": path})
        shares = time_by_package(path)
    finally:
        os.unlink(path)
    parts = ", ".join(f"{k} {v:.2f}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1]))
    print(f"{name:10s} {backend:6s} warm, profiled (cProfile inflates Python-heavy parts): first call "
          f"{m['first_s']:.2f} s; by package, s: {parts}", flush=True)
    return dict(model=name, backend=backend, route=route, first_s=m["first_s"], by_package=shares)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--child", nargs=2)
    p.add_argument("--models", default="gpt2,llama,mobilenet")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--out", default="")
    p.add_argument("--backends", default="cpp,triton")
    p.add_argument("--edge-routes", default="in-process")
    p.add_argument("--states", default="cold,warm")
    p.add_argument("--profile-warm", action="store_true",
                   help="after the rounds, one more warm process per model and backend, profiled: "
                        "where its first call's time goes, by package")
    a = p.parse_args()
    if a.child:
        return child(*a.child)
    configs = [(b, r) for b in a.backends.split(",")
               for r in (a.edge_routes.split(",") if b == "triton" else ("",))]
    states = a.states.split(",")
    rows, last_caches = [], {}
    for rnd in range(a.rounds):
        for name in a.models.split(","):
            # Interleaved: the configurations' order rotates per round.
            k = rnd % len(configs)
            for backend, route in configs[k:] + configs[:k]:
                root = tempfile.mkdtemp(prefix=f"latency-{name}-{backend}-")
                caches = {c: os.path.join(root, c) for c in ("inductor", "triton", "edge")}
                last_caches[(name, backend, route)] = caches
                for state in states:
                    m = measure(name, backend, caches, route or "in-process")
                    m.update(model=name, backend=backend, route=route, state=state, round=rnd)
                    rows.append(m)
                    print(f"{name:10s} {backend:6s} {route:10s} {state:4s} round {rnd}: first call "
                          f"{m['first_s']:.2f} s, compile work {m['compile_s']:.2f} s; in triton-edge's "
                          f"compile step {m['edge_compile_s']:.2f} s ({m['edge_calls']} kernels asked, "
                          f"{m['edge_compiled']} compiled)", flush=True)
    print("\nmodel      backend route       state  compile work s (median over rounds)")
    for name in a.models.split(","):
        for backend, route in configs:
            for state in states:
                v = [r["compile_s"] for r in rows if (r["model"], r["backend"], r["route"], r["state"])
                     == (name, backend, route, state)]
                print(f"{name:10s} {backend:7s} {route:11s} {state:5s}  {statistics.median(v):8.2f}  "
                      f"(n={len(v)}: {', '.join(f'{x:.2f}' for x in v)})")
    routes = a.edge_routes.split(",")
    if "triton" in a.backends.split(",") and {"in-process", "cli"} <= set(routes):
        print("\nthe Triton backend's first call, CLI fallback / in process, paired by round")
        for name in a.models.split(","):
            for state in states:
                by = {(r["route"], r["round"]): r["first_s"] for r in rows
                      if (r["model"], r["backend"], r["state"]) == (name, "triton", state)}
                ratios = [by[("cli", k)] / by[("in-process", k)] for k in range(a.rounds)]
                diffs = [by[("cli", k)] - by[("in-process", k)] for k in range(a.rounds)]
                print(f"{name:10s} {state:5s} ratio median {statistics.median(ratios):.2f} "
                      f"({', '.join(f'{x:.2f}' for x in ratios)}); CLI - in process median "
                      f"{statistics.median(diffs):+.2f} s ({', '.join(f'{x:+.2f}' for x in diffs)})")
    profiles = []
    if a.profile_warm:  # caches warm from the last round's cold and warm runs
        print()
        profiles = [profile_warm(name, backend, caches, route or "in-process")
                    for (name, backend, route), caches in last_caches.items()]
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"rows": rows, "warm_profiles": profiles} if profiles else rows, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
