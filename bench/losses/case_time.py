"""Per-launch time of one captured kernel case (triton_edge.capture), through
the runtime the package loads (TRITON_EDGE_RT, else TRITON_EDGE_HOME's):

    python bench/losses/case_time.py CASE_DIR KERNEL.so [KERNEL2.so]
        [--threads N] [--rounds 7] [--reps 50] [--reset]

KERNEL.so from `triton-edge compile CASE_DIR/kernel.ttir -o KERNEL.so`. Each
round times --reps launches of each library in turn (interleaved); printed:
the median per-launch time over rounds and each round's, and with two
libraries the median ratio of their rounds with a bootstrap 95% CI. To compare
two runtimes, run it once per runtime, alternating processes. --reset restores
the tensors before each launch (in-place kernels would otherwise run on their
own output); the restores are timed alone and subtracted. --reset-untimed
restores before each launch too but times each launch alone. On a loaded machine
a round that lost the CPU stands out as a multiple of the others.
"""
import argparse, json, os, random, statistics, sys, time
import numpy as np
from triton_edge.runtime import Kernel

def load(case):
    d = json.load(open(os.path.join(case, "kernel.json")))
    vals = []
    for i, a in enumerate(d["args"]):
        if "scalar" in a:
            vals.append(a["scalar"])
        else:
            vals.append(np.load(os.path.join(case, f"in{i}.npy")).copy())
    return d, vals

def ci(xs, n=2000):
    rng = random.Random(0)
    m = sorted(statistics.median(rng.choices(xs, k=len(xs))) for _ in range(n))
    return m[int(0.025 * n)], m[int(0.975 * n) - 1]

p = argparse.ArgumentParser()
p.add_argument("case"); p.add_argument("so", nargs="+")
p.add_argument("--threads", type=int, default=1)
p.add_argument("--rounds", type=int, default=7)
p.add_argument("--reps", type=int, default=50)
p.add_argument("--reset", action="store_true", help="restore the tensors before each launch (in-place kernels); the restore time is measured alone and subtracted")
p.add_argument("--reset-untimed", action="store_true", help="restore the tensors before each launch and time each launch alone (in-place kernels whose data drift, e.g. into subnormals, would change their speed; for kernels well above the clock's cost)")
a = p.parse_args()
d, vals = load(a.case)
ttir = open(os.path.join(a.case, "kernel.ttir")).read()
ks = [Kernel(s, d["name"], ttir=ttir) for s in a.so]
packs = [k.pack(vals) for k in ks]
orig = [v.copy() if isinstance(v, np.ndarray) else None for v in vals]
def restore():
    for v, o in zip(vals, orig):
        if o is not None: np.copyto(v, o)
from triton_edge.runtime import launch
times = [[] for _ in ks]
for r in range(a.rounds):
    for i, k in enumerate(ks):
        launch(k, d["grid"], packs[i], a.threads)
        if a.reset_untimed:
            el = 0.0
            for _ in range(a.reps):
                restore()
                t0 = time.perf_counter()
                launch(k, d["grid"], packs[i], a.threads)
                el += time.perf_counter() - t0
            times[i].append(el / a.reps * 1e6)
            continue
        t0 = time.perf_counter()
        for _ in range(a.reps):
            if a.reset: restore()
            launch(k, d["grid"], packs[i], a.threads)
        el = time.perf_counter() - t0
        if a.reset:
            t1 = time.perf_counter()
            for _ in range(a.reps): restore()
            el -= time.perf_counter() - t1
        times[i].append(el / a.reps * 1e6)
for s, t in zip(a.so, times):
    print(f"{statistics.median(t):10.2f} us  (rounds {', '.join(f'{x:.1f}' for x in t)})  {s}")
if len(ks) == 2:
    rat = [x / y for x, y in zip(times[0], times[1])]
    lo, hi = ci(rat)
    print(f"ratio {a.so[0]} / {a.so[1]}: median {statistics.median(rat):.3f} [95% CI {lo:.3f}, {hi:.3f}] over {a.rounds} rounds")
