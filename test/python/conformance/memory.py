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


@triton.jit
def select_pointer_scalar_kernel(C, X, Y, Z, n, BLOCK: tl.constexpr):
    # One pointer for the whole program, chosen between two arguments.
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    ptr = tl.where(tl.load(C) != 0, X, Y)
    tl.store(Z + offs, tl.load(ptr + offs, mask=offs < n), mask=offs < n)


@test("select_pointer_scalar[int32]")
def _():
    n = 200
    x, y = rand("int32", n, seed=1), rand("int32", n, seed=2)
    results = []
    for c in (1, 0):
        z = torch.zeros(n, dtype=torch.int32)
        select_pointer_scalar_kernel[(4,)](torch.tensor([c], dtype=torch.int8), x, y, z, n, BLOCK=64)
        results.append(check(z, x if c else y))
    return all(ok for ok, _ in results), "; ".join(info for _, info in results)


@triton.jit
def select_pointer_lanes_kernel(C, X, Y, Z, n, BLOCK: tl.constexpr):
    # Each lane reads through a pointer into X or into Y.
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    decide = tl.load(C + offs, mask=mask) != 0
    ptr = tl.where(decide, X + offs, Y + (n - 1 - offs))
    tl.store(Z + offs, tl.load(ptr, mask=mask, other=-1.0), mask=mask)


@test("select_pointer_lanes[float32]")
def _():
    n = 200
    c = rand("bool", n, seed=3)
    x, y = rand("float32", n, seed=4), rand("float32", n, seed=5)
    z = torch.zeros(n)
    select_pointer_lanes_kernel[(4,)](c.to(torch.int8), x, y, z, n, BLOCK=64)
    return check(z, torch.where(c, x, y.flip(0)))


@triton.jit
def select_pointer_store_kernel(C, X, A, B, n, BLOCK: tl.constexpr):
    # Each lane writes through a pointer into A or into B.
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    decide = tl.load(C + offs, mask=mask) != 0
    ptr = tl.where(decide, A + offs, B + offs)
    tl.store(ptr, tl.load(X + offs, mask=mask), mask=mask)


@test("select_pointer_store[int16]")
def _():
    n = 200
    c = rand("bool", n, seed=6)
    x = rand("int16", n, seed=7)
    a, b = torch.full((n,), 7, dtype=torch.int16), torch.full((n,), 9, dtype=torch.int16)
    select_pointer_store_kernel[(4,)](c.to(torch.int8), x, a, b, n, BLOCK=64)
    ok_a, info_a = check(a, torch.where(c, x, torch.full_like(x, 7)))
    ok_b, info_b = check(b, torch.where(c, torch.full_like(x, 9), x))
    return ok_a and ok_b, f"A {info_a}; B {info_b}"


@triton.jit
def if_pointer_kernel(X, Y, Z, flag, BLOCK: tl.constexpr):
    # scf.if yields a pointer into X or into Y.
    offs = tl.arange(0, BLOCK)
    if flag > 0:
        ptr = X + 1
    else:
        ptr = Y
    tl.store(Z + offs, tl.load(ptr + offs))


@test("if_pointer_of_two_arguments[float64]")
def _():
    x, y = rand("float64", 65, seed=8), rand("float64", 64, seed=9)
    results = []
    for flag in (1, 0):
        z = torch.zeros(64, dtype=torch.float64)
        if_pointer_kernel[(1,)](x, y, z, flag, BLOCK=64)
        results.append(check(z, x[1:] if flag else y))
    return all(ok for ok, _ in results), "; ".join(info for _, info in results)


@triton.jit
def int_pointer_select_kernel(C, A, B, Z, n, BLOCK: tl.constexpr):
    # Integers made pointers, selected and stored as integers again, never
    # dereferenced (upstream's test_where on pointers).
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    decide = tl.load(C + offs, mask=mask) != 0
    a = tl.load(A + offs, mask=mask).to(tl.pointer_type(tl.int32))
    b = tl.load(B + offs, mask=mask).to(tl.pointer_type(tl.int32))
    tl.store(Z + offs, tl.where(decide, a, b), mask=mask)


@test("int_pointer_select_roundtrip[int64]")
def _():
    n = 200
    c = rand("bool", n, seed=10)
    a, b = rand("int64", n, seed=11), rand("int64", n, seed=12)
    z = torch.zeros(n, dtype=torch.int64)
    int_pointer_select_kernel[(4,)](c.to(torch.int8), a, b, z, n, BLOCK=64)
    return check(z, torch.where(c, a, b))


@triton.jit
def address_select_kernel(C, X, Y, Z, BLOCK: tl.constexpr):
    # int_to_ptr(select(ptr_to_int X, ptr_to_int Y)), moved per lane.
    offs = tl.arange(0, BLOCK)
    addr = tl.where(tl.load(C) != 0, X.to(tl.int64), Y.to(tl.int64))
    ptr = addr.to(tl.pointer_type(tl.float32)) + offs
    tl.store(Z + offs, tl.load(ptr))


@test("address_select[float32]")
def _():
    x, y = rand("float32", 32, seed=13), rand("float32", 32, seed=14)
    results = []
    for c in (1, 0):
        z = torch.zeros(32)
        address_select_kernel[(1,)](torch.tensor([c], dtype=torch.int8), x, y, z, BLOCK=32)
        results.append(check(z, x if c else y))
    return all(ok for ok, _ in results), "; ".join(info for _, info in results)


@triton.jit
def wide_view_kernel(X, Z, BLOCK: tl.constexpr):
    # f32 storage read and written as f64 / i64: the same bytes, two f32
    # elements per wide element.
    offs = tl.arange(0, BLOCK)
    wide = tl.load(X.to(tl.pointer_type(tl.int64)) + offs)
    tl.store(Z.to(tl.pointer_type(tl.float64)) + offs, wide.to(tl.float64, bitcast=True))
    tl.store(Z.to(tl.pointer_type(tl.float64)), 1e+50)


@test("pointer_bitcast_wider[float32->int64,float64]")
def _():
    x = rand("float32", 64, seed=15)
    z = torch.zeros(64)
    wide_view_kernel[(1,)](x, z, BLOCK=32)
    ref = x.clone()
    ref.view(torch.float64)[0] = 1e50
    return check(z.view(torch.int32), ref.view(torch.int32))
