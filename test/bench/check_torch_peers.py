"""Checks the parts of torch_peers.py that need no PyTorch, on a bundle:
which of our kernels each workload gets, that OurCall launches them on the
tensors of each data set (NumPy arrays standing in for torch tensors) with
correct results, and the paired-ratio arithmetic.

  python3 check_torch_peers.py BUNDLE_DIR
"""
import math
import os
import sys

import numpy as np

bundle = sys.argv[1]
sys.path.insert(0, bundle)
import torch_peers as tp  # noqa: E402  (the bundle's copy)

isa = tp.host_isa_level()
loads = tp.workloads(os.path.join(bundle, "manifest.json"), 10, 12, 1)
for w in loads:
    o = w["ours"]
    print("workload %s n=%d kernel=%s grid=%s scalars=%s" % (
        w["op"], w["n"], os.path.basename(o["so"]) if o else None, o and o["grid"], o and o["scalars"]))
    assert o is None or (".vec.%s.so" % isa) in o["so"], o

rt = tp.load_runtime(bundle)
print("runtime", os.path.relpath(rt.Runtime.get().path, bundle))
rng = np.random.default_rng(7)
kernels = {}
for w in loads:
    fam = w["op"].split(":")[0]
    if w["ours"] is None or fam not in ("gelu", "add"):
        continue
    n = w["n"]
    sets = [(rng.uniform(-2, 2, n).astype(np.float32), rng.uniform(-2, 2, n).astype(np.float32), None,
             np.full(n, np.nan, np.float32)) for _ in range(2)]
    key = w["ours"]["so"]
    kernels.setdefault(key, rt.Kernel(key, w["ours"]["name"]))
    for threads in (1, 2, 0):
        call = tp.OurCall(rt, kernels[key], w["ours"], fam, sets, threads)
        for s, (x, y, _, out) in enumerate(sets):
            out.fill(np.nan)
            call(s)  # data set s
            xd = x.astype(np.float64)
            ref = (0.5 * xd * (1 + np.vectorize(math.erf)(xd / math.sqrt(2))) if fam == "gelu"
                   else xd + y.astype(np.float64))
            bad = int(np.sum(~(np.abs(out - ref) <= 1e-5 + 1e-5 * np.abs(ref))))
            print("launch %s n=%d threads=%d set=%d mismatches=%d" % (w["op"], n, threads, s, bad))

# Paired ratios: a is 2x b in every round but one outlier round; the median
# ratio ignores the outlier and the CI brackets 2.
a = [2.0 * (1 + 0.01 * (i % 5)) for i in range(21)]
b = [1.0] * 21
a[3] = 50.0
q = tp.paired_ratio(a, b)
print("paired ratio %.3f ci [%.3f, %.3f] rounds %d" % (q["ratio"], q["ci95"][0], q["ci95"][1], q["rounds"]))
samples = tp.measure_interleaved([lambda i: None, lambda i: sum(range(100))], True)
print("interleaved rounds", len(samples[0]) == len(samples[1]) and len(samples[0]) >= 5)
# The table: one row with ratios against `ours` and against `ours auto`.
import tempfile  # noqa: E402
row = {"op": "gelu", "n": 4096, "threads": 16, "check": {"ours": True, "ours-auto": True, "eager": True},
       "contestants": {"ours": {"median_s": 20e-6}, "ours-auto": {"median_s": 10e-6},
                       "eager": {"median_s": 15e-6}},
       "ratios": {"eager": tp.paired_ratio([15.0] * 9, [20.0] * 9)},
       "ratios_vs_auto": {"eager": tp.paired_ratio([15.0] * 9, [10.0] * 9)}}
with tempfile.TemporaryDirectory() as d:
    tp.write_markdown(os.path.join(d, "t.md"), [row], "2.x", "x86-64-v4", 16)
    with open(os.path.join(d, "t.md")) as f:
        print(f.read().strip().splitlines()[-1])
