# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (tt.gather along axis 0 and axis 1). Run with /usr/bin/python3.
import json, os
import numpy as np

rng = np.random.default_rng(5)
s = rng.uniform(-1, 1, (8, 16)).astype(np.float32)
i0 = rng.integers(0, 8, (4, 16)).astype(np.int32)
i1 = rng.integers(0, 16, (8, 4)).astype(np.int64)
# out of range along axis 1: reads 0 (docs/semantics.md)
i1[1, 2], i1[4, 0], i1[7, 3] = -1, 16, 100
o0 = np.take_along_axis(s, i0, axis=0)
o1 = np.where((i1 >= 0) & (i1 < 16), np.take_along_axis(s, np.clip(i1, 0, 15), axis=1),
              np.float32(0)).astype(np.float32)
ins = [s, i0, np.full(64, -9, np.float32), i1, np.full(32, -9, np.float32)]
outs = [s, i0, o0, i1, o1]
here = os.path.dirname(os.path.abspath(__file__))
args = []
for i, (a, o) in enumerate(zip(ins, outs)):
    np.save(os.path.join(here, f"in{i}.npy"), a.ravel())
    np.save(os.path.join(here, f"out{i}.npy"), o.ravel())
    args.append({"dtype": str(a.dtype), "shape": [int(a.size)], "stride": [1],
                 "storage_offset": 0, "storage_numel": int(a.size)})
with open(os.path.join(here, "kernel.json"), "w") as fh:
    json.dump({"name": "gather", "grid": [1, 1, 1], "config": {}, "args": args,
               "oracle": True}, fh, indent=1)
