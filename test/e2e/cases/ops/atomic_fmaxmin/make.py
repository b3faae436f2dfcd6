# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (Triton's float32 atomic max/min through integer atomics):
# each lane updates its own element, with (memory, value) pairs chosen for
# the GPU's quirks: -0.0 vs 0.0, -0.0 against a negative, NaN values (no
# update), NaN and -NaN in memory, infinities. Lanes >= n are masked off.
# Run with /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

nan, inf = np.float32(np.nan), np.float32(np.inf)
neg_nan = np.array([0xFFC00000], np.uint32).view(np.float32)[0]
pairs = [(-1.0, -0.0), (0.0, -0.0), (-0.0, 0.0), (1.0, nan), (nan, 5.0), (neg_nan, 5.0),
         (neg_nan, -5.0), (nan, -5.0), (-2.0, -3.0), (-3.0, -2.0), (1.0, -1.0), (-1.0, 1.0),
         (-inf, 3.0), (inf, -3.0), (2.0, 7.0), (7.0, 2.0), (-0.0, -0.0), (0.0, 0.0),
         (-7.5, -0.0), (3.0, -inf), (-0.0, -4.0), (4.0, 0.0), (1e-38, -1e-38), (-1e-38, 1e-38)]
N, n = 32, len(pairs)
mem = np.full(N, 9.0, np.float32)
x = np.full(N, -9.0, np.float32)  # masked-off lanes: never applied
mem[:n] = [p[0] for p in pairs]
x[:n] = [p[1] for p in pairs]


def bits(v):
    return np.array([v], np.float32).view(np.int32)[0]


def flt(i):
    return np.array([i], np.int32).view(np.float32)[0]


def apply(m, v, signed_op, unsigned_op):
    """Triton's lowering: (old memory, returned value) for one lane."""
    mi, vi = int(bits(m)), int(bits(v))
    if v >= 0:
        new = signed_op(mi, vi)
    elif v < 0:
        new = unsigned_op(mi & 0xFFFFFFFF, vi & 0xFFFFFFFF)
        new = new - (1 << 32) if new >= (1 << 31) else new
    else:  # NaN: both masked off, the select takes the umin/umax result 0
        return m, np.float32(0.0)
    return flt(new), m


mx, mn = mem.copy(), mem.copy()
old = np.full(2 * N, -9.0, np.float32)  # masked-off lanes store nothing
for i in range(n):
    mx[i], old[i] = apply(mem[i], x[i], max, min)
    mn[i], old[N + i] = apply(mem[i], x[i], min, max)
assert np.isnan(mx[4]) and mx[5] == 5.0 and mx[0] == -1.0 and bits(mx[2]) == 0

ins = [x, mem, mem.copy(), np.full(2 * N, -9.0, np.float32)]
outs = [x, mx, mn, old]
write_case(__file__, "atomic_fmaxmin", ins, outs, scalars=[n])
print("max", mx[:n]); print("min", mn[:n])
