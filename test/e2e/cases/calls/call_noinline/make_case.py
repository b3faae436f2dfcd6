# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (two tt.calls of a noinline helper): n = 1000 elements in 8
# programs of 128 (the last one partial). Run with /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

N, B, P, S = 1000, 128, 8, 0.75
rng = np.random.default_rng(11)
x = rng.uniform(-2, 2, N).astype(np.float32)
offs = np.arange(P * B)
m = offs < N
xf = np.where(m, x[np.minimum(offs, N - 1)], 0).astype(np.float64)
xr = np.where(m, x[np.clip(N - 1 - offs, 0, N - 1)], 0).astype(np.float64)
f = lambda v: v * np.float32(S) + np.abs(v)  # noqa: E731
y = (f(xf) + f(xr))[:N]
t = xf.reshape(P, B).sum(axis=1) - xr.reshape(P, B).sum(axis=1)

ins = [x, np.full(N, -9, np.float32), np.full(P, -9, np.float32)]
outs = [x, y.astype(np.float32), t.astype(np.float32)]
write_case(__file__, "call_noinline", ins, outs, scalars=[N, S], grid=(P, 1, 1), config={"BLOCK": B})
