"""Unsigned tensors as Triton sees them through triton.reinterpret(t,
tl.uintN) (a TensorWrapper over signed storage): bitwise ops, comparisons,
binary ops, shifts, casts, reductions and atomics, on values with the high
bit set (where signed and unsigned answers differ)."""
import functools
import operator

import numpy as np
import torch
import triton
import triton.language as tl

import triton_edge
from common import BITS, N, TD, check, from_ints, signed_of, test, umask, unsigned_view
from elementwise import binop_kernel, cmp_kernel
from reductions import reduce2d_kernel
from atomics import atomic_kernel

UNSIGNED = ["uint8", "uint16", "uint32", "uint64"]


def high_bit_ints(d, n=N, seed=0, lo=0, hi=None):
    """Unsigned values, half of them with the high bit set."""
    g = np.random.default_rng(seed)
    bits = BITS[d]
    hi = (1 << bits) if hi is None else hi
    vals = [lo + int(v) % (hi - lo) for v in g.integers(0, 2**62, n)]
    return [v | (1 << (bits - 1)) if i % 2 and hi == 1 << bits else v for i, v in enumerate(vals)]


UREF = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "floordiv": operator.floordiv,
        "mod": operator.mod, "and": operator.and_, "or": operator.or_, "xor": operator.xor,
        "shl": operator.lshift, "shr": operator.rshift, "maximum": max, "minimum": min,
        "umulhi": None}


def unsigned_binop(op, d):
    bits = BITS[d]
    xs = high_bit_ints(d)
    if op in ("shl", "shr"):
        ys = high_bit_ints(d, seed=1, hi=bits)
    elif op in ("floordiv", "mod"):
        ys = [v or 1 for v in high_bit_ints(d, seed=1)]
        ys[::3] = [v % 97 + 1 for v in ys[::3]]  # small divisors too
    else:
        ys = high_bit_ints(d, seed=1)
    x, xw = unsigned_view(xs, d)
    y, yw = unsigned_view(ys, d)
    z, zw = unsigned_view([0] * N, d)
    binop_kernel[(2,)](xw, yw, zw, N, OP=op, BLOCK=128)
    if op == "umulhi":
        ref = [(a * b) >> bits for a, b in zip(xs, ys)]
    else:
        ref = [umask(UREF[op](a, b), d) for a, b in zip(xs, ys)]
    return check(z, from_ints(ref, signed_of(d)))


for _op in ["add", "sub", "mul", "floordiv", "mod", "and", "or", "xor", "shl", "shr", "maximum",
            "minimum"]:
    for _d in UNSIGNED:
        test(f"reinterpret_{_op}[{_d}]")(lambda op=_op, d=_d: unsigned_binop(op, d))
test("reinterpret_umulhi[uint32]")(lambda: unsigned_binop("umulhi", "uint32"))


def unsigned_compare(d):
    xs = high_bit_ints(d)
    ys = high_bit_ints(d, seed=1)
    ys[::4] = xs[::4]  # equal pairs
    _, xw = unsigned_view(xs, d)
    _, yw = unsigned_view(ys, d)
    z = torch.zeros(6 * N, dtype=torch.int8)
    cmp_kernel[(1,)](xw, yw, z, BLOCK=N)
    ref = []
    for f in (operator.lt, operator.le, operator.eq, operator.ne, operator.gt, operator.ge):
        ref += [int(f(a, b)) for a, b in zip(xs, ys)]
    return check(z, torch.tensor(ref, dtype=torch.int8))


for _d in UNSIGNED:
    test(f"reinterpret_compare[{_d}]")(lambda d=_d: unsigned_compare(d))


@triton.jit
def wrapper_cast_kernel(X, Z, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Z + offs, tl.load(X + offs).to(Z.dtype.element_ty))


def unsigned_cast(src, dst):
    """Casts from or to a reinterpreted unsigned type, in-range values."""
    if src.startswith("uint"):
        xs = high_bit_ints(src)
        x, xin = unsigned_view(xs, src)
    else:
        lim = float(min(1 << BITS[dst], 1 << 24))
        x = torch.from_numpy(np.random.default_rng(0).uniform(0, lim, N).astype(np.float32)).to(TD[src])
        xs = [int(v) for v in x.double().trunc().tolist()]
        xin = x
    if dst.startswith("uint"):
        z, zout = unsigned_view([0] * N, dst)
        wrapper_cast_kernel[(1,)](xin, zout, BLOCK=N)
        if src.startswith("uint"):  # zero extension / truncation
            ref = [umask(v, dst) for v in xs]
        else:
            ref = xs
        return check(z, from_ints(ref, signed_of(dst)))
    z = torch.zeros(N, dtype=TD[dst])
    wrapper_cast_kernel[(1,)](xin, z, BLOCK=N)
    if dst.startswith("int"):
        return check(z, from_ints(xs, dst))
    return check(z, torch.tensor(xs, dtype=torch.float64).to(TD[dst]), tol=0.0)


for _s, _d in [("uint8", "int32"), ("uint16", "int64"), ("uint32", "int64"), ("uint32", "uint64"),
               ("uint64", "uint8"), ("uint8", "uint32"), ("uint32", "float32"), ("uint64", "float64"),
               ("uint16", "float16"), ("float32", "uint8"), ("float32", "uint16"), ("float32", "uint32"),
               ("float64", "uint64")]:
    test(f"reinterpret_cast[{_s}->{_d}]")(lambda s=_s, d=_d: unsigned_cast(s, d))


UREDUCE = {"sum": sum, "max": max, "min": min, "xor_sum": lambda c: functools.reduce(operator.xor, c)}


def unsigned_reduce(op, d, axis):
    R, C = 16, 32
    xs = high_bit_ints(d, R * C)
    x, xw = unsigned_view(xs, d)
    outn = C if axis == 0 else R
    z, zw = unsigned_view([0] * outn, d)
    reduce2d_kernel[(1,)](xw, zw, OP=op, AXIS=axis, R=R, C=C)
    rows = [xs[r * C:(r + 1) * C] for r in range(R)]
    cols = [list(c) for c in zip(*rows)] if axis == 0 else rows
    return check(z, from_ints([umask(UREDUCE[op](c), d) for c in cols], signed_of(d)))


for _op, _ds in [("sum", ["uint8", "uint32", "uint64"]), ("max", ["uint16", "uint32", "uint64"]),
                 ("min", ["uint8", "uint32", "uint64"]), ("xor_sum", ["uint64"])]:
    for _d in _ds:
        for _ax in (0, 1):
            test(f"reinterpret_reduce_{_op}[{_d},axis={_ax}]")(
                lambda op=_op, d=_d, ax=_ax: unsigned_reduce(op, d, ax))


def unsigned_atomic(op, d):
    n = 1024
    xs = high_bit_ints(d, n)
    init = {"add": 0, "max": 0, "min": (1 << BITS[d]) - 1, "and": (1 << BITS[d]) - 1, "or": 0,
            "xor": 0}[op]
    _, xw = unsigned_view(xs, d)
    out, ow = unsigned_view([init] * 8, d)
    triton_edge.set_launch_threads(4)
    try:
        atomic_kernel[(n // 64,)](xw, ow, n, OP=op, BLOCK=64)
    finally:
        triton_edge.set_launch_threads(None)
    f = {"add": operator.add, "max": max, "min": min, "and": operator.and_, "or": operator.or_,
         "xor": operator.xor}[op]
    ref = [umask(functools.reduce(f, xs[i::8], init), d) for i in range(8)]
    return check(out, from_ints(ref, signed_of(d)))


for _op, _d in [("add", "uint32"), ("add", "uint64"), ("max", "uint32"), ("max", "uint64"),
                ("min", "uint32"), ("min", "uint64"), ("and", "uint32"), ("or", "uint64"),
                ("xor", "uint32"), ("xor", "uint64")]:
    test(f"reinterpret_atomic_{_op}[{_d},threads=4]")(lambda op=_op, d=_d: unsigned_atomic(op, d))
