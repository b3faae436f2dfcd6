"""Control flow, @triton.jit helpers, grids and scalar arguments."""
import torch
import triton
import triton.language as tl

from common import N, check, rand, test


# ---- control flow, helpers, grids

@triton.jit
def control_kernel(X, Z, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(X + offs, mask=offs < n, other=0)
    acc = tl.zeros((BLOCK,), tl.int32)
    i = 0
    while i < pid + 3:              # dynamic trip count
        acc += x
        i += 1
    for k in tl.static_range(3):    # unrolled
        acc += k
    if pid % 2 == 0:                # scalar branch
        acc = acc * 2
    else:
        acc = -acc
    tl.store(Z + offs, acc, mask=offs < n)


@test("control_flow_while_static_range_if")
def _():
    n = 300
    x = rand("int32", n, lo=-1000, hi=1000)
    z = torch.zeros_like(x)
    control_kernel[(triton.cdiv(n, 64),)](x, z, n, BLOCK=64)
    pid = torch.arange(n) // 64
    acc = x.long() * (pid + 3) + 3
    ref = torch.where(pid % 2 == 0, acc * 2, -acc).to(torch.int32)
    return check(z, ref)


@triton.jit(noinline=True)
def _noinline_scale(a, pid):
    # Triton requires scalar arguments for noinline helpers.
    return a * (pid + 1)


@triton.jit
def _inlined_square(x):
    return x * x


@triton.jit
def helpers_kernel(X, Y, Z, a, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.load(Y + offs)
    tl.store(Z + offs, _noinline_scale(a, pid) * _inlined_square(x) + y)


@test("jit_helpers_noinline_and_inlined")
def _():
    x, y = rand("float32"), rand("float32", seed=1)
    z = torch.zeros_like(x)
    helpers_kernel[(2,)](x, y, z, 1.5, BLOCK=N // 2)
    scale = torch.tensor([1.5] * (N // 2) + [3.0] * (N // 2))
    return check(z, scale * x * x + y)


@triton.jit
def grid_kernel(Z, ND: tl.constexpr):
    px = tl.program_id(0)
    py = tl.program_id(1)
    pz = tl.program_id(2)
    nx = tl.num_programs(0)
    ny = tl.num_programs(1)
    nz = tl.num_programs(2)
    lin = px + nx * (py + ny * pz)
    tl.store(Z + lin * 4 + 0, px)
    tl.store(Z + lin * 4 + 1, py)
    tl.store(Z + lin * 4 + 2, pz)
    tl.store(Z + lin * 4 + 3, nx * ny * nz)


for _g in [(7,), (3, 5), (2, 3, 4)]:
    def _gt(g=_g):
        gx, gy, gz = (list(g) + [1, 1])[:3]
        total = gx * gy * gz
        z = torch.zeros(total * 4, dtype=torch.int32)
        grid_kernel[g](z, ND=len(g))
        ref = []
        for zz in range(gz):
            for yy in range(gy):
                for xx in range(gx):
                    ref += [xx, yy, zz, total]
        return check(z, torch.tensor(ref, dtype=torch.int32))
    test(f"grid_{len(_g)}d{_g}")(_gt)


@triton.jit
def scalar_args_kernel(Z, a, b, c, d, e, f, g):
    tl.store(Z + 0, a.to(tl.float64))
    tl.store(Z + 1, b.to(tl.float64))
    tl.store(Z + 2, c.to(tl.float64))
    tl.store(Z + 3, d.to(tl.float64))
    tl.store(Z + 4, e.to(tl.float64))
    tl.store(Z + 5, (g + f).to(tl.float64))  # f == 1: specialized to a constexpr by Triton
    tl.store(Z + 6, g.to(tl.float64))


@test("scalar_args_i32_i64_u64_f32_bool_1_neg")
def _():
    z = torch.zeros(7, dtype=torch.float64)
    scalar_args_kernel[(1,)](z, 5, 2**40, 2**63 + 5, 2.5, True, 1, -7)
    ref = torch.tensor([5, 2**40, float(2**63 + 5), 2.5, 1, -6, -7], dtype=torch.float64)
    return check(z, ref, tol=0.0)


@triton.jit
def early_return_kernel(X, Z, n, LIMIT, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m, other=0)
    if pid % 3 == 1:                  # return from inside an if (cf branches)
        tl.store(Z + offs, x * 0 - 1, mask=m)
        return
    if tl.max(x, axis=0) > LIMIT:     # data-dependent early exit: nothing stored
        return
    tl.store(Z + offs, x * 2, mask=m)


@test("control_flow_early_return_in_if")
def _():
    n, block = 1000, 64
    x = rand("int32", n, lo=0, hi=1000)
    z = torch.full((n,), 7, dtype=torch.int32)
    early_return_kernel[(triton.cdiv(n, block),)](x, z, n, 990, BLOCK=block)
    ref = torch.full((n,), 7, dtype=torch.int32)
    for p in range(triton.cdiv(n, block)):
        sl = slice(p * block, min(n, (p + 1) * block))
        if p % 3 == 1:
            ref[sl] = -1
        elif int(x[sl].max()) <= 990:
            ref[sl] = x[sl] * 2
    kinds = {p % 3 == 1 or int(x[p * block:(p + 1) * block].max()) > 990 for p in range(n // block)}
    ok, info = check(z, ref)
    return ok and kinds == {True, False}, info + ("" if kinds == {True, False} else "; a branch untested")


@triton.jit
def nested_return_kernel(Cond1, Cond2, Cond3, Val1, Val2, Val3, Out):
    val = 0
    if tl.load(Cond1):
        if tl.load(Cond2):
            val = tl.load(Val1)
        else:                          # early return two ifs deep: a 3-way branch
            return
    else:
        if tl.load(Cond3):
            val = tl.load(Val2)
        else:
            val = tl.load(Val3)
    tl.store(Out, val)


@test("control_flow_nested_early_return")
def _():
    one = lambda v: torch.tensor([v], dtype=torch.int32)
    bad = []
    for c1 in (0, 1):
        for c2 in (0, 1):
            for c3 in (0, 1):
                out = one(-1)
                nested_return_kernel[(1,)](one(c1), one(c2), one(c3), one(1), one(2), one(3), out)
                want = (1 if c2 else -1) if c1 else (2 if c3 else 3)
                if int(out[0]) != want:
                    bad.append(f"({c1},{c2},{c3}): {int(out[0])} != {want}")
    return not bad, "; ".join(bad) or "8 paths"


@triton.jit
def pointer_loop_matmul_kernel(A, B, C, M, N, K, BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr):
    # Pointer tensors that are not affine in the lanes (`% M`) carried
    # through the K loop: materialized as offsets.
    offs_m = tl.arange(0, BM) % M
    offs_n = tl.arange(0, BN) % N
    offs_k = tl.arange(0, BK)
    a_ptrs = A + offs_m[:, None] * K + offs_k[None, :]
    b_ptrs = B + offs_k[:, None] * N + offs_n[None, :]
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    for k in tl.range(0, tl.cdiv(K, BK), num_stages=3):
        acc = tl.dot(tl.load(a_ptrs), tl.load(b_ptrs), acc=acc)
        a_ptrs += BK
        b_ptrs += BK * N
    tl.store(C + tl.arange(0, BM)[:, None] * N + tl.arange(0, BN)[None, :], acc)


@test("control_flow_loop_carried_pointer_tensors")
def _():
    M, N, K = 32, 32, 64
    a = torch.randn(M, K, dtype=torch.float16)
    b = torch.randn(K, N, dtype=torch.float16)
    c = torch.empty(M, N)
    pointer_loop_matmul_kernel[(1,)](a, b, c, M, N, K, BM=32, BN=32, BK=16)
    return check(c, a.float() @ b.float(), tol=1e-3)
