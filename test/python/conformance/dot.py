"""tl.dot."""
import torch
import triton
import triton.language as tl

from common import TD, check, rand, test, tl_dtype


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
    for _shape in [(16, 16, 16), (32, 64, 32), (64, 32, 128)]:
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
            ref = ref.to(TD[acc]) if acc != "int32" else ref.round().to(torch.int32)
            tol = {"float32": 1e-4, "float16": 5e-2, "float64": 1e-10}.get(acc)
            return check(c, ref, tol=tol * max(1, K / 16) if tol else None)
        test(f"dot[{_d}->{_acc},{_prec or 'default'},{_shape}]")(_dt)
