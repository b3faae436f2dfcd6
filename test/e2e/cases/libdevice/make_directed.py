# Writes libdevice_directed_f32/, libdevice_directed_f64/ and
# libdevice_directed_conv/ (kernel.ttir, kernel.json, in<i>.npy, out<i>.npy):
# libdevice's directed-rounding (_rd, _ru, _rz) arithmetic and conversions,
# 256 elements each. The oracle is exact rational arithmetic (fractions)
# rounded in the named direction, independent of the compiler's method.
# Each kernel stores the result's bits as an integer (NaN made canonical), so
# `triton-edge check` compares them exactly: a one-ulp error fails.
# Run with a python3 that has numpy.
import json, math, os
from fractions import Fraction
import numpy as np

N = 256
here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(21)
# (precision, emin, emax) of the binary formats.
FORMAT = {np.float32: (24, -126, 127), np.float64: (53, -1022, 1023)}
INT = {np.float32: np.int32, np.float64: np.int64}
MLIR = {np.float32: "f32", np.float64: "f64", np.int32: "i32", np.int64: "i64"}
DTYPE = {np.float32: "float32", np.float64: "float64", np.int32: "int32", np.int64: "int64"}


def round_to(q, mode, fty, zero_sign=1.0):
    """Fraction q rounded to fty: mode 'n' (nearest even), 'd', 'u', 'z'.
    An exact zero takes `zero_sign`'s sign."""
    p, emin, emax = FORMAT[fty]
    if q == 0:
        return math.copysign(0.0, zero_sign)
    sign = 1 if q > 0 else -1
    a = abs(q)
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    e = max(e, emin)
    ulp = Fraction(2) ** (e - p + 1)
    m = a / ulp
    fl = m.numerator // m.denominator
    # Magnitude rounded up when the direction points away from zero.
    away = {"d": sign < 0, "u": sign > 0, "z": False}
    if mode == "n":
        rest = m - fl
        up = rest > Fraction(1, 2) or (rest == Fraction(1, 2) and fl % 2 == 1)
    else:
        up = away[mode] and m != fl
    mag = (fl + (1 if up else 0)) * ulp
    largest = (2 - Fraction(2) ** (1 - p)) * Fraction(2) ** emax
    if mag > largest:
        mag = None if mode == "n" or away[mode] else largest
    v = math.inf if mag is None else float(mag)  # exact: mag is representable
    if v == 0:  # underflow keeps the exact value's sign
        return math.copysign(0.0, sign)
    return sign * v


def sum_zero_sign(x, y, mode):
    """IEEE sign of an exact zero x + y (x, y floats)."""
    if x == 0 and y == 0 and math.copysign(1, x) == math.copysign(1, y):
        return math.copysign(1, x)
    return -1.0 if mode == "d" else 1.0


def ieee(fty, fn, *xs):
    """Non-finite operands (and x / 0): the exact IEEE result, from numpy."""
    with np.errstate(all="ignore"):
        return float(fn(*[fty(x) for x in xs]))


def finite(*xs):
    return all(math.isfinite(x) for x in xs)


def ref_add(mode, fty):
    def f(a, b):
        if not finite(a, b):
            return ieee(fty, lambda x, y: x + y, a, b)
        return round_to(Fraction(a) + Fraction(b), mode, fty, sum_zero_sign(a, b, mode))
    return f


def ref_sub(mode, fty):
    return lambda a, b: ref_add(mode, fty)(a, -b)


def ref_mul(mode, fty):
    def f(a, b):
        if not finite(a, b):
            return ieee(fty, lambda x, y: x * y, a, b)
        return round_to(Fraction(a) * Fraction(b), mode, fty,
                        math.copysign(1, a) * math.copysign(1, b))
    return f


def ref_div(mode, fty):
    def f(a, b):
        if not finite(a, b) or b == 0:
            return ieee(fty, lambda x, y: x / y, a, b)
        return round_to(Fraction(a) / Fraction(b), mode, fty,
                        math.copysign(1, a) * math.copysign(1, b))
    return f


def ref_rcp(mode, fty):
    return lambda a: ref_div(mode, fty)(1.0, a)


def ref_fma(mode, fty):
    def f(a, b, c):
        if not finite(a, b, c):
            return ieee(fty, lambda x, y, z: x * y + z, a, b, c)
        prod_sign = math.copysign(1, a) * math.copysign(1, b)
        prod = Fraction(a) * Fraction(b)
        # A zero product keeps its sign; any other exact zero sum is +0 (-0 down).
        zs = sum_zero_sign(math.copysign(0.0, prod_sign) if prod == 0 else 1.0, c, mode)
        return round_to(prod + Fraction(c), mode, fty, zs)
    return f


def exact_sqrt_round(a, mode, fty):
    """sqrt of a positive Fraction rounded: bisection on the format's grid
    by integer square roots of the scaled value."""
    p, emin, _ = FORMAT[fty]
    # sqrt(a) = sqrt(n/d); scale so that the integer root has p + 2 bits.
    k = 0
    while True:
        scaled = a * Fraction(4) ** k
        r = math.isqrt(scaled.numerator // scaled.denominator)
        if r.bit_length() >= p + 40 or k > 1200:
            break
        k += 8
    # r <= sqrt(a) 2^k < r + 1: r has far more bits than the format, so the
    # rounding of sqrt(a) equals that of r + 1/2 unless exact.
    exact = r * r * scaled.denominator == scaled.numerator
    val = (Fraction(r) if exact else Fraction(2 * r + 1, 2)) / Fraction(2) ** k
    return round_to(val, mode, fty)


def ref_sqrt(mode, fty):
    def f(a):
        if not math.isfinite(a) or a <= 0:
            return ieee(fty, np.sqrt, a)
        return exact_sqrt_round(Fraction(a), mode, fty)
    return f


def floats(fty, special, lo, hi, spread=True):
    """special values, then uniform values in [lo, hi), then (spread) values
    of random sign and exponent across the format's range."""
    p, emin, emax = FORMAT[fty]
    n_rand = (N - len(special)) // 2 if spread else N - len(special)
    u = rng.uniform(lo, hi, n_rand)
    if spread:
        exps = rng.integers(emin - p + 2, emax, N - len(special) - n_rand)
        w = rng.uniform(1, 2, len(exps)) * np.ldexp(1.0, exps) * rng.choice([-1.0, 1.0], len(exps))
        u = np.concatenate([u, w])
    return np.array(list(special) + list(u), np.float64).astype(fty)


def specials(fty):
    tiny = float(np.finfo(fty).smallest_subnormal)
    big = float(np.finfo(fty).max)
    eps = float(np.finfo(fty).eps)
    return [0.0, -0.0, 1.0, -1.0, math.inf, -math.inf, math.nan, tiny, -tiny, big, -big,
            1 + eps, 3.0, -3.0, 0.1, -0.1, 1e-30, 2.0 ** -120, float(np.finfo(fty).tiny)]


def binary_inputs(fty):
    s = specials(fty)
    big = float(np.finfo(fty).max)
    # pairs: exact zeros of both signs, overflow, underflow, ties
    xs = s + [1.0, -1.0, 0.0, -0.0, big, -big, 2.0 ** -100, 1.0, 1.0, 5.0, big]
    ys = s[::-1] + [-1.0, 1.0, -0.0, -0.0, big, big, 2.0 ** -100, 3.0, -3.0, 0.5, 0.5]
    return floats(fty, xs, -5, 5), floats(fty, ys, -5, 5)


def families(fty):
    x, y = binary_inputs(fty)
    z = floats(fty, specials(fty)[::2] + [-1.0, 1.0, -3.0], -5, 5)
    sq = floats(fty, specials(fty) + [4.0, 2.25, 2.0, 1e-40], 0, 100)
    recip = floats(fty, specials(fty) + [3.0, -7.0, 0.5], -5, 5)
    pre = "f" if fty == np.float32 else "d"
    out = []
    for mode in "dzu":
        out += [
            (f"{pre}add_r{mode}", [x, y], ref_add(mode, fty)),
            (f"{pre}sub_r{mode}", [x, y], ref_sub(mode, fty)),
            (f"{pre}mul_r{mode}", [x, y], ref_mul(mode, fty)),
            (f"{pre}div_r{mode}", [x, y], ref_div(mode, fty)),
            (("fmaf" if fty == np.float32 else "fma") + f"_r{mode}", [x, y, z], ref_fma(mode, fty)),
            (f"{pre}sqrt_r{mode}", [sq], ref_sqrt(mode, fty)),
            (f"{pre}rcp_r{mode}", [recip], ref_rcp(mode, fty)),
        ]
    return out


def canonical_bits(values, fty):
    a = np.array(values, np.float64).astype(fty)
    a[np.isnan(a)] = np.nan  # numpy's NaN: the canonical quiet NaN
    return a.view(INT[fty])


def write(name, funcs, comment):
    """funcs: (symbol, [(array, np type)], result np type, reference[, stored
    as bits (default) or as floats, compared within the dtype's tolerance])."""
    ins, outs, dts, sig, body = [], [], [], [], []
    body.append("    %r = tt.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>")

    def ptr(tag, ty):
        t = MLIR[ty]
        sig.append(f"%{tag}: !tt.ptr<{t}>")
        body.append(f"    %p_{tag} = tt.splat %{tag} : !tt.ptr<{t}> -> tensor<256x!tt.ptr<{t}>>")
        body.append(f"    %q_{tag} = tt.addptr %p_{tag}, %r : tensor<256x!tt.ptr<{t}>>, tensor<256xi32>")

    for k, (sym, operands, rty, ref, *as_bits) in enumerate(funcs):
        as_bits = rty in FORMAT and (not as_bits or as_bits[0])
        vals, xs = [], []
        for j, (data, ty) in enumerate(operands):
            ptr(f"in{k}_{j}", ty)
            body.append(f"    %v{k}_{j} = tt.load %q_in{k}_{j} : tensor<256x!tt.ptr<{MLIR[ty]}>>")
            vals.append(f"%v{k}_{j}")
            ins.append(data), outs.append(data), dts.append(ty)
            xs.append([float(v) if ty in FORMAT else int(v) for v in data])
        types = ", ".join(f"tensor<256x{MLIR[ty]}>" for _, ty in operands)
        ft = MLIR[rty]
        body.append(f"    %res{k} = tt.extern_elementwise {', '.join(vals)} {{libname = \"\", "
                    f"libpath = \"\", pure = true, symbol = \"__nv_{sym}\"}} : ({types}) -> "
                    f"tensor<256x{ft}>")
        got = [ref(*v) for v in zip(*xs)]
        if not as_bits:
            ptr(f"out{k}", rty)
            body.append(f"    tt.store %q_out{k}, %res{k} : tensor<256x!tt.ptr<{ft}>>")
            ins.append(np.zeros(N, rty)), dts.append(rty)
            outs.append(np.array(got, np.float64 if rty in FORMAT else np.int64).astype(rty))
            continue
        it = MLIR[INT[rty]]
        # NaN made canonical, then the bits.
        body.append(f"    %nan{k} = arith.cmpf uno, %res{k}, %res{k} : tensor<256x{ft}>")
        body.append(f"    %qnan{k} = arith.constant dense<0x{'7FC00000' if ft == 'f32' else '7FF8000000000000'}> : tensor<256x{ft}>")
        body.append(f"    %canon{k} = arith.select %nan{k}, %qnan{k}, %res{k} : tensor<256xi1>, tensor<256x{ft}>")
        body.append(f"    %bits{k} = tt.bitcast %canon{k} : tensor<256x{ft}> -> tensor<256x{it}>")
        ptr(f"out{k}", INT[rty])
        body.append(f"    tt.store %q_out{k}, %bits{k} : tensor<256x!tt.ptr<{it}>>")
        ins.append(np.zeros(N, INT[rty])), dts.append(INT[rty])
        outs.append(canonical_bits(got, rty))
    d = os.path.join(here, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "kernel.ttir"), "w") as fh:
        fh.write(f"// Written by ../make_directed.py: {comment}\nmodule {{\n")
        fh.write(f"  tt.func public @{name}({', '.join(sig)}) {{\n")
        fh.write("\n".join(body) + "\n    tt.return\n  }\n}\n")
    args = []
    for i, (a, o, ty) in enumerate(zip(ins, outs, dts)):
        np.save(os.path.join(d, f"in{i}.npy"), a)
        np.save(os.path.join(d, f"out{i}.npy"), o)
        args.append({"dtype": DTYPE[ty], "shape": [N], "stride": [1], "storage_offset": 0,
                     "storage_numel": N})
    with open(os.path.join(d, "kernel.json"), "w") as fh:
        json.dump({"name": name, "grid": [1, 1, 1], "config": {}, "args": args, "oracle": True},
                  fh, indent=1)


for fty in (np.float32, np.float64):
    funcs = [(sym, [(a, fty) for a in ops], fty, ref) for sym, ops, ref in families(fty)]
    write(f"libdevice_directed_{MLIR[fty]}", funcs,
          f"directed-rounding arithmetic on {MLIR[fty]}, result bits compared exactly.")

# Conversions to float.
i32 = np.concatenate([[0, 1, -1, 2 ** 31 - 1, -2 ** 31, 2 ** 24 + 1, -(2 ** 24 + 1), 2 ** 25 + 3,
                       16777217, 123456789], rng.integers(-2 ** 31, 2 ** 31, N - 10)]).astype(np.int32)
i64 = np.concatenate([[0, 1, -1, 2 ** 63 - 1, -2 ** 63, 2 ** 53 + 1, -(2 ** 53 + 1), 2 ** 62 + 1,
                       2 ** 24 + 1, -(2 ** 24 + 1), 2 ** 54 + 2],
                      rng.integers(-2 ** 63, 2 ** 63, N - 11, dtype=np.int64)]).astype(np.int64)
d64 = floats(np.float64, [0.0, -0.0, 1.0, 1 + 2.0 ** -30, -(1 + 2.0 ** -30), 3.4e38, 3.5e38, -3.5e38,
                          1e-46, -1e-46, 1e-40, 2.0 ** -149, 2.0 ** -150, math.inf, -math.inf,
                          math.nan, 0.1, float(np.finfo(np.float32).max)], -5, 5)
conv = []
for mode in "dzu":
    def to_f(fty, unsigned, bits, mode=mode):
        def f(v):
            v = v & ((1 << bits) - 1) if unsigned else v
            return round_to(Fraction(v), mode, fty)
        return f

    def d2f(v, mode=mode):
        if not math.isfinite(v):
            return v
        return round_to(Fraction(v), mode, np.float32, v if v == 0 else 1.0)
    conv += [
        (f"int2float_r{mode}", [(i32, np.int32)], np.float32, to_f(np.float32, False, 32)),
        (f"uint2float_r{mode}", [(i32, np.int32)], np.float32, to_f(np.float32, True, 32)),
        (f"ll2float_r{mode}", [(i64, np.int64)], np.float32, to_f(np.float32, False, 64)),
        (f"ull2float_r{mode}", [(i64, np.int64)], np.float32, to_f(np.float32, True, 64)),
        (f"ll2double_r{mode}", [(i64, np.int64)], np.float64, to_f(np.float64, False, 64)),
        (f"ull2double_r{mode}", [(i64, np.int64)], np.float64, to_f(np.float64, True, 64)),
        (f"double2float_r{mode}", [(d64, np.float64)], np.float32, d2f),
    ]
write("libdevice_directed_conv", conv,
      "directed-rounding conversions to float, result bits compared exactly.")


# Bit-exact float functions: nextafter, ilogb, logb, remainder, frsqrt_rn
# (f32), and norm3d/norm4d/rnorm3d/rnorm4d (f32 correctly rounded here; f64
# stored as values, checked within the f64 tolerance).
def ref_nextafter(fty):
    return lambda x, y: float(np.nextafter(fty(x), fty(y)))


def ref_ilogb(x):
    if math.isnan(x) or x == 0:
        return -2 ** 31
    if math.isinf(x):
        return 2 ** 31 - 1
    return math.frexp(x)[1] - 1


def ref_logb(x):
    if math.isnan(x):
        return x
    if math.isinf(x):
        return math.inf
    return -math.inf if x == 0 else float(math.frexp(x)[1] - 1)


def ref_remainder(fty):
    def f(x, y):
        if math.isnan(x) or math.isnan(y) or math.isinf(x) or y == 0:
            return math.nan
        if math.isinf(y):
            return x
        q = Fraction(x) / Fraction(y)
        n = round(q)  # halfway cases to even
        return round_to(Fraction(x) - n * Fraction(y), "n", fty, x)
    return f


def ref_norm(fty, reciprocal):
    def f(*xs):
        if any(math.isinf(v) for v in xs):
            return 0.0 if reciprocal else math.inf
        if any(math.isnan(v) for v in xs):
            return math.nan
        s = sum(Fraction(v) ** 2 for v in xs)
        if s == 0:
            return math.inf if reciprocal else 0.0
        return exact_sqrt_round(1 / s if reciprocal else s, "n", fty)
    return f


def ref_rsqrt(x):
    if math.isnan(x) or x < 0:
        return math.nan
    if x == 0:
        return math.copysign(math.inf, x)
    return 0.0 if math.isinf(x) else exact_sqrt_round(1 / Fraction(x), "n", np.float32)


rng = np.random.default_rng(22)
for fty in (np.float32, np.float64):
    x, y = binary_inputs(fty)
    rem_x = floats(fty, [2.5, 3.5, -2.5, 5.0, -5.0, 1.0, math.inf, 7.0, 1e30, -0.0, 0.0], -50, 50)
    rem_y = floats(fty, [1.0, 1.0, 1.0, 2.5, 2.5, 0.0, 2.0, math.inf, 3.0, 1.0, -1.0], -5, 5)
    vs = [floats(fty, specials(fty)[k:] + specials(fty)[:k], -5, 5) for k in (0, 5, 9, 13)]
    pre = "" if fty == np.float64 else "f"
    f64 = fty == np.float64
    funcs = [
        (f"nextafter{pre}", [(x, fty), (y, fty)], fty, ref_nextafter(fty)),
        (f"ilogb{pre}", [(x, fty)], np.int32, ref_ilogb),
        (f"logb{pre}", [(y, fty)], fty, ref_logb),
        (f"remainder{pre}", [(rem_x, fty), (rem_y, fty)], fty, ref_remainder(fty)),
        (f"norm3d{pre}", [(v, fty) for v in vs[:3]], fty, ref_norm(fty, False), not f64),
        (f"norm4d{pre}", [(v, fty) for v in vs], fty, ref_norm(fty, False), not f64),
        (f"rnorm3d{pre}", [(v, fty) for v in vs[:3]], fty, ref_norm(fty, True), not f64),
        (f"rnorm4d{pre}", [(v, fty) for v in vs], fty, ref_norm(fty, True), not f64),
    ]
    if fty == np.float32:
        r = floats(fty, specials(fty) + [4.0, 0.25, 2.0, 1e-45], 0, 100)
        funcs.append(("frsqrt_rn", [(r, fty)], fty, ref_rsqrt))
    write(f"libdevice_exact_{MLIR[fty]}", funcs,
          f"nextafter, ilogb, logb, remainder, norms, rsqrt on {MLIR[fty]}.")
