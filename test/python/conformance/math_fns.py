"""tl.where and the math functions (tl.exp, libdevice, ...)."""
import torch
import triton
import triton.language as tl

from common import BITS, N, TD, check, from_ints, on_cuda, rand, test, to_ints


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


# ---- libdevice functions with an exact answer: directed rounding (_rd, _ru,
# _rz), nextafter, ilogb/logb, remainder, frsqrt_rn, norms. The reference is
# exact rational arithmetic (fractions) rounded as named; results are
# compared bit for bit (NaN made canonical), so one ulp fails.

from fractions import Fraction
import math

import numpy as np
from triton.language.extra import libdevice

PRECISION = {"float32": (24, -126, 127), "float64": (53, -1022, 1023)}
NP_FLOAT = {"float32": np.float32, "float64": np.float64}


def round_exact(q, mode, d, zero_sign=1.0):
    """Fraction q in float dtype d: mode 'rn' (nearest even), 'rd', 'ru', 'rz'."""
    p, emin, emax = PRECISION[d]
    if q == 0:
        return math.copysign(0.0, zero_sign)
    neg = q < 0
    a = -q if neg else q
    e = max(emin, a.numerator.bit_length() - a.denominator.bit_length()
            - (1 if Fraction(2) ** (a.numerator.bit_length() - a.denominator.bit_length()) > a else 0))
    units = a / Fraction(2) ** (e - p + 1)  # the value in ulps of its binade
    whole, rest = divmod(units.numerator, units.denominator)
    if mode == "rn":
        twice = 2 * rest
        up = twice > units.denominator or (twice == units.denominator and whole % 2 == 1)
    else:
        away = {"rd": neg, "ru": not neg, "rz": False}[mode]
        up = away and rest != 0
    mag = Fraction(whole + up) * Fraction(2) ** (e - p + 1)
    largest = (2 - Fraction(2) ** (1 - p)) * Fraction(2) ** emax
    if mag > largest:
        mag = math.inf if mode == "rn" or {"rd": neg, "ru": not neg, "rz": False}[mode] else largest
    v = float(mag)
    return -v if neg else (v if v != 0 else 0.0)


def sqrt_exact(a, mode, d):
    """sqrt of a Fraction > 0, rounded: an integer square root with 40 more
    bits than the format, whose rounding matches the real root's."""
    p = PRECISION[d][0]
    k = 0
    while True:
        s = a * Fraction(4) ** k
        r = math.isqrt(s.numerator // s.denominator)
        if r.bit_length() >= p + 40:
            break
        k += 16
    exact = r * r * s.denominator == s.numerator
    return round_exact((Fraction(r) if exact else Fraction(2 * r + 1, 2)) / Fraction(2) ** k, mode, d)


def bits_of(t):
    t = torch.where(torch.isnan(t), torch.full_like(t, math.nan), t)
    return t.view(torch.int32 if t.dtype == torch.float32 else torch.int64)


# Subnormal f32 values on the GPU. Triton's CUDA backend links libdevice with
# flush-to-zero: CUDABackend.make_llir (third_party/nvidia/backend/
# compiler.py, installed as triton/backends/nvidia/compiler.py) calls
# nvidia.set_nvvm_reflect_ftz when CUDAOptions.enable_reflect_ftz, which is
# True by default, so libdevice's __nvvm_reflect("__CUDA_FTZ") picks its f32
# code that flushes subnormal operands and results to zero (f64 is never
# flushed). triton-edge keeps IEEE subnormals (docs/semantics.md, "The
# rules"): on the GPU an element is compared only where no f32 operand is
# subnormal and the exact result is not below the smallest normal number.
F32_TINY = float(np.finfo(np.float32).tiny)


def ftz_free(operands, ref):
    """Elementwise True where no float32 operand is subnormal and the float32
    reference is zero, normal, infinite or NaN; a reference of magnitude
    exactly F32_TINY counts as subnormal (a subnormal exact value may have
    been rounded up to it)."""
    keep = torch.ones(ref.shape, dtype=torch.bool)
    for t in operands:
        if t.dtype == torch.float32:
            keep &= ~((t.abs() > 0) & (t.abs() < F32_TINY))
    if ref.dtype == torch.float32:
        keep &= ~((ref.abs() > 0) & (ref.abs() <= F32_TINY))
    return keep


def compare_libdevice(z, ref, operands):
    """Bit for bit (NaN canonical). With common.on_cuda(), only the elements
    that ftz_free keeps; the info says how many were compared."""
    g = bits_of(z) if z.is_floating_point() else z
    r = bits_of(ref) if ref.is_floating_point() else ref
    if not on_cuda():
        return check(g, r)
    keep = ftz_free(operands, ref)
    bad = torch.nonzero(keep & (g != r)).flatten().tolist()
    scope = (f"{int(keep.sum())} of {len(keep)} elements compared (GPU: libdevice flushes f32 "
             f"subnormals; {len(keep) - int(keep.sum())} with a subnormal operand or result left out)")
    if bad:
        i = bad[0]
        return False, f"{len(bad)} mismatches; first at {i}: got {int(g[i])}, expected {int(r[i])}; {scope}"
    return True, f"exact on {scope}"


def floats_exact(d, seed):
    """Specials (zeros, infinities, NaN, subnormals, the largest), values in
    [-5, 5], and values of every magnitude."""
    info = np.finfo(NP_FLOAT[d])
    special = [0.0, -0.0, 1.0, -1.0, math.inf, -math.inf, math.nan, float(info.smallest_subnormal),
               -float(info.smallest_subnormal), float(info.max), -float(info.max), 3.0, 0.1,
               float(info.tiny), 1 + float(info.eps)]
    g = np.random.default_rng(seed)
    p, emin, emax = PRECISION[d]
    m = (N - len(special)) // 2
    spread = g.uniform(1, 2, N - len(special) - m) * np.ldexp(1.0, g.integers(emin - p + 2, emax, N - len(special) - m))
    vals = np.concatenate([special, g.uniform(-5, 5, m), spread * g.choice([-1.0, 1.0], len(spread))])
    return torch.from_numpy(vals.astype(NP_FLOAT[d]))


@triton.jit
def directed_kernel(X, Y, W, Z, OP: tl.constexpr, MODE: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.load(Y + offs)
    w = tl.load(W + offs)
    if OP == "add":
        z = libdevice.add_rd(x, y) if MODE == "rd" else (libdevice.add_ru(x, y) if MODE == "ru" else libdevice.add_rz(x, y))
    elif OP == "sub":
        z = libdevice.sub_rd(x, y) if MODE == "rd" else (libdevice.sub_ru(x, y) if MODE == "ru" else libdevice.sub_rz(x, y))
    elif OP == "mul":
        z = libdevice.mul_rd(x, y) if MODE == "rd" else (libdevice.mul_ru(x, y) if MODE == "ru" else libdevice.mul_rz(x, y))
    elif OP == "div":
        z = libdevice.div_rd(x, y) if MODE == "rd" else (libdevice.div_ru(x, y) if MODE == "ru" else libdevice.div_rz(x, y))
    elif OP == "fma":
        z = libdevice.fma_rd(x, y, w) if MODE == "rd" else (libdevice.fma_ru(x, y, w) if MODE == "ru" else libdevice.fma_rz(x, y, w))
    elif OP == "sqrt":
        z = libdevice.sqrt_rd(x) if MODE == "rd" else (libdevice.sqrt_ru(x) if MODE == "ru" else libdevice.sqrt_rz(x))
    else:
        z = libdevice.rcp_rd(x) if MODE == "rd" else (libdevice.rcp_ru(x) if MODE == "ru" else libdevice.rcp_rz(x))
    tl.store(Z + offs, z)


def directed_ref(op, mode, d, a, b, c):
    """The exact IEEE answer for one element (numpy where it is exact:
    non-finite operands, division by zero)."""
    f = NP_FLOAT[d]
    with np.errstate(all="ignore"):
        if op == "rcp":
            op, a, b = "div", 1.0, a
        finite = all(math.isfinite(v) for v in ((a, b, c) if op == "fma" else (a, b)))
        if op == "sqrt":
            return float(np.sqrt(f(a))) if not math.isfinite(a) or a <= 0 else sqrt_exact(Fraction(a), mode, d)
        if not finite or (op == "div" and b == 0):
            return float({"add": lambda: f(a) + f(b), "sub": lambda: f(a) - f(b),
                          "mul": lambda: f(a) * f(b), "div": lambda: f(a) / f(b),
                          "fma": lambda: f(a) * f(b) + f(c)}[op]())
    A, B, C = Fraction(a), Fraction(b), Fraction(c)
    down_zero = -1.0 if mode == "rd" else 1.0
    if op in ("add", "sub"):
        b2 = b if op == "add" else -b
        same = a == 0 and b2 == 0 and math.copysign(1, a) == math.copysign(1, b2)
        return round_exact(A + Fraction(b2), mode, d, math.copysign(1, a) if same else down_zero)
    if op == "mul":
        return round_exact(A * B, mode, d, math.copysign(1, a) * math.copysign(1, b))
    if op == "div":
        return round_exact(A / B, mode, d, math.copysign(1, a) * math.copysign(1, b))
    prod_sign = math.copysign(1, a) * math.copysign(1, b)
    same = A * B == 0 and c == 0 and prod_sign == math.copysign(1, c)
    return round_exact(A * B + C, mode, d, prod_sign if same else down_zero)


def libdevice_directed(op, d):
    x, y, w = floats_exact(d, 0), floats_exact(d, 1), floats_exact(d, 2)
    if op == "sqrt":
        x = x.abs()
        x[:3] = torch.tensor([-1.0, -0.0, 4.0])
    infos = []
    for mode in ("rd", "ru", "rz"):
        z = torch.zeros_like(x)
        directed_kernel[(1,)](x, y, w, z, OP=op, MODE=mode, BLOCK=N)
        ref = torch.tensor([directed_ref(op, mode, d, *v) for v in
                            zip(x.tolist(), y.tolist(), w.tolist())], dtype=x.dtype)
        used = {"sqrt": 1, "rcp": 1, "fma": 3}.get(op, 2)
        ok, info = compare_libdevice(z, ref, (x, y, w)[:used])
        if not ok:
            return False, f"{op}_{mode}: {info}"
        infos.append(f"{mode}: {info}")
    return True, "; ".join(infos) if on_cuda() else "exact, rd/ru/rz"


for _op in ("add", "sub", "mul", "div", "fma", "sqrt", "rcp"):
    for _d in ("float32", "float64"):
        test(f"libdevice_directed_{_op}[{_d}]")(lambda op=_op, d=_d: libdevice_directed(op, d))


@triton.jit
def to_float_kernel(X, Z, FN: tl.constexpr, MODE: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    if FN == "int2float":
        z = libdevice.int2float_rd(x) if MODE == "rd" else (libdevice.int2float_ru(x) if MODE == "ru" else libdevice.int2float_rz(x))
    elif FN == "uint2float":
        z = libdevice.uint2float_rd(x) if MODE == "rd" else (libdevice.uint2float_ru(x) if MODE == "ru" else libdevice.uint2float_rz(x))
    elif FN == "ll2float":
        z = libdevice.ll2float_rd(x) if MODE == "rd" else (libdevice.ll2float_ru(x) if MODE == "ru" else libdevice.ll2float_rz(x))
    elif FN == "ull2float":
        z = libdevice.ull2float_rd(x) if MODE == "rd" else (libdevice.ull2float_ru(x) if MODE == "ru" else libdevice.ull2float_rz(x))
    elif FN == "ll2double":
        z = libdevice.ll2double_rd(x) if MODE == "rd" else (libdevice.ll2double_ru(x) if MODE == "ru" else libdevice.ll2double_rz(x))
    elif FN == "ull2double":
        z = libdevice.ull2double_rd(x) if MODE == "rd" else (libdevice.ull2double_ru(x) if MODE == "ru" else libdevice.ull2double_rz(x))
    else:
        z = libdevice.double2float_rd(x) if MODE == "rd" else (libdevice.double2float_ru(x) if MODE == "ru" else libdevice.double2float_rz(x))
    tl.store(Z + offs, z)


TO_FLOAT = {"int2float": ("int32", "float32"), "uint2float": ("uint32", "float32"),
            "ll2float": ("int64", "float32"), "ull2float": ("uint64", "float32"),
            "ll2double": ("int64", "float64"), "ull2double": ("uint64", "float64"),
            "double2float": ("float64", "float32")}


def libdevice_to_float(fn):
    src, dst = TO_FLOAT[fn]
    if src == "float64":
        x = floats_exact("float64", 3)
        x[:4] = torch.tensor([3.5e38, 1e-46, -1e-46, 1 + 2.0 ** -30], dtype=torch.float64)
        arg, vals = x, x.tolist()
    else:
        bits = BITS[src]
        g = np.random.default_rng(4)
        # Edges (0, 1, the signed and unsigned limits, 2^24 + 1, 2^53 + 1),
        # then random bit patterns of the full width.
        vals = [0, 1, (1 << (bits - 1)) - 1, 1 << (bits - 1), (1 << bits) - 1, (1 << 24) + 1,
                ((1 << 53) + 1) % (1 << bits)]
        vals += [(int(h) << 32 | int(l)) % (1 << bits)
                 for h, l in zip(g.integers(0, 2**32, N - 7), g.integers(0, 2**32, N - 7))]
        if src.startswith("int"):
            vals = [v - (1 << bits) if v >= 1 << (bits - 1) else v for v in vals]
        arg = from_ints(vals, src)
        if src.startswith("uint"):  # the kernel sees the unsigned type
            arg = triton.reinterpret(arg, getattr(tl, src))
    infos = []
    for mode in ("rd", "ru", "rz"):
        z = torch.zeros(N, dtype=TD[dst])
        to_float_kernel[(1,)](arg, z, FN=fn, MODE=mode, BLOCK=N)
        ref = torch.tensor([v if isinstance(v, float) and not math.isfinite(v) else
                            round_exact(Fraction(v), mode, dst, v if isinstance(v, float) else 1.0)
                            for v in vals], dtype=TD[dst])
        ok, info = compare_libdevice(z, ref, ())  # integer or f64 operands: never flushed
        if not ok:
            return False, f"{fn}_{mode}: {info}"
        infos.append(f"{mode}: {info}")
    return True, "; ".join(infos) if on_cuda() else "exact, rd/ru/rz"


for _fn in TO_FLOAT:
    test(f"libdevice_to_float_{_fn}")(lambda fn=_fn: libdevice_to_float(fn))


@triton.jit
def exact_fn_kernel(X, Y, W, V, Z, FN: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.load(Y + offs)
    w = tl.load(W + offs)
    v = tl.load(V + offs)
    if FN == "nextafter":
        z = libdevice.nextafter(x, y)
    elif FN == "logb":
        z = libdevice.logb(x)
    elif FN == "remainder":
        z = libdevice.remainder(x, y)
    elif FN == "norm3d":
        z = libdevice.norm3d(x, y, w)
    elif FN == "norm4d":
        z = libdevice.norm4d(x, y, w, v)
    elif FN == "rnorm3d":
        z = libdevice.rnorm3d(x, y, w)
    elif FN == "rnorm4d":
        z = libdevice.rnorm4d(x, y, w, v)
    else:
        z = libdevice.rsqrt_rn(x)
    tl.store(Z + offs, z)


@triton.jit
def ilogb_kernel(X, Z, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Z + offs, libdevice.ilogb(tl.load(X + offs)))


def exact_ref(fn, d, a, b, c, e):
    f = NP_FLOAT[d]
    if fn == "nextafter":
        return float(np.nextafter(f(a), f(b)))
    if fn == "logb":
        return a if math.isnan(a) else (math.inf if math.isinf(a) else
                                        -math.inf if a == 0 else float(math.frexp(a)[1] - 1))
    if fn == "remainder":
        if math.isnan(a) or math.isnan(b) or math.isinf(a) or b == 0:
            return math.nan
        if math.isinf(b):
            return a
        return round_exact(Fraction(a) - round(Fraction(a) / Fraction(b)) * Fraction(b), "rn", d, a)
    if fn == "frsqrt_rn":
        if math.isnan(a) or a < 0:
            return math.nan
        return math.copysign(math.inf, a) if a == 0 else (
            0.0 if math.isinf(a) else sqrt_exact(1 / Fraction(a), "rn", d))
    xs = (a, b, c, e)[:3 if fn.endswith("3d") else 4]
    recip = fn.startswith("r")
    if any(math.isinf(v) for v in xs):
        return 0.0 if recip else math.inf
    if any(math.isnan(v) for v in xs):
        return math.nan
    s = sum(Fraction(v) ** 2 for v in xs)
    if s == 0:
        return math.inf if recip else 0.0
    return sqrt_exact(1 / s if recip else s, "rn", d)


# The CUDA Math API's maximum errors of the f32 norms (CUDA C++ Programming
# Guide, appendix "Mathematical Functions", the table of single-precision
# standard functions with their maximum ulp error, which the CUDA Math API
# reference points to): norm3df and norm4df 3 ulp, rnorm3df and rnorm4df 2
# ulp (full range). The GPU's answers are 1 ulp off the correctly rounded
# ones on some elements (measured on an H100, Triton 3.6).
CUDA_NORM_F32_MAX_ULP = {"norm3d": 3, "norm4d": 3, "rnorm3d": 2, "rnorm4d": 2}
# Operands each function reads (of x, y, w, v).
EXACT_FN_ARITY = {"nextafter": 2, "logb": 1, "remainder": 2, "norm3d": 3, "norm4d": 4,
                  "rnorm3d": 3, "rnorm4d": 4, "frsqrt_rn": 1}


def within_ulps(z, ref, max_ulp, keep):
    """|z - ref| <= max_ulp units in the last place of ref, on the elements
    `keep` selects; NaN and infinity where ref has them."""
    ulps = ((z.double() - ref.double()).abs() /
             torch.from_numpy(np.spacing(ref.abs().numpy()).astype(np.float64))).nan_to_num(0)
    same_special = (torch.isnan(z) == torch.isnan(ref)) & (torch.isinf(z) == torch.isinf(ref))
    bad = keep & ((ulps > max_ulp) | ~same_special)
    worst = ulps[keep].max().item() if bool(keep.any()) else 0.0
    return not bool(bad.any()), f"max {worst:g} ulp (bound {max_ulp})"


def libdevice_exact(fn, d):
    x, y, w, v = (floats_exact(d, s) for s in (5, 6, 7, 8))
    if fn == "remainder":
        x[:6] = torch.tensor([2.5, 3.5, -2.5, 5.0, -5.0, 1e30])
        y[:6] = torch.tensor([1.0, 1.0, 1.0, 2.5, 2.5, 3.0])
    if fn == "frsqrt_rn":
        x = x.abs()
        x[:3] = torch.tensor([-1.0, -0.0, 4.0])
    z = torch.zeros_like(x)
    exact_fn_kernel[(1,)](x, y, w, v, z, FN=fn, BLOCK=N)
    ref = torch.tensor([exact_ref(fn, d, *t) for t in
                        zip(x.tolist(), y.tolist(), w.tolist(), v.tolist())], dtype=x.dtype)
    operands = (x, y, w, v)[:EXACT_FN_ARITY[fn]]
    if d == "float64" and "norm" in fn:
        # f64 norms: scaled sums of squares in f64, measured within 2 ulp.
        return within_ulps(z, ref, 2, torch.ones(N, dtype=torch.bool))
    if on_cuda() and "norm" in fn:
        keep = ftz_free(operands, ref)
        ok, info = within_ulps(z, ref, CUDA_NORM_F32_MAX_ULP[fn], keep)
        return ok, (f"{info}, the CUDA Math API's maximum, on {int(keep.sum())} of {N} elements "
                    f"(GPU: libdevice flushes f32 subnormals; {N - int(keep.sum())} left out)")
    return compare_libdevice(z, ref, operands)


for _fn in ("nextafter", "logb", "remainder", "norm3d", "norm4d", "rnorm3d", "rnorm4d"):
    for _d in ("float32", "float64"):
        test(f"libdevice_{_fn}[{_d}]")(lambda fn=_fn, d=_d: libdevice_exact(fn, d))
test("libdevice_frsqrt_rn[float32]")(lambda: libdevice_exact("frsqrt_rn", "float32"))


def libdevice_ilogb(d):
    x = floats_exact(d, 9)
    z = torch.zeros(N, dtype=torch.int32)
    ilogb_kernel[(1,)](x, z, BLOCK=N)
    ref = [-2 ** 31 if math.isnan(a) or a == 0 else 2 ** 31 - 1 if math.isinf(a) else
           math.frexp(a)[1] - 1 for a in x.tolist()]
    return compare_libdevice(z, torch.tensor(ref, dtype=torch.int32), (x,))


for _d in ("float32", "float64"):
    test(f"libdevice_ilogb[{_d}]")(lambda d=_d: libdevice_ilogb(d))
