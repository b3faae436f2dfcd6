"""Sort, shape operations, full/zeros/arange, histogram."""
import torch
import triton
import triton.language as tl

from common import TD, check, rand, test, to_ints


# ---- sort, shapes

@triton.jit
def sort_kernel(X, Z, DESC: tl.constexpr, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(X + r[:, None] * C + c[None, :])
    tl.store(Z + r[:, None] * C + c[None, :], tl.sort(x, dim=1, descending=DESC))


for _d in ["float32", "int32", "uint8"]:
    for _desc in (False, True):
        def _s(d=_d, desc=_desc):
            x = rand(d, 8 * 32).reshape(8, 32)
            z = torch.zeros_like(x)
            sort_kernel[(1,)](x, z, DESC=desc, R=8, C=32)
            if d.startswith("uint"):
                ref = torch.tensor(to_ints(x)).reshape(8, 32).sort(1, descending=desc).values.to(TD[d])
            else:
                ref = x.sort(1, descending=desc).values
            return check(z, ref)
        test(f"sort[{_d},descending={_desc}]")(_s)


@triton.jit
def shapes_kernel(X, Z, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(X + r[:, None] * C + c[None, :])
    t = tl.trans(x)                                   # [C, R]
    tl.store(Z + c[:, None] * R + r[None, :], t)
    y = tl.reshape(x, (R * C // 2, 2))
    a, b = tl.split(y)                                # even and odd elements
    tl.store(Z + R * C + tl.arange(0, R * C // 2), a - b)
    j = tl.join(a, b)                                 # back to pairs
    tl.store(Z + R * C + R * C // 2 + tl.arange(0, R * C // 2)[:, None] * 2 + tl.arange(0, 2)[None, :], j)
    e = tl.expand_dims(tl.sum(x, axis=1), 1) + tl.zeros((R, C), dtype=x.dtype)
    tl.store(Z + 2 * R * C + R * C // 2 + r[:, None] * C + c[None, :], e)
    p = tl.permute(tl.reshape(x, (R, C // 4, 4)), (2, 0, 1))
    tl.store(Z + 3 * R * C + R * C // 2 + tl.arange(0, 4)[:, None, None] * R * (C // 4)
             + r[None, :, None] * (C // 4) + tl.arange(0, C // 4)[None, None, :], p)


@test("shapes_trans_reshape_split_join_expand_permute")
def _():
    R, C = 8, 16
    x = rand("float32", R * C).reshape(R, C)
    z = torch.zeros(4 * R * C + R * C // 2)
    shapes_kernel[(1,)](x, z, R=R, C=C)
    flat = x.reshape(-1, 2)
    ref = torch.cat([x.t().reshape(-1), flat[:, 0] - flat[:, 1], flat.reshape(-1),
                     x.sum(1, keepdim=True).expand(R, C).reshape(-1),
                     x.reshape(R, C // 4, 4).permute(2, 0, 1).reshape(-1)])
    return check(z, ref, tol=1e-5)


@triton.jit
def full_arange_kernel(Z, BLOCK: tl.constexpr):
    a = tl.arange(0, BLOCK)
    f = tl.full((BLOCK,), 7, tl.int32)
    zz = tl.zeros((BLOCK,), tl.int32)
    tl.store(Z + a, a * 2 + f + zz)
    tl.store(Z + BLOCK + tl.arange(0, BLOCK // 2) * 2, tl.arange(0, BLOCK // 2) + 1000)


@test("full_zeros_arange_strided_store")
def _():
    z = torch.zeros(256, dtype=torch.int32)
    full_arange_kernel[(1,)](z, BLOCK=128)
    ref = torch.zeros(256, dtype=torch.int32)
    ref[:128] = torch.arange(128) * 2 + 7
    ref[128::2] = torch.arange(64) + 1000
    return check(z, ref)


@triton.jit
def histogram_kernel(X, Z, BLOCK: tl.constexpr, BINS: tl.constexpr):
    x = tl.load(X + tl.arange(0, BLOCK))
    tl.store(Z + tl.arange(0, BINS), tl.histogram(x, BINS))


@test("histogram[int32]")
def _():
    x = rand("int32", 256, lo=0, hi=16)
    z = torch.zeros(16, dtype=torch.int32)
    histogram_kernel[(1,)](x, z, BLOCK=256, BINS=16)
    return check(z, torch.bincount(x.long(), minlength=16).to(torch.int32))


@triton.jit
def gather_kernel(X, I, Z, R: tl.constexpr, C: tl.constexpr):
    r = tl.arange(0, R)
    c = tl.arange(0, C)
    x = tl.load(X + r[:, None] * C + c[None, :])
    idx = tl.load(I + r[:, None] * C + c[None, :])
    tl.store(Z + r[:, None] * C + c[None, :], tl.gather(x, idx, 1))


@test("gather[float32,axis=1]")
def _():
    R, C = 8, 32
    x = rand("float32", R * C).reshape(R, C)
    idx = rand("int32", R * C, lo=0, hi=C, seed=1).reshape(R, C)
    z = torch.zeros_like(x)
    gather_kernel[(1,)](x, idx, z, R=R, C=C)
    return check(z, torch.gather(x, 1, idx.long()), tol=0.0)
