# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir: 4 programs of 64 lanes xor into 8 slots (lanes >= n masked
# off), each program takes a spin lock (tt.atomic_cas in a while loop) to add
# pid + 1 to a counter, and a tensor atomic_cas on float32 compares bits:
# 0.0 vs -0.0 does not swap, NaN vs the same NaN does. Run with
# /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

P, L, n = 4, 64, 230
rng = np.random.default_rng(5)
x = rng.integers(-2**31, 2**31, P * L, dtype=np.int64).astype(np.int32)
acc = rng.integers(-2**31, 2**31, 8, dtype=np.int64).astype(np.int32)
acc_out = acc.copy()
for i in range(n):
    acc_out[i % 8] ^= x[i]

nan = np.float32(np.nan)
other_nan = np.array([0x7FC00001], np.uint32).view(np.float32)[0]
f = rng.uniform(-4, 4, P * 16).astype(np.float32)
cmp = f.copy()
new = rng.uniform(-4, 4, P * 16).astype(np.float32)
cmp[1::3] += 1.0            # a different value: no swap
f[2], cmp[2] = 0.0, -0.0    # equal as floats, not as bits: no swap
f[5], cmp[5] = -0.0, -0.0   # same bits: swap
f[8], cmp[8] = nan, nan     # same NaN bits: swap
f[11], cmp[11] = nan, other_nan  # different NaN bits: no swap
f[14], cmp[14] = 1.0, 1.0
same = f.view(np.uint32) == cmp.view(np.uint32)
f_out = np.where(same, new, f)
assert same[5] and same[8] and not same[2] and not same[11]

ins = [x, acc, np.zeros(1, np.int32), np.full(1, 100, np.int32), f, cmp, new,
       np.full(P * 16, -9, np.float32)]
outs = [x, acc_out, np.zeros(1, np.int32), np.full(1, 100 + sum(range(1, P + 1)), np.int32),
        f_out, cmp, new, f]
dtypes = ["int32"] * 4 + ["float32"] * 4
write_case(__file__, "atomic_xor_cas", ins, outs, dtypes=dtypes, scalars=[n], grid=(P, 1, 1))
