"""Block pointers and tensor descriptors."""
import torch
import triton
import triton.language as tl

from triton_edge.backend.compat import HAS_BLOCK_POINTERS

from common import check, rand, skip, test


# ---- block pointers, tensor descriptors

@triton.jit
def block_ptr_kernel(X, Y, M, N, sxm, sxn, BM: tl.constexpr, BN: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    src = tl.make_block_ptr(X, shape=(M, N), strides=(sxm, sxn), offsets=(pm * BM, pn * BN),
                            block_shape=(BM, BN), order=(1, 0))
    dst = tl.make_block_ptr(Y, shape=(N, M), strides=(M, 1), offsets=(pn * BN, pm * BM),
                            block_shape=(BN, BM), order=(1, 0))
    x = tl.load(src, boundary_check=(0, 1), padding_option="zero")
    tl.store(dst, tl.trans(x) * 2, boundary_check=(0, 1))


def block_ptr_test(name):
    """Block pointers left the language in Triton 3.9 (tensor descriptors replace them)."""
    if HAS_BLOCK_POINTERS:
        return test(name)
    skip(name, f"tl.make_block_ptr/tl.advance: removed in Triton {triton.__version__}")
    return lambda fn: fn


@block_ptr_test("block_ptr_transpose_boundary_check")
def _():
    M, Nn = 37, 53
    x = rand("float32", M * Nn).reshape(M, Nn)
    y = torch.zeros(Nn, M)
    block_ptr_kernel[(triton.cdiv(M, 16), triton.cdiv(Nn, 16))](x, y, M, Nn, x.stride(0), x.stride(1), BM=16, BN=16)
    return check(y, x.t() * 2)


@triton.jit
def block_ptr_advance_kernel(X, Y, N, BLOCK: tl.constexpr):
    p = tl.make_block_ptr(X, shape=(N,), strides=(1,), offsets=(0,), block_shape=(BLOCK,), order=(0,))
    acc = tl.zeros((BLOCK,), tl.float32)
    for _ in range(0, N, BLOCK):
        acc += tl.load(p, boundary_check=(0,), padding_option="zero")
        p = tl.advance(p, (BLOCK,))
    tl.store(Y + tl.arange(0, BLOCK), acc)


@block_ptr_test("block_ptr_advance_loop")
def _():
    n = 1000
    x = rand("float32", n)
    y = torch.zeros(64)
    block_ptr_advance_kernel[(1,)](x, y, n, BLOCK=64)
    xp = torch.cat([x, torch.zeros(1024 - n)]).reshape(-1, 64).sum(0)
    return check(y, xp, tol=1e-5)


@triton.jit
def tensor_desc_kernel(X, Y, M, N, BM: tl.constexpr, BN: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    dx = tl.make_tensor_descriptor(X, shape=[M, N], strides=[N, 1], block_shape=[BM, BN])
    dy = tl.make_tensor_descriptor(Y, shape=[M, N], strides=[N, 1], block_shape=[BM, BN])
    v = dx.load([pm * BM, pn * BN])
    dy.store([pm * BM, pn * BN], v + 1)


@test("tensor_descriptor_in_kernel")
def _():
    M, Nn = 40, 72
    x = rand("float32", M * Nn).reshape(M, Nn)
    y = torch.zeros_like(x)
    triton.set_allocator(lambda size, align, stream: torch.empty(size, dtype=torch.int8))
    tensor_desc_kernel[(triton.cdiv(M, 16), triton.cdiv(Nn, 32))](x, y, M, Nn, BM=16, BN=32)
    return check(y, x + 1)


@triton.jit
def host_desc_kernel(dx, dy, BM: tl.constexpr, BN: tl.constexpr):
    pm = tl.program_id(0)
    pn = tl.program_id(1)
    v = dx.load([pm * BM, pn * BN])
    dy.store([pm * BM, pn * BN], v * 3)


@test("tensor_descriptor_host")
def _():
    from triton.tools.tensor_descriptor import TensorDescriptor
    M, Nn = 48, 40
    x = rand("float32", M * Nn).reshape(M, Nn)
    y = torch.zeros_like(x)
    dx = TensorDescriptor.from_tensor(x, [16, 8])
    dy = TensorDescriptor.from_tensor(y, [16, 8])
    host_desc_kernel[(M // 16, Nn // 8)](dx, dy, BM=16, BN=8)
    return check(y, x * 3)


@triton.jit
def int_to_ptr_kernel(X, Z, SHIFT: tl.constexpr, BLOCK: tl.constexpr):
    # A pointer made from an integer: the argument's address plus a byte
    # offset (SHIFT elements of 4 bytes), scalar and per lane.
    offs = tl.arange(0, BLOCK)
    moved = (X.to(tl.int64) + SHIFT * 4).to(tl.pointer_type(tl.float32))
    x = tl.load(moved + offs)
    out = (Z + offs).to(tl.int64).to(tl.pointer_type(tl.float32))
    tl.store(out, x)


@test("int_to_ptr_of_ptr_to_int[float32]")
def _():
    x = rand("float32", 128 + 3)
    z = torch.zeros(128)
    int_to_ptr_kernel[(1,)](x, z, SHIFT=3, BLOCK=128)
    return check(z, x[3:])
