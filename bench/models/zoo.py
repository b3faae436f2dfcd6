"""The model zoo benchmark: eager PyTorch, Inductor's C++ backend and
Inductor's Triton backend through triton-edge, per model of zoo_models, at 1
and N threads, timed interleaved, outputs checked against eager, with a
breakdown of where triton-edge's time goes.

    python zoo.py [--size full|small|tiny] [--models a,b,...] [--threads 1,16]
                  [--rounds 15] [--out DIR] [--budget-s 540] [--check-only]
    python zoo.py --list

The models run one after another in a child process (Inductor C++'s
one-time costs are paid once); the parent restarts it after the model that
crashed it or ran past --model-timeout-s, and rewrites DIR/results.json,
results.csv, report.md and zoo.svg after each model, so a run cut short keeps
what it measured. --budget-s: no model is started once the run has spent
that long or expects to pass it (from the slowest model so far). zoo_report.py
merges the results.json of several runs (several device commands) into one
report.

Per model and thread count t:
  compile    Inductor C++ is compiled under torch.set_num_threads(t): its
             kernels carry the compile's thread count (#pragma omp parallel
             num_threads(t)). The Triton backend is compiled once (its code does
             not depend on t); triton-edge launches use t contexts
             (triton_edge.set_launch_threads; --edge-threads auto: the
             runtime's cost model). Each backend is its own torch.compile with
             options={"cpu_backend": ...}: torch._dynamo.reset() between them
             would silently recompile the first under the second's config.
  check      every output tensor (training: the loss, every gradient and every
             updated parameter) against eager from the same inputs and weights:
             max |compiled - eager| <= 1e-3 * max |eager| + 1e-5 per tensor.
  timing     rounds of eager, C++ and triton-edge in a new random order each
             round (timing.py); medians with 95% CIs, and the medians of the
             per-round ratios C++/triton-edge and eager/triton-edge with their
             95% CIs (> 1: triton-edge faster).
  pools      with --edge-pools own,openmp: triton-edge's forward once per
             launch pool (triton_edge.set_launch_pool before each sample; own:
             the runtime's threads, openmp: PyTorch's OpenMP team), in the same
             rounds with equal batches; the first pool gives the main rows and
             the breakdown. At 1 thread no launch has two contexts, so the pools
             run the same code there: those ratios show the method's noise.
  breakdown  a few more forwards of each backend: triton-edge's kernels by
             name (time in the runtime's launch call, and in the driver around
             it: triton_edge.launch_stats) and the ATen operators both backends
             call (torch.profiler, outermost aten:: events); the rest of a
             forward is Inductor's wrapper, Dynamo's guards and allocation."""
import argparse
import copy
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

RTOL, ATOL = 1e-3, 1e-5


def tensors(x):
    import torch
    if isinstance(x, torch.Tensor):
        return [x]
    if isinstance(x, (tuple, list)):
        return [t for e in x for t in tensors(e)]
    return []


def compare(got, ref):
    """(ok, worst error / tolerance, worst max abs error, its tolerance)."""
    worst = (True, 0.0, 0.0, 0.0)
    g, r = tensors(got), tensors(ref)
    if len(g) != len(r):
        return (False, float("inf"), float("inf"), 0.0)
    for a, b in zip(g, r):
        a, b = a.detach().float(), b.detach().float()
        if a.shape != b.shape:
            return (False, float("inf"), float("inf"), 0.0)
        err = (a - b).abs().max().item() if a.numel() else 0.0
        tol = RTOL * (b.abs().max().item() if b.numel() else 0.0) + ATOL
        ok = err <= tol and bool(a.isfinite().all() == b.isfinite().all())
        if not ok or err / tol > worst[1]:
            worst = (worst[0] and ok, err / tol, err, tol)
            if not ok:
                return worst
    return worst


# -- the child: one model ------------------------------------------------------

class Variant:
    """A way to run the case: `call()` runs one forward (or training step)."""

    def __init__(self, call, check):
        self.call, self.check = call, check


def forward_variants(case, backend, torch):
    model, inputs = case.model, case.inputs
    if backend == "eager":
        f = model
    else:
        f = torch.compile(model, dynamic=False, options={"cpu_backend": backend})

    def call():
        with torch.no_grad():
            return f(*inputs)
    return Variant(call, call)


def train_variant(case, backend, torch, lr=1e-4):
    """One SGD step: forward (the loss), backward, update. `check` runs one
    step on a fresh copy of the initial weights and returns the loss, the
    gradients and the updated parameters."""
    initial = copy.deepcopy(case.model)

    def build(model):
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        fwd = model if backend == "eager" else torch.compile(
            model, dynamic=False, options={"cpu_backend": backend})
        return fwd, opt

    model = copy.deepcopy(initial)
    fwd, opt = build(model)

    def call():
        loss = fwd(*case.inputs)
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss

    def check():
        m = copy.deepcopy(initial)
        f, o = build(m)
        loss = f(*case.inputs)
        loss.backward()
        grads = [p.grad.clone() for p in m.parameters()]
        o.step()
        return [loss.detach()] + grads + [p.detach().clone() for p in m.parameters()]
    return Variant(call, check)


def profile_aten(call, forwards, torch):
    """Microseconds per forward of the outermost aten:: operators, by name."""
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(forwards):
            call()
    out = {}

    def walk(e):
        if e.name.startswith("aten::"):
            out[e.name] = out.get(e.name, 0.0) + e.cpu_time_total / forwards
            return
        for c in e.cpu_children:
            walk(c)
    for e in prof.events():
        if e.cpu_parent is None:
            walk(e)
    return out


def pool_variants(edge_pools, calls, edge_call, triton_edge):
    """--edge-pools p0,p1,...: triton_edge runs on pool p0 and a variant
    triton_edge@p per other pool, each sample switching the runtime's launch
    pool first (triton_edge.set_launch_pool). Returns the setups."""
    if not edge_pools:
        return {}
    pools = edge_pools.split(",")
    setups = {"triton_edge": lambda: triton_edge.set_launch_pool(pools[0])}
    for p in pools[1:]:
        calls[f"triton_edge@{p}"] = edge_call
        setups[f"triton_edge@{p}"] = (lambda p=p: triton_edge.set_launch_pool(p))
    return setups


def pool_rows(edge_pools, samples, timing):
    """Per pool of --edge-pools: its median and CI, and the per-round ratio
    first pool / this pool (> 1: this pool faster)."""
    pools = edge_pools.split(",")
    names = ["triton_edge"] + [f"triton_edge@{p}" for p in pools[1:]]
    rows = []
    for p, name in zip(pools, names):
        m, lo, hi = timing.median_ci(samples[name])
        rows.append({"pool": p, "ms": m * 1e3, "ci_ms": [lo * 1e3, hi * 1e3],
                     "first_over_this": list(timing.paired_ratio(samples["triton_edge"],
                                                                 samples[name]))})
    return rows


def run_child(a):
    import torch
    import torch._inductor.config as inductor_config
    import triton_edge
    import timing
    import zoo_models
    inductor_config.fx_graph_cache = False
    threads_list = [int(t) for t in a.threads.split(",")]
    res = {"model": a.model, "size": a.size, "threads": threads_list, "edge_threads": a.edge_threads}
    case = zoo_models.make(a.model, a.size)
    res.update(family=case.family, what=case.what, train=case.train,
               params_m=sum(p.numel() for p in case.model.parameters()) / 1e6)
    make = train_variant if case.train else forward_variants
    torch.set_num_threads(max(threads_list))
    eager = make(case, "eager", torch)
    ref = eager.check()
    checks, compile_s = {}, {}

    def compiled(backend, key):
        t = time.perf_counter()
        v = make(case, backend, torch)
        n0 = triton_edge.launch_count()
        got = v.call()  # compiles (training: and takes one step)
        compile_s[key] = time.perf_counter() - t
        launches = triton_edge.launch_count() - n0
        ok, ratio, err, tol = compare(v.check(), ref)
        checks[key] = {"ok": ok, "max_abs_err": err, "tol": tol, "err_over_tol": ratio}
        del got
        return v, launches

    print(f"[{a.model}] compiling (triton-edge)", file=sys.stderr, flush=True)
    edge, _ = compiled("triton", "triton-edge")
    n0 = triton_edge.launch_count()
    edge.call()
    res["launches_per_call"] = triton_edge.launch_count() - n0
    # Own pool or torch's OpenMP team (TRITON_EDGE_POOL, docs/python.md).
    res["launch_pool"] = list(triton_edge.launch_pool())
    cpp = {}
    for t in ([] if a.check_only else threads_list):
        print(f"[{a.model}] compiling (Inductor C++, {t} threads)", file=sys.stderr, flush=True)
        torch.set_num_threads(t)
        cpp[t], cpp_launches = compiled("cpp", f"inductor-cpp@{t}")
        if cpp_launches:
            raise RuntimeError(f"the Inductor C++ variant made {cpp_launches} triton-edge launches")
    res.update(check=checks, compile_s=compile_s)
    res["ok"] = all(c["ok"] for k, c in checks.items() if k == "triton-edge")
    if a.check_only:
        return res
    res["timings"], res["breakdown"] = [], []
    for t in threads_list:
        torch.set_num_threads(t)
        triton_edge.set_launch_threads(t if a.edge_threads == "same" else "auto")
        print(f"[{a.model}] timing at {t} threads", file=sys.stderr, flush=True)
        calls = {"eager": eager.call, "inductor_cpp": cpp[t].call, "triton_edge": edge.call}
        setups = pool_variants(a.edge_pools, calls, edge.call, triton_edge)
        n0 = triton_edge.launch_count()
        samples, batch = timing.interleaved(calls, a.rounds, min_sample_s=a.min_sample_s,
                                            max_s=a.max_timing_s, setups=setups,
                                            batch_as={n: "triton_edge" for n in calls if "@" in n})
        if setups:
            triton_edge.set_launch_pool(a.edge_pools.split(",")[0])  # for the breakdown
        row = {"threads": t, "launches": triton_edge.launch_count() - n0}
        for name, s in samples.items():
            m, lo, hi = timing.median_ci(s)
            row[name] = {"ms": m * 1e3, "ci_ms": [lo * 1e3, hi * 1e3], "samples": len(s),
                         "calls_per_sample": batch[name]}
        if setups:
            row["pools"] = pool_rows(a.edge_pools, samples, timing)
        row["cpp_over_edge"] = list(timing.paired_ratio(samples["inductor_cpp"],
                                                        samples["triton_edge"]))
        row["eager_over_edge"] = list(timing.paired_ratio(samples["eager"], samples["triton_edge"]))
        res["timings"].append(row)
        # Where the time goes (separate forwards: the timing runs unobserved).
        k = a.breakdown_calls
        stats = triton_edge.launch_stats()
        for _ in range(k):
            edge.call()
        triton_edge.launch_stats(False)
        kernels = sorted(([name, v[0] / k, v[1] / k / 1e3, v[2] / k / 1e3]
                          for name, v in stats.items()), key=lambda r: -r[2])
        res["breakdown"].append({
            "threads": t,
            "edge_kernels": kernels,  # name, launches, us in the runtime, us in the driver
            "edge_aten_us": profile_aten(edge.call, k, torch),
            "cpp_aten_us": profile_aten(cpp[t].call, k, torch),
        })
    triton_edge.set_launch_threads(None)
    return res


def child_main(a):
    """Runs the models of --child in order in this process (the C++ backend's
    one-time costs, such as its compiler and ISA checks, are paid once),
    writing each result to DIR/.<model>.json and the model in progress with
    its start time to DIR/.current. A model that would start after
    --deadline is skipped, the slowest model so far being the estimate."""
    names = a.child.split(",")
    slowest = a.slowest_s
    for name in names:
        rf = os.path.join(a.result_dir, f".{name}.json")
        if a.deadline and time.time() + slowest > a.deadline:
            res = {"model": name, "size": a.size, "skipped": "budget"}
        else:
            with open(os.path.join(a.result_dir, ".current"), "w") as f:
                json.dump({"model": name, "start": time.time()}, f)
            t0 = time.perf_counter()
            print(f"[zoo] {name} ({a.size})", file=sys.stderr, flush=True)
            try:
                a.model = name
                res = run_child(a)
            except Exception as e:
                traceback.print_exc()
                res = {"model": name, "size": a.size, "ok": False,
                       "error": f"{type(e).__name__}: {str(e)[:1500]}"}
            slowest = max(slowest, time.perf_counter() - t0)
            res["seconds"] = time.perf_counter() - t0
            import torch._dynamo
            torch._dynamo.reset()  # this model's compiled code is not needed again
        with open(rf + ".tmp", "w") as f:
            json.dump(res, f)
        os.replace(rf + ".tmp", rf)
    return 0


# -- the parent ----------------------------------------------------------------

def machine():
    info = {"cpu_count": os.cpu_count(), "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d %H:%M")}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        out = subprocess.run([sys.executable, "-c", "import torch, triton; print(torch.__version__, "
                              "triton.__version__)"], capture_output=True, text=True, timeout=120)
        info["torch"], info["triton"] = out.stdout.split()
    except (ValueError, subprocess.SubprocessError):
        pass
    return info


def main():
    import zoo_models
    import zoo_report
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--size", default="small", choices=zoo_models.SIZES)
    p.add_argument("--models", default=",".join(zoo_models.MODELS))
    p.add_argument("--threads", default=f"1,{os.cpu_count()}")
    p.add_argument("--edge-threads", default="same", choices=["same", "auto"],
                   help="triton-edge contexts per launch: the thread count, or the runtime's choice")
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--min-sample-s", type=float, default=0.01)
    p.add_argument("--max-timing-s", type=float, default=60.0,
                   help="per model and thread count: stop after 5 rounds once this is spent")
    p.add_argument("--breakdown-calls", type=int, default=3)
    p.add_argument("--edge-pools", default="", help="e.g. own,openmp: triton-edge on each launch "
                   "pool, interleaved (the first: main rows, breakdown); default: TRITON_EDGE_POOL")
    p.add_argument("--check-only", action="store_true",
                   help="compile triton-edge and check it against eager; no Inductor C++, no timing")
    p.add_argument("--out", default="zoo-results")
    p.add_argument("--budget-s", type=float, default=None)
    p.add_argument("--model-timeout-s", type=float, default=900)
    p.add_argument("--cache-dir", help="compile caches (default: new ones in the temp directory)")
    p.add_argument("--list", action="store_true")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--result-dir", help=argparse.SUPPRESS)
    p.add_argument("--deadline", type=float, default=0, help=argparse.SUPPRESS)
    p.add_argument("--slowest-s", type=float, default=0, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        return child_main(a)
    if a.list:
        for name in zoo_models.MODELS:
            c = zoo_models.make(name, "tiny")
            print(f"{name:16s} {c.family:20s} {c.what}")
        return 0
    names = [n for n in a.models.split(",") if n]
    for n in names:
        if n not in zoo_models.MODELS:
            p.error(f"unknown model {n!r}; --list shows the zoo")
    os.makedirs(a.out, exist_ok=True)
    # Not under --out: a device run brings --out back, caches would only weigh.
    caches = a.cache_dir or tempfile.mkdtemp(prefix="zoo-caches-")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    for var, sub in (("TORCHINDUCTOR_CACHE_DIR", "inductor"), ("TRITON_CACHE_DIR", "triton"),
                     ("TRITON_EDGE_CACHE_DIR", "triton-edge")):
        env.setdefault(var, os.path.join(caches, sub))
    run = {"machine": machine(), "size": a.size, "threads": a.threads, "rounds": a.rounds,
           "edge_threads": a.edge_threads, "edge_pools": a.edge_pools, "check_only": a.check_only,
           "results": []}
    deadline = time.time() + a.budget_s if a.budget_s is not None else 0
    common = ["--size", a.size, "--threads", a.threads, "--edge-threads", a.edge_threads,
              "--rounds", str(a.rounds), "--min-sample-s", str(a.min_sample_s),
              "--max-timing-s", str(a.max_timing_s), "--breakdown-calls", str(a.breakdown_calls),
              "--edge-pools", a.edge_pools,
              "--result-dir", os.path.abspath(a.out), "--deadline", str(deadline)]
    if a.check_only:
        common.append("--check-only")
    remaining, slowest = list(names), 0.0
    while remaining:
        for n in remaining:
            rf = os.path.join(a.out, f".{n}.json")
            if os.path.exists(rf):
                os.remove(rf)
        current = os.path.join(a.out, ".current")
        if os.path.exists(current):
            os.remove(current)
        child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child",
                                  ",".join(remaining), "--slowest-s", str(slowest), *common], env=env)
        stopped = None
        while True:
            exited = child.poll() is not None
            slowest = _collect(run, remaining, a.out, slowest)
            if exited or not remaining:
                child.wait()
                break
            time.sleep(1)
            try:
                with open(current) as f:
                    cur = json.load(f)
            except (OSError, ValueError):
                continue
            done = os.path.exists(os.path.join(a.out, f".{cur['model']}.json"))
            running = time.time() - cur["start"]
            over = deadline and time.time() > deadline + 30
            if not done and (running > a.model_timeout_s or over):
                child.kill()
                child.wait()
                stopped = (cur["model"], running)
                slowest = _collect(run, remaining, a.out, slowest)
                break
        # The first model without a result crashed the child or was stopped.
        if remaining:
            n = remaining.pop(0)
            why = (f"stopped after {stopped[1]:.0f} s" if stopped and stopped[0] == n else
                   f"the process running it ended with status {child.returncode}")
            _record(run, {"model": n, "size": a.size, "ok": False, "error": why}, a.out)
    passed = sum(bool(r.get("ok")) for r in run["results"])
    print(f"[zoo] {passed} of {len(names)} models passed their check; "
          f"report: {os.path.join(a.out, 'report.md')}", flush=True)
    return 0 if passed == len(names) else 1


def _collect(run, remaining, out, slowest):
    """Records the results the child has written, in order; returns the
    slowest model's seconds so far."""
    while remaining:
        rf = os.path.join(out, f".{remaining[0]}.json")
        if not os.path.exists(rf):
            break
        with open(rf) as f:
            res = json.load(f)
        os.remove(rf)
        remaining.pop(0)
        slowest = max(slowest, res.get("seconds", 0.0))
        _record(run, res, out)
    return slowest


def _record(run, res, out):
    import zoo_report
    run["results"].append(res)
    print(zoo_report.summary_line(res) +
          (f" ({res['seconds']:.0f} s)" if "seconds" in res else ""), flush=True)
    zoo_report.write_all(run, out)


if __name__ == "__main__":
    sys.exit(main())
