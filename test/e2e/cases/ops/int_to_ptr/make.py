# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (tt.int_to_ptr of a kernel argument's tt.ptr_to_int plus 8
# bytes, and of a tensor of addresses). Run with /usr/bin/python3.
import json
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
x = np.random.default_rng(3).standard_normal(18).astype(np.float32)
arrays = [(x, x), (np.zeros(16, np.float32), x[2:18])]  # (input, oracle)
args = []
for i, (a, o) in enumerate(arrays):
    np.save(os.path.join(here, f"in{i}.npy"), a)
    np.save(os.path.join(here, f"out{i}.npy"), o)
    args.append({"dtype": "float32", "shape": [len(a)], "stride": [1], "storage_offset": 0,
                 "storage_numel": len(a)})
with open(os.path.join(here, "kernel.json"), "w") as fh:
    json.dump({"name": "int_to_ptr_shift", "grid": [1, 1, 1], "config": {}, "args": args,
               "oracle": True}, fh, indent=1)
