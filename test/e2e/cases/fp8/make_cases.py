# Writes the fp8 cases (kernel.ttir, kernel.json, in<i>.npy, out<i>.npy):
# fp8_upcast (all 256 codes of each fp8 type -> f32, and -> f16/bf16),
# fp8_downcast (a sweep of f32 and f16 values -> each fp8 type: codes, ties,
# just-off ties, overflow, inf, NaN, subnormals) and fp8_dot (fp8 tt.dot
# with f32 accumulation). The oracle decodes fp8 by its fields and encodes
# by searching the nearest code (ties to even), independently of the
# compiler's shift-based rounding. Rules: docs/semantics.md, "fp8".
# Run with /usr/bin/python3.
import json, os
import numpy as np

# name: (torch/Triton dtype name, MLIR type, mantissa bits, bias, specials)
FORMATS = [
    ("float8_e4m3fn", "f8E4M3FN", 3, 7, "fn"),
    ("float8_e5m2", "f8E5M2", 2, 15, "ieee"),
    ("float8_e4m3fnuz", "f8E4M3FNUZ", 3, 8, "fnuz"),
    ("float8_e5m2fnuz", "f8E5M2FNUZ", 2, 16, "fnuz"),
    ("float8e4b15", "f8E4M3B11FNUZ", 3, 15, "fn"),
]
HERE = os.path.dirname(os.path.abspath(__file__))


def decode(codes, man, bias, specials):
    codes = np.asarray(codes, np.int64)
    mag, neg = codes & 0x7F, (codes & 0x80) != 0
    e, m = mag >> man, mag & ((1 << man) - 1)
    val = np.where(e == 0, m * 2.0 ** (1 - bias - man),
                   (m + 2 ** man) * np.exp2((e - bias - man).astype(np.float64)))
    val = np.where(neg, -val, val)
    ones = ((1 << (7 - man)) - 1) << man
    if specials == "fn":
        val = np.where(mag == 0x7F, np.nan, val)
    elif specials == "fnuz":
        val = np.where(codes == 0x80, np.nan, val)
    else:
        val = np.where(mag == ones, np.where(neg, -np.inf, np.inf), val)
        val = np.where(mag > ones, np.nan, val)
    return val


def max_code(man, specials):
    if specials == "ieee":
        return (((1 << (7 - man)) - 2) << man) | ((1 << man) - 1)
    return 0x7E if specials == "fn" else 0x7F


def encode(x, man, bias, specials, toward_zero=False):
    """Nearest code (ties to even), saturating; rtz: largest not above |x|."""
    x = np.asarray(x, np.float64)
    top = max_code(man, specials)
    grid = decode(np.arange(top + 1), man, bias, specials)
    out = np.zeros(x.shape, np.uint8)
    for i, v in enumerate(x.ravel()):
        if np.isnan(v):
            out.flat[i] = 0x80 if specials == "fnuz" else 0x7F
            continue
        a = abs(v)
        if toward_zero and specials == "ieee" and np.isinf(a):
            code = top + 1
        elif toward_zero:
            code = int(np.searchsorted(grid, min(a, grid[-1]), side="right") - 1)
        else:
            a = min(a, grid[-1])
            d = np.abs(grid - a)
            best = np.flatnonzero(d == d.min())
            code = int(best[0] if len(best) == 1 else best[best % 2 == 0][0])
        sign = 0x80 if np.signbit(v) and not (specials == "fnuz" and code == 0) else 0
        out.flat[i] = code | sign
    return out


def sweep():
    vals = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e30, -1e30, 3e38, 1e-40, -1e-45, 1e-7, 65504.0]
    for _, _, man, bias, sp in FORMATS:
        g = decode(np.arange(max_code(man, sp) + 1), man, bias, sp)
        mids = (g[1:] + g[:-1]) / 2
        vals += list(g) + list(mids) + list(g[-1] * np.array([1.03, 1.07, 1.5, 2.0]))
        vals += list(np.nextafter(mids.astype(np.float32), np.float32(np.inf)))
        vals += list(np.nextafter(mids.astype(np.float32), np.float32(0)))
        vals += list(g[:8] / 3)  # inside the subnormal range
    v = np.array(vals, np.float32)
    v = np.concatenate([v, -v])
    rng = np.random.default_rng(3)
    v = np.concatenate([v, rng.standard_normal(512).astype(np.float32) * 40])
    return v


def tensor(dtype, n):
    return {"dtype": dtype, "shape": [n], "stride": [1], "storage_offset": 0, "storage_numel": n}


def write(name, ttir, kname, grid, args, ins, outs, scalars=()):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "kernel.ttir"), "w") as f:
        f.write(ttir)
    for i, (a, b) in enumerate(zip(ins, outs)):
        np.save(os.path.join(d, f"in{i}.npy"), a)
        np.save(os.path.join(d, f"out{i}.npy"), b)
    js = {"name": kname, "grid": grid, "config": {}, "args": args + [{"scalar": s} for s in scalars],
          "oracle": True}
    with open(os.path.join(d, "kernel.json"), "w") as f:
        json.dump(js, f, indent=1)


def pointwise_ttir(kname, params, body, block):
    """A 1-D masked kernel: `params` (name, pointee), then `n`; `body` lines
    use %offs (pointer offsets) and %mask."""
    sig = ", ".join(f"%{p}: !tt.ptr<{t}> loc(\"{p}\"(#loc))" for p, t in params)
    lines = [f'#loc = loc("make_cases.py":1:0)', "module {",
             f"  tt.func public @{kname}({sig}, %n: i32 loc(\"n\"(#loc))) {{",
             f"    %cb = arith.constant {block} : i32",
             "    %pid = tt.get_program_id x : i32",
             "    %start = arith.muli %pid, %cb : i32",
             f"    %r = tt.make_range {{end = {block} : i32, start = 0 : i32}} : tensor<{block}xi32>",
             f"    %s = tt.splat %start : i32 -> tensor<{block}xi32>",
             f"    %offs = arith.addi %s, %r : tensor<{block}xi32>",
             f"    %ns = tt.splat %n : i32 -> tensor<{block}xi32>",
             f"    %mask = arith.cmpi slt, %offs, %ns : tensor<{block}xi32>"]
    lines += ["    " + l for l in body]
    lines += ["    tt.return", "  } loc(#loc)", "} loc(#loc)", ""]
    return "\n".join(lines)


def ptrs(name, param, t, block):
    return [f"%{name}_b = tt.splat %{param} : !tt.ptr<{t}> -> tensor<{block}x!tt.ptr<{t}>>",
            f"%{name} = tt.addptr %{name}_b, %offs : tensor<{block}x!tt.ptr<{t}>>, tensor<{block}xi32>"]


def load(name, param, t, block):
    return ptrs(name + "_p", param, t, block) + [
        f"%{name} = tt.load %{name}_p, %mask : tensor<{block}x!tt.ptr<{t}>>"]


def store(param, value, t, block):
    return ptrs(param + "_sp", param, t, block) + [
        f"tt.store %{param}_sp, %{value}, %mask : tensor<{block}x!tt.ptr<{t}>>"]


def upcast_case():
    B, N = 64, 256
    codes = np.arange(256, dtype=np.uint8)
    params, body, ins, outs, args = [], [], [], [], []
    for i, (tname, mlir, man, bias, sp) in enumerate(FORMATS):
        params.append((f"x{i}", mlir))
        body += load(f"v{i}", f"x{i}", mlir, B)
        ins.append(codes); outs.append(codes); args.append(tensor(tname, N))
    for i, (tname, mlir, man, bias, sp) in enumerate(FORMATS):
        params.append((f"y{i}", "f32"))
        op = "tt.fp_to_fp" if i % 2 == 0 else "arith.extf"
        conv = (f"%w{i} = tt.fp_to_fp %v{i} : tensor<{B}x{mlir}> -> tensor<{B}xf32>" if op == "tt.fp_to_fp"
                else f"%w{i} = arith.extf %v{i} : tensor<{B}x{mlir}> to tensor<{B}xf32>")
        body += [conv] + store(f"y{i}", f"w{i}", "f32", B)
        ins.append(np.zeros(N, np.float32))
        outs.append(decode(codes, man, bias, sp).astype(np.float32)); args.append(tensor("float32", N))
    # e4m3fn -> f16 and e5m2 -> bf16 (exact: both hold every value)
    for j, (src, dt, npdt, tname) in enumerate([(0, "f16", np.float16, "float16"),
                                                 (1, "bf16", None, "bfloat16")]):
        mlir = FORMATS[src][1]
        params.append((f"z{j}", dt))
        body += [f"%u{j} = tt.fp_to_fp %v{src} : tensor<{B}x{mlir}> -> tensor<{B}x{dt}>"]
        body += store(f"z{j}", f"u{j}", dt, B)
        val = decode(codes, *FORMATS[src][2:]).astype(np.float32)
        if npdt is not None:
            ins.append(np.zeros(N, npdt)); outs.append(val.astype(npdt))
        else:  # bf16 as uint16 bits; every e5m2 value is exact in bf16
            ins.append(np.zeros(N, np.uint16)); outs.append((val.view(np.uint32) >> 16).astype(np.uint16))
        args.append(tensor(tname, N))
    write("fp8_upcast", pointwise_ttir("fp8_upcast", params, body, B), "fp8_upcast", [N // B, 1, 1],
          args, ins, outs, scalars=[N])


def downcast_case():
    B = 128
    x = sweep()
    N = len(x)
    h = x.astype(np.float16)  # the f16 inputs: the same sweep rounded to f16
    params = [("x", "f32"), ("h", "f16")]
    body = load("vx", "x", "f32", B) + load("vh", "h", "f16", B)
    ins, outs = [x, h], [x, h]
    args = [tensor("float32", N), tensor("float16", N)]
    for i, (tname, mlir, man, bias, sp) in enumerate(FORMATS):
        params.append((f"y{i}", mlir))
        body += [f"%w{i} = tt.fp_to_fp %vx, rounding = rtne : tensor<{B}xf32> -> tensor<{B}x{mlir}>"]
        body += store(f"y{i}", f"w{i}", mlir, B)
        ins.append(np.zeros(N, np.uint8)); outs.append(encode(x, man, bias, sp)); args.append(tensor(tname, N))
    # rtz to e5m2; f16 -> e4m3fn (tt.fp_to_fp) and -> e5m2 (arith.truncf)
    params += [("z0", "f8E5M2"), ("z1", "f8E4M3FN"), ("z2", "f8E5M2")]
    body += ["%t0 = tt.fp_to_fp %vx, rounding = rtz : tensor<128xf32> -> tensor<128xf8E5M2>"]
    body += store("z0", "t0", "f8E5M2", B)
    body += ["%t1 = tt.fp_to_fp %vh, rounding = rtne : tensor<128xf16> -> tensor<128xf8E4M3FN>"]
    body += store("z1", "t1", "f8E4M3FN", B)
    body += ["%t2 = arith.truncf %vh : tensor<128xf16> to tensor<128xf8E5M2>"]
    body += store("z2", "t2", "f8E5M2", B)
    e4, e5 = FORMATS[0][2:], FORMATS[1][2:]
    ins += [np.zeros(N, np.uint8)] * 3
    outs += [encode(x, *e5, toward_zero=True), encode(h.astype(np.float64), *e4),
             encode(h.astype(np.float64), *e5)]
    args += [tensor("float8_e5m2", N), tensor("float8_e4m3fn", N), tensor("float8_e5m2", N)]
    grid = (N + B - 1) // B
    write("fp8_downcast", pointwise_ttir("fp8_downcast", params, body, B), "fp8_downcast", [grid, 1, 1],
          args, ins, outs, scalars=[N])


DOT_TTIR = """#loc = loc("make_cases.py":1:0)
module {
  tt.func public @fp8_dot(%A: !tt.ptr<f8E4M3FN> loc("A"(#loc)), %B: !tt.ptr<f8E5M2> loc("B"(#loc)), %C: !tt.ptr<f32> loc("C"(#loc))) {
    %c = arith.constant dense<0.000000e+00> : tensor<16x16xf32>
    %cst = arith.constant dense<16> : tensor<16x1xi32>
    %m = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %r = tt.expand_dims %m {axis = 1 : i32} : tensor<16xi32> -> tensor<16x1xi32>
    %row = arith.muli %r, %cst : tensor<16x1xi32>
    %k = tt.expand_dims %m {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %col = tt.broadcast %k : tensor<1x16xi32> -> tensor<16x16xi32>
    %rows = tt.broadcast %row : tensor<16x1xi32> -> tensor<16x16xi32>
    %idx = arith.addi %rows, %col : tensor<16x16xi32>
    %pa = tt.splat %A : !tt.ptr<f8E4M3FN> -> tensor<16x16x!tt.ptr<f8E4M3FN>>
    %pa2 = tt.addptr %pa, %idx : tensor<16x16x!tt.ptr<f8E4M3FN>>, tensor<16x16xi32>
    %a = tt.load %pa2 : tensor<16x16x!tt.ptr<f8E4M3FN>>
    %pb = tt.splat %B : !tt.ptr<f8E5M2> -> tensor<16x16x!tt.ptr<f8E5M2>>
    %pb2 = tt.addptr %pb, %idx : tensor<16x16x!tt.ptr<f8E5M2>>, tensor<16x16xi32>
    %b = tt.load %pb2 : tensor<16x16x!tt.ptr<f8E5M2>>
    %d = tt.dot %a, %b, %c : tensor<16x16xf8E4M3FN> * tensor<16x16xf8E5M2> -> tensor<16x16xf32>
    %pc = tt.splat %C : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pc2 = tt.addptr %pc, %idx : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    tt.store %pc2, %d : tensor<16x16x!tt.ptr<f32>>
    tt.return
  } loc(#loc)
} loc(#loc)
"""


def dot_case():
    # Values in [0.5, 8) with their signs: every f32 partial sum is exact.
    rng = np.random.default_rng(5)
    e4, e5 = FORMATS[0][2:], FORMATS[1][2:]
    def pick(fmt, n):
        g = decode(np.arange(256), *fmt)
        ok = np.flatnonzero((np.abs(g) >= 0.5) & (np.abs(g) < 8))
        return rng.choice(ok, n).astype(np.uint8)
    a, b = pick(e4, 256), pick(e5, 256)
    A = decode(a, *e4).reshape(16, 16)
    Bm = decode(b, *e5).reshape(16, 16)
    c = (A @ Bm).astype(np.float32).ravel()
    write("fp8_dot", DOT_TTIR, "fp8_dot", [1, 1, 1],
          [tensor("float8_e4m3fn", 256), tensor("float8_e5m2", 256), tensor("float32", 256)],
          [a, b, np.zeros(256, np.float32)], [a, b, c])


if __name__ == "__main__":
    upcast_case()
    downcast_case()
    dot_case()
