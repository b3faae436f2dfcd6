"""Writes a hand-made kernel case beside its generator script (the format of
docs/case-format.md): in<i>.npy and the oracle's out<i>.npy for each tensor
argument, as 1-D contiguous storage, then kernel.json with the tensors
followed by the scalars. Used by the make*.py scripts under test/e2e/cases."""
import json
import os

import numpy as np


def write_case(script, name, ins, outs, dtypes=None, scalars=(), grid=(1, 1, 1), config=None):
    """`dtypes[i]` names tensor i's dtype in kernel.json when its storage
    dtype does not (fp8 stored as uint8, ...); by default the array's."""
    here = os.path.dirname(os.path.abspath(script))
    args = []
    for i, (a, o) in enumerate(zip(ins, outs)):
        np.save(os.path.join(here, f"in{i}.npy"), a.ravel())
        np.save(os.path.join(here, f"out{i}.npy"), o.ravel())
        args.append({"dtype": dtypes[i] if dtypes else str(a.dtype), "shape": [int(a.size)],
                     "stride": [1], "storage_offset": 0, "storage_numel": int(a.size)})
    args += [{"scalar": s} for s in scalars]
    with open(os.path.join(here, "kernel.json"), "w") as fh:
        json.dump({"name": name, "grid": list(grid), "config": config or {}, "args": args,
                   "oracle": True}, fh, indent=1)
