"""Tensor arguments as PyTorch and Triton pass them: every torch dtype,
triton.reinterpret's TensorWrapper, 0-d, zero-size and zero-stride tensors,
None for optional pointers; @triton.jit launches compared with torch."""
import pytest

torch = pytest.importorskip("torch")
triton = pytest.importorskip("triton")
import triton.language as tl  # noqa: E402

from triton_edge import runtime as rt  # noqa: E402

TE_OF = {torch.bool: "i1", torch.int8: "i8", torch.int16: "i16", torch.int32: "i32",
         torch.int64: "i64", torch.uint8: "u8", torch.uint16: "u16", torch.uint32: "u32",
         torch.uint64: "u64", torch.float16: "f16", torch.bfloat16: "bf16",
         torch.float32: "f32", torch.float64: "f64"}
FP8 = [getattr(torch, n) for n in ("float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz",
                                  "float8_e5m2fnuz") if hasattr(torch, n)]


@pytest.mark.parametrize("dtype", list(TE_OF), ids=str)
def test_torch_dtypes_pack(dtype):
    t = torch.zeros(10, dtype=dtype)
    p = rt.pack_args([rt.ArgSpec(True, TE_OF[dtype], "p")], [t])
    assert (p.args[0], p.numel[0]) == (t.data_ptr(), 10)


FP8_TE = {"float8_e4m3fn": "f8e4m3fn", "float8_e5m2": "f8e5m2", "float8_e4m3fnuz": "f8e4m3fnuz",
          "float8_e5m2fnuz": "f8e5m2fnuz"}


@pytest.mark.parametrize("dtype", FP8, ids=str)
def test_fp8_tensors_pack_and_mismatch_is_named(dtype):
    t = torch.zeros(16, dtype=torch.uint8).view(dtype)
    name = str(dtype)[6:]
    p = rt.pack_args([rt.ArgSpec(True, FP8_TE[name], "p")], [t])
    assert (p.args[0], p.numel[0]) == (t.data_ptr(), 16)
    with pytest.raises(rt.ArgumentError, match=f"tensor of {name}, the kernel was compiled for float16"):
        rt.pack_args([rt.ArgSpec(True, "f16", "p")], [t])


@pytest.mark.parametrize("tl_name,te", [("float8e4nv", "f8e4m3fn"), ("float8e5", "f8e5m2"),
                                        ("float8e4b8", "f8e4m3fnuz"), ("float8e5b16", "f8e5m2fnuz"),
                                        ("float8e4b15", "f8e4b15")])
def test_fp8_tensor_wrappers_of_uint8(tl_name, te):
    base = torch.zeros(12, dtype=torch.uint8)
    w = triton.reinterpret(base, getattr(tl, tl_name))
    p = rt.pack_args([rt.ArgSpec(True, te, "p")], [w])
    assert (p.args[0], p.numel[0]) == (base.data_ptr(), 12)
    with pytest.raises(rt.ArgumentError, match="the kernel was compiled for uint8"):
        rt.pack_args([rt.ArgSpec(True, "u8", "p")], [w])


def test_fp8_codes_and_numpy_bytes():
    assert [rt.TE_DTYPES[c] for c in range(14, 19)] == list(rt.FP8_TYPES)
    np = pytest.importorskip("numpy")
    a = np.zeros(5, dtype=np.uint8)
    assert rt.pack_args([rt.ArgSpec(True, "f8e5m2", "p")], [a]).numel[0] == 5
    with pytest.raises(rt.ArgumentError):
        rt.pack_args([rt.ArgSpec(True, "f8e5m2", "p")], [np.zeros(5, dtype=np.float32)])


def test_tensor_wrapper_dtype_wins():
    base = torch.arange(8, dtype=torch.float32)
    w = triton.reinterpret(base, tl.uint32)
    p = rt.pack_args([rt.ArgSpec(True, "u32", "p")], [w])
    assert (p.args[0], p.numel[0]) == (base.data_ptr(), 8)
    with pytest.raises(rt.ArgumentError, match=r"TensorWrapper\[uint32\], the kernel was compiled for float32"):
        rt.pack_args([rt.ArgSpec(True, "f32", "p")], [w])
    # A narrower view counts elements of its own width.
    w16 = triton.reinterpret(base, tl.uint16)
    assert rt.pack_args([rt.ArgSpec(True, "u16", "p")], [w16]).numel[0] == 16


def test_zero_d_zero_size_and_expanded_tensors():
    spec = [rt.ArgSpec(True, "f32", "p")]
    assert rt.pack_args(spec, [torch.tensor(2.0)]).numel[0] == 1
    assert rt.pack_args(spec, [torch.zeros(0, 3)]).numel[0] == 0
    e = torch.ones(1).expand(1000)
    assert e.stride() == (0,) and rt.pack_args(spec, [e]).numel[0] == 1


def test_conjugate_bit_refused():
    z = torch.zeros(4, dtype=torch.complex64).conj()
    with pytest.raises(rt.ArgumentError):
        rt.pack_args([rt.ArgSpec(True, "f32", "p")], [z])


@triton.jit
def _copy_plus_one(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    tl.store(y_ptr + offs, tl.load(x_ptr + offs, mask=m) + 1, mask=m)


@pytest.mark.parametrize("dtype", [torch.uint8, torch.int8, torch.uint16, torch.uint32, torch.uint64,
                                   torch.int64, torch.float16, torch.bfloat16, torch.float64],
                         ids=str)
def test_jit_dtypes_match_torch(dtype):
    n = 1000
    x = (torch.arange(n) % 120).to(dtype)
    y = torch.zeros(n, dtype=dtype)
    _copy_plus_one[(triton.cdiv(n, 256),)](x, y, n, BLOCK=256)
    assert torch.equal(y.to(torch.float64), x.to(torch.float64) + 1)


def test_jit_reinterpret_uint16():
    n = 513
    base = torch.arange(n, dtype=torch.int16) * 97 - 30000
    y = torch.zeros(n, dtype=torch.int16)
    _copy_plus_one[(3,)](triton.reinterpret(base, tl.uint16), triton.reinterpret(y, tl.uint16),
                         n, BLOCK=256)
    expect = ((base.to(torch.int32) & 0xFFFF) + 1) & 0xFFFF
    assert torch.equal(y.to(torch.int32) & 0xFFFF, expect)


@triton.jit
def _scale_bias(x_ptr, b_ptr, y_ptr, n, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    m = offs < n
    v = tl.load(x_ptr + offs, mask=m) * 2
    if b_ptr is not None:
        v += tl.load(b_ptr)  # a 0-d tensor
    tl.store(y_ptr + offs, v, mask=m)


def test_jit_none_and_zero_d_and_expanded():
    n = 300
    x = torch.randn(n)
    y = torch.zeros(n)
    _scale_bias[(2,)](x, None, y, n, BLOCK=256)
    assert torch.equal(y, x * 2)
    b = torch.tensor(1.5)
    _scale_bias[(2,)](x, b, y, n, BLOCK=256)
    assert torch.equal(y, x * 2 + 1.5)
    xe = torch.tensor([3.0]).expand(n)  # zero stride: one element of storage
    _scale_bias[(2,)](xe.contiguous(), b, y, n, BLOCK=256)
    assert torch.equal(y, torch.full((n,), 7.5))
    _scale_bias[(0,)](torch.zeros(0), None, torch.zeros(0), 0, BLOCK=256)  # empty launch


@triton.jit
def _unmasked_fill(y_ptr, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(y_ptr + offs, offs.to(tl.float32))


def test_jit_small_output_refused():
    y = torch.zeros(100)
    with pytest.raises(rt.ArgumentError, match="stores element 65535 without a mask.*100 elements"):
        _unmasked_fill[(64,)](y, BLOCK=1024)
    big = torch.zeros(65536)
    _unmasked_fill[(64,)](big, BLOCK=1024)
    assert torch.equal(big, torch.arange(65536, dtype=torch.float32))


def test_jit_threads_option_checked():
    y = torch.zeros(1024)
    with pytest.raises(Exception, match="threads"):
        _unmasked_fill[(1,)](y, BLOCK=1024, threads=1.5)


def test_fp8e4b15_wrapper_fits_the_i8_carrier():
    # Triton's TTIR carries float8e4b15 as i8; a TensorWrapper of it passes there.
    base = torch.zeros(6, dtype=torch.uint8)
    w = triton.reinterpret(base, tl.float8e4b15)
    assert rt.pack_args([rt.ArgSpec(True, "i8", "p")], [w]).numel[0] == 6
    with pytest.raises(rt.ArgumentError, match=r"TensorWrapper\[fp8e4b15\]"):
        rt.pack_args([rt.ArgSpec(True, "f16", "p")], [w])


def test_capture_records_wrappers_and_fp8_with_the_kernels_types(tmp_path):
    """triton-edge capture records a TensorWrapper through its base tensor's
    storage with the kernel's element type, and fp8 tensors as their bytes
    (the case format's uint8 files), so the CLI replays them."""
    np = pytest.importorskip("numpy")
    import json
    from triton_edge import capture
    n = 300
    base = torch.arange(n, dtype=torch.int16) * 97 - 30000
    y = torch.zeros(n, dtype=torch.int16)
    x8 = torch.arange(256, dtype=torch.uint8).view(torch.float8_e5m2)
    y8 = torch.zeros(256, dtype=torch.float8_e5m2)
    rec = capture.start(str(tmp_path))
    try:
        _copy_plus_one[(2,)](triton.reinterpret(base, tl.uint16), triton.reinterpret(y, tl.uint16),
                             n, BLOCK=256)
        _copy_plus_one[(1,)](x8, y8, 256, BLOCK=256)
    finally:
        capture.stop()
    assert rec.count == 2
    cases = sorted(tmp_path.iterdir())
    meta = json.loads((cases[0] / "kernel.json").read_text())
    # TTIR integers are signless: the kernel's i16, the wrappers' bits.
    assert [a.get("dtype") for a in meta["args"][:2]] == ["int16", "int16"]
    assert np.array_equal(np.load(cases[0] / "in0.npy"), base.numpy())
    assert np.array_equal(np.load(cases[0] / "out1.npy"), y.numpy())
    meta8 = json.loads((cases[1] / "kernel.json").read_text())
    assert [a.get("dtype") for a in meta8["args"][:2]] == ["float8_e5m2", "float8_e5m2"]
    out8 = np.load(cases[1] / "out1.npy")
    assert out8.dtype == np.uint8 and np.array_equal(out8, y8.view(torch.uint8).numpy())
