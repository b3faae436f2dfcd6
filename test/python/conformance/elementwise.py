"""Load/store, binary operators and comparisons over every integer and float dtype."""
import torch
import triton
import triton.language as tl

from common import BITS, FLOAT_DTYPES, INT_DTYPES, N, check, from_ints, rand, test, to_ints, wrap


# ---- load/store

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


# ---- binary ops

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


# ---- comparisons

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
