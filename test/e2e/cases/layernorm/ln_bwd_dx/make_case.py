# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of the
# tutorial layer-norm backward dx kernel (kernel.ttir): M=151 rows of
# N=1031, groups of 16 rows (G=10 programs). Run with /usr/bin/python3.
import json, os
import numpy as np

M, N, GROUP, eps = 151, 1031, 16, 1e-5
G = (M + GROUP - 1) // GROUP
rng = np.random.default_rng(13)
x = rng.standard_normal((M, N)).astype(np.float32)
w = rng.random(N).astype(np.float32)
dy = rng.standard_normal((M, N)).astype(np.float32)
mean = x.astype(np.float64).mean(axis=1)
rstd = 1.0 / np.sqrt(x.astype(np.float64).var(axis=1) + eps)
mean32, rstd32 = mean.astype(np.float32), rstd.astype(np.float32)

# Oracle in float64 from the float32 inputs the kernel reads.
xhat = (x.astype(np.float64) - mean32[:, None]) * rstd32[:, None]
wdy = w.astype(np.float64)[None, :] * dy
c1 = (xhat * wdy).sum(axis=1, keepdims=True) / N
c2 = wdy.sum(axis=1, keepdims=True) / N
dx = (wdy - (xhat * c1 + c2)) * rstd32[:, None]
dw_part = np.zeros((G, N))
db_part = np.zeros((G, N))
for g in range(G):
    rows = slice(g * GROUP, min(g * GROUP + GROUP, M))
    dw_part[g] = (dy[rows] * xhat[rows]).sum(axis=0)
    db_part[g] = dy[rows].astype(np.float64).sum(axis=0)

# Outputs start as a recognisable non-zero pattern (torch.empty in the tutorial).
ins = [np.full(M * N, 7.0, np.float32), dy.ravel(), np.full(G * N, 7.0, np.float32),
       np.full(G * N, 7.0, np.float32), x.ravel(), w, mean32, rstd32]
outs = [dx.astype(np.float32).ravel(), dy.ravel(), dw_part.astype(np.float32).ravel(),
        db_part.astype(np.float32).ravel(), x.ravel(), w, mean32, rstd32]
shapes = [[M, N], [M, N], [G, N], [G, N], [M, N], [N], [M], [M]]
here = os.path.dirname(os.path.abspath(__file__))
args = []
for i, (a, shape) in enumerate(zip(ins, shapes)):
    np.save(os.path.join(here, f"in{i}.npy"), a)
    np.save(os.path.join(here, f"out{i}.npy"), outs[i])
    stride = [shape[1], 1] if len(shape) == 2 else [1]
    args.append({"dtype": "float32", "shape": shape, "stride": stride,
                 "storage_offset": 0, "storage_numel": int(a.size)})
args += [{"scalar": N}, {"scalar": N}, {"scalar": M}]
meta = {"name": "ln_bwd_dx_kernel", "grid": [G, 1, 1],
        "config": {"GROUP": GROUP, "BLOCK": 2048}, "args": args, "oracle": True}
with open(os.path.join(here, "kernel.json"), "w") as f:
    json.dump(meta, f, indent=1)
