# Writes kernel.json, in<i>.npy and the oracle out<i>.npy of kernel.ttir
# (forward and reverse cumsum over 8 rows of 512 float32). The oracle is the
# float64 running sum rounded to float32, i.e. better than any summation
# order; inputs of mean zero and magnitude ~2 keep the running sums near
# zero where only atol (1e-5) applies, so a sequential float32 sum misses
# it. Run with /usr/bin/python3.
import json, os
import numpy as np

R, N = 8, 512
rng = np.random.default_rng(21)
x = (rng.standard_normal((R, N)) * 2).astype(np.float32)
z = np.cumsum(x.astype(np.float64), axis=1).astype(np.float32)
w = np.cumsum(x.astype(np.float64)[:, ::-1], axis=1)[:, ::-1].astype(np.float32)
fill = np.full((R, N), -7.0, np.float32)

ins, outs = [x, fill, fill], [x, z, w]
here = os.path.dirname(os.path.abspath(__file__))
args = []
for i, (a, o) in enumerate(zip(ins, outs)):
    np.save(os.path.join(here, f"in{i}.npy"), a.reshape(-1))
    np.save(os.path.join(here, f"out{i}.npy"), np.ascontiguousarray(o).reshape(-1))
    args.append({"dtype": "float32", "shape": [R * N], "stride": [1],
                 "storage_offset": 0, "storage_numel": R * N})
with open(os.path.join(here, "kernel.json"), "w") as fh:
    json.dump({"name": "cumsum_512", "grid": [1, 1, 1], "config": {}, "args": args,
               "oracle": True}, fh, indent=1)
