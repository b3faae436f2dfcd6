"""tl.device_assert and bad input (clear errors, located)."""
import torch
import triton
import triton.language as tl

from triton_edge.compile import CompilationError
from triton_edge.runtime import LaunchError

from common import test
from elementwise import copy_kernel


# ---- device_assert

@triton.jit
def assert_kernel(X, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    x = tl.load(X + offs, mask=offs < n, other=0)
    tl.device_assert(x >= 0, "x must be non-negative")


@test("device_assert_pass_and_fail",
      backend_only="expects triton-edge's LaunchError; on CUDA a failed device_assert is a sticky "
                   "error that ends the process's CUDA context")
def _():
    x = torch.arange(100, dtype=torch.int32)
    assert_kernel[(2,)](x, 100, BLOCK=64, debug=True)
    x[70] = -5
    try:
        assert_kernel[(2,)](x, 100, BLOCK=64, debug=True)
    except LaunchError as e:
        ok = "x must be non-negative" in str(e)
        return ok, f"raised: {str(e)[:160]}"
    return False, "a failing device_assert did not raise"


# ---- bad input

@test("bad_input_wrong_device_and_dtype",
      backend_only="triton-edge's launcher refuses meta and CUDA tensors (ArgumentError); the GPU "
                   "mode moves CPU tensors to the GPU")
def _():
    from triton_edge.runtime import ArgumentError
    msgs = []
    x = torch.zeros(64)
    y = torch.zeros(64)
    try:
        copy_kernel[(1,)](x, torch.zeros(64, device="meta"), 64, BLOCK=64)
        msgs.append("meta tensor accepted")
    except Exception as e:
        if not isinstance(e, ArgumentError) or "CPU" not in str(e):
            msgs.append(f"meta: {type(e).__name__}: {e}")
    if torch.cuda.is_available():
        try:
            copy_kernel[(1,)](x, torch.zeros(64, device="cuda"), 64, BLOCK=64)
            msgs.append("cuda tensor accepted")
        except Exception as e:
            if not isinstance(e, ArgumentError) or "cuda" not in str(e):
                msgs.append(f"cuda: {type(e).__name__}: {e}")
    copy_kernel[(1,)](x, y, 64, BLOCK=64)
    return not msgs, "; ".join(msgs) or "clear errors"


@triton.jit
def rejected_kernel(X, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs)
    y = tl.inline_asm_elementwise("mov.b32 $0, $1;", "=r,r", [x], dtype=tl.int32, is_pure=True, pack=1)
    tl.store(X + offs, y)


@test("bad_input_rejected_kernel_raises_with_location",
      backend_only="triton-edge's compiler rejects inline PTX with a located error; on CUDA that "
                   "asm is valid")
def _():
    x = torch.zeros(16, dtype=torch.int32)
    try:
        rejected_kernel[(1,)](x, BLOCK=16)
    except CompilationError as e:
        ok = "diagnostics.py:" in e.message and "error" in e.message
        return ok, e.message.splitlines()[0][:200]
    except Exception as e:
        # Triton wraps stage errors in its own exception types in some versions.
        ok = "diagnostics.py:" in str(e) and "error" in str(e)
        return ok, f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
    return False, "inline asm was accepted"
