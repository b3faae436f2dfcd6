"""The conformance references under run.py --device cuda
(test/python/conformance/int_semantics.py): where the GPU's answer is not
docs/semantics.md's rule, the reference models it, on "cuda" only. Checked
here without a GPU against values measured on an H100 with Triton 3.6
(docs/semantics.md, "GPU, measured"), and the CPU modes' references against
the rule."""
import os
import sys

import pytest

pytest.importorskip("torch")
pytest.importorskip("triton")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test",
                                "python", "conformance"))
import common  # noqa: E402
import int_semantics as sem  # noqa: E402

I64_MIN = -(1 << 63)
NAN, INF = float("nan"), float("inf")


@pytest.fixture
def device():
    """Sets who computes the results (common.COMPUTED_BY, as run.py does)."""
    saved = common.COMPUTED_BY
    yield lambda d: setattr(common, "COMPUTED_BY", d)
    common.COMPUTED_BY = saved


def test_triton_edge_expects_the_rule(device):
    device("triton-edge")
    assert sem.gpu_division("div", 0, 0, "int64") == -1
    assert sem.gpu_division("rem", 0, 0, "int64") == -1
    assert sem.gpu_division("rem", 5, 0, "int32", beside_div=True) == -1
    assert sem.gpu_division("rem", I64_MIN, -1, "int64") == 0


def test_cuda_models_the_32_bit_bypass_of_64_bit_division(device):
    device("cuda")
    assert common.on_cuda()
    # Measured: int64 0 // 0 gave 4294967295 (both operands fit in 32 bits).
    assert sem.gpu_division("div", 0, 0, "int64") == (1 << 32) - 1
    assert sem.gpu_division("div", 7, 2, "int64") == 3
    # Operands outside 32 unsigned bits: the 64-bit division, our rule.
    assert sem.gpu_division("div", I64_MIN, 0, "int64") == -1
    assert sem.gpu_division("div", -7, 2, "int64") == -3
    assert sem.gpu_division("div", I64_MIN, -1, "int64") == I64_MIN
    # Narrower types: the rule (measured equal at 8, 16 and 32 bits).
    assert sem.gpu_division("div", 0, 0, "int32") == -1
    assert sem.gpu_division("rem", 5, 0, "int32") == -1


def test_cuda_models_a_remainder_beside_its_division(device):
    device("cuda")
    # Measured: the masked tail test (x // y and x % y in one kernel) gave x % 0 = x.
    assert sem.gpu_division("rem", 5, 0, "int32", beside_div=True) == 5
    assert sem.gpu_division("rem", -7, 2, "int8", beside_div=True) == -1
    assert sem.gpu_division("rem", -128, -1, "int8", beside_div=True) == 0


@pytest.mark.parametrize("x, src, dst, measured", [
    (INF, "float32", "int8", -1), (128.0, "float32", "int8", -128), (-129.0, "float32", "int8", 127),
    (256.0, "float32", "uint8", 0), (256.0, "float64", "uint8", 0), (255.5, "float32", "uint8", 255),
    (NAN, "float32", "int16", 0), (NAN, "float32", "int32", 0), (NAN, "float32", "uint32", 0),
    (NAN, "float16", "int32", 0), (NAN, "float64", "int16", -32768),
    (NAN, "float64", "int32", -(1 << 31)), (NAN, "float64", "uint32", 1 << 31),
    (NAN, "float32", "int64", I64_MIN), (NAN, "float64", "int64", I64_MIN), (NAN, "float64", "int8", 0),
    (1e10, "float32", "int32", (1 << 31) - 1), (-1e10, "float64", "uint32", 0),
])
def test_float_to_int_rule_is_the_measured_cvt(x, src, dst, measured):
    assert sem.rule_float_to_int(x, src, dst) == measured
