# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (an early return inside if, as cf branches): 6 programs of 32
# elements; programs >= 4 return before storing, even programs scale by 2,
# odd ones by -1. Run with /usr/bin/python3.
import json, os
import numpy as np

P, B, ACTIVE = 6, 32, 4
rng = np.random.default_rng(3)
x = rng.uniform(-1, 1, P * B).astype(np.float32)
out = np.full(P * B, -7.0, np.float32)
for p in range(ACTIVE):
    out[p * B:(p + 1) * B] = x[p * B:(p + 1) * B] * (2.0 if p % 2 == 0 else -1.0)

ins, outs = [x, np.full(P * B, -7.0, np.float32)], [x, out]
here = os.path.dirname(os.path.abspath(__file__))
args = []
for i, (a, o) in enumerate(zip(ins, outs)):
    np.save(os.path.join(here, f"in{i}.npy"), a)
    np.save(os.path.join(here, f"out{i}.npy"), o)
    args.append({"dtype": "float32", "shape": [int(a.size)], "stride": [1],
                 "storage_offset": 0, "storage_numel": int(a.size)})
args.append({"scalar": ACTIVE})
with open(os.path.join(here, "kernel.json"), "w") as fh:
    json.dump({"name": "early_return", "grid": [P, 1, 1], "config": {}, "args": args,
               "oracle": True}, fh, indent=1)
