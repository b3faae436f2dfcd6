"""The integer semantics triton-edge defines where the GPU leaves the answer
to the hardware (docs/semantics.md, "The rules"): x / 0, x % 0, MIN / -1,
shifts by >= the width or by negative amounts, float -> int casts of NaN,
infinities and out-of-range values, masked-off lanes of a division. The
expected values apply the documented rules with Python integers. The rules
are the GPU's answers where those are per-type rules (measured on an H100
with Triton 3.6); where the GPU's answer depends on the operands' magnitude
or on the rest of the kernel, triton-edge keeps its rule and, with run.py
--device cuda only, the reference models the GPU (gpu_division)."""
import math

import numpy as np
import torch
import triton
import triton.language as tl

import common
from common import BITS, TD, check, from_ints, signed_of, test, umask, unsigned_view, wrap
from elementwise import binop_kernel

SEMANTIC_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint32"]


def int_range(d):
    bits = BITS[d]
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if d.startswith("int") else (0, (1 << bits) - 1)


def rule_div(a, b, d):
    lo, hi = int_range(d)
    if b == 0:
        return wrap(-1, d)  # all bits set
    if a == lo and b == -1 and d.startswith("int"):
        return lo
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def rule_rem(a, b, d):
    if b == 0:
        return wrap(-1, d)  # all bits set, as the GPU's rem gives at 8, 16 and 32 bits
    lo, _ = int_range(d)
    if a == lo and b == -1 and d.startswith("int"):
        return 0
    return a - rule_div(a, b, d) * b


def gpu_division(op, a, b, d, beside_div=False):
    """The GPU's answer where it is not docs/semantics.md's rule (run.py
    --device cuda only; elsewhere the rule). Measured on an H100, Triton 3.6:
    - a 64-bit division or remainder whose operands' bit patterns both fit in
      32 unsigned bits is done as a 32-bit unsigned one (NVPTX's bypass of
      slow divisions), so int64 0 // 0 is 4294967295, not -1;
    - beside_div: in a kernel that also divides the same operands, x % 0
      gave x (the masked tail test): LLVM computes such a remainder as
      x - (x / y) * y (our reading of the data, the PTX was not read)."""
    rule = rule_div if op == "div" else rule_rem
    if not common.on_cuda():
        return rule(a, b, d)
    if op == "rem" and beside_div:
        return wrap(a - gpu_division("div", a, b, d) * b, d)
    if BITS[d] == 64 and umask(a, d) < 1 << 32 and umask(b, d) < 1 << 32:
        return rule(umask(a, d), umask(b, d), "uint32")
    return rule(a, b, d)


def rule_shift(op, a, s, d):
    bits = BITS[d]
    s_unsigned = umask(s, d)  # the amount is read as unsigned: negative is >= width
    if op == "shl":
        return wrap(a << s_unsigned, d) if s_unsigned < bits else 0
    if d.startswith("int"):  # arithmetic: the sign fill
        return a >> min(s_unsigned, bits - 1)
    return a >> s_unsigned if s_unsigned < bits else 0


def operands(d):
    lo, hi = int_range(d)
    xs = [lo, lo, lo + 1, hi, -1 if d.startswith("int") else hi - 1, 0, 7, -7 if lo else 9, 1, hi // 3]
    ys = [0, -1 if lo else 1, 0, 0, 0, 0, 2, 2, -1 if lo else 3, 5]
    reps = 256 // len(xs) + 1
    return (xs * reps)[:256], (ys * reps)[:256]


def tensors(vals, d):
    if d.startswith("uint"):
        return unsigned_view(vals, d)
    t = from_ints(vals, d)
    return t, t


def division_rule_test(op, d):
    xs, ys = operands(d)
    (_, xw), (_, yw) = tensors(xs, d), tensors(ys, d)
    z, zw = tensors([0] * 256, d)
    binop_kernel[(2,)](xw, yw, zw, 256, OP={"div": "floordiv", "rem": "mod"}[op], BLOCK=128)
    ok, info = check(z, from_ints([wrap(gpu_division(op, a, b, d), d) for a, b in zip(xs, ys)], signed_of(d)))
    if common.on_cuda() and BITS[d] == 64:
        info += " (GPU mode: int64 operands within 32 unsigned bits divided as uint32, docs/semantics.md)"
    return ok, info


def shift_rule_test(op, d):
    bits = BITS[d]
    g = np.random.default_rng(3)
    lo, hi = int_range(d)
    xs = [int(v) for v in g.integers(lo, hi, 256, endpoint=True)]
    amounts = [0, 1, bits - 1, bits, bits + 1, 2 * bits, -1, -bits] if d.startswith("int") else \
        [0, 1, bits - 1, bits, bits + 1, 2 * bits, (1 << bits) - 1, (1 << bits) - bits]
    ss = (amounts * 32)[:256]
    (_, xw), (_, sw) = tensors(xs, d), tensors(ss, d)
    z, zw = tensors([0] * 256, d)
    binop_kernel[(2,)](xw, sw, zw, 256, OP=op, BLOCK=128)
    return check(z, from_ints([wrap(rule_shift(op, a, s, d), d) for a, s in zip(xs, ss)], signed_of(d)))


for _d in SEMANTIC_DTYPES:
    for _op in ("div", "rem"):
        test(f"semantics_{_op}_by_zero_and_min_by_minus_one[{_d}]")(lambda op=_op, d=_d: division_rule_test(op, d))
    for _op in ("shl", "shr"):
        test(f"semantics_{_op}_by_width_and_negative[{_d}]")(lambda op=_op, d=_d: shift_rule_test(op, d))


def rule_float_to_int(x, src, d):
    """The GPU's cvt: an 8-bit result is converted at 16 bits (int16 or
    uint16 range) and then wrapped to 8 bits; other results at their own
    width. Out-of-range values saturate to the conversion width's range.
    NaN gives 0 from f16/bf16/f32 up to 32 bits, and the conversion width's
    MIN bit pattern from f64 or at 64 bits (f64 -> int8: 0x8000 wraps to 0)."""
    bits = BITS[d]
    cw = 16 if bits == 8 else bits
    if math.isnan(x):
        return wrap(1 << (cw - 1), d) if src == "float64" or cw == 64 else 0
    if d.startswith("uint"):
        lo, hi = 0, (1 << cw) - 1
    else:
        lo, hi = -(1 << (cw - 1)), (1 << (cw - 1)) - 1
    if x >= hi + 1:
        return wrap(hi, d)
    if x <= lo - 1:
        return wrap(lo, d)
    return wrap(int(x), d)  # truncation toward zero


SPECIAL_FLOATS = [float("nan"), float("inf"), float("-inf"), 1e10, -1e10, 127.9, -128.9, 128.0, -129.0,
                  255.5, 256.0, -0.5, -1.5, 2.0 ** 31, -(2.0 ** 31), 2.0 ** 32, 4294967040.0, 2.0 ** 63,
                  -(2.0 ** 63), 2.0 ** 64, 3e38, -3e38, 65535.5, -32768.5, 32767.9, 0.0, -0.0, 1e-30]


@triton.jit
def float_to_int_kernel(X, Z, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Z + offs, tl.load(X + offs).to(Z.dtype.element_ty))


def float_to_int_test(src, d):
    vals = (SPECIAL_FLOATS * 3)[:64]
    x = torch.tensor(vals, dtype=torch.float64).to(TD[src])
    z, zw = tensors([0] * 64, d)
    float_to_int_kernel[(1,)](x, zw, BLOCK=64)
    return check(z, from_ints([wrap(rule_float_to_int(v, src, d), d) for v in x.double().tolist()], signed_of(d)))


for _d in SEMANTIC_DTYPES:
    for _s in ("float32", "float64"):
        test(f"semantics_cast[{_s}->{_d},nan_inf_out_of_range]")(lambda s=_s, d=_d: float_to_int_test(s, d))
test("semantics_cast[float16->int32,nan_inf]")(lambda: float_to_int_test("float16", "int32"))


@triton.jit
def masked_div_kernel(X, Y, Q, R, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m, other=0)
    y = tl.load(Y + offs, mask=m, other=0)  # the tail divides 0 by 0: must not trap
    tl.store(Q + offs, x // y, mask=m)
    tl.store(R + offs, x % y, mask=m)


def masked_division_test(d):
    n, total = 1000, 1024
    g = np.random.default_rng(5)
    lo, hi = int_range(d)
    xs = [int(v) for v in g.integers(lo, hi, n, endpoint=True)]
    ys = [int(v) for v in g.integers(max(lo, -9), 10, n)]  # zeros among them
    (_, xw), (_, yw) = tensors(xs, d), tensors(ys, d)
    sentinel = 0x5A
    q, qw = tensors([sentinel] * total, d)
    r, rw = tensors([sentinel] * total, d)
    masked_div_kernel[(total // 128,)](xw, yw, qw, rw, n, BLOCK=128)
    ok1, i1 = check(q, from_ints([wrap(gpu_division("div", a, b, d), d) for a, b in zip(xs, ys)] +
                                 [sentinel] * (total - n), signed_of(d)))
    ok2, i2 = check(r, from_ints([wrap(gpu_division("rem", a, b, d, beside_div=True), d) for a, b in zip(xs, ys)] +
                                 [sentinel] * (total - n), signed_of(d)))
    gpu = " (GPU mode: x % 0 = x beside x // y, docs/semantics.md)" if common.on_cuda() else ""
    return ok1 and ok2, f"quotient: {i1}; remainder: {i2}{gpu}"


for _d in ["int8", "int32", "int64", "uint32"]:
    test(f"semantics_masked_division_tail_other_0[{_d}]")(lambda d=_d: masked_division_test(d))
