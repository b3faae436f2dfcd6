# Writes libdevice_more_f32/ and libdevice_more_f64/ (kernel.ttir,
# kernel.json, in<i>.npy, out<i>.npy): libdevice functions as Triton's
# libdevice.py calls them (tt.extern_elementwise), 256 elements each, with
# special values (zeros, +-1, domain ends, outside the domain, infinities,
# NaN, tiny) and an oracle from mpmath at 40 digits (the inverse error
# functions) or Python floats, rounded to the dtype. Run with a python3
# that has numpy and mpmath.
import json, math, os
from fractions import Fraction
import numpy as np
import mpmath

mpmath.mp.dps = 40
N = 256
rng = np.random.default_rng(11)
here = os.path.dirname(os.path.abspath(__file__))


def sample(lo, hi, special):
    v = list(special) + list(rng.uniform(lo, hi, N - len(special)))
    return np.array(v[:N], np.float64)


def mp(f):
    return lambda v: float(f(mpmath.mpf(v)))


def erfinv(v):
    if math.isnan(v) or abs(v) > 1:
        return math.nan
    if abs(v) == 1:
        return math.copysign(math.inf, v)
    return math.copysign(float(mpmath.erfinv(mpmath.mpf(abs(v)))), v) if v != 0 else v


def erfcinv(v):
    if math.isnan(v) or v < 0 or v > 2:
        return math.nan
    if v == 0:
        return math.inf
    if v == 2:
        return -math.inf
    # erfc(x) = v: solve in mpmath from erfinv(1 - v) at 40 digits.
    return float(mpmath.findroot(lambda t: mpmath.erfc(t) - mpmath.mpf(v),
                                 mpmath.erfinv(1 - mpmath.mpf(v))))


def normcdf(v):
    return math.nan if math.isnan(v) else float(mpmath.ncdf(mpmath.mpf(v)))


def normcdfinv(v):
    return -math.sqrt(2) * erfcinv(2 * v) if not math.isnan(v) else math.nan


def saturate(v):
    return 0.0 if math.isnan(v) else min(max(v, 0.0), 1.0)


def fdim(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.nan
    return a - b if a > b else 0.0


def div(a, b):
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1, b)
    return a / b


def rcp(a):
    return div(1.0, a)


def sqrt(a):
    return math.nan if a < 0 or math.isnan(a) else math.sqrt(a)


def sinpi(v):
    if math.isnan(v) or math.isinf(v):
        return math.nan
    return float(mpmath.sinpi(mpmath.mpf(v)))


def cospi(v):
    if math.isnan(v) or math.isinf(v):
        return math.nan
    return float(mpmath.cospi(mpmath.mpf(v)))


pi_special = [0.0, -0.0, 0.5, 1.0, 1.5, -2.0, 3.25, 1e6 + 0.5, 2.0 ** 30, 1e-30,
              math.inf, -math.inf, math.nan, 12345.75, -0.25]
tails = [1e-30, 1e-10, 1e-6, 0.999999, 1 - 2.0 ** -24, -(1 - 2.0 ** -24)]
unit = [0.0, -0.0, 1.0, -1.0, 1.5, -2.0, math.inf, -math.inf, math.nan, 0.5, -0.5] + tails
# (suffix, symbols f32/f64, inputs, reference); inputs are per-operand arrays.
FUNCS = [
    ("erfinv", "__nv_erfinvf", "__nv_erfinv", [sample(-1, 1, unit)], erfinv),
    ("erfcinv", "__nv_erfcinvf", "__nv_erfcinv",
     [sample(0, 2, [0.0, 2.0, 1.0, 1e-30, 1e-10, 1.9999, 2.5, -0.5, math.nan, math.inf, 0.5])],
     erfcinv),
    ("normcdf", "__nv_normcdff", "__nv_normcdf",
     [sample(-10, 10, [0.0, -0.0, -30.0, 30.0, math.inf, -math.inf, math.nan, -5.0])], normcdf),
    ("normcdfinv", "__nv_normcdfinvf", "__nv_normcdfinv",
     [sample(0, 1, [0.0, 1.0, 0.5, 1e-20, 1e-5, 0.99999, -0.1, 1.1, math.nan])], normcdfinv),
    ("saturate", "__nv_saturatef", None, [sample(-2, 2, [math.nan, math.inf, -math.inf, -0.0])],
     saturate),
    ("fdim", "__nv_fdimf", "__nv_fdim",
     [sample(-5, 5, [1.0, math.nan, 2.0, math.inf]), sample(-5, 5, [2.0, 1.0, math.nan, math.inf])],
     fdim),
    ("add_rn", "__nv_fadd_rn", "__nv_dadd_rn", [sample(-5, 5, []), sample(-5, 5, [])],
     lambda a, b: a + b),
    ("mul_rn", "__nv_fmul_rn", "__nv_dmul_rn", [sample(-5, 5, []), sample(-5, 5, [])],
     lambda a, b: a * b),
    ("div_rn", "__nv_fdiv_rn", "__nv_ddiv_rn", [sample(-5, 5, [1.0, 0.0]), sample(-5, 5, [0.0, 0.0])],
     div),
    ("fast_div", "__nv_fast_fdividef", None, [sample(-5, 5, []), sample(0.5, 5, [])], div),
    ("fma_rn", "__nv_fmaf_rn", "__nv_fma_rn",
     [sample(-5, 5, []), sample(-5, 5, []), sample(-5, 5, [])], lambda a, b, c: a * b + c),
    ("sqrt_rn", "__nv_fsqrt_rn", "__nv_dsqrt_rn", [sample(0, 100, [0.0, -1.0, math.inf])], sqrt),
    ("rcp_rn", "__nv_frcp_rn", "__nv_drcp_rn", [sample(-5, 5, [0.0, -0.0, math.inf])], rcp),
    ("sinpi", "__nv_sinpif", "__nv_sinpi", [sample(-40, 40, pi_special)], sinpi),
    ("cospi", "__nv_cospif", "__nv_cospi", [sample(-40, 40, pi_special)], cospi),
]
# Added later, drawn from a generator of their own so that the data above
# stays as it was.
rng_sub = np.random.default_rng(12)
FUNCS.append(("sub_rn", "__nv_fsub_rn", "__nv_dsub_rn",
              [np.concatenate([[1.0, 0.0, math.inf, math.nan], rng_sub.uniform(-5, 5, N - 4)]),
               np.concatenate([[1.0, -0.0, math.inf, 1.0], rng_sub.uniform(-5, 5, N - 4)])],
              lambda a, b: a - b))


def write_case(name, fty, np_ty, idx):
    funcs = [f for f in FUNCS if f[idx] is not None]
    ins, outs, sig, body = [], [], [], []
    body.append("    %r = tt.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>")
    for k, (tag, *syms, operands, ref) in enumerate(funcs):
        sym = syms[idx - 1]
        vals = []
        for j, op in enumerate(operands):
            a = op.astype(np_ty)
            arg = f"%in_{tag}_{j}"
            sig.append(f"{arg}: !tt.ptr<{fty}>")
            ins.append(a)
            outs.append(a)
            body.append(f"    %p_{tag}_{j} = tt.splat {arg} : !tt.ptr<{fty}> -> tensor<256x!tt.ptr<{fty}>>")
            body.append(f"    %q_{tag}_{j} = tt.addptr %p_{tag}_{j}, %r : tensor<256x!tt.ptr<{fty}>>, tensor<256xi32>")
            body.append(f"    %v_{tag}_{j} = tt.load %q_{tag}_{j} : tensor<256x!tt.ptr<{fty}>>")
            vals.append(f"%v_{tag}_{j}")
        types = ", ".join([f"tensor<256x{fty}>"] * len(vals))
        body.append(f"    %res_{tag} = tt.extern_elementwise {', '.join(vals)} {{libname = \"\", "
                    f"libpath = \"\", pure = true, symbol = \"{sym}\"}} : ({types}) -> tensor<256x{fty}>")
        sig.append(f"%out_{tag}: !tt.ptr<{fty}>")
        body.append(f"    %po_{tag} = tt.splat %out_{tag} : !tt.ptr<{fty}> -> tensor<256x!tt.ptr<{fty}>>")
        body.append(f"    %qo_{tag} = tt.addptr %po_{tag}, %r : tensor<256x!tt.ptr<{fty}>>, tensor<256xi32>")
        body.append(f"    tt.store %qo_{tag}, %res_{tag} : tensor<256x!tt.ptr<{fty}>>")
        xs = [op.astype(np_ty).astype(np.float64) for op in operands]
        ins.append(np.full(N, -7.0, np_ty))
        outs.append(np.array([ref(*v) for v in zip(*xs)], np.float64).astype(np_ty))
    d = os.path.join(here, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "kernel.ttir"), "w") as fh:
        fh.write(f"// Written by ../make_more.py: libdevice functions on {fty}.\nmodule {{\n")
        fh.write(f"  tt.func public @{name}({', '.join(sig)}) {{\n")
        fh.write("\n".join(body) + "\n    tt.return\n  }\n}\n")
    args = []
    for i, (a, o) in enumerate(zip(ins, outs)):
        np.save(os.path.join(d, f"in{i}.npy"), a)
        np.save(os.path.join(d, f"out{i}.npy"), o)
        args.append({"dtype": "float32" if np_ty == np.float32 else "float64", "shape": [N],
                     "stride": [1], "storage_offset": 0, "storage_numel": N})
    with open(os.path.join(d, "kernel.json"), "w") as fh:
        json.dump({"name": name, "grid": [1, 1, 1], "config": {}, "args": args, "oracle": True},
                  fh, indent=1)


with np.errstate(all="ignore"):
    write_case("libdevice_more_f32", "f32", np.float32, 1)
    write_case("libdevice_more_f64", "f64", np.float64, 2)


# libdevice_conv: conversions, bitcasts and integer functions, operands and
# results of mixed types. Python integers give the exact reference.
MLIR = {np.float32: "f32", np.float64: "f64", np.int32: "i32", np.int64: "i64"}
DTYPE = {np.float32: "float32", np.float64: "float64", np.int32: "int32", np.int64: "int64"}


def wrap(v, bits, signed=True):
    v &= (1 << bits) - 1
    return v - (1 << bits) if signed and v >> (bits - 1) else v


def round_half_away(v):
    f = Fraction(v)  # exact
    return int(math.floor(abs(f) + Fraction(1, 2))) * (1 if f >= 0 else -1)


def to_int(v, mode, bits, signed, src_bits=32):
    # PTX cvt: round as named, saturate to the range; NaN -> 0, but the
    # width's MIN bit pattern from f64 or at 64 bits (docs/semantics.md).
    if math.isnan(v):
        return wrap(1 << (bits - 1), bits, signed) if src_bits == 64 or bits == 64 else 0
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if math.isinf(v):
        r = hi if v > 0 else lo
    else:
        r = {"rn": round, "rz": math.trunc, "rd": math.floor, "ru": math.ceil,
             "ra": round_half_away}[mode](v)
    return wrap(min(max(r, lo), hi), bits, signed)


def brev(v, bits):
    u = v & ((1 << bits) - 1)
    return wrap(int(format(u, f"0{bits}b")[::-1], 2), bits)


def ffs(v, bits):
    u = v & ((1 << bits) - 1)
    return (u & -u).bit_length()


fx = sample(-3e9, 3e9, [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.7, -2.7, 0.0, math.nan, math.inf,
                        -math.inf, 3e38, -3e38, 2147483647.0, -2147483648.0, 4294967296.0])
fx[17:80] = rng.uniform(-20, 20, 63)
ix = np.concatenate([[0, 1, -1, 2 ** 31 - 1, -2 ** 31, 8, 3 << 20],
                     rng.integers(-2 ** 31, 2 ** 31, N - 7)]).astype(np.int64)
iy = rng.integers(-2 ** 31, 2 ** 31, N).astype(np.int64)
lx = np.concatenate([[0, 1, -1, 2 ** 63 - 1, -2 ** 63, 1 << 40],
                     rng.integers(-2 ** 63, 2 ** 63, N - 6, dtype=np.int64)]).astype(np.int64)
CONV = []
for src, fname in ((np.float32, "float"), (np.float64, "double")):
    for dst, iname, bits, signed in ((np.int32, "int", 32, True), (np.int32, "uint", 32, False),
                                     (np.int64, "ll", 64, True), (np.int64, "ull", 64, False)):
        for mode in ("rn", "rz", "rd", "ru"):
            CONV.append((f"{fname}2{iname}_{mode}", [(fx, src)], dst,
                         (lambda m, b, s, w: lambda v: to_int(v, m, b, s, w))(
                             mode, bits, signed, np.dtype(src).itemsize * 8)))
CONV += [
    ("int2float_rn", [(ix, np.int32)], np.float32, float),
    ("uint2float_rn", [(ix, np.int32)], np.float32, lambda v: float(v & 0xFFFFFFFF)),
    ("ll2double_rn", [(lx, np.int64)], np.float64, float),
    ("ull2double_rn", [(lx, np.int64)], np.float64, lambda v: float(v & (2 ** 64 - 1))),
    ("ll2float_rn", [(lx, np.int64)], np.float32, float),
    ("int2double_rn", [(ix, np.int32)], np.float64, float),
    ("float_as_int", [(fx, np.float32)], np.int32, None),
    ("int_as_float", [(ix, np.int32)], np.float32, None),
    ("double_as_longlong", [(fx, np.float64)], np.int64, None),
    ("double2hiint", [(fx, np.float64)], np.int32, None),
    ("double2loint", [(fx, np.float64)], np.int32, None),
    ("hiloint2double", [(ix, np.int32), (iy, np.int32)], np.float64, None),
    ("brev", [(ix, np.int32)], np.int32, lambda v: brev(v, 32)),
    ("brevll", [(lx, np.int64)], np.int64, lambda v: brev(v, 64)),
    ("ffs", [(ix, np.int32)], np.int32, lambda v: ffs(v, 32)),
    ("ffsll", [(lx, np.int64)], np.int32, lambda v: ffs(v, 64)),
    ("popcll", [(lx, np.int64)], np.int32, lambda v: bin(v & (2 ** 64 - 1)).count("1")),
    ("clzll", [(lx, np.int64)], np.int32, lambda v: 64 - (v & (2 ** 64 - 1)).bit_length()),
    ("hadd", [(ix, np.int32), (iy, np.int32)], np.int32, lambda a, b: (a + b) >> 1),
    ("rhadd", [(ix, np.int32), (iy, np.int32)], np.int32, lambda a, b: (a + b + 1) >> 1),
    ("uhadd", [(ix, np.int32), (iy, np.int32)], np.int32,
     lambda a, b: wrap(((a & 0xFFFFFFFF) + (b & 0xFFFFFFFF)) >> 1, 32)),
    ("urhadd", [(ix, np.int32), (iy, np.int32)], np.int32,
     lambda a, b: wrap(((a & 0xFFFFFFFF) + (b & 0xFFFFFFFF) + 1) >> 1, 32)),
    ("abs", [(ix, np.int32)], np.int32, lambda v: wrap(abs(v), 32)),
    ("mul24", [(ix, np.int32), (iy, np.int32)], np.int32,
     lambda a, b: wrap(wrap(a, 24) * wrap(b, 24), 32)),
    ("umul24", [(ix, np.int32), (iy, np.int32)], np.int32,
     lambda a, b: wrap((a & 0xFFFFFF) * (b & 0xFFFFFF), 32)),
    ("sad", [(ix, np.int32), (iy, np.int32), (ix[::-1].copy(), np.int32)], np.int32,
     lambda a, b, c: wrap(abs(a - b) + c, 32)),
    ("usad", [(ix, np.int32), (iy, np.int32), (ix[::-1].copy(), np.int32)], np.int32,
     lambda a, b, c: wrap(abs((a & 0xFFFFFFFF) - (b & 0xFFFFFFFF)) + c, 32)),
    ("scalbnf", [(fx, np.float32), (np.arange(N) % 41 - 20, np.int32)], np.float32,
     lambda v, n: v * 2.0 ** n if not math.isnan(v) else math.nan),
    ("llabs", [(lx, np.int64)], np.int64, lambda v: wrap(abs(v), 64)),
    ("rcbrtf", [(fx, np.float32)], np.float32,
     lambda v: math.nan if math.isnan(v) else (math.copysign(math.inf, v) if v == 0 else
                                              math.copysign(abs(v) ** (-1 / 3), v))),
    ("rhypot", [(fx, np.float64), (fx[::-1].copy(), np.float64)], np.float64,
     lambda a, b: 0.0 if math.isinf(a) or math.isinf(b) else
     (math.nan if math.isnan(a) or math.isnan(b) else
      (math.inf if a == 0 and b == 0 else 1 / math.hypot(a, b)))),
    ("llroundf", [(fx, np.float32)], np.int64, lambda v: to_int(v, "ra", 64, True)),
    ("llround", [(fx, np.float64)], np.int64, lambda v: to_int(v, "ra", 64, True)),
    ("double2float_rn", [(fx, np.float64)], np.float32, lambda v: v),  # numpy rounds to even
]


def write_conv(name):
    ins, outs, sig, body, dts = [], [], [], [], []
    body.append("    %r = tt.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>")

    def arg(tag, ty):
        t = MLIR[ty]
        sig.append(f"%{tag}: !tt.ptr<{t}>")
        body.append(f"    %p_{tag} = tt.splat %{tag} : !tt.ptr<{t}> -> tensor<256x!tt.ptr<{t}>>")
        body.append(f"    %q_{tag} = tt.addptr %p_{tag}, %r : tensor<256x!tt.ptr<{t}>>, tensor<256xi32>")

    for k, (fn, operands, rty, ref) in enumerate(CONV):
        vals, xs = [], []
        for j, (data, ty) in enumerate(operands):
            a = data.astype(ty)
            arg(f"in{k}_{j}", ty)
            body.append(f"    %v{k}_{j} = tt.load %q_in{k}_{j} : tensor<256x!tt.ptr<{MLIR[ty]}>>")
            vals.append(f"%v{k}_{j}")
            ins.append(a), outs.append(a), dts.append(ty)
            xs.append([float(v) if ty in (np.float32, np.float64) else int(v) for v in a])
        types = ", ".join(f"tensor<256x{MLIR[ty]}>" for _, ty in operands)
        body.append(f"    %res{k} = tt.extern_elementwise {', '.join(vals)} {{libname = \"\", "
                    f"libpath = \"\", pure = true, symbol = \"__nv_{fn}\"}} : ({types}) -> "
                    f"tensor<256x{MLIR[rty]}>")
        arg(f"out{k}", rty)
        body.append(f"    tt.store %q_out{k}, %res{k} : tensor<256x!tt.ptr<{MLIR[rty]}>>")
        ins.append(np.zeros(N, rty)), dts.append(rty)
        if ref is None:  # bitcasts; hi/lo halves of a double (little endian)
            raw = [data.astype(ty) for data, ty in operands]
            if fn == "hiloint2double":
                raw = [np.stack([raw[1], raw[0]], axis=1).reshape(-1)]
            bits = raw[0].view(rty)
            if fn.startswith("double2"):
                bits = bits.reshape(N, 2)[:, 1 if "hi" in fn else 0].copy()
            outs.append(bits)
        else:
            got = [ref(*v) for v in zip(*xs)]
            if rty in (np.float32, np.float64):
                outs.append(np.array(got, np.float64).astype(rty))
            else:  # the result's bits, as a signed integer of its width
                bits = np.dtype(rty).itemsize * 8
                outs.append(np.array([wrap(int(v), bits) for v in got], np.int64).astype(rty))
    d = os.path.join(here, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "kernel.ttir"), "w") as fh:
        fh.write("// Written by ../make_more.py: libdevice conversions, bitcasts and integer "
                 "functions.\nmodule {\n")
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


with np.errstate(all="ignore"):
    write_conv("libdevice_conv")
