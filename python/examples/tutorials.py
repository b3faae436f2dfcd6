"""Tutorial-style @triton.jit kernels on CPU tensors through triton-edge,
each compared with PyTorch: vector add, fused softmax, layer norm forward and
backward, matmul with block pointers, low-memory dropout.

    python tutorials.py [--bench]
Prints one line per kernel (PASS/FAIL, max error) and exits 1 if any failed.
"""
import os
import sys
import time
import traceback

import torch
import triton
import triton.language as tl

import triton_edge
from triton_edge.backend import compat

triton_edge.activate()


@triton.jit
def add_kernel(x_ptr, y_ptr, out_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    y = tl.load(y_ptr + offs, mask=mask)
    tl.store(out_ptr + offs, x + y, mask=mask)


def vector_add():
    n = 98432
    x, y = torch.rand(n), torch.rand(n)
    out = torch.empty_like(x)
    add_kernel[(triton.cdiv(n, 1024),)](x, y, out, n, BLOCK=1024)
    return out, x + y


@triton.jit
def softmax_kernel(out_ptr, in_ptr, in_stride, out_stride, n_rows, n_cols, BLOCK: tl.constexpr):
    start = tl.program_id(0)
    step = tl.num_programs(0)
    for row in tl.range(start, n_rows, step):
        cols = tl.arange(0, BLOCK)
        mask = cols < n_cols
        x = tl.load(in_ptr + row * in_stride + cols, mask=mask, other=-float("inf"))
        x = x - tl.max(x, axis=0)
        num = tl.exp(x)
        den = tl.sum(num, axis=0)
        tl.store(out_ptr + row * out_stride + cols, num / den, mask=mask)


def fused_softmax():
    x = torch.randn(1823, 781)
    y = torch.empty_like(x)
    grid = (64,)
    softmax_kernel[grid](y, x, x.stride(0), y.stride(0), x.shape[0], x.shape[1],
                         BLOCK=triton.next_power_of_2(x.shape[1]))
    return y, torch.softmax(x, dim=1)


@triton.jit
def ln_fwd_kernel(X, Y, W, B, Mean, Rstd, stride, N, eps, BLOCK: tl.constexpr):
    row = tl.program_id(0)
    X += row * stride
    Y += row * stride
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for off in range(0, N, BLOCK):
        cols = off + tl.arange(0, BLOCK)
        acc += tl.load(X + cols, mask=cols < N, other=0.).to(tl.float32)
    mean = tl.sum(acc, axis=0) / N
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    for off in range(0, N, BLOCK):
        cols = off + tl.arange(0, BLOCK)
        x = tl.load(X + cols, mask=cols < N, other=0.).to(tl.float32)
        x = tl.where(cols < N, x - mean, 0.)
        acc += x * x
    var = tl.sum(acc, axis=0) / N
    rstd = 1 / tl.sqrt(var + eps)
    tl.store(Mean + row, mean)
    tl.store(Rstd + row, rstd)
    for off in range(0, N, BLOCK):
        cols = off + tl.arange(0, BLOCK)
        mask = cols < N
        w = tl.load(W + cols, mask=mask)
        b = tl.load(B + cols, mask=mask)
        x = tl.load(X + cols, mask=mask, other=0.).to(tl.float32)
        tl.store(Y + cols, (x - mean) * rstd * w + b, mask=mask)


@triton.jit
def ln_bwd_dx_kernel(DX, DY, DW_part, DB_part, X, W, Mean, Rstd, stride, N, n_rows,
                     GROUP: tl.constexpr, BLOCK: tl.constexpr):
    # One program per group of rows; partial dW/dB sums per group (no locks).
    g = tl.program_id(0)
    cols = tl.arange(0, BLOCK)
    mask = cols < N
    w = tl.load(W + cols, mask=mask).to(tl.float32)
    dw = tl.zeros([BLOCK], dtype=tl.float32)
    db = tl.zeros([BLOCK], dtype=tl.float32)
    for row in range(g * GROUP, tl.minimum(g * GROUP + GROUP, n_rows)):
        x = tl.load(X + row * stride + cols, mask=mask, other=0).to(tl.float32)
        dy = tl.load(DY + row * stride + cols, mask=mask, other=0).to(tl.float32)
        mean = tl.load(Mean + row)
        rstd = tl.load(Rstd + row)
        xhat = tl.where(mask, (x - mean) * rstd, 0.)
        wdy = tl.where(mask, w * dy, 0.)
        c1 = tl.sum(xhat * wdy, axis=0) / N
        c2 = tl.sum(wdy, axis=0) / N
        dx = (wdy - (xhat * c1 + c2)) * rstd
        tl.store(DX + row * stride + cols, dx, mask=mask)
        dw += dy * xhat
        db += dy
    tl.store(DW_part + g * N + cols, dw, mask=mask)
    tl.store(DB_part + g * N + cols, db, mask=mask)


@triton.jit
def ln_bwd_dwdb_kernel(DW_part, DB_part, DW, DB, G, N, BLOCK_G: tl.constexpr, BLOCK_N: tl.constexpr):
    pid = tl.program_id(0)
    cols = pid * BLOCK_N + tl.arange(0, BLOCK_N)
    dw = tl.zeros([BLOCK_G, BLOCK_N], dtype=tl.float32)
    db = tl.zeros([BLOCK_G, BLOCK_N], dtype=tl.float32)
    for i in range(0, G, BLOCK_G):
        rows = i + tl.arange(0, BLOCK_G)
        mask = (rows[:, None] < G) & (cols[None, :] < N)
        offs = rows[:, None] * N + cols[None, :]
        dw += tl.load(DW_part + offs, mask=mask, other=0.)
        db += tl.load(DB_part + offs, mask=mask, other=0.)
    tl.store(DW + cols, tl.sum(dw, axis=0), mask=cols < N)
    tl.store(DB + cols, tl.sum(db, axis=0), mask=cols < N)


def layer_norm_fwd_bwd():
    M, N, eps = 151, 1031, 1e-5
    x = torch.randn(M, N)
    w, b = torch.rand(N), torch.rand(N)
    dy = torch.randn(M, N)
    y = torch.empty_like(x)
    mean, rstd = torch.empty(M), torch.empty(M)
    ln_fwd_kernel[(M,)](x, y, w, b, mean, rstd, x.stride(0), N, eps, BLOCK=256)
    GROUP = 16
    G = triton.cdiv(M, GROUP)
    dx = torch.empty_like(x)
    dw_part, db_part = torch.empty(G, N), torch.empty(G, N)
    BLOCK = triton.next_power_of_2(N)
    ln_bwd_dx_kernel[(G,)](dx, dy, dw_part, db_part, x, w, mean, rstd, x.stride(0), N, M,
                           GROUP=GROUP, BLOCK=BLOCK)
    dw, db = torch.empty(N), torch.empty(N)
    ln_bwd_dwdb_kernel[(triton.cdiv(N, 64),)](dw_part, db_part, dw, db, G, N, BLOCK_G=16, BLOCK_N=64)
    xr = x.clone().requires_grad_()
    wr = w.clone().requires_grad_()
    br = b.clone().requires_grad_()
    yr = torch.nn.functional.layer_norm(xr, (N,), wr, br, eps)
    yr.backward(dy)
    got = torch.cat([y.flatten(), dx.flatten(), dw, db])
    ref = torch.cat([yr.detach().flatten(), xr.grad.flatten(), wr.grad, br.grad])
    return got, ref


@triton.jit
def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K, sam, sak, sbk, sbn, scm, scn,
                  BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr, GROUP_M: tl.constexpr):
    pid = tl.program_id(0)
    num_m = tl.cdiv(M, BM)
    num_n = tl.cdiv(N, BN)
    in_group = GROUP_M * num_n
    group = pid // in_group
    first_m = group * GROUP_M
    gsize = tl.minimum(num_m - first_m, GROUP_M)
    pid_m = first_m + ((pid % in_group) % gsize)
    pid_n = (pid % in_group) // gsize
    a_blk = tl.make_block_ptr(a_ptr, shape=(M, K), strides=(sam, sak), offsets=(pid_m * BM, 0),
                              block_shape=(BM, BK), order=(1, 0))
    b_blk = tl.make_block_ptr(b_ptr, shape=(K, N), strides=(sbk, sbn), offsets=(0, pid_n * BN),
                              block_shape=(BK, BN), order=(1, 0))
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for _ in range(0, K, BK):
        a = tl.load(a_blk, boundary_check=(0, 1), padding_option="zero")
        b = tl.load(b_blk, boundary_check=(0, 1), padding_option="zero")
        acc = tl.dot(a, b, acc)
        a_blk = tl.advance(a_blk, (0, BK))
        b_blk = tl.advance(b_blk, (BK, 0))
    c_blk = tl.make_block_ptr(c_ptr, shape=(M, N), strides=(scm, scn), offsets=(pid_m * BM, pid_n * BN),
                              block_shape=(BM, BN), order=(1, 0))
    tl.store(c_blk, acc, boundary_check=(0, 1))


def matmul_block_ptr():
    M, N, K = 257, 190, 203
    a, b = torch.randn(M, K), torch.randn(K, N)
    c = torch.empty(M, N)
    BM, BN, BK = 32, 32, 32
    grid = (triton.cdiv(M, BM) * triton.cdiv(N, BN),)
    matmul_kernel[grid](a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                        c.stride(0), c.stride(1), BM=BM, BN=BN, BK=BK, GROUP_M=4)
    return c, (a.double() @ b.double()).float()


@triton.jit
def matmul_desc_kernel(a_desc, b_desc, c_desc, K, BM: tl.constexpr, BN: tl.constexpr,
                       BK: tl.constexpr):
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in range(0, K, BK):
        a = a_desc.load([pid_m * BM, k])  # out-of-bounds elements read as zero
        b = b_desc.load([k, pid_n * BN])
        acc = tl.dot(a, b, acc)
    c_desc.store([pid_m * BM, pid_n * BN], acc)  # clipped at the edges


def matmul_tensor_descriptor():
    from triton.tools.tensor_descriptor import TensorDescriptor
    M, N, K = 257, 196, 204  # row strides must be multiples of 16 bytes; edges still partial
    a, b = torch.randn(M, K), torch.randn(K, N)
    c = torch.empty(M, N)
    BM, BN, BK = 32, 32, 32
    grid = (triton.cdiv(M, BM), triton.cdiv(N, BN))
    matmul_desc_kernel[grid](TensorDescriptor.from_tensor(a, [BM, BK]),
                             TensorDescriptor.from_tensor(b, [BK, BN]),
                             TensorDescriptor.from_tensor(c, [BM, BN]), K, BM=BM, BN=BN, BK=BK)
    return c, (a.double() @ b.double()).float()


@triton.jit
def seeded_dropout_kernel(x_ptr, out_ptr, n, p, seed, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    r = tl.rand(seed, offs)
    keep = r > p
    tl.store(out_ptr + offs, tl.where(keep, x / (1 - p), 0.0), mask=mask)


@triton.jit
def philox_rand_kernel(out_ptr, n, seed, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(out_ptr + offs, tl.rand(seed, offs), mask=offs < n)


def philox_reference(seed, offsets):
    """Triton's tl.rand in NumPy (Philox 4x32, 10 rounds; uint32 -> [0, 1))."""
    import numpy as np
    c0 = offsets.astype(np.uint64)
    c1 = np.zeros_like(c0); c2 = np.zeros_like(c0); c3 = np.zeros_like(c0)
    k0 = np.full_like(c0, seed & 0xFFFFFFFF); k1 = np.full_like(c0, (seed >> 32) & 0xFFFFFFFF)
    M = np.uint64(0xFFFFFFFF)
    for _ in range(10):
        p0 = c0 * np.uint64(0xD2511F53); p1 = c2 * np.uint64(0xCD9E8D57)
        hi0, lo0 = p0 >> np.uint64(32), p0 & M
        hi1, lo1 = p1 >> np.uint64(32), p1 & M
        c0, c1, c2, c3 = (hi1 ^ c1 ^ k0) & M, lo1, (hi0 ^ c3 ^ k1) & M, lo0
        k0 = (k0 + np.uint64(0x9E3779B9)) & M
        k1 = (k1 + np.uint64(0xBB67AE85)) & M
    x = c0.astype(np.uint32).view(np.int32).astype(np.int64)
    x = np.where(x < 0, -x - 1, x)
    return (x.astype(np.float32) * np.float32(4.6566127342e-10)).astype(np.float32)


def low_memory_dropout():
    import numpy as np
    n, p, seed = 10000, 0.3, 1234
    x = torch.randn(n)
    out = torch.empty_like(x)
    seeded_dropout_kernel[(triton.cdiv(n, 1024),)](x, out, n, p, seed, BLOCK=1024)
    r = torch.from_numpy(philox_reference(seed, np.arange(n)))
    ref = torch.where(r > p, x / (1 - p), torch.zeros_like(x))
    out2 = torch.empty_like(x)
    seeded_dropout_kernel[(triton.cdiv(n, 1024),)](x, out2, n, p, seed, BLOCK=1024)
    assert torch.equal(out, out2), "same seed, different mask"
    return out, ref


CASES = [("vector add", vector_add, 1e-6), ("fused softmax", fused_softmax, 1e-5),
         ("layer norm fwd+bwd", layer_norm_fwd_bwd, 2e-4),
         ("matmul (tensor descriptors)", matmul_tensor_descriptor, 1e-3),
         ("low-memory dropout", low_memory_dropout, 1e-5)]
# Block pointers left Triton's language in 3.9 (triton_edge.backend.compat).
if compat.HAS_BLOCK_POINTERS:
    CASES.insert(3, ("matmul (block pointers)", matmul_block_ptr, 1e-3))


def main():
    torch.manual_seed(0)
    failed = 0
    for name, fn, tol in CASES:
        t0 = time.perf_counter()
        try:
            got, ref = fn()
            err = (got - ref).abs().max().item()
            ok = torch.allclose(got, ref, atol=tol, rtol=tol)
            print(f"{'PASS' if ok else 'FAIL'}  {name:28s} max abs err {err:.3g}  ({time.perf_counter() - t0:.2f} s incl. compile)")
            failed += not ok
        except Exception as e:
            failed += 1
            print(f"FAIL  {name:28s} {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
            traceback.print_exc(limit=3)
    if "--bench" in sys.argv:
        n = 1 << 22
        x, y = torch.rand(n), torch.rand(n)
        out = torch.empty_like(x)
        ms_t = triton.testing.do_bench(lambda: torch.add(x, y, out=out))
        for threads in ("auto", 1, os.cpu_count()):
            triton_edge.set_launch_threads(threads)
            ms = triton.testing.do_bench(lambda: add_kernel[(triton.cdiv(n, 4096),)](x, y, out, n, BLOCK=4096))
            print(f"do_bench vector add 2^22 floats: triton-edge threads={threads} {ms:.3f} ms, "
                  f"torch.add ({torch.get_num_threads()} threads) {ms_t:.3f} ms")
        triton_edge.set_launch_threads(None)
    print(f"tutorials: {len(CASES) - failed}/{len(CASES)} passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
