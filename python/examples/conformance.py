"""Conformance suite: @triton.jit tests over the `tl` surface, run through the
triton-edge backend on CPU tensors and compared with PyTorch/NumPy on the
same inputs.

    python conformance.py [-k SUBSTRING] [--capture DIR] [--list]

Prints PASS/FAIL/SKIP per test and the counts. With --capture DIR, the
launches of every test that PASSED are written as kernel cases (their
outputs matched the reference, so they are verified oracles) for CI
(test/corpus/captured/).
"""
import argparse
import sys
import traceback

import numpy as np
import torch
import triton
import triton.language as tl

import triton_edge
from triton_edge import capture
from triton_edge.compile import CompilationError
from triton_edge.runtime import LaunchError

triton_edge.activate()

TESTS = []
# Features that exist only on GPUs, with the reason they are not tested here.
SKIPS = {
    "inline_asm_elementwise": "inline PTX/AMDGCN assembly: GPU instruction sets, no CPU meaning",
    "fp8_dtypes": "float8 types: the triton-edge ABI has no fp8 element type (te_dtype) and "
                  "PyTorch CPU tensors of fp8 lack arithmetic for a reference",
    "tma_host_descriptor_nvTmaDesc": "Hopper TMA descriptors (nvTmaDesc): a GPU copy engine; the "
                                     "portable tensor descriptors are tested (tensor_descriptor_*)",
    "warp_specialize_and_num_ctas": "warp specialization / clusters: GPU scheduling options",
    "debug_barrier_and_shared_memory_layouts": "tl.debug_barrier / shared-memory layouts: GPU "
                                               "thread-block concepts (a program is one thread here)",
    "device_print": "tl.device_print writes through the GPU printf buffer; output, not values",
}

# Tests whose outputs depend on the order in which contexts run programs: not
# captured as cases (a replay may legitimately differ).
NO_CAPTURE = {"atomic_add_returns_old_value[threads=4]", "atomic_cas_xchg_spinlock[threads=4]",
              "atomic_add[float32,threads=4]"}
INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FLOAT_DTYPES = ["float16", "bfloat16", "float32", "float64"]
TD = {n: getattr(torch, n) for n in INT_DTYPES + FLOAT_DTYPES + ["bool"]}
BITS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64, "uint8": 8, "uint16": 16, "uint32": 32,
        "uint64": 64}
N = 256


def test(name):
    def deco(fn):
        TESTS.append((name, fn))
        return fn
    return deco


def rand(dtype, n=N, lo=None, hi=None, nonzero=False, seed=0):
    g = np.random.default_rng(seed)
    if dtype in FLOAT_DTYPES:
        a = torch.from_numpy(g.uniform(-4 if lo is None else lo, 4 if hi is None else hi, n).astype(np.float32))
        return a.to(TD[dtype])
    if dtype == "bool":
        return torch.from_numpy(g.integers(0, 2, n).astype(np.bool_))
    bits = BITS[dtype]
    signed = dtype.startswith("int")
    lo = (-(2 ** (bits - 1)) if signed else 0) if lo is None else lo
    hi = ((2 ** (bits - 1)) if signed else 2 ** bits) if hi is None else hi
    vals = [int(v) for v in g.integers(0, 2**62, n)]
    vals = [lo + v % (hi - lo) for v in vals]
    if nonzero:
        vals = [v if v != 0 else 1 for v in vals]
    return from_ints(vals, dtype)


def from_ints(vals, dtype):
    bits = BITS[dtype]
    u = [v & ((1 << bits) - 1) for v in vals]
    npu = {8: np.uint8, 16: np.uint16, 32: np.uint32, 64: np.uint64}[bits]
    arr = np.array(u, dtype=npu)
    if dtype.startswith("int"):
        arr = arr.view({8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}[bits])
    return torch.from_numpy(arr.copy())


def to_ints(t):
    return [int(v) for v in t.numpy().reshape(-1).tolist()]


def wrap(v, dtype):
    bits = BITS[dtype]
    v &= (1 << bits) - 1
    if dtype.startswith("int") and v >= 1 << (bits - 1):
        v -= 1 << bits
    return v


def tl_dtype(d):
    return {"int8": tl.int8, "int16": tl.int16, "int32": tl.int32, "int64": tl.int64, "uint8": tl.uint8,
            "uint16": tl.uint16, "uint32": tl.uint32, "uint64": tl.uint64, "float16": tl.float16,
            "bfloat16": tl.bfloat16, "float32": tl.float32, "float64": tl.float64, "bool": tl.int1}[d]


def check(got, ref, dtype=None, tol=None):
    dtype = dtype or str(ref.dtype)[6:]
    if dtype in ("float16", "bfloat16"):
        tol = tol or 1e-2
    elif dtype == "float32":
        tol = tol or 1e-5
    elif dtype == "float64":
        tol = tol or 1e-12
    if tol is None:
        if got.dtype == torch.bfloat16:
            got, ref = got.view(torch.int16), ref.view(torch.int16)
        g, r = got.numpy().reshape(-1), ref.numpy().reshape(-1)
        if g.shape != r.shape or g.dtype != r.dtype:
            return False, f"shape/dtype {g.shape} {g.dtype} vs {r.shape} {r.dtype}"
        bad = np.nonzero(g != r)[0]
        if len(bad):
            i = int(bad[0])
            return False, f"{len(bad)} mismatches; first at {i}: got {g[i]}, expected {r[i]}"
        return True, "exact"
    g, r = got.double(), ref.double()
    ok = torch.allclose(g, r, atol=tol, rtol=tol, equal_nan=True)
    err = (g - r).abs().nan_to_num(0).max().item() if g.numel() else 0
    return ok, f"max abs err {err:.3g} (tol {tol:g})"


# ---------------------------------------------------------------- load/store

@triton.jit
def copy_kernel(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(Y + offs, tl.load(X + offs, mask=m), mask=m)


for _d in INT_DTYPES + FLOAT_DTYPES + ["bool"]:
    def _t(d=_d):
        x = rand(d, 1000)
        y = torch.zeros_like(x)
        copy_kernel[(triton.cdiv(1000, 128),)](x, y, 1000, BLOCK=128)
        return check(y, x, tol=None if d not in FLOAT_DTYPES else 0.0)
    test(f"load_store[{_d}]")(_t)


# ---------------------------------------------------------------- binary ops

@triton.jit
def binop_kernel(X, Y, Z, n, OP: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m)
    y = tl.load(Y + offs, mask=m, other=1)
    if OP == "add":
        z = x + y
    elif OP == "sub":
        z = x - y
    elif OP == "mul":
        z = x * y
    elif OP == "div":
        z = x / y
    elif OP == "floordiv":
        z = x // y
    elif OP == "mod":
        z = x % y
    elif OP == "and":
        z = x & y
    elif OP == "or":
        z = x | y
    elif OP == "xor":
        z = x ^ y
    elif OP == "shl":
        z = x << y
    elif OP == "shr":
        z = x >> y
    elif OP == "maximum":
        z = tl.maximum(x, y)
    elif OP == "minimum":
        z = tl.minimum(x, y)
    elif OP == "umulhi":
        z = tl.umulhi(x, y)
    elif OP == "fdiv":
        z = tl.fdiv(x, y)
    elif OP == "div_rn":
        z = tl.div_rn(x, y)
    elif OP == "pow":
        z = tl.extra.libdevice.pow(x, y)
    elif OP == "atan2":
        z = tl.extra.libdevice.atan2(x, y)
    else:
        z = x
    tl.store(Z + offs, z, mask=m)


def trunc_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def c_rem(a, b):
    return a - trunc_div(a, b) * b


INT_REF = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
           "floordiv": trunc_div, "mod": c_rem, "and": lambda a, b: a & b, "or": lambda a, b: a | b,
           "xor": lambda a, b: a ^ b, "shl": lambda a, b: a << b, "maximum": max, "minimum": min}


def int_binop(op, d):
    signed = d.startswith("int")
    bits = BITS[d]
    if op in ("shl", "shr"):
        x, y = rand(d), rand(d, lo=0, hi=bits, seed=1)
    elif op in ("floordiv", "mod"):
        lo = -(2 ** (bits - 1)) + 1 if signed else 0
        x, y = rand(d, lo=lo), rand(d, lo=-100 if signed else 1, hi=100, nonzero=True, seed=1)
    else:
        x, y = rand(d), rand(d, seed=1)
    z = torch.zeros_like(x)
    binop_kernel[(2,)](x, y, z, N, OP=op, BLOCK=128)
    xs, ys = to_ints(x), to_ints(y)
    if op == "shr":
        ref = [(a >> b) if signed else ((a & ((1 << bits) - 1)) >> b) for a, b in zip(xs, ys)]
    elif op == "umulhi":
        ref = [((a & ((1 << bits) - 1)) * (b & ((1 << bits) - 1))) >> bits for a, b in zip(xs, ys)]
    else:
        ref = [INT_REF[op](a, b) for a, b in zip(xs, ys)]
    return check(z, from_ints([wrap(v, d) for v in ref], d))


for _op in ["add", "sub", "mul", "floordiv", "mod", "and", "or", "xor", "shl", "shr", "maximum", "minimum"]:
    for _d in INT_DTYPES:
        test(f"int_{_op}[{_d}]")(lambda op=_op, d=_d: int_binop(op, d))
for _d in ["int32", "uint32"]:
    test(f"int_umulhi[{_d}]")(lambda d=_d: int_binop("umulhi", d))


FLOAT_REF = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
             "mod": torch.fmod, "maximum": torch.maximum, "minimum": torch.minimum,
             "fdiv": torch.div, "div_rn": torch.div, "pow": torch.pow, "atan2": torch.atan2,
             "floordiv": lambda a, b: torch.floor(a / b)}


def float_binop(op, d):
    x, y = rand(d), rand(d, seed=1)
    if op in ("div", "mod", "fdiv", "div_rn", "floordiv"):
        y = torch.where(y.abs() < 0.25, torch.full_like(y, 0.5), y)
    if op == "pow":
        x = x.abs() + 0.1
    z = torch.zeros_like(x)
    binop_kernel[(2,)](x, y, z, N, OP=op, BLOCK=128)
    ref = FLOAT_REF[op](x.double(), y.double()).to(x.dtype)
    tol = 1e-2 if d in ("float16", "bfloat16") else (2e-5 if d == "float32" else 1e-12)
    if op in ("pow", "atan2", "fdiv") and d == "float32":
        tol = 1e-5 * 4
    return check(z, ref, tol=tol)


for _op in ["add", "sub", "mul", "div", "mod", "maximum", "minimum"]:
    for _d in FLOAT_DTYPES:
        test(f"float_{_op}[{_d}]")(lambda op=_op, d=_d: float_binop(op, d))
for _op in ["fdiv", "div_rn", "pow", "atan2"]:
    test(f"float_{_op}[float32]")(lambda op=_op: float_binop(op, "float32"))


@triton.jit
def minmax_nan_kernel(X, Y, Z, PROP: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.load(Y + offs)
    tl.store(Z + offs, tl.maximum(x, y, propagate_nan=PROP))
    tl.store(Z + BLOCK + offs, tl.minimum(x, y, propagate_nan=PROP))


@test("float_max_min_propagate_nan")
def _():
    x = torch.tensor([1.0, float("nan"), 3.0, -1.0, float("nan"), 0.0, 5.0, -2.0])
    y = torch.tensor([2.0, 1.0, float("nan"), -3.0, float("nan"), -0.5, 4.0, -2.0])
    z = torch.zeros(16)
    minmax_nan_kernel[(1,)](x, y, z, PROP=tl.PropagateNan.ALL, BLOCK=8)
    return check(z, torch.cat([torch.maximum(x, y), torch.minimum(x, y)]))


# ---------------------------------------------------------------- comparisons

@triton.jit
def cmp_kernel(X, Y, Z, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.load(Y + offs)
    tl.store(Z + 0 * BLOCK + offs, (x < y).to(tl.int8))
    tl.store(Z + 1 * BLOCK + offs, (x <= y).to(tl.int8))
    tl.store(Z + 2 * BLOCK + offs, (x == y).to(tl.int8))
    tl.store(Z + 3 * BLOCK + offs, (x != y).to(tl.int8))
    tl.store(Z + 4 * BLOCK + offs, (x > y).to(tl.int8))
    tl.store(Z + 5 * BLOCK + offs, (x >= y).to(tl.int8))


def compare_test(d):
    x = rand(d, lo=-3 if d.startswith(("int", "float", "bf")) else 0, hi=3)
    y = rand(d, lo=-3 if d.startswith(("int", "float", "bf")) else 0, hi=3, seed=1)
    if d in FLOAT_DTYPES:
        x, y = x.round(), y.round()  # many equal pairs
        x[0] = float("nan")
    z = torch.zeros(6 * N, dtype=torch.int8)
    cmp_kernel[(1,)](x, y, z, BLOCK=N)
    if d.startswith("uint"):
        xi, yi = to_ints(x), to_ints(y)
        xs, ys = torch.tensor(xi), torch.tensor(yi)
    else:
        xs, ys = x, y
    ref = torch.cat([xs < ys, xs <= ys, xs == ys, xs != ys, xs > ys, xs >= ys]).to(torch.int8)
    return check(z, ref)


for _d in INT_DTYPES + FLOAT_DTYPES:
    test(f"compare[{_d}]")(lambda d=_d: compare_test(d))


@test("unsigned_compare_high_bit[uint32]")
def _():
    x = from_ints([0, 1, 2**31, 2**32 - 1] * 64, "uint32")
    y = from_ints([2**31, 2**32 - 1, 1, 0] * 64, "uint32")
    z = torch.zeros(6 * N, dtype=torch.int8)
    cmp_kernel[(1,)](x, y, z, BLOCK=N)
    xs, ys = torch.tensor(to_ints(x)), torch.tensor(to_ints(y))
    ref = torch.cat([xs < ys, xs <= ys, xs == ys, xs != ys, xs > ys, xs >= ys]).to(torch.int8)
    return check(z, ref)


# ---------------------------------------------------------------- unary, casts, bitcasts

@triton.jit
def unary_kernel(X, Z, OP: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    if OP == "neg":
        z = -x
    elif OP == "invert":
        z = ~x
    elif OP == "abs":
        z = tl.abs(x)
    else:
        z = x
    tl.store(Z + offs, z)


for _d in ["int8", "int32", "int64", "uint8", "uint32"]:
    def _neg(d=_d):
        x = rand(d)
        z = torch.zeros_like(x)
        unary_kernel[(1,)](x, z, OP="neg", BLOCK=N)
        return check(z, from_ints([wrap(-v, d) for v in to_ints(x)], d))

    def _inv(d=_d):
        x = rand(d)
        z = torch.zeros_like(x)
        unary_kernel[(1,)](x, z, OP="invert", BLOCK=N)
        return check(z, from_ints([wrap(~v, d) for v in to_ints(x)], d))
    test(f"neg[{_d}]")(_neg)
    test(f"invert[{_d}]")(_inv)
for _d in ["int8", "int32", "int64", "float16", "float32", "float64"]:
    def _abs(d=_d):
        x = rand(d)
        z = torch.zeros_like(x)
        unary_kernel[(1,)](x, z, OP="abs", BLOCK=N)
        if d.startswith("int"):
            return check(z, from_ints([wrap(abs(v), d) for v in to_ints(x)], d))
        return check(z, x.abs())
    test(f"abs[{_d}]")(_abs)


@triton.jit
def cast_kernel(X, Z, DST: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Z + offs, tl.load(X + offs).to(DST))


@triton.jit
def bitcast_kernel(X, Z, DST: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Z + offs, tl.load(X + offs).to(DST, bitcast=True))


CASTS = [("float32", "int32"), ("float32", "int8"), ("float32", "uint8"), ("int32", "float32"),
         ("float32", "float16"), ("float16", "float32"), ("float32", "bfloat16"),
         ("bfloat16", "float32"), ("float64", "float32"), ("float32", "float64"), ("int8", "int32"),
         ("uint8", "int32"), ("int64", "int32"), ("int32", "int64"), ("uint32", "uint64"),
         ("int16", "float64"), ("bool", "int32"), ("int32", "bool"), ("float32", "bool"),
         ("uint16", "float32"), ("float16", "bfloat16")]


def cast_test(src, dst):
    if src in FLOAT_DTYPES and dst in INT_DTYPES:
        lo, hi = (0, 200) if dst.startswith("uint") else (-100, 100)
        x = rand(src, lo=lo, hi=hi)
    else:
        x = rand(src)
    z = torch.zeros(N, dtype=TD[dst])
    cast_kernel[(1,)](x, z, DST=tl_dtype(dst), BLOCK=N)
    if src.startswith("uint") or dst.startswith("uint"):
        if src in FLOAT_DTYPES:
            ref = from_ints([int(v) for v in x.double().trunc().tolist()], dst)
        elif dst in FLOAT_DTYPES:
            ref = torch.tensor(to_ints(x), dtype=torch.float64).to(TD[dst])
        else:
            ref = from_ints([wrap(v, dst) for v in to_ints(x)], dst)
    elif src == "int64" and dst == "int32":
        ref = from_ints([wrap(v, dst) for v in to_ints(x)], dst)
    else:
        ref = x.to(TD[dst])
    return check(z, ref, tol=None if dst not in FLOAT_DTYPES else 0.0)


for _s, _d in CASTS:
    test(f"cast[{_s}->{_d}]")(lambda s=_s, d=_d: cast_test(s, d))


for _s, _d in [("float32", "int32"), ("int32", "float32"), ("float16", "int16"), ("bfloat16", "int16"),
               ("float64", "int64"), ("uint32", "int32"), ("float32", "uint32")]:
    def _bc(s=_s, d=_d):
        x = rand(s)
        z = torch.zeros(N, dtype=TD[d])
        bitcast_kernel[(1,)](x, z, DST=tl_dtype(d), BLOCK=N)
        return check(z, x.view(TD[d]))
    test(f"bitcast[{_s}->{_d}]")(_bc)


# ---------------------------------------------------------------- where, math

@triton.jit
def where_kernel(C, X, Y, Z, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Z + offs, tl.where(tl.load(C + offs), tl.load(X + offs), tl.load(Y + offs)))


for _d in ["int8", "int32", "uint64", "float16", "float32"]:
    def _w(d=_d):
        c, x, y = rand("bool"), rand(d), rand(d, seed=1)
        z = torch.zeros_like(x)
        where_kernel[(1,)](c, x, y, z, BLOCK=N)
        return check(z, torch.where(c, x, y) if not d.startswith("uint") else
                     from_ints([a if k else b for k, a, b in zip(c.tolist(), to_ints(x), to_ints(y))], d))
    test(f"where[{_d}]")(_w)


@triton.jit
def math_kernel(X, Z, FN: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    if FN == "exp":
        z = tl.exp(x)
    elif FN == "exp2":
        z = tl.exp2(x)
    elif FN == "log":
        z = tl.log(x)
    elif FN == "log2":
        z = tl.log2(x)
    elif FN == "sqrt":
        z = tl.sqrt(x)
    elif FN == "sqrt_rn":
        z = tl.sqrt_rn(x)
    elif FN == "rsqrt":
        z = tl.rsqrt(x)
    elif FN == "sin":
        z = tl.sin(x)
    elif FN == "cos":
        z = tl.cos(x)
    elif FN == "erf":
        z = tl.erf(x)
    elif FN == "floor":
        z = tl.floor(x)
    elif FN == "ceil":
        z = tl.ceil(x)
    elif FN == "sigmoid":
        z = tl.sigmoid(x)
    elif FN == "tanh":
        z = tl.extra.libdevice.tanh(x)
    elif FN == "log1p":
        z = tl.extra.libdevice.log1p(x)
    elif FN == "expm1":
        z = tl.extra.libdevice.expm1(x)
    elif FN == "fma":
        z = tl.fma(x, x, x)
    elif FN == "clamp":
        z = tl.clamp(x, -1.0, 1.5)
    elif FN == "softmax":
        z = tl.softmax(x)
    elif FN == "cdiv":
        z = tl.cdiv(x, 7)
    else:
        z = x
    tl.store(Z + offs, z)


MATH_REF = {"exp": torch.exp, "exp2": torch.exp2, "log": torch.log, "log2": torch.log2,
            "sqrt": torch.sqrt, "sqrt_rn": torch.sqrt, "rsqrt": torch.rsqrt, "sin": torch.sin,
            "cos": torch.cos, "erf": torch.erf, "floor": torch.floor, "ceil": torch.ceil,
            "sigmoid": torch.sigmoid, "tanh": torch.tanh, "log1p": torch.log1p,
            "expm1": torch.expm1, "fma": lambda x: x * x + x, "clamp": lambda x: x.clamp(-1, 1.5),
            "softmax": lambda x: torch.softmax(x, 0)}


for _fn in MATH_REF:
    # sqrt_rn and softmax: float32 only in Triton itself.
    for _d in (["float32", "float64"] if _fn not in ("softmax", "sqrt_rn") else ["float32"]):
        def _m(fn=_fn, d=_d):
            pos = fn in ("log", "log2", "sqrt", "sqrt_rn", "rsqrt", "log1p")
            x = rand(d, lo=0.01 if pos else -8, hi=8)
            z = torch.zeros_like(x)
            math_kernel[(1,)](x, z, FN=fn, BLOCK=N)
            ref = MATH_REF[fn](x.double()).to(x.dtype)
            return check(z, ref, tol=(2e-6 if fn not in ("exp", "exp2", "expm1") else 1e-5) if d == "float32" else 1e-12)
        test(f"math_{_fn}[{_d}]")(_m)


@test("math_cdiv[int32]")
def _():
    x = rand("int32", lo=0, hi=1000)
    z = torch.zeros_like(x)
    math_kernel[(1,)](x, z, FN="cdiv", BLOCK=N)
    return check(z, (x + 6) // 7)


# ---------------------------------------------------------------- reductions, scans

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


# ---------------------------------------------------------------- sort, shapes

@triton.jit
def sort_kernel(X, Z, DESC: tl.constexpr, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(X + r[:, None] * C + c[None, :])
    tl.store(Z + r[:, None] * C + c[None, :], tl.sort(x, dim=1, descending=DESC))


for _d in ["float32", "int32", "uint8"]:
    for _desc in (False, True):
        def _s(d=_d, desc=_desc):
            x = rand(d, 8 * 32).reshape(8, 32)
            z = torch.zeros_like(x)
            sort_kernel[(1,)](x, z, DESC=desc, R=8, C=32)
            if d.startswith("uint"):
                ref = torch.tensor(to_ints(x)).reshape(8, 32).sort(1, descending=desc).values.to(TD[d])
            else:
                ref = x.sort(1, descending=desc).values
            return check(z, ref)
        test(f"sort[{_d},descending={_desc}]")(_s)


@triton.jit
def shapes_kernel(X, Z, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(X + r[:, None] * C + c[None, :])
    t = tl.trans(x)                                   # [C, R]
    tl.store(Z + c[:, None] * R + r[None, :], t)
    y = tl.reshape(x, (R * C // 2, 2))
    a, b = tl.split(y)                                # even and odd elements
    tl.store(Z + R * C + tl.arange(0, R * C // 2), a - b)
    j = tl.join(a, b)                                 # back to pairs
    tl.store(Z + R * C + R * C // 2 + tl.arange(0, R * C // 2)[:, None] * 2 + tl.arange(0, 2)[None, :], j)
    e = tl.expand_dims(tl.sum(x, axis=1), 1) + tl.zeros((R, C), dtype=x.dtype)
    tl.store(Z + 2 * R * C + R * C // 2 + r[:, None] * C + c[None, :], e)
    p = tl.permute(tl.reshape(x, (R, C // 4, 4)), (2, 0, 1))
    tl.store(Z + 3 * R * C + R * C // 2 + tl.arange(0, 4)[:, None, None] * R * (C // 4)
             + r[None, :, None] * (C // 4) + tl.arange(0, C // 4)[None, None, :], p)


@test("shapes_trans_reshape_split_join_expand_permute")
def _():
    R, C = 8, 16
    x = rand("float32", R * C).reshape(R, C)
    z = torch.zeros(4 * R * C + R * C // 2)
    shapes_kernel[(1,)](x, z, R=R, C=C)
    flat = x.reshape(-1, 2)
    ref = torch.cat([x.t().reshape(-1), flat[:, 0] - flat[:, 1], flat.reshape(-1),
                     x.sum(1, keepdim=True).expand(R, C).reshape(-1),
                     x.reshape(R, C // 4, 4).permute(2, 0, 1).reshape(-1)])
    return check(z, ref, tol=1e-5)


@triton.jit
def full_arange_kernel(Z, BLOCK: tl.constexpr):
    a = tl.arange(0, BLOCK)
    f = tl.full((BLOCK,), 7, tl.int32)
    zz = tl.zeros((BLOCK,), tl.int32)
    tl.store(Z + a, a * 2 + f + zz)
    tl.store(Z + BLOCK + tl.arange(0, BLOCK // 2) * 2, tl.arange(0, BLOCK // 2) + 1000)


@test("full_zeros_arange_strided_store")
def _():
    z = torch.zeros(256, dtype=torch.int32)
    full_arange_kernel[(1,)](z, BLOCK=128)
    ref = torch.zeros(256, dtype=torch.int32)
    ref[:128] = torch.arange(128) * 2 + 7
    ref[128::2] = torch.arange(64) + 1000
    return check(z, ref)


@triton.jit
def histogram_kernel(X, Z, BLOCK: tl.constexpr, BINS: tl.constexpr):
    x = tl.load(X + tl.arange(0, BLOCK))
    tl.store(Z + tl.arange(0, BINS), tl.histogram(x, BINS))


@test("histogram[int32]")
def _():
    x = rand("int32", 256, lo=0, hi=16)
    z = torch.zeros(16, dtype=torch.int32)
    histogram_kernel[(1,)](x, z, BLOCK=256, BINS=16)
    return check(z, torch.bincount(x.long(), minlength=16).to(torch.int32))


# ---------------------------------------------------------------- control flow, helpers, grids

@triton.jit
def control_kernel(X, Z, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(X + offs, mask=offs < n, other=0)
    acc = tl.zeros((BLOCK,), tl.int32)
    i = 0
    while i < pid + 3:              # dynamic trip count
        acc += x
        i += 1
    for k in tl.static_range(3):    # unrolled
        acc += k
    if pid % 2 == 0:                # scalar branch
        acc = acc * 2
    else:
        acc = -acc
    tl.store(Z + offs, acc, mask=offs < n)


@test("control_flow_while_static_range_if")
def _():
    n = 300
    x = rand("int32", n, lo=-1000, hi=1000)
    z = torch.zeros_like(x)
    control_kernel[(triton.cdiv(n, 64),)](x, z, n, BLOCK=64)
    pid = torch.arange(n) // 64
    acc = x.long() * (pid + 3) + 3
    ref = torch.where(pid % 2 == 0, acc * 2, -acc).to(torch.int32)
    return check(z, ref)


@triton.jit(noinline=True)
def _noinline_scale(a, pid):
    # Triton requires scalar arguments for noinline helpers.
    return a * (pid + 1)


@triton.jit
def _inlined_square(x):
    return x * x


@triton.jit
def helpers_kernel(X, Y, Z, a, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.load(Y + offs)
    tl.store(Z + offs, _noinline_scale(a, pid) * _inlined_square(x) + y)


@test("jit_helpers_noinline_and_inlined")
def _():
    x, y = rand("float32"), rand("float32", seed=1)
    z = torch.zeros_like(x)
    helpers_kernel[(2,)](x, y, z, 1.5, BLOCK=N // 2)
    scale = torch.tensor([1.5] * (N // 2) + [3.0] * (N // 2))
    return check(z, scale * x * x + y)


@triton.jit
def grid_kernel(Z, ND: tl.constexpr):
    px = tl.program_id(0)
    py = tl.program_id(1)
    pz = tl.program_id(2)
    nx = tl.num_programs(0)
    ny = tl.num_programs(1)
    nz = tl.num_programs(2)
    lin = px + nx * (py + ny * pz)
    tl.store(Z + lin * 4 + 0, px)
    tl.store(Z + lin * 4 + 1, py)
    tl.store(Z + lin * 4 + 2, pz)
    tl.store(Z + lin * 4 + 3, nx * ny * nz)


for _g in [(7,), (3, 5), (2, 3, 4)]:
    def _gt(g=_g):
        gx, gy, gz = (list(g) + [1, 1])[:3]
        total = gx * gy * gz
        z = torch.zeros(total * 4, dtype=torch.int32)
        grid_kernel[g](z, ND=len(g))
        ref = []
        for zz in range(gz):
            for yy in range(gy):
                for xx in range(gx):
                    ref += [xx, yy, zz, total]
        return check(z, torch.tensor(ref, dtype=torch.int32))
    test(f"grid_{len(_g)}d{_g}")(_gt)


@triton.jit
def scalar_args_kernel(Z, a, b, c, d, e, f, g):
    tl.store(Z + 0, a.to(tl.float64))
    tl.store(Z + 1, b.to(tl.float64))
    tl.store(Z + 2, c.to(tl.float64))
    tl.store(Z + 3, d.to(tl.float64))
    tl.store(Z + 4, e.to(tl.float64))
    tl.store(Z + 5, (g + f).to(tl.float64))  # f == 1: specialized to a constexpr by Triton
    tl.store(Z + 6, g.to(tl.float64))


@test("scalar_args_i32_i64_u64_f32_bool_1_neg")
def _():
    z = torch.zeros(7, dtype=torch.float64)
    scalar_args_kernel[(1,)](z, 5, 2**40, 2**63 + 5, 2.5, True, 1, -7)
    ref = torch.tensor([5, 2**40, float(2**63 + 5), 2.5, 1, -6, -7], dtype=torch.float64)
    return check(z, ref, tol=0.0)


# ---------------------------------------------------------------- dot

@triton.jit
def dot_kernel(A, B, C, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr, ACC: tl.constexpr,
               PREC: tl.constexpr):
    m = tl.arange(0, M)
    n = tl.arange(0, N)
    k = tl.arange(0, K)
    a = tl.load(A + m[:, None] * K + k[None, :])
    b = tl.load(B + k[:, None] * N + n[None, :])
    c = tl.dot(a, b, out_dtype=ACC, input_precision=PREC)
    tl.store(C + m[:, None] * N + n[None, :], c)


for _d, _acc, _prec in [("float32", "float32", "ieee"), ("float32", "float32", "tf32"),
                        ("float16", "float32", None), ("bfloat16", "float32", None),
                        ("float16", "float16", None), ("int8", "int32", None), ("float64", "float64", None)]:
    for _shape in [(16, 16, 16), (32, 64, 32), (64, 32, 128)]:
        def _dt(d=_d, acc=_acc, prec=_prec, shape=_shape):
            M, Nn, K = shape
            a = rand(d, M * K, lo=-8 if d == "int8" else -2, hi=8 if d == "int8" else 2).reshape(M, K)
            b = rand(d, K * Nn, lo=-8 if d == "int8" else -2, hi=8 if d == "int8" else 2, seed=1).reshape(K, Nn)
            c = torch.zeros(M, Nn, dtype=TD[acc])
            kw = {} if prec is None else {"PREC": prec}
            if prec is None:
                kw["PREC"] = "ieee" if d in ("float32", "float64") else None
            dot_kernel[(1,)](a, b, c, M=M, N=Nn, K=K, ACC=tl_dtype(acc), **kw)
            ref = (a.double() @ b.double())
            ref = ref.to(TD[acc]) if acc != "int32" else ref.round().to(torch.int32)
            tol = {"float32": 1e-4, "float16": 5e-2, "float64": 1e-10}.get(acc)
            return check(c, ref, tol=tol * max(1, K / 16) if tol else None)
        test(f"dot[{_d}->{_acc},{_prec or 'default'},{_shape}]")(_dt)


# ---------------------------------------------------------------- atomics

@triton.jit
def atomic_kernel(X, Out, n, OP: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m)
    idx = offs % 8
    if OP == "add":
        tl.atomic_add(Out + idx, x, mask=m)
    elif OP == "max":
        tl.atomic_max(Out + idx, x, mask=m)
    elif OP == "min":
        tl.atomic_min(Out + idx, x, mask=m)
    elif OP == "and":
        tl.atomic_and(Out + idx, x, mask=m)
    elif OP == "or":
        tl.atomic_or(Out + idx, x, mask=m)
    elif OP == "xor":
        tl.atomic_xor(Out + idx, x, mask=m)


def atomic_test(op, d, threads):
    n = 1024
    x = rand(d, n, lo=-1000 if d.startswith(("int", "float")) else 0, hi=1000)
    if op in ("and", "or", "xor"):
        x = rand(d, n, lo=0, hi=2**16)
    init = {"add": 0, "max": -2**30 if not d.startswith("uint") else 0, "min": 2**30, "and": 2**16 - 1,
            "or": 0, "xor": 0}[op]
    out = torch.full((8,), init, dtype=TD[d])
    triton_edge.set_launch_threads(threads)
    try:
        atomic_kernel[(n // 64,)](x, out, n, OP=op, BLOCK=64)
    finally:
        triton_edge.set_launch_threads(None)
    xs = x.reshape(-1, 8).double() if d in FLOAT_DTYPES else torch.tensor(to_ints(x)).reshape(-1, 8)
    if op == "add":
        ref = xs.sum(0)
    elif op == "max":
        ref = torch.maximum(xs.amax(0), torch.tensor(init, dtype=xs.dtype))
    elif op == "min":
        ref = torch.minimum(xs.amin(0), torch.tensor(init, dtype=xs.dtype))
    else:
        import functools
        f = {"and": lambda a, b: a & b, "or": lambda a, b: a | b, "xor": lambda a, b: a ^ b}[op]
        ref = torch.tensor([functools.reduce(f, col, init) for col in xs.t().tolist()])
    ref = ref.to(TD[d])
    return check(out, ref, tol=1e-3 if d in FLOAT_DTYPES else None)


for _op, _d in [("add", "float32"), ("add", "int32"), ("add", "int64"), ("max", "int32"), ("max", "float32"),
                ("min", "int32"), ("min", "float32"), ("and", "int32"), ("or", "int32"), ("xor", "int32"),
                ("max", "uint32")]:
    test(f"atomic_{_op}[{_d},threads=4]")(lambda op=_op, d=_d: atomic_test(op, d, 4))


@triton.jit
def atomic_cas_xchg_kernel(Lock, Counter, Last, X):
    pid = tl.program_id(0)
    # spin lock with atomic_cas, critical section, release with atomic_xchg
    while tl.atomic_cas(Lock, 0, 1) == 1:
        pass
    c = tl.load(Counter)
    tl.store(Counter, c + tl.load(X + pid))
    tl.atomic_xchg(Lock, 0)
    tl.atomic_xchg(Last + pid % 4, pid + 1)


@test("atomic_cas_xchg_spinlock[threads=4]")
def _():
    g = 64
    lock = torch.zeros(1, dtype=torch.int32)
    counter = torch.zeros(1, dtype=torch.int32)
    last = torch.zeros(4, dtype=torch.int32)
    x = rand("int32", g, lo=0, hi=100)
    triton_edge.set_launch_threads(4)
    try:
        atomic_cas_xchg_kernel[(g,)](lock, counter, last, x)
    finally:
        triton_edge.set_launch_threads(None)
    ok = int(counter.item()) == int(x.sum().item()) and lock.item() == 0 and all(
        (v - 1) % 4 == i for i, v in enumerate(last.tolist()))
    return ok, f"counter {counter.item()} expected {x.sum().item()}, last {last.tolist()}"


@triton.jit
def atomic_ret_kernel(Counter, Out):
    pid = tl.program_id(0)
    old = tl.atomic_add(Counter, 1)
    tl.store(Out + old, pid)


@test("atomic_add_returns_old_value[threads=4]")
def _():
    g = 200
    counter = torch.zeros(1, dtype=torch.int32)
    out = torch.full((g,), -1, dtype=torch.int32)
    triton_edge.set_launch_threads(4)
    try:
        atomic_ret_kernel[(g,)](counter, out)
    finally:
        triton_edge.set_launch_threads(None)
    ok = counter.item() == g and sorted(out.tolist()) == list(range(g))
    return ok, f"counter {counter.item()}, slots a permutation: {sorted(out.tolist()) == list(range(g))}"


# ---------------------------------------------------------------- block pointers, tensor descriptors

@triton.jit
def block_ptr_kernel(X, Y, M, N, sxm, sxn, BM: tl.constexpr, BN: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    src = tl.make_block_ptr(X, shape=(M, N), strides=(sxm, sxn), offsets=(pm * BM, pn * BN),
                            block_shape=(BM, BN), order=(1, 0))
    dst = tl.make_block_ptr(Y, shape=(N, M), strides=(M, 1), offsets=(pn * BN, pm * BM),
                            block_shape=(BN, BM), order=(1, 0))
    x = tl.load(src, boundary_check=(0, 1), padding_option="zero")
    tl.store(dst, tl.trans(x) * 2, boundary_check=(0, 1))


@test("block_ptr_transpose_boundary_check")
def _():
    M, Nn = 37, 53
    x = rand("float32", M * Nn).reshape(M, Nn)
    y = torch.zeros(Nn, M)
    block_ptr_kernel[(triton.cdiv(M, 16), triton.cdiv(Nn, 16))](x, y, M, Nn, x.stride(0), x.stride(1), BM=16, BN=16)
    return check(y, x.t() * 2)


@triton.jit
def block_ptr_advance_kernel(X, Y, N, BLOCK: tl.constexpr):
    p = tl.make_block_ptr(X, shape=(N,), strides=(1,), offsets=(0,), block_shape=(BLOCK,), order=(0,))
    acc = tl.zeros((BLOCK,), tl.float32)
    for _ in range(0, N, BLOCK):
        acc += tl.load(p, boundary_check=(0,), padding_option="zero")
        p = tl.advance(p, (BLOCK,))
    tl.store(Y + tl.arange(0, BLOCK), acc)


@test("block_ptr_advance_loop")
def _():
    n = 1000
    x = rand("float32", n)
    y = torch.zeros(64)
    block_ptr_advance_kernel[(1,)](x, y, n, BLOCK=64)
    xp = torch.cat([x, torch.zeros(1024 - n)]).reshape(-1, 64).sum(0)
    return check(y, xp, tol=1e-5)


@triton.jit
def tensor_desc_kernel(X, Y, M, N, BM: tl.constexpr, BN: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    dx = tl.make_tensor_descriptor(X, shape=[M, N], strides=[N, 1], block_shape=[BM, BN])
    dy = tl.make_tensor_descriptor(Y, shape=[M, N], strides=[N, 1], block_shape=[BM, BN])
    v = dx.load([pm * BM, pn * BN])
    dy.store([pm * BM, pn * BN], v + 1)


@test("tensor_descriptor_in_kernel")
def _():
    M, Nn = 40, 72
    x = rand("float32", M * Nn).reshape(M, Nn)
    y = torch.zeros_like(x)
    triton.set_allocator(lambda size, align, stream: torch.empty(size, dtype=torch.int8))
    tensor_desc_kernel[(triton.cdiv(M, 16), triton.cdiv(Nn, 32))](x, y, M, Nn, BM=16, BN=32)
    return check(y, x + 1)


@triton.jit
def host_desc_kernel(dx, dy, BM: tl.constexpr, BN: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    v = dx.load([pm * BM, pn * BN])
    dy.store([pm * BM, pn * BN], v * 3)


@test("tensor_descriptor_host")
def _():
    from triton.tools.tensor_descriptor import TensorDescriptor
    M, Nn = 48, 40
    x = rand("float32", M * Nn).reshape(M, Nn)
    y = torch.zeros_like(x)
    dx = TensorDescriptor.from_tensor(x, [16, 8])
    dy = TensorDescriptor.from_tensor(y, [16, 8])
    host_desc_kernel[(M // 16, Nn // 8)](dx, dy, BM=16, BN=8)
    return check(y, x * 3)


# ---------------------------------------------------------------- device_assert

@triton.jit
def assert_kernel(X, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(X + offs, mask=offs < n, other=0)
    tl.device_assert(x >= 0, "x must be non-negative")


@test("device_assert_pass_and_fail")
def _():
    x = torch.arange(100, dtype=torch.int32)
    assert_kernel[(2,)](x, 100, BLOCK=64, debug=True)
    x[70] = -5
    try:
        assert_kernel[(2,)](x, 100, BLOCK=64, debug=True)
    except LaunchError as e:
        ok = "x must be non-negative" in str(e)
        return ok, f"raised: {str(e)[:160]}"
    return False, "a failing device_assert did not raise"


# ---------------------------------------------------------------- bad input

@test("bad_input_wrong_device_and_dtype")
def _():
    from triton_edge.runtime import ArgumentError
    msgs = []
    x = torch.zeros(64)
    y = torch.zeros(64)
    try:
        copy_kernel[(1,)](x, torch.zeros(64, device="meta"), 64, BLOCK=64)
        msgs.append("meta tensor accepted")
    except Exception as e:
        if not isinstance(e, ArgumentError) or "CPU" not in str(e):
            msgs.append(f"meta: {type(e).__name__}: {e}")
    if torch.cuda.is_available():
        try:
            copy_kernel[(1,)](x, torch.zeros(64, device="cuda"), 64, BLOCK=64)
            msgs.append("cuda tensor accepted")
        except Exception as e:
            if not isinstance(e, ArgumentError) or "cuda" not in str(e):
                msgs.append(f"cuda: {type(e).__name__}: {e}")
    copy_kernel[(1,)](x, y, 64, BLOCK=64)
    return not msgs, "; ".join(msgs) or "clear errors"


@triton.jit
def rejected_kernel(X, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.inline_asm_elementwise("mov.b32 $0, $1;", "=r,r", [x], dtype=tl.int32, is_pure=True, pack=1)
    tl.store(X + offs, y)


@test("bad_input_rejected_kernel_raises_with_location")
def _():
    x = torch.zeros(16, dtype=torch.int32)
    try:
        rejected_kernel[(1,)](x, BLOCK=16)
    except CompilationError as e:
        ok = "conformance.py:" in e.message and "error" in e.message
        return ok, e.message.splitlines()[0][:200]
    except Exception as e:
        # Triton wraps stage errors in its own exception types in some versions.
        ok = "conformance.py:" in str(e) and "error" in str(e)
        return ok, f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
    return False, "inline asm was accepted"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-k", default="")
    p.add_argument("--capture", default="")
    p.add_argument("--list", action="store_true")
    a = p.parse_args()
    sel = [(n, f) for n, f in TESTS if a.k in n]
    if a.list:
        for n, _ in sel:
            print(n)
        return 0
    rec = capture.start(a.capture, auto_commit=False, max_bytes=1 << 20) if a.capture else None
    passed, failed = 0, []
    torch.manual_seed(0)
    for name, fn in sel:
        if rec is not None:
            rec.label = name
        try:
            ok, info = fn()
        except Exception as e:
            lines = str(e).strip().splitlines()
            errs = [line for line in lines if "error:" in line]
            ok, info = False, f"{type(e).__name__}: {(errs or lines or [''])[0][:300]}"
            if "-v" in sys.argv:
                traceback.print_exc()
        print(f"{'PASS' if ok else 'FAIL'}  {name}  {info}", flush=True)
        if ok:
            passed += 1
        else:
            failed.append(name)
        if rec is not None:
            rec.commit(keep=1) if ok and name not in NO_CAPTURE else rec.discard()
    if rec is not None:
        capture.stop()
        print(f"captured {rec.count} launches of passing tests into {a.capture}")
    for k, why in SKIPS.items():
        print(f"SKIP  {k}  {why}")
    print(f"\nconformance: {passed} passed, {len(failed)} failed, {len(SKIPS)} skipped (of {len(sel) + len(SKIPS)})")
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
