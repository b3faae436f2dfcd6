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


# ---- float max/min (Triton: an integer max on the bits of values with the
# sign bit clear, an unsigned min on those with it set; min the other way
# round), with NaN and -0.0, and xor over 64 bits

def float_atomic_reference(op, init, vals, bits):
    """The final bits Triton's decomposition leaves, applied value by value
    (the combination is order-independent)."""
    mask = (1 << bits) - 1
    sign = 1 << (bits - 1)

    def signed(u):
        return u - (1 << bits) if u & sign else u
    m = init
    for v in vals:
        if op == "max":
            m = (min(m, v) if v & sign else max(signed(m), signed(v)) & mask)
        else:
            m = (max(m, v) if v & sign else min(signed(m), signed(v)) & mask)
    return m


def float_atomic_test(op, d):
    import numpy as np
    f_np, u_np = (np.float32, np.uint32) if d == "float32" else (np.float64, np.uint64)
    bits = 32 if d == "float32" else 64
    specials = np.array([np.nan, -0.0, 0.0, -1.5, 2.5, -np.inf, np.inf, -3.0e5, 1e-38, -1e-38], dtype=f_np)
    n = 512
    g = np.random.default_rng(17)
    slots = 8
    # slot s: negatives only for even s (where -0.0 decides the answer), mixed for odd s
    vals = g.standard_normal(n).astype(f_np) * 100
    vals[0::16] = -np.abs(vals[0::16])
    vals[::37] = specials[np.arange(len(vals[::37])) % len(specials)]
    inits = np.array([-0.0, 0.0, -1e30, 1e30, np.nan, -5.0, 3.0, -np.inf], dtype=f_np)
    x = torch.from_numpy(vals.copy())
    out = torch.from_numpy(inits.copy())
    triton_edge.set_launch_threads(4)
    try:
        atomic_kernel[(n // 64,)](x, out, n, OP=op, BLOCK=64)
    finally:
        triton_edge.set_launch_threads(None)
    vb, ib = vals.view(u_np), inits.view(u_np)
    ref = [float_atomic_reference(op, int(ib[s]), [int(v) for v in vb[s::slots]], bits) for s in range(slots)]
    got = [int(v) for v in out.numpy().view(u_np)]
    ok = got == ref
    return ok, "bits match" if ok else f"got {out.tolist()}, expected {np.array(ref, dtype=u_np).view(f_np).tolist()}"


for _op in ("max", "min"):
    for _d in ("float32", "float64"):
        test(f"atomic_{_op}_nan_negative_zero[{_d},threads=4]")(lambda op=_op, d=_d: float_atomic_test(op, d))
for _d in ("int64",):  # Triton has no atomics narrower than 32 bits
    test(f"atomic_xor[{_d},threads=4]")(lambda d=_d: atomic_test("xor", d, 4))


@triton.jit
def spin_lock_histogram_kernel(Lock, Bins, X, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    x = tl.load(X + pid * BLOCK + tl.arange(0, BLOCK))
    while tl.atomic_cas(Lock, 0, 1, sem="acquire") != 0:
        pass
    for i in tl.static_range(4):  # non-atomic read-modify-write under the lock
        b = tl.load(Bins + i)
        tl.store(Bins + i, b + tl.sum((x % 4 == i).to(tl.int32)))
    tl.atomic_xchg(Lock, 0, sem="release")


@test("atomic_cas_spin_lock_critical_section[threads=4]")
def _():
    g, block = 128, 32
    x = rand("int32", g * block, lo=0, hi=1000)
    lock = torch.zeros(1, dtype=torch.int32)
    bins = torch.zeros(4, dtype=torch.int32)
    triton_edge.set_launch_threads(4)
    try:
        spin_lock_histogram_kernel[(g,)](lock, bins, x, BLOCK=block)
    finally:
        triton_edge.set_launch_threads(None)
    ok, info = check(bins, torch.bincount(x.long() % 4, minlength=4).to(torch.int32))
    return ok and lock.item() == 0, f"{info}; lock {lock.item()}"
