"""Arguments as the launcher takes them: 0-d and zero-size tensors, zero
strides (expanded tensors), None for optional pointers (Triton specializes
it to a constexpr), pointer bitcasts between f32 and i32 inside the kernel."""
import torch
import triton
import triton.language as tl

from common import check, rand, test


@triton.jit
def ptr_bitcast_kernel(X, Bits, Y, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    xi = X.to(tl.pointer_type(tl.int32))          # f32 storage read as i32
    bits = tl.load(xi + offs)
    tl.store(Bits + offs, bits)
    yf = Y.to(tl.pointer_type(tl.float32))        # i32 storage written as f32
    tl.store(yf + offs, tl.load(X + offs) * 2)


@test("pointer_bitcast[float32<->int32]")
def _():
    x = rand("float32")
    bits = torch.zeros(256, dtype=torch.int32)
    y = torch.zeros(256, dtype=torch.int32)
    ptr_bitcast_kernel[(1,)](x, bits, y, BLOCK=256)
    ok1, i1 = check(bits, x.view(torch.int32))
    ok2, i2 = check(y, (x * 2).view(torch.int32))
    return ok1 and ok2, f"load: {i1}; store: {i2}"


@triton.jit
def scalar_tensor_kernel(X, Y):
    tl.store(Y, tl.load(X) * 3 + 1)


@test("zero_d_tensors[float32]")
def _():
    x = torch.tensor(2.5)
    y = torch.tensor(0.0)
    scalar_tensor_kernel[(1,)](x, y)
    return check(y, torch.tensor(8.5), tol=0.0)


@triton.jit
def masked_copy_kernel(X, Y, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(Y + offs, tl.load(X + offs, mask=offs < n) + 1, mask=offs < n)


@test("zero_size_tensors[float32,int64]")
def _():
    msgs = []
    for dt in (torch.float32, torch.int64):
        x = torch.zeros(0, dtype=dt)
        y = torch.zeros(0, dtype=dt)
        masked_copy_kernel[(1,)](x, y, 0, BLOCK=64)
        e = torch.zeros(0, 5, dtype=dt)  # zero-size 2-D, nonzero strides
        masked_copy_kernel[(2,)](e, e, 0, BLOCK=64)
        # a zero-size view beside real data: nothing written around it
        buf = torch.arange(8, dtype=dt)
        masked_copy_kernel[(1,)](buf[4:4], buf[4:4], 0, BLOCK=64)
        ok, info = check(buf, torch.arange(8, dtype=dt))
        if not ok:
            msgs.append(f"{dt}: {info}")
    return not msgs, "; ".join(msgs) or "launched, nothing written"


@triton.jit
def strided_sum_kernel(X, Z, sx, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(X + offs * sx, mask=offs < n, other=0.0)
    tl.store(Z, tl.sum(x, axis=0))


@test("zero_stride_expanded_tensor")
def _():
    base = torch.tensor([1.25])
    x = base.expand(200)
    z = torch.zeros(1)
    strided_sum_kernel[(1,)](x, z, x.stride(0), 200, BLOCK=256)
    return check(z, torch.tensor([250.0]), tol=0.0) if x.stride(0) == 0 else (False, "not a zero stride")


@triton.jit
def optional_bias_kernel(X, Bias, Y, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    y = tl.load(X + offs)
    if Bias is not None:
        y += tl.load(Bias + offs)
    tl.store(Y + offs, y)


@test("none_optional_pointer")
def _():
    x, b = rand("float32", 64), rand("float32", 64, seed=1)
    y1, y2 = torch.zeros(64), torch.zeros(64)
    optional_bias_kernel[(1,)](x, None, y1, BLOCK=64)
    optional_bias_kernel[(1,)](x, b, y2, BLOCK=64)
    ok1, i1 = check(y1, x, tol=0.0)
    ok2, i2 = check(y2, x + b, tol=0.0)
    return ok1 and ok2, f"None: {i1}; tensor: {i2}"


@triton.jit
def num_warps_kernel(X):
    tl.store(X, 1.0)


@test("num_warps_power_of_two",
      backend_only="checks that triton-edge's error is both AssertionError and ValueError; the "
                   "CUDA backend raises AssertionError alone")
def _():
    """num_warps must be a power of 2, as on the GPU backends (a launch that
    works here works there); the error is both AssertionError, as Triton's
    own backends raise, and ValueError."""
    x = torch.zeros(1)
    for w in (1, 2, 4, 8):
        num_warps_kernel[(1,)](x, num_warps=w)
    refused = []
    for w in (3, 6, 0):
        try:
            num_warps_kernel[(1,)](x, num_warps=w)
        except (AssertionError, ValueError) as e:
            if isinstance(e, AssertionError) and isinstance(e, ValueError) and "power of 2" in str(e):
                refused.append(w)
    return refused == [3, 6, 0] and float(x[0]) == 1.0, f"refused {refused}"
