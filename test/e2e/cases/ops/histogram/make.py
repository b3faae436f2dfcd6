# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (tt.histogram with and without a mask). Run with /usr/bin/python3.
import json, os
import numpy as np

rng = np.random.default_rng(3)
x = rng.integers(-4, 20, 64).astype(np.int32)


def histogram(values, bins):
    inside = values[(values >= 0) & (values < bins)]
    return np.bincount(inside, minlength=bins).astype(np.int32)


h = histogram(x, 16)
hm = histogram(x[:40], 8)
ins = [x, np.full(16, -9, np.int32), np.full(8, -9, np.int32)]
outs = [x, h, hm]
here = os.path.dirname(os.path.abspath(__file__))
args = []
for i, (a, o) in enumerate(zip(ins, outs)):
    np.save(os.path.join(here, f"in{i}.npy"), a)
    np.save(os.path.join(here, f"out{i}.npy"), o)
    args.append({"dtype": "int32", "shape": [int(a.size)], "stride": [1],
                 "storage_offset": 0, "storage_numel": int(a.size)})
with open(os.path.join(here, "kernel.json"), "w") as fh:
    json.dump({"name": "histogram", "grid": [1, 1, 1], "config": {}, "args": args,
               "oracle": True}, fh, indent=1)
