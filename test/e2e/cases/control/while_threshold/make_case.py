# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (a while loop with a data-dependent trip count): 12 programs,
# rows of 16 chunks of 64 values in [0, 1); the running sum of a row's chunks
# crosses `limit` after a different number of chunks in each row (rows are
# scaled differently), and the last row never crosses it. Run with
# /usr/bin/python3.
import json, os
import numpy as np

P, CHUNKS, W, LIMIT = 12, 16, 64, 150.0
rng = np.random.default_rng(7)
x = rng.random((P, CHUNKS, W)).astype(np.float32)
x *= (np.arange(1, P + 1, dtype=np.float32) / 4)[:, None, None]
x[-1] *= 0.01
out = np.zeros((P, W), np.float32)
count = np.zeros(P, np.int32)
for p in range(P):
    acc = np.zeros(W, np.float64)
    i, total = 0, 0.0
    while i < CHUNKS and total < LIMIT:
        acc += x[p, i]
        total = acc.sum()
        i += 1
    out[p], count[p] = acc, i
assert len(set(count.tolist())) > 4, count

ins = [x.ravel(), np.full(P * W, -1.0, np.float32), np.full(P, -1, np.int32)]
outs = [x.ravel(), out.ravel(), count]
here = os.path.dirname(os.path.abspath(__file__))
args = []
for i, (a, o, dt) in enumerate(zip(ins, outs, ["float32", "float32", "int32"])):
    np.save(os.path.join(here, f"in{i}.npy"), a)
    np.save(os.path.join(here, f"out{i}.npy"), o)
    args.append({"dtype": dt, "shape": [int(a.size)], "stride": [1],
                 "storage_offset": 0, "storage_numel": int(a.size)})
args += [{"scalar": CHUNKS}, {"scalar": LIMIT}]
meta = {"name": "while_threshold", "grid": [P, 1, 1], "config": {}, "args": args,
        "oracle": True}
with open(os.path.join(here, "kernel.json"), "w") as f:
    json.dump(meta, f, indent=1)
print("trip counts", count.tolist())
