"""The conformance suite's GPU-mode expectations (run.py --device cuda), which
no CPU run exercises: the model of the CUDA backend's float8e5 -> bfloat16
converter, the selection of the libdevice elements a flush-to-zero GPU
computes as IEEE does, the tf32 dot bound (loose enough for the GPU's
truncated inputs, tight enough for a wrong product), and the tests skipped
because the CUDA backend refuses them. docs/semantics.md records the
measured deviations these encode."""
import math
import os
import sys

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("triton")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test",
                                "python", "conformance"))
import common  # noqa: E402
import dot  # noqa: E402
import fp8  # noqa: E402
import math_fns  # noqa: E402


def converter_sm90(code):
    """Fp8E5M2_to_Bf16 step by step: the byte in the high half of 16 bits,
    sign cleared, shifted right by 3 into bf16's exponent and mantissa, sign
    put back, then a bf16 multiplication by 2^112."""
    bits = ((code << 8) & 0x7FFF) >> 3 | ((code << 8) & 0x8000)
    as_bf16 = torch.tensor([bits - (1 << 16) if bits & 0x8000 else bits], dtype=torch.int16).view(torch.bfloat16)
    return (as_bf16 * torch.tensor([2.0 ** 112], dtype=torch.bfloat16)).float().item()


def test_e5m2_to_bf16_model_is_the_converter_for_every_code():
    for code in range(256):
        assert fp8.e5m2_to_bf16_cuda(code) == converter_sm90(code), hex(code)


def test_e5m2_to_bf16_model_reads_exponent_31_as_finite():
    # 114688.0: what the H100 gave for the NaN of fp8_roundtrip_bfloat16[float8e5]
    assert fp8.e5m2_to_bf16_cuda(fp8.fp8_encode(float("nan"), "float8e5")) == 114688.0
    assert [fp8.e5m2_to_bf16_cuda(c) for c in (0x7C, 0x7D, 0x7E, 0xFF)] == [65536.0, 81920.0, 98304.0, -114688.0]
    same = [c for c in range(256) if (c >> 2) & 0x1F != 0x1F]
    assert all(fp8.e5m2_to_bf16_cuda(c) == fp8.fp8_decode(c, "float8e5") for c in same)


def test_ftz_free_leaves_out_f32_subnormal_operands_and_results():
    sub, tiny = 2.0 ** -149, 2.0 ** -126
    x = torch.tensor([1.0, sub, -sub, 0.0, math.inf, math.nan, tiny, 3.0], dtype=torch.float32)
    ref = torch.tensor([1.0, 1.0, 1.0, 0.0, math.inf, math.nan, 1.0, -tiny], dtype=torch.float32)
    assert math_fns.ftz_free((x,), ref).tolist() == [True, False, False, True, True, True, True, False]
    # f64 operands are never flushed; an integer result has no subnormals
    assert math_fns.ftz_free((x.double(),), torch.zeros(8, dtype=torch.int32)).all()


def test_compare_libdevice_counts_the_elements_it_compares(monkeypatch):
    x = torch.tensor([2.0 ** -149, 1.0, 2.0], dtype=torch.float32)
    ref = torch.tensor([7.0, 1.0, 2.0], dtype=torch.float32)
    got = torch.tensor([0.0, 1.0, 2.0], dtype=torch.float32)
    assert not math_fns.compare_libdevice(got, ref, (x,))[0]  # triton-edge: every element
    monkeypatch.setattr(common, "COMPUTED_BY", "cuda")
    ok, info = math_fns.compare_libdevice(got, ref, (x,))
    assert ok and info.startswith("exact on 2 of 3 elements compared")
    ok, info = math_fns.compare_libdevice(torch.tensor([0.0, 1.0, 3.0]), ref, (x,))
    assert not ok and "first at 2" in info


def tf32_cut(t):
    return (t.view(torch.int32) & ~0x1FFF).view(torch.float32)


@pytest.mark.parametrize("shape", [(16, 16, 16), (32, 64, 32), (64, 32, 128)])
def test_tf32_bound_holds_for_cut_inputs_and_fails_wrong_products(shape):
    M, N, K = shape
    a = common.rand("float32", M * K, lo=-2, hi=2).reshape(M, K)
    b = common.rand("float32", K * N, lo=-2, hi=2, seed=1).reshape(K, N)
    ref, bound = a.double() @ b.double(), dot.tf32_dot_bound(a, b)
    assert dot.within_bound(tf32_cut(a) @ tf32_cut(b), ref, bound)[0]
    assert not dot.within_bound(tf32_cut(a).flip(1) @ tf32_cut(b), ref, bound)[0]  # operand permuted
    assert not dot.within_bound(a[:, :K - 8] @ b[:K - 8], ref, bound)[0]  # a K block dropped


def test_cuda_refuses_only_what_the_cuda_backend_rejects():
    refused = set(common.CUDA_REFUSES)
    registered = {n for n, _ in common.TESTS}
    assert refused <= registered
    for f in ("float8e4b8", "float8e5b16"):
        assert f"fp8_load_every_code[{f}]" in refused and f"fp8_dot[{f},(16, 16, 32)]" in refused
    assert "fp8_roundtrip_bfloat16[float8e4b15]" in refused
    assert "fp8_roundtrip_float16[float8e4b15]" not in refused
    assert {"dot[int8->int32,default,(16, 16, 16)]", "dot_batched_3d[int8->int32,(2, 16, 16, 16)]"} <= refused
    k32 = {"dot[int8->int32,default,(16, 16, 32)]", "dot_batched_3d[int8->int32,(2, 16, 16, 32)]"}
    assert k32 <= registered and not k32 & refused
