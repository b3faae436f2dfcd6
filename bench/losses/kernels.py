"""Per fused kernel: triton-edge (Inductor cpu_backend="triton") against
Inductor C++ for the same fused nodes, and whole forwards, interleaved.

    python bench/losses/kernels.py [--models regnety,roberta] [--threads 1,2]
                                   [--rounds 5] [--small] [--top 15]

Each round profiles one forward of each backend (torch.profiler; Inductor
records a Triton kernel's launch through our driver, and with
cpp.enable_kernel_profile each C++ kernel's body) and times `--reps` whole
forwards of each, alternating backends. Kernels are matched by their fused
node name (triton_per_fused_X_3 ~ cpp_fused_X_3 minus prefix and index, in
order of appearance). Reported per kernel: median over rounds of the summed
time per forward, ours / C++ (>1: we are slower), and a bootstrap CI of the
whole-forward ratio C++ / ours (>1: we are faster, the issue's convention).
"""
import argparse
import collections
import os
import random
import re
import statistics
import sys
import time

os.environ.setdefault("TORCHINDUCTOR_CPP_ENABLE_KERNEL_PROFILE", "1")
import torch
import torch._inductor.config as cfg
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402
import triton_edge  # noqa: E402


def compiled(model, backend):
    # The backend goes with the compiled function as an option: a global
    # config change plus torch._dynamo.reset() would make an earlier compiled
    # function recompile with the later backend when next called.
    cfg.fx_graph_cache = False
    return torch.compile(model, options={"cpu_backend": backend, "cpp.enable_kernel_profile": True})


KERNEL = re.compile(r"^(?:graph_\d+_)?(?:cpp_|triton_(?:poi|per|red|tem)_)(fused_\w+?)(?:_\d+)?$")


def kernel_times(fn, args):
    """{kernel name: microseconds in one forward}."""
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        fn(*args)
    out = collections.OrderedDict()
    for ev in prof.events():
        if KERNEL.match(ev.name):
            out[ev.name] = out.get(ev.name, 0.0) + ev.cpu_time_total
            LAUNCHES[ev.name] = LAUNCHES.get(ev.name, 0) + 1
    return out


LAUNCHES = {}  # kernel name -> launches seen over all profiled forwards


def matched(cpp, ours):
    """Pair kernels by fused-node name, in order of appearance."""
    pools = collections.defaultdict(list)
    for name in cpp:
        pools[KERNEL.match(name).group(1)].append(name)
    pairs = []
    for name in ours:
        key = KERNEL.match(name).group(1)
        pairs.append((name, pools[key].pop(0) if pools[key] else None))
    left = [n for v in pools.values() for n in v]
    return pairs, left


def max_abs_err(got, ref):
    """Largest |got - ref| over a model's output tensor or tuple of tensors."""
    if isinstance(ref, (tuple, list)):
        return max(max_abs_err(g, r) for g, r in zip(got, ref))
    return (got - ref).abs().max().item()


def ci(xs, q=0.95, n=2000):
    rng = random.Random(0)
    meds = sorted(statistics.median(rng.choices(xs, k=len(xs))) for _ in range(n))
    return meds[int((1 - q) / 2 * n)], meds[int((1 + q) / 2 * n) - 1]


def forward_ms(fn, args, reps):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(*args)
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts) * 1e3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--models", default="regnety,roberta")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--small", action="store_true", help="fewer blocks/layers (2-core machines)")
    p.add_argument("--top", type=int, default=15)
    a = p.parse_args()
    with torch.no_grad():
        for name in a.models.split(","):
            model, args = models.make(name, a.small)
            ref = model(*args)
            ours = compiled(model, "triton")
            got = ours(*args)
            cpp = compiled(model, "cpp")
            got_cpp = cpp(*args)
            err = max_abs_err(got, ref)
            print(f"{name}: max abs err vs eager: triton-edge {err:.3g}, C++ {max_abs_err(got_cpp, ref):.3g}")
            for t in [int(x) for x in a.threads.split(",")]:
                torch.set_num_threads(t)
                triton_edge.set_launch_threads(t)
                for _ in range(2):
                    ours(*args), cpp(*args)
                per_ours, per_cpp = collections.defaultdict(list), collections.defaultdict(list)
                whole = []
                for _ in range(a.rounds):
                    for k, v in kernel_times(ours, args).items():
                        per_ours[k].append(v)
                    for k, v in kernel_times(cpp, args).items():
                        per_cpp[k].append(v)
                    to = forward_ms(ours, args, a.reps)
                    tc = forward_ms(cpp, args, a.reps)
                    whole.append((tc, to))
                mo = {k: statistics.median(v) for k, v in per_ours.items()}
                mc = {k: statistics.median(v) for k, v in per_cpp.items()}
                pairs, unmatched = matched(mc, mo)
                ratios = [c / o for c, o in whole]
                lo, hi = ci(ratios)
                print(f"\n{name} @ {t} threads: forward C++ {statistics.median([c for c, _ in whole]):.3f} ms, "
                      f"triton-edge {statistics.median([o for _, o in whole]):.3f} ms, ratio C++/ours "
                      f"{statistics.median(ratios):.3f} [95% CI {lo:.3f}, {hi:.3f}] over {a.rounds} rounds")
                print(f"  kernels: ours {len(mo)} ({sum(mo.values()):.0f} us), C++ {len(mc)} "
                      f"({sum(mc.values()):.0f} us); C++ kernels unmatched: {len(unmatched)} "
                      f"({sum(mc[n] for n in unmatched):.0f} us)")
                rows = sorted(pairs, key=lambda pr: -(mo[pr[0]] - (mc[pr[1]] if pr[1] else 0.0)))
                print(f"  {'ours us':>8} {'C++ us':>8} {'loss us':>8} {'calls':>5}  kernel (ours / C++)")
                for o, c in rows[:a.top]:
                    cv = mc[c] if c else float('nan')
                    calls = LAUNCHES[o] // a.rounds
                    print(f"  {mo[o]:8.1f} {cv:8.1f} {mo[o] - (cv if c else 0):8.1f} {calls:5d}  {o} / {c or '-'}")
                for c in unmatched:
                    print(f"  {'':8} {mc[c]:8.1f} {-mc[c]:8.1f} {LAUNCHES[c] // a.rounds:5d}  - / {c}")
                LAUNCHES.clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
