# Writes the kernels, inputs and oracles of the cases that probe the rules of
# docs/semantics.md (what triton-edge gives where GPUs leave the answer to
# the hardware): int_div (division and remainder by 0 and MIN / -1, signed
# and unsigned, by a loaded divisor and by a zero scalar), int_shift (shifts
# by amounts at and beyond the width, negative amounts, at i8/i16/i32/i64)
# and float_to_int (NaN, infinities and out-of-range f32 to i8..i64 and
# u8..u64). Every kernel covers n = 1000 elements with blocks of 128: the
# last block's 24 masked-off lanes load other=0 (0 / 0 in int_div) and must
# neither trap nor store; the 100 elements after n hold a sentinel. The
# oracle applies the rules with Python integers, element by element.
# Run with /usr/bin/python3.
import json, math, os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
N, BLOCK, PAD = 1000, 128, 100
GRID = [(N + BLOCK - 1) // BLOCK, 1, 1]
SENTINEL = 77
rng = np.random.default_rng(21)

NP = {"int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
      "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64,
      "float32": np.float32}
MLIR = {"int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64", "uint8": "i8",
        "uint16": "i16", "uint32": "i32", "uint64": "i64", "float32": "f32"}


def wrap(v, bits, signed):
    v %= 1 << bits
    return v - (1 << bits) if signed and v >= 1 << (bits - 1) else v


def padded(values, dtype, fill):
    a = np.full(N + PAD, fill, NP[dtype])
    a[:N] = values
    return a


class Kernel:
    """TTIR of one kernel: masked loads of its inputs, a body, masked stores."""

    def __init__(self, name):
        self.name, self.params, self.lines, self.tensors = name, [], [], []

    def t(self, ty):
        return f"tensor<{BLOCK}x{ty}>"

    def pointer(self, name, dtype, values_in, values_out, fill):
        self.params.append(f"%{name}: !tt.ptr<{MLIR[dtype]}> loc(\"{name}\")")
        self.tensors.append((dtype, padded(values_in, dtype, fill), padded(values_out, dtype, fill)))

    def load(self, name, dtype, values):
        self.pointer(name, dtype, values, values, 0)
        ty, zero = MLIR[dtype], "0.000000e+00" if dtype == "float32" else "0"
        self.lines += [
            f"%{name}_o = arith.constant dense<{zero}> : {self.t(ty)}",
            f"%{name}_s = tt.splat %{name} : !tt.ptr<{ty}> -> {self.t('!tt.ptr<' + ty + '>')}",
            f"%{name}_p = tt.addptr %{name}_s, %i : {self.t('!tt.ptr<' + ty + '>')}, {self.t('i32')}",
            f"%{name}_v = tt.load %{name}_p, %m, %{name}_o : {self.t('!tt.ptr<' + ty + '>')}"]
        return f"%{name}_v"

    def store(self, name, dtype, value, expected):
        self.pointer(name, dtype, np.full(N, SENTINEL), expected, SENTINEL)
        ty = MLIR[dtype]
        self.lines += [
            f"%{name}_s = tt.splat %{name} : !tt.ptr<{ty}> -> {self.t('!tt.ptr<' + ty + '>')}",
            f"%{name}_p = tt.addptr %{name}_s, %i : {self.t('!tt.ptr<' + ty + '>')}, {self.t('i32')}",
            f"tt.store %{name}_p, {value}, %m : {self.t('!tt.ptr<' + ty + '>')}"]

    def op(self, result, text):
        result = "%t_" + result[1:]  # apart from the arguments' names
        self.lines.append(f"{result} = {text}")
        return result

    def write(self, comment, scalars=()):
        d = os.path.join(here, self.name)
        os.makedirs(d, exist_ok=True)
        params = self.params + [f"%{n}: i32 loc(\"{n}\")" for n, _ in scalars] + ["%n: i32 loc(\"n\")"]
        head = [f"%c{BLOCK} = arith.constant {BLOCK} : i32",
                "%pid = tt.get_program_id x : i32",
                f"%base = arith.muli %pid, %c{BLOCK} : i32",
                f"%r = tt.make_range {{end = {BLOCK} : i32, start = 0 : i32}} : {self.t('i32')}",
                f"%bs = tt.splat %base : i32 -> {self.t('i32')}",
                f"%i = arith.addi %bs, %r : {self.t('i32')}",
                f"%ns = tt.splat %n : i32 -> {self.t('i32')}",
                f"%m = arith.cmpi slt, %i, %ns : {self.t('i32')}"]
        body = "\n".join("    " + l for l in head + self.lines + ["tt.return"])
        text = "".join(f"// {c}\n" for c in comment.splitlines())
        text += (f"module {{\n  tt.func public @{self.name}({', '.join(params)}) {{\n"
                 f"{body}\n  }}\n}}\n")
        with open(os.path.join(d, "kernel.ttir"), "w") as f:
            f.write(text)
        args = []
        for k, (dt, a_in, a_out) in enumerate(self.tensors):
            np.save(os.path.join(d, f"in{k}.npy"), a_in)
            np.save(os.path.join(d, f"out{k}.npy"), a_out)
            args.append({"dtype": dt, "shape": [int(a_in.size)], "stride": [1],
                         "storage_offset": 0, "storage_numel": int(a_in.size)})
        args += [{"scalar": int(v)} for _, v in scalars] + [{"scalar": N}]
        with open(os.path.join(d, "kernel.json"), "w") as f:
            json.dump({"name": self.name, "grid": GRID, "config": {}, "args": args,
                       "oracle": True}, f, indent=1)


I32_MIN, I32_MAX = -(1 << 31), (1 << 31) - 1


def int_div():
    special = [(I32_MIN, -1), (I32_MIN, 0), (7, 0), (-7, 0), (0, 0), (I32_MAX, 0), (I32_MIN, 1),
               (I32_MIN, I32_MIN), (I32_MAX, -1), (-7, 2), (7, -2), (-7, -2), (5, I32_MIN),
               (-1, 3), (-1, -1), (I32_MIN, 2), (I32_MIN, -2)]
    a = rng.integers(-1000, 1000, N).tolist()
    b = rng.integers(-9, 10, N).tolist()  # about one in 19 divisors is 0
    for k, (x, y) in enumerate(special):
        a[37 * k], b[37 * k] = x, y
    a[N - 1], b[N - 1] = I32_MIN, -1  # the last valid lane of the masked block

    def sdiv(x, y):
        if y == 0:
            return -1, -1
        q = wrap(abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1), 32, True)
        return q, wrap(x - y * q, 32, True)

    def udiv(x, y):
        ux, uy = x % (1 << 32), y % (1 << 32)
        return ((1 << 32) - 1, (1 << 32) - 1) if uy == 0 else (ux // uy, ux % uy)

    kern = Kernel("int_div")
    va, vb = kern.load("a", "int32", a), kern.load("b", "int32", b)
    t = kern.t("i32")
    s, u = [sdiv(x, y) for x, y in zip(a, b)], [udiv(x, y) for x, y in zip(a, b)]
    kern.store("q", "int32", kern.op("%q", f"arith.divsi {va}, {vb} : {t}"), [v[0] for v in s])
    kern.store("rem", "int32", kern.op("%rm", f"arith.remsi {va}, {vb} : {t}"), [v[1] for v in s])
    kern.store("uq", "uint32", kern.op("%uq", f"arith.divui {va}, {vb} : {t}"), [v[0] for v in u])
    kern.store("urem", "uint32", kern.op("%ur", f"arith.remui {va}, {vb} : {t}"), [v[1] for v in u])
    zs = kern.op("%zs", f"tt.splat %zero : i32 -> {t}")
    kern.store("zq", "int32", kern.op("%zq", f"arith.divsi {va}, {zs} : {t}"), [-1] * N)
    kern.store("zrem", "int32", kern.op("%zr", f"arith.remsi {va}, {zs} : {t}"), [-1] * N)
    kern.write("Division and remainder where the GPU's answer is the hardware's: by 0\n"
               "(loaded, and a scalar argument `zero` = 0), MIN / -1; the masked-off\n"
               "lanes of the last block divide 0 by 0 (other=0). Written by make_cases.py.",
               scalars=[("zero", 0)])


SHIFT_AMOUNTS = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 255, 256,
                 -1, -2, -8, -32, -33, -64, I32_MIN, I32_MAX, 1 << 16, (1 << 16) + 3]


def int_shift():
    a = rng.integers(I32_MIN, I32_MAX, N, endpoint=True).tolist()
    s = rng.integers(-70, 70, N).tolist()
    for k, v in enumerate(SHIFT_AMOUNTS):
        s[3 * k], s[3 * k + 1], s[3 * k + 2] = v, v, v
        a[3 * k], a[3 * k + 1], a[3 * k + 2] = -5, 0x41234567, I32_MIN + 3

    def shifts(x, y, bits):
        x, y = wrap(x, bits, True), wrap(y, bits, True)
        amount = y % (1 << bits)
        if amount >= bits:
            return 0, -1 if x < 0 else 0, 0
        return (wrap(x << amount, bits, True), x >> amount,
                wrap((x % (1 << bits)) >> amount, bits, True))

    kern = Kernel("int_shift")
    va, vs = kern.load("a", "int32", a), kern.load("s", "int32", s)
    for bits in (8, 16, 32, 64):
        ty, t = f"i{bits}", kern.t(f"i{bits}")
        x, y = va, vs
        if bits < 32:
            x = kern.op(f"%a{bits}", f"arith.trunci {va} : {kern.t('i32')} to {t}")
            y = kern.op(f"%s{bits}", f"arith.trunci {vs} : {kern.t('i32')} to {t}")
        elif bits > 32:
            x = kern.op(f"%a{bits}", f"arith.extsi {va} : {kern.t('i32')} to {t}")
            y = kern.op(f"%s{bits}", f"arith.extsi {vs} : {kern.t('i32')} to {t}")
        r = [shifts(p, q, bits) for p, q in zip(a, s)]
        dt = f"int{bits}"
        for j, name in enumerate(("shli", "shrsi", "shrui")):
            v = kern.op(f"%{name}{bits}", f"arith.{name} {x}, {y} : {t}")
            kern.store(f"{name}{bits}", dt, v, [e[j] for e in r])
    kern.write("Shifts by amounts at and beyond the width (the amount read unsigned:\n"
               "negative amounts too) at i8, i16, i32 and i64. Written by make_cases.py.")


def float_to_int():
    f32 = np.float32
    special = [math.nan, -math.nan, math.inf, -math.inf, 0.0, -0.0, 0.5, -0.5, -0.99, 1.5, -1.5,
               127.9, 128.0, -128.0, -128.9, -129.0, 255.9, 256.0, 32767.5, 32768.0, -32768.5,
               -32769.0, 65535.9, 65536.0, 2147483520.0, 2147483648.0, -2147483648.0,
               -2147483904.0, 4294967040.0, 4294967296.0, 9.2e18, 9.3e18, -9.2e18, -9.3e18,
               1.8e19, 1.9e19, 1e20, -1e20, 3e38, -3e38, 1e-30, -1e-30]
    f = np.concatenate([rng.uniform(-5e9, 5e9, N // 2), rng.uniform(-300, 300, N)])[:N].astype(f32)
    for k, v in enumerate(special):
        f[11 * k] = f32(v)
    vals = [float(v) for v in f]

    def convert(x, bits, signed):
        # The GPU's cvt: at 16 bits for an 8-bit result, saturated to that
        # width's range, then wrapped to the result; NaN (from f32) is 0 up
        # to 32 bits and the width's MIN bit pattern at 64.
        cw = 16 if bits == 8 else bits
        lo, hi = (-(1 << (cw - 1)), (1 << (cw - 1)) - 1) if signed else (0, (1 << cw) - 1)
        if math.isnan(x):
            return wrap(1 << 63, bits, signed) if cw == 64 else 0
        if x >= hi + 1:
            return wrap(hi, bits, signed)
        if x <= lo:  # -0.5 truncates to 0 = lo unsigned; -32768.5 to -32768 = lo at i16
            return wrap(lo, bits, signed)
        return wrap(int(x), bits, signed)  # truncation toward zero, wrapped at i8/u8

    kern = Kernel("float_to_int")
    vf = kern.load("f", "float32", f)
    for signed in (True, False):
        for bits in (8, 16, 32, 64):
            op, dt = ("fptosi", f"int{bits}") if signed else ("fptoui", f"uint{bits}")
            v = kern.op(f"%{op}{bits}", f"arith.{op} {vf} : {kern.t('f32')} to {kern.t(f'i{bits}')}")
            kern.store(f"{op}{bits}", dt, v, [convert(x, bits, signed) for x in vals])
    kern.write("f32 to i8..i64 (fptosi) and u8..u64 (fptoui): NaN, infinities, values at\n"
               "and beyond each range, halves. Written by make_cases.py.")


int_div()
int_shift()
float_to_int()
