"""Atomics, at several contexts."""
import torch
import triton
import triton.language as tl

import triton_edge

from common import FLOAT_DTYPES, TD, check, rand, test, to_ints


# ---- atomics

@triton.jit
def atomic_kernel(X, Out, n, OP: tl.constexpr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    x = tl.load(X + offs, mask=m)
    idx = offs % 8
    if OP == "add":
        tl.atomic_add(Out + idx, x, mask=m)
    elif OP == "max":
        tl.atomic_max(Out + idx, x, mask=m)
    elif OP == "min":
        tl.atomic_min(Out + idx, x, mask=m)
    elif OP == "and":
        tl.atomic_and(Out + idx, x, mask=m)
    elif OP == "or":
        tl.atomic_or(Out + idx, x, mask=m)
    elif OP == "xor":
        tl.atomic_xor(Out + idx, x, mask=m)


def atomic_test(op, d, threads):
    n = 1024
    x = rand(d, n, lo=-1000 if d.startswith(("int", "float")) else 0, hi=1000)
    if op in ("and", "or", "xor"):
        x = rand(d, n, lo=0, hi=2**16)
    init = {"add": 0, "max": -2**30 if not d.startswith("uint") else 0, "min": 2**30, "and": 2**16 - 1,
            "or": 0, "xor": 0}[op]
    out = torch.full((8,), init, dtype=TD[d])
    triton_edge.set_launch_threads(threads)
    try:
        atomic_kernel[(n // 64,)](x, out, n, OP=op, BLOCK=64)
    finally:
        triton_edge.set_launch_threads(None)
    xs = x.reshape(-1, 8).double() if d in FLOAT_DTYPES else torch.tensor(to_ints(x)).reshape(-1, 8)
    if op == "add":
        ref = xs.sum(0)
    elif op == "max":
        ref = torch.maximum(xs.amax(0), torch.tensor(init, dtype=xs.dtype))
    elif op == "min":
        ref = torch.minimum(xs.amin(0), torch.tensor(init, dtype=xs.dtype))
    else:
        import functools
        f = {"and": lambda a, b: a & b, "or": lambda a, b: a | b, "xor": lambda a, b: a ^ b}[op]
        ref = torch.tensor([functools.reduce(f, col, init) for col in xs.t().tolist()])
    ref = ref.to(TD[d])
    return check(out, ref, tol=1e-3 if d in FLOAT_DTYPES else None)


for _op, _d in [("add", "float32"), ("add", "int32"), ("add", "int64"), ("max", "int32"), ("max", "float32"),
                ("min", "int32"), ("min", "float32"), ("and", "int32"), ("or", "int32"), ("xor", "int32"),
                ("max", "uint32")]:
    test(f"atomic_{_op}[{_d},threads=4]")(lambda op=_op, d=_d: atomic_test(op, d, 4))


@triton.jit
def atomic_cas_xchg_kernel(Lock, Counter, Last, X):
    pid = tl.program_id(0)
    # spin lock with atomic_cas, critical section, release with atomic_xchg
    while tl.atomic_cas(Lock, 0, 1) == 1:
        pass
    c = tl.load(Counter)
    tl.store(Counter, c + tl.load(X + pid))
    tl.atomic_xchg(Lock, 0)
    tl.atomic_xchg(Last + pid % 4, pid + 1)


@test("atomic_cas_xchg_spinlock[threads=4]")
def _():
    g = 64
    lock = torch.zeros(1, dtype=torch.int32)
    counter = torch.zeros(1, dtype=torch.int32)
    last = torch.zeros(4, dtype=torch.int32)
    x = rand("int32", g, lo=0, hi=100)
    triton_edge.set_launch_threads(4)
    try:
        atomic_cas_xchg_kernel[(g,)](lock, counter, last, x)
    finally:
        triton_edge.set_launch_threads(None)
    ok = int(counter.item()) == int(x.sum().item()) and lock.item() == 0 and all(
        (v - 1) % 4 == i for i, v in enumerate(last.tolist()))
    return ok, f"counter {counter.item()} expected {x.sum().item()}, last {last.tolist()}"


@triton.jit
def atomic_ret_kernel(Counter, Out):
    pid = tl.program_id(0)
    old = tl.atomic_add(Counter, 1)
    tl.store(Out + old, pid)


@test("atomic_add_returns_old_value[threads=4]")
def _():
    g = 200
    counter = torch.zeros(1, dtype=torch.int32)
    out = torch.full((g,), -1, dtype=torch.int32)
    triton_edge.set_launch_threads(4)
    try:
        atomic_ret_kernel[(g,)](counter, out)
    finally:
        triton_edge.set_launch_threads(None)
    ok = counter.item() == g and sorted(out.tolist()) == list(range(g))
    return ok, f"counter {counter.item()}, slots a permutation: {sorted(out.tolist()) == list(range(g))}"
