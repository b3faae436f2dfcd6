"""tl.where and the math functions (tl.exp, libdevice, ...)."""
import torch
import triton
import triton.language as tl

from common import N, check, from_ints, rand, test, to_ints


# ---- where, math

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
