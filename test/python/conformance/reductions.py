"""Reductions and scans."""
import numpy as np
import torch
import triton
import triton.language as tl

from common import FLOAT_DTYPES, TD, check, from_ints, rand, test, wrap


# ---- reductions, scans

@triton.jit
def reduce2d_kernel(X, Z, OP: tl.constexpr, AXIS: tl.constexpr, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(X + r[:, None] * C + c[None, :])
    if OP == "sum":
        z = tl.sum(x, axis=AXIS)
    elif OP == "max":
        z = tl.max(x, axis=AXIS)
    elif OP == "min":
        z = tl.min(x, axis=AXIS)
    elif OP == "xor_sum":
        z = tl.xor_sum(x, axis=AXIS)
    elif OP == "argmax":
        z = tl.argmax(x, axis=AXIS)
    elif OP == "argmin":
        z = tl.argmin(x, axis=AXIS)
    else:
        z = tl.reduce(x, AXIS, _prod_combine)
    if AXIS == 0:
        tl.store(Z + c, z)
    else:
        tl.store(Z + r, z)


@triton.jit
def _prod_combine(a, b):
    return a * b


def reduce_test(op, d, axis):
    R, C = 16, 32
    if op == "prod":
        x = rand(d, R * C, lo=0.9, hi=1.1) if d in FLOAT_DTYPES else rand(d, R * C, lo=1, hi=3)
    elif op in ("argmax", "argmin"):
        x = torch.randperm(R * C).to(TD[d]) if d != "float16" else torch.randperm(R * C).float().half()
    else:
        x = rand(d, R * C, lo=-100 if d.startswith("int") else None, hi=100 if d.startswith("int") else None)
    x = x.reshape(R, C)
    outn = C if axis == 0 else R
    zdt = torch.int32 if op in ("argmax", "argmin") else x.dtype
    z = torch.zeros(outn, dtype=zdt)
    reduce2d_kernel[(1,)](x, z, OP=op, AXIS=axis, R=R, C=C)
    if op == "sum":
        ref = x.double().sum(axis).to(x.dtype) if d in FLOAT_DTYPES else from_ints(
            [wrap(sum(col), d) for col in (x.t() if axis == 0 else x).tolist()], d)
    elif op == "max":
        ref = x.amax(axis)
    elif op == "min":
        ref = x.amin(axis)
    elif op == "xor_sum":
        import functools
        import operator
        ref = from_ints([wrap(functools.reduce(operator.xor, col), d) for col in (x.t() if axis == 0 else x).tolist()], d)
    elif op == "argmax":
        ref = x.argmax(axis).to(torch.int32)
    elif op == "argmin":
        ref = x.argmin(axis).to(torch.int32)
    else:
        ref = x.double().prod(axis).to(x.dtype) if d in FLOAT_DTYPES else from_ints(
            [wrap(int(np.prod(np.array(col, dtype=object))), d) for col in (x.t() if axis == 0 else x).tolist()], d)
    return check(z, ref, tol=1e-4 if d == "float32" and op in ("sum", "prod") else None)


for _op, _ds in [("sum", ["int32", "float32", "int8", "float64"]), ("max", ["int32", "float32", "uint8"]),
                 ("min", ["int64", "float32", "int16"]), ("xor_sum", ["int32", "uint32"]),
                 ("argmax", ["float32", "int32"]), ("argmin", ["float32", "int32"]),
                 ("prod", ["float32", "int32"])]:
    for _d in _ds:
        for _ax in (0, 1):
            test(f"reduce_{_op}[{_d},axis={_ax}]")(lambda op=_op, d=_d, ax=_ax: reduce_test(op, d, ax))


@triton.jit
def scan_kernel(X, Z, OP: tl.constexpr, REV: tl.constexpr, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(X + r[:, None] * C + c[None, :])
    if OP == "cumsum":
        z = tl.cumsum(x, axis=1, reverse=REV)
    elif OP == "cumprod":
        z = tl.cumprod(x, axis=1, reverse=REV)
    else:
        z = tl.associative_scan(x, 1, _max_combine, reverse=REV)
    tl.store(Z + r[:, None] * C + c[None, :], z)


@triton.jit
def _max_combine(a, b):
    return tl.maximum(a, b)


def scan_test(op, d, rev):
    R, C = 8, 64
    x = rand(d, R * C, lo=0.95 if op == "cumprod" else -50, hi=1.05 if op == "cumprod" else 50).reshape(R, C)
    z = torch.zeros_like(x)
    scan_kernel[(1,)](x, z, OP=op, REV=rev, R=R, C=C)
    xx = x.flip(1) if rev else x
    if op == "cumsum":
        ref = xx.double().cumsum(1).to(x.dtype)
    elif op == "cumprod":
        ref = xx.double().cumprod(1).to(x.dtype)
    else:
        ref = torch.cummax(xx, 1).values
    if rev:
        ref = ref.flip(1)
    return check(z, ref, tol=1e-4 if d == "float32" else None)


for _op, _d in [("cumsum", "float32"), ("cumsum", "int32"), ("cumprod", "float32"), ("maxscan", "int32"),
                ("maxscan", "float32")]:
    for _rev in (False, True):
        test(f"scan_{_op}[{_d},reverse={_rev}]")(lambda op=_op, d=_d, rev=_rev: scan_test(op, d, rev))



@triton.jit
def _previous_combine(n1, prev1, last1, n2, prev2, last2):
    # (count, the element before the last, the last): a one-element right
    # operand takes the left's last as its previous.
    return n1 + n2, tl.where(n2 == 1, last1, 0) + prev2, last2


@triton.jit
def previous_scan_kernel(X, Z, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(X + r[:, None] * C + c[None, :])
    zero = x * 0
    _, prev, _ = tl.associative_scan((zero + 1, zero, x), 1, _previous_combine)
    tl.store(Z + r[:, None] * C + c[None, :], prev.to(tl.float32))


def previous_scan_test(d):
    # A scan whose second result is the row shifted right by one: a bf16
    # one made LLVM's x86 back end permute bf16 lanes it cannot select on
    # CPUs with AVX512-BF16 (lib/Target/BackendWorkarounds.cpp).
    R, C = 8, 32
    x = rand("int32", R * C, lo=-100, hi=100).to(TD[d]).reshape(R, C)
    z = torch.zeros(R, C)
    previous_scan_kernel[(1,)](x, z, R=R, C=C)
    ref = torch.zeros(R, C)
    ref[:, 1:] = x[:, :-1].float()
    return check(z, ref, tol=0)


for _d in ("bfloat16", "float16", "float32"):
    test(f"scan_previous_tuple[{_d}]")(lambda d=_d: previous_scan_test(d))


@triton.jit
def _segment_sum_combine(v1, start1, v2, start2):
    # The right operand's segment restarts the sum where it starts.
    return tl.where(start2 != 0, v2, v1 + v2), start1 | start2


@triton.jit
def segment_scan_kernel(X, S, Z, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    offs = r[:, None] * C + c[None, :]
    z, _ = tl.associative_scan((tl.load(X + offs), tl.load(S + offs)), 1, _segment_sum_combine)
    tl.store(Z + offs, z)


def segment_scan_test(d):
    # A segmented sum: a scan of (value, segment start) tuples. Small
    # integers keep every partial sum exact, so any order of additions gives
    # the same bits.
    R, C = 8, 64
    x = rand("int32", R * C, lo=-4, hi=5).to(TD[d]).reshape(R, C)
    starts = rand("int32", R * C, lo=0, hi=2, seed=1).reshape(R, C)
    z = torch.zeros_like(x)
    segment_scan_kernel[(1,)](x, starts, z, R=R, C=C)
    ref = torch.zeros(R, C, dtype=torch.float64)
    for i in range(R):
        acc = 0.0
        for j in range(C):
            acc = float(x[i, j]) if starts[i, j] or j == 0 else acc + float(x[i, j])
            ref[i, j] = acc
    return check(z, ref.to(x.dtype), tol=0)


for _d in ("bfloat16", "float16", "float32"):
    test(f"scan_segment_sum_tuple[{_d}]")(lambda d=_d: segment_scan_test(d))
