# Writes kernel.json, in<i>.npy and the numpy oracles out<i>.npy of the
# block-pointer cases bp_add2d and bp_rowsum. Storage is padded with a
# sentinel beyond the tensors, so an access outside the block pointer's
# shape that the boundary check should have masked shows up as a mismatch
# (stores) or a wrong value (loads). Run with /usr/bin/python3.
import json, os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
PAD = 100


def write(case, name, grid, tensors, scalars):
    d = os.path.join(here, case)
    args = []
    for i, (dt, a_in, a_out) in enumerate(tensors):
        np.save(os.path.join(d, f"in{i}.npy"), a_in)
        np.save(os.path.join(d, f"out{i}.npy"), a_out)
        args.append({"dtype": dt, "shape": [int(a_in.size)], "stride": [1],
                     "storage_offset": 0, "storage_numel": int(a_in.size)})
    args += [{"scalar": s} for s in scalars]
    with open(os.path.join(d, "kernel.json"), "w") as f:
        json.dump({"name": name, "grid": grid, "config": {}, "args": args,
                   "oracle": True}, f, indent=1)


def padded(a, fill):
    return np.concatenate([a.ravel(), np.full(PAD, fill, np.float32)])


rng = np.random.default_rng(3)
# bp_add2d: Z[i, j] = X[i, j] + 2 * Yt[j, i], Yt stored as 50x37 row-major.
M, N = 37, 50
x = rng.uniform(-2, 2, (M, N)).astype(np.float32)
yt = rng.uniform(-2, 2, (N, M)).astype(np.float32)
z = x + 2 * yt.T
write("bp_add2d", "bp_add2d", [3, 2, 1],
      [("float32", padded(x, 1e6), padded(x, 1e6)),
       ("float32", padded(yt, 1e6), padded(yt, 1e6)),
       ("float32", padded(np.full((M, N), -5, np.float32), -7),
        padded(z.astype(np.float32), -7))], [M, N])

# bp_rowsum: 37x200, 5 programs of 8 rows.
M, N = 37, 200
x = rng.uniform(-2, 2, (M, N)).astype(np.float32)
s = x.astype(np.float64).sum(axis=1)
mx = x.max(axis=1)
write("bp_rowsum", "bp_rowsum", [5, 1, 1],
      [("float32", padded(x, 1e6), padded(x, 1e6)),
       ("float32", padded(np.zeros(M, np.float32), -7), padded(s.astype(np.float32), -7)),
       ("float32", padded(np.zeros(M, np.float32), -7), padded(mx, -7))], [M, N])
