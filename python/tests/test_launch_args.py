"""What the launcher accepts as tensor arguments and what it refuses, with a
clear ArgumentError instead of a crashed interpreter (docs/python.md, Errors).
Runtime-level tests need NumPy only; the torch/Triton ones skip without them."""
import math
import mmap
import os

import numpy as np
import pytest

from conftest import compiled_case, load_case
from triton_edge import runtime as rt

GELU = "gelu_erf__triton_poi_fused_gelu_0"  # unmasked: 256 programs x 256 elements
N = 65536


def gelu_ref(x):
    erf = np.vectorize(math.erf)
    return (0.5 * x * (1.0 + erf(x.astype(np.float64) * 0.7071067811865476))).astype(np.float32)


def gelu_inputs():
    x = np.linspace(-4, 4, N, dtype=np.float32)
    return x, np.zeros(N, np.float32)


def test_gelu_reference_launch():
    k, meta = compiled_case(GELU)
    x, out = gelu_inputs()
    k.launch(meta["grid"], [x, out, N], threads=2)
    np.testing.assert_allclose(out, gelu_ref(x), rtol=1e-5, atol=1e-6)


# -- read-only buffers ---------------------------------------------------------

def test_read_only_output_memmap_refused(tmp_path):
    k, meta = compiled_case(GELU)
    x, _ = gelu_inputs()
    f = tmp_path / "out.bin"
    np.full(N, 7, np.float32).tofile(f)
    out = np.memmap(f, np.float32, mode="r", shape=(N,))
    with pytest.raises(rt.ArgumentError, match="argument 'out_ptr0': read-only .*the kernel writes it"):
        k.launch(meta["grid"], [x, out, N])
    assert (np.fromfile(f, np.float32) == 7).all()


def test_frombuffer_bytes_output_refused_and_unchanged():
    k, meta = compiled_case(GELU)
    x, _ = gelu_inputs()
    data = bytes(4 * N)
    out = np.frombuffer(data, np.float32)
    with pytest.raises(rt.ArgumentError, match="read-only"):
        k.launch(meta["grid"], [x, out, N])
    assert data == bytes(4 * N)


def test_read_only_input_accepted_when_ttir_says_it_is_only_read():
    k, meta = compiled_case(GELU)
    x, out = gelu_inputs()
    ro = np.frombuffer(x.tobytes(), np.float32)
    assert not ro.flags.writeable
    k.launch(meta["grid"], [ro, out, N])
    np.testing.assert_allclose(out, gelu_ref(x), rtol=1e-5, atol=1e-6)


def test_read_only_refused_everywhere_without_ttir():
    k, meta = compiled_case(GELU, with_ttir=False)
    x, out = gelu_inputs()
    ro = np.frombuffer(x.tobytes(), np.float32)
    with pytest.raises(rt.ArgumentError, match="may write it"):
        k.launch(meta["grid"], [ro, out, N])


def test_broadcast_view_is_read_only_input():
    # np.broadcast_to: zero strides, read-only; fine as an input.
    _, meta, _ = load_case("add_1d__triton_poi_fused_add_0")
    k, meta = compiled_case("add_1d__triton_poi_fused_add_0")
    n = meta["args"][3]["scalar"]
    a = np.arange(n, dtype=np.float32)
    b = np.broadcast_to(np.float32(2.5), (n,))
    assert b.strides == (0,)
    # The kernel reads n elements of b unmasked: a 1-element storage is too small.
    with pytest.raises(rt.ArgumentError, match="in_ptr1.*loads element %d" % (n - 1)):
        k.launch(meta["grid"], [a, b, np.zeros(n, np.float32), n])


# -- extents -------------------------------------------------------------------

def test_small_output_refused_not_crashed():
    k, meta = compiled_case(GELU)
    x, _ = gelu_inputs()
    out = np.zeros(100, np.float32)
    with pytest.raises(rt.ArgumentError, match=r"out_ptr0.*stores element 65535 without a mask.*100 elements"):
        k.launch(meta["grid"], [x, out, N])
    assert (out == 0).all()


def test_small_input_refused_and_view_extent_counts_to_storage_end():
    k, meta = compiled_case(GELU)
    x, out = gelu_inputs()
    with pytest.raises(rt.ArgumentError, match="in_ptr0.*loads element 65535.*65520"):
        k.launch(meta["grid"], [x[16:], out, N])
    big = np.zeros(N + 64, np.float32)
    k.launch(meta["grid"], [big[16:16 + 4], out, N])  # reaches the storage's end: allowed


def test_smaller_grid_fits_smaller_tensors():
    k, meta = compiled_case(GELU)
    x, out = gelu_inputs()
    small = np.zeros(512, np.float32)
    k.launch((2, 1, 1), [x, small, N])
    np.testing.assert_allclose(small, gelu_ref(x[:512]), rtol=1e-5, atol=1e-6)


def test_zero_grid_runs_nothing_with_empty_and_none_arguments():
    k, meta = compiled_case(GELU)
    empty = np.zeros(0, np.float32)
    sentinel = np.full(4, 9, np.float32)
    k.launch((0, 1, 1), [empty, sentinel, 0])  # no program runs: nothing written
    assert (sentinel == 9).all()
    p = k.pack([empty, None, 16])
    assert (p.args[1] or 0, p.numel[1], p.numel[0]) == (0, 0, 0)
    with pytest.raises(rt.ArgumentError, match="in_ptr0.*loads element 255.*0 elements"):
        k.launch((1, 1, 1), [empty, None, 256])
    with pytest.raises(rt.ArgumentError, match="out_ptr0.*stores element 255.*0 elements"):
        k.launch((1, 1, 1), [np.zeros(256, np.float32), None, 256])


# -- alignment and divisibility --------------------------------------------------

def test_misaligned_pointer_refused():
    k, meta = compiled_case(GELU)
    x, out = gelu_inputs()
    big = np.zeros(N + 16, np.float32)
    view = big[1:N + 1]
    assert view.ctypes.data % 16
    with pytest.raises(rt.ArgumentError, match="in_ptr0.*not a multiple of 16 bytes.*tt.divisibility"):
        k.launch(meta["grid"], [view, out, N])
    raw = bytearray(4 * N + 1)
    odd = np.frombuffer(raw, np.float32, count=N, offset=1)
    with pytest.raises(rt.ArgumentError, match="not a multiple of"):
        rt.pack_args([rt.ArgSpec(True, "f32", "p")], [odd])


def test_scalar_divisibility_refused():
    k, meta = compiled_case(GELU)
    x, out = gelu_inputs()
    with pytest.raises(rt.ArgumentError, match="xnumel.*65530 is not a multiple of 16"):
        k.launch(meta["grid"], [x, out, 65530])


# -- options --------------------------------------------------------------------

@pytest.mark.parametrize("kw,msg", [
    (dict(threads=2**32 + 1), r"threads = 4294967297 out of range"),
    (dict(threads=1.5), "threads must be an integer, got float"),
    (dict(threads=True), "threads must be an integer, got bool"),
    (dict(threads=-1), "out of range"),
    (dict(threads="4x"), "threads must be a positive integer or 'auto'"),
    (dict(chunk=-1), "chunk = -1 out of range"),
    (dict(chaos_seed=2**64), "chaos_seed"),
    (dict(dma="fast"), "dma must be one of"),
    (dict(dma=None), "dma must be one of"),
])
def test_options_range_checked(kw, msg):
    k, meta = compiled_case(GELU)
    x, out = gelu_inputs()
    with pytest.raises(rt.ArgumentError, match=msg):
        k.launch(meta["grid"], [x, out, N], **kw)
    assert (out == 0).all()


@pytest.mark.parametrize("grid", [(1.5,), (True,), (2**31,), ("4",)])
def test_grid_range_checked(grid):
    with pytest.raises(rt.ArgumentError, match="grid dimension"):
        rt.normalize_grid(grid)


def test_numpy_integer_options_accepted():
    k, meta = compiled_case(GELU)
    x, out = gelu_inputs()
    assert k.launch([np.int64(256)], [x, out, np.int32(N)], threads=np.int32(1)) == 1
    np.testing.assert_allclose(out, gelu_ref(x), rtol=1e-5, atol=1e-6)


# -- element types of NumPy arrays ----------------------------------------------

NP_OF = {"i1": np.bool_, "i8": np.int8, "i16": np.int16, "i32": np.int32, "i64": np.int64,
         "u8": np.uint8, "u16": np.uint16, "u32": np.uint32, "u64": np.uint64,
         "f16": np.float16, "f32": np.float32, "f64": np.float64}


@pytest.mark.parametrize("te", sorted(NP_OF))
def test_numpy_dtypes_pack(te):
    a = np.zeros(10, NP_OF[te])
    p = rt.pack_args([rt.ArgSpec(True, te, "p")], [a])
    assert (p.args[0], p.numel[0]) == (a.ctypes.data, 10)
    other = "f32" if te != "f32" else "f64"
    with pytest.raises(rt.ArgumentError, match="the kernel was compiled for"):
        rt.pack_args([rt.ArgSpec(True, other, "p")], [a])


def test_zero_size_and_zero_d_arrays():
    spec = [rt.ArgSpec(True, "f32", "p")]
    assert rt.pack_args(spec, [np.zeros((0, 5), np.float32)]).numel[0] == 0
    assert rt.pack_args(spec, [np.array(3.0, np.float32)]).numel[0] == 1


def test_not_a_tensor():
    with pytest.raises(rt.ArgumentError, match="tensor of float32 expected, got bytes"):
        rt.pack_args([rt.ArgSpec(True, "f32", "p")], [b"1234"])
