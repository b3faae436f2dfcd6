# Writes kernel.json and in<i>.npy of kernel.ttir (no oracle: `check` runs it
# differentially). Each row of 8192 is pairs (a, -a + d) with a ~ 0.12 and
# d ~ 1/4096: in order the running sum stays near 1 (the reference
# configuration's sequential sum is within a few 1e-6 of float64), but the
# 16 vector accumulators split each pair (even lanes take the a, odd lanes
# the -a) and grow to ~60, so the vectorized sum is off by ~5e-5: beyond
# float32's 1e-5 of the reference and 4x its error, within the float64
# tolerance (1e-4) that the reference itself is held to.
# Run with /usr/bin/python3.
import json, os
import numpy as np

P, N = 4, 8192
rng = np.random.default_rng(7)
a = rng.uniform(0.08, 0.16, (P, N // 2)).astype(np.float32)
d = rng.uniform(0, 2.0 / N, (P, N // 2)).astype(np.float32)
x = np.empty((P, N), np.float32)
x[:, 0::2] = a
x[:, 1::2] = -a + d
here = os.path.dirname(os.path.abspath(__file__))
ins = [x.reshape(-1), np.full(P, -7.0, np.float32)]
args = []
for i, v in enumerate(ins):
    np.save(os.path.join(here, f"in{i}.npy"), v)
    args.append({"dtype": "float32", "shape": [int(v.size)], "stride": [1],
                 "storage_offset": 0, "storage_numel": int(v.size)})
with open(os.path.join(here, "kernel.json"), "w") as fh:
    json.dump({"name": "pair_cancel_sum", "grid": [P, 1, 1], "config": {}, "args": args,
               "oracle": False}, fh, indent=1)
