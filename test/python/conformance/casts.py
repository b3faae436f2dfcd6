"""Unary operators, casts and bitcasts."""
import torch
import triton
import triton.language as tl

from common import FLOAT_DTYPES, INT_DTYPES, N, TD, check, from_ints, rand, test, tl_dtype, to_ints, wrap


# ---- unary, casts, bitcasts

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
