"""tl.dot."""
import torch
import triton
import triton.language as tl

from common import TD, check, on_cuda, rand, test, tl_dtype

# Triton's CUDA backend needs K >= 32 for 8-bit operands (min_dot_size in
# third_party/nvidia/backend/compiler.py: "Input shapes should have M >= 1,
# N >= 1 and K >= 32"); the int8 cases with K = 32 run on both.
INT8_K16_ON_CUDA = ("Triton's CUDA backend refuses a tl.dot of 8-bit operands with K < 32 "
                    "(min_dot_size, third_party/nvidia/backend/compiler.py); the int8 cases with "
                    "K >= 32 run on the GPU")

# tl.dot(input_precision="tf32") on the GPU: Triton 3.6 hands the f32 bits to
# the MMA as tf32, which reads 10 of the 23 mantissa bits: each input is cut
# toward zero, |a - tf32(a)| < 2^-10 |a| (rounding to nearest would be
# 2^-11; the errors measured on an H100, 0.0091 / 0.0185 / 0.0417 for the
# three shapes below, are those of truncated inputs exactly, 0.0091 / 0.0185
# / 0.0416, where rounded ones would give 0.0036 / 0.0091 / 0.0148).
TF32_INPUT_UNIT = 2.0 ** -10
F32_UNIT = 2.0 ** -24


def tf32_dot_bound(a, b):
    """Per element, the largest |C - A @ B| a tf32 dot can make: each product
    of two cut inputs is within (1 + u)^2 - 1 of a*b (u = TF32_INPUT_UNIT),
    and K products summed and rounded in f32 add at most gamma(K + 1) =
    (K + 1) 2^-24 / (1 - (K + 1) 2^-24) relative to the sum of |a||b|:

        |C_ij - sum_k a_ik b_kj| <= ((1 + u)^2 - 1 + gamma(K + 1)) * sum_k |a_ik| |b_kj|
    """
    K = a.shape[-1]
    gamma = (K + 1) * F32_UNIT / (1 - (K + 1) * F32_UNIT)
    return ((1 + TF32_INPUT_UNIT) ** 2 - 1 + gamma) * (a.double().abs() @ b.double().abs())


def within_bound(c, ref, bound):
    err = (c.double() - ref).abs()
    worst = (err / bound).max().item()
    return bool((err <= bound).all()), f"max abs err {err.max().item():.3g}, {worst:.3g} of the tf32 bound"


# ---- dot

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
    for _shape in [(16, 16, 16), (32, 64, 32), (64, 32, 128)] + ([(16, 16, 32)] if _d == "int8" else []):
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
            if prec == "tf32" and on_cuda():
                return within_bound(c, ref, tf32_dot_bound(a, b))
            # triton-edge computes a tf32 dot as an ieee one (docs/semantics.md)
            ref = ref.to(TD[acc]) if acc != "int32" else ref.round().to(torch.int32)
            tol = {"float32": 1e-4, "float16": 5e-2, "float64": 1e-10}.get(acc)
            return check(c, ref, tol=tol * max(1, K / 16) if tol else None)
        test(f"dot[{_d}->{_acc},{_prec or 'default'},{_shape}]",
             cuda_refuses=INT8_K16_ON_CUDA if _d == "int8" and _shape[2] < 32 else None)(_dt)


@triton.jit
def batched_dot_kernel(A, B, C, BATCH: tl.constexpr, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr,
                       ACC: tl.constexpr, PREC: tl.constexpr):
    bb = tl.arange(0, BATCH)[:, None, None]
    m = tl.arange(0, M)
    n = tl.arange(0, N)
    k = tl.arange(0, K)
    a = tl.load(A + bb * M * K + m[None, :, None] * K + k[None, None, :])
    b = tl.load(B + bb * K * N + k[None, :, None] * N + n[None, None, :])
    c = tl.dot(a, b, out_dtype=ACC, input_precision=PREC)
    tl.store(C + bb * M * N + m[None, :, None] * N + n[None, None, :], c)


def batched_dot_test(d, acc, shape):
    Bt, M, Nn, K = shape
    lim = 8 if d == "int8" else 2
    a = rand(d, Bt * M * K, lo=-lim, hi=lim).reshape(Bt, M, K)
    b = rand(d, Bt * K * Nn, lo=-lim, hi=lim, seed=1).reshape(Bt, K, Nn)
    c = torch.zeros(Bt, M, Nn, dtype=TD[acc])
    batched_dot_kernel[(1,)](a, b, c, BATCH=Bt, M=M, N=Nn, K=K, ACC=tl_dtype(acc),
                             PREC="ieee" if d == "float32" else None)
    ref = torch.bmm(a.double(), b.double())
    if acc == "int32":
        return check(c, ref.round().to(torch.int32))
    return check(c, ref.to(TD[acc]), tol=1e-4 * max(1, K / 16))


for _d, _acc in [("float32", "float32"), ("float16", "float32"), ("int8", "int32")]:
    for _shape in [(2, 16, 16, 16), (4, 16, 32, 64)] + ([(2, 16, 16, 32)] if _d == "int8" else []):
        test(f"dot_batched_3d[{_d}->{_acc},{_shape}]",
             cuda_refuses=INT8_K16_ON_CUDA if _d == "int8" and _shape[3] < 32 else None)(
            lambda d=_d, acc=_acc, s=_shape: batched_dot_test(d, acc, s))


@triton.jit
def dot_scaled_kernel(A, AS, B, C, M: tl.constexpr, N: tl.constexpr, K: tl.constexpr):
    m = tl.arange(0, M)
    n = tl.arange(0, N)
    k = tl.arange(0, K)
    a = tl.load(A + m[:, None] * K + k[None, :])
    scale = tl.load(AS + m[:, None] * (K // 32) + tl.arange(0, K // 32)[None, :])
    b = tl.load(B + k[:, None] * N + n[None, :])
    c = tl.dot_scaled(a, scale, "e4m3", b, None, "bf16")
    tl.store(C + m[:, None] * N + n[None, :], c)


@test("dot_scaled[e4m3 x bf16,(16, 16, 64)]")
def _():
    from fp8 import fp8_decode
    import numpy as np
    M, Nn, K = 16, 16, 64
    g = np.random.default_rng(13)
    finite = [c for c in range(256) if abs(fp8_decode(c, "float8e4nv")) <= 8]
    ac = torch.from_numpy(g.choice(finite, M * K).astype(np.uint8)).reshape(M, K)
    scales = torch.from_numpy(g.integers(124, 131, M * K // 32).astype(np.uint8)).reshape(M, K // 32)
    b = rand("bfloat16", K * Nn, lo=-2, hi=2).reshape(K, Nn)
    c = torch.zeros(M, Nn)
    dot_scaled_kernel[(1,)](triton.reinterpret(ac, tl.float8e4nv), scales, b, c, M=M, N=Nn, K=K)
    dec = torch.tensor([fp8_decode(x, "float8e4nv") for x in range(256)], dtype=torch.float64)
    a_val = dec[ac.long()] * torch.pow(2.0, scales.double() - 127).repeat_interleave(32, dim=1)
    return check(c, a_val @ b.double(), tol=1e-4)
