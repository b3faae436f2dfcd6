"""What every conformance module shares: the test registry, the skip list,
input generators and the comparison with the reference.

A test is a function returning (ok, info); `check` compares a result with a
PyTorch/NumPy reference (exact for integers and bit patterns, a tolerance for
floats) so that a test always compares something.
"""
import numpy as np
import torch
import triton.language as tl

TESTS = []
# Features that exist only on GPUs, with the reason they are not tested here.
SKIPS = {
    "inline_asm_elementwise": "inline PTX/AMDGCN assembly: GPU instruction sets, no CPU meaning",
    "tma_host_descriptor_nvTmaDesc": "Hopper TMA descriptors (nvTmaDesc): a GPU copy engine; the "
                                     "portable tensor descriptors are tested (tensor_descriptor_*)",
    "warp_specialize_and_num_ctas": "warp specialization / clusters: GPU scheduling options",
    "debug_barrier_and_shared_memory_layouts": "tl.debug_barrier / shared-memory layouts: GPU "
                                               "thread-block concepts (a program is one thread here)",
    "device_print": "tl.device_print writes through the GPU printf buffer; output, not values",
}

# Tests of the triton-edge backend itself (its compiler's and launcher's own
# errors), not of the language: run.py --device cuda, where Triton's CUDA
# backend runs the suite, reports them as SKIP with the reason.
BACKEND_ONLY = {}
# Tests of language features that Triton's CUDA backend refuses to compile
# on NVIDIA GPUs (AMD-only types, shapes below its MMA minimum, casts it has
# no converter for): also SKIPs of run.py --device cuda, with the reason.
CUDA_REFUSES = {}

# Who computes the results the tests check: "triton-edge" (run.py's default
# and --device cpu-copies) or "cuda" (run.py --device cuda: Triton's own CUDA
# backend on a GPU). The references are triton-edge's documented rules; where
# docs/semantics.md records a measured GPU deviation, a test compares with
# that deviation when on_cuda(), and says so in its info.
COMPUTED_BY = "triton-edge"


def on_cuda():
    return COMPUTED_BY == "cuda"

# Tests whose outputs depend on the order in which contexts run programs: not
# captured as cases (a replay may legitimately differ).
NO_CAPTURE = {"atomic_add_returns_old_value[threads=4]", "atomic_cas_xchg_spinlock[threads=4]",
              "atomic_cas_spin_lock_critical_section[threads=4]",
              "atomic_add[float32,threads=4]"}
INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FLOAT_DTYPES = ["float16", "bfloat16", "float32", "float64"]
TD = {n: getattr(torch, n) for n in INT_DTYPES + FLOAT_DTYPES + ["bool"]}
BITS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64, "uint8": 8, "uint16": 16, "uint32": 32,
        "uint64": 64}
N = 256


def test(name, backend_only=None, cuda_refuses=None):
    """Registers a test; backend_only: why it checks triton-edge's own
    behaviour and has no GPU counterpart (BACKEND_ONLY); cuda_refuses: why
    Triton's CUDA backend cannot compile it (CUDA_REFUSES)."""
    def deco(fn):
        TESTS.append((name, fn))
        if backend_only:
            BACKEND_ONLY[name] = backend_only
        if cuda_refuses:
            CUDA_REFUSES[name] = cuda_refuses
        return fn
    return deco


def skip(name, why):
    """A test that exists but cannot run with this Triton (reported as SKIP)."""
    SKIPS[name] = why


def rand(dtype, n=N, lo=None, hi=None, nonzero=False, seed=0):
    g = np.random.default_rng(seed)
    if dtype in FLOAT_DTYPES:
        a = torch.from_numpy(g.uniform(-4 if lo is None else lo, 4 if hi is None else hi, n).astype(np.float32))
        return a.to(TD[dtype])
    if dtype == "bool":
        return torch.from_numpy(g.integers(0, 2, n).astype(np.bool_))
    bits = BITS[dtype]
    signed = dtype.startswith("int")
    lo = (-(2 ** (bits - 1)) if signed else 0) if lo is None else lo
    hi = ((2 ** (bits - 1)) if signed else 2 ** bits) if hi is None else hi
    vals = [int(v) for v in g.integers(0, 2**62, n)]
    vals = [lo + v % (hi - lo) for v in vals]
    if nonzero:
        vals = [v if v != 0 else 1 for v in vals]
    return from_ints(vals, dtype)


def from_ints(vals, dtype):
    bits = BITS[dtype]
    u = [v & ((1 << bits) - 1) for v in vals]
    npu = {8: np.uint8, 16: np.uint16, 32: np.uint32, 64: np.uint64}[bits]
    arr = np.array(u, dtype=npu)
    if dtype.startswith("int"):
        arr = arr.view({8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}[bits])
    return torch.from_numpy(arr.copy())


def to_ints(t):
    return [int(v) for v in t.numpy().reshape(-1).tolist()]


def wrap(v, dtype):
    bits = BITS[dtype]
    v &= (1 << bits) - 1
    if dtype.startswith("int") and v >= 1 << (bits - 1):
        v -= 1 << bits
    return v


def tl_dtype(d):
    return {"int8": tl.int8, "int16": tl.int16, "int32": tl.int32, "int64": tl.int64, "uint8": tl.uint8,
            "uint16": tl.uint16, "uint32": tl.uint32, "uint64": tl.uint64, "float16": tl.float16,
            "bfloat16": tl.bfloat16, "float32": tl.float32, "float64": tl.float64, "bool": tl.int1}[d]


def check(got, ref, dtype=None, tol=None):
    dtype = dtype or str(ref.dtype)[6:]
    if dtype in ("float16", "bfloat16"):
        tol = 1e-2 if tol is None else tol
    elif dtype == "float32":
        tol = 1e-5 if tol is None else tol
    elif dtype == "float64":
        tol = 1e-12 if tol is None else tol
    if tol is None:
        if got.dtype == torch.bfloat16:
            got, ref = got.view(torch.int16), ref.view(torch.int16)
        g, r = got.numpy().reshape(-1), ref.numpy().reshape(-1)
        if g.shape != r.shape or g.dtype != r.dtype:
            return False, f"shape/dtype {g.shape} {g.dtype} vs {r.shape} {r.dtype}"
        bad = np.nonzero(g != r)[0]
        if len(bad):
            i = int(bad[0])
            return False, f"{len(bad)} mismatches; first at {i}: got {g[i]}, expected {r[i]}"
        return True, "exact"
    if got.shape != ref.shape:
        return False, f"shape {tuple(got.shape)} vs {tuple(ref.shape)}"
    g, r = got.double(), ref.double()
    ok = torch.allclose(g, r, atol=tol, rtol=tol, equal_nan=True)
    err = (g - r).abs().nan_to_num(0).max().item() if g.numel() else 0
    return ok, f"max abs err {err:.3g} (tol {tol:g})"




def signed_of(d):
    """'uint32' -> 'int32': the torch dtype that stores an unsigned type's bits."""
    return d[1:] if d.startswith("uint") else d


def unsigned_view(vals, d):
    """(storage, wrapper): Python ints stored in the signed torch dtype of d's
    width, and triton.reinterpret's view of them as tl.uintN."""
    import triton
    storage = from_ints(vals, signed_of(d))
    return storage, triton.reinterpret(storage, tl_dtype(d))


def umask(v, d):
    return v & ((1 << BITS[d]) - 1)
