# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (tt.dot_scaled: e4m3 x e2m1 and e2m1 x e5m2 with e8m0 scales).
# As upstream's reference: operands decoded to f32, times 2^(scale - 127)
# per 32 elements along K (0xFF: NaN), then a dot accumulated in f32, in
# k order with one rounding per multiply-add (the products are exact).
# Run with /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

rng = np.random.default_rng(11)
M, N, K = 16, 16, 64


def fp8(codes, man, bias):
    sign = np.where(codes & 0x80, -1.0, 1.0)
    exp = (codes >> man) & ((1 << (7 - man)) - 1)
    frac = (codes & ((1 << man) - 1)) / float(1 << man)
    normal = (1.0 + frac) * np.exp2(exp.astype(np.float64) - bias)
    sub = frac * np.exp2(1.0 - bias)
    return sign * np.where(exp == 0, sub, normal)


def e2m1(nibbles):
    mag = np.array([0, 0.5, 1, 1.5, 2, 3, 4, 6])[nibbles & 7]
    return np.where(nibbles & 8, -mag, mag)


def e8m0(s):
    return np.where(s == 255, np.nan, np.exp2(s.astype(np.float64) - 127))


def codes(shape, man, lo, hi):
    # exponent fields in [lo, hi]: normal values, no NaN or infinity
    exp = rng.integers(lo, hi + 1, shape)
    return ((rng.integers(0, 2, shape) << 7) | (exp << man)
            | rng.integers(0, 1 << man, shape)).astype(np.uint8)


def unpack_k(packed, along_rows):
    lo, hi = packed & 15, packed >> 4
    out = np.stack([lo, hi], axis=1 if along_rows else 2)
    return out.reshape(packed.shape[0] * 2, -1) if along_rows else out.reshape(packed.shape[0], -1)


def dot(a, b, c):
    acc = c.astype(np.float32).copy()
    for k in range(a.shape[1]):
        acc = (acc.astype(np.float64) + np.outer(a[:, k], b[k, :])).astype(np.float32)
    return acc


a = codes((M, K), 3, 5, 9)
sa = rng.integers(124, 131, (M, K // 32)).astype(np.uint8)
b = rng.integers(0, 256, (K // 2, N)).astype(np.uint8)
sb = rng.integers(124, 131, (N, K // 32)).astype(np.uint8)
sb[5, 1] = 255
b2 = codes((K, N), 2, 13, 17)

a_f = fp8(a, 3, 7) * np.repeat(e8m0(sa), 32, axis=1)
b_f = e2m1(unpack_k(b, True)) * np.repeat(e8m0(sb), 32, axis=1).T
d1 = dot(a_f, b_f, np.zeros((M, N)))
a2 = b.reshape(M, K // 2)
a2_f = e2m1(unpack_k(a2, False)) * np.repeat(e8m0(sa), 32, axis=1)
d2 = dot(a2_f, fp8(b2, 2, 15), np.ones((M, N)))

ins = [a, sa, b, sb, np.full(M * N, -9, np.float32), b2, np.full(M * N, -9, np.float32)]
outs = [a, sa, b, sb, d1, b2, d2]
dtypes = ["float8_e4m3fn", "uint8", "uint8", "uint8", "float32", "float8_e5m2", "float32"]
write_case(__file__, "dot_scaled", ins, outs, dtypes=dtypes)
