"""Tests of the parts of the triton_edge package that need no Triton or
PyTorch: the runtime's C API through ctypes, argument packing, the launcher's
argument plan, compile errors, and the capture format. Run by ctest (lit:
test/e2e/python-runtime.test) with Debian's python3 and python3-numpy.

Usage: test_runtime.py [CORPUS_DIR], or pytest (the corpus: the source
tree's test/corpus/inductor). The CLI and runtime come from
TRITON_EDGE_HOME or the source tree's build/."""
import json
import math
import os
import struct
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from triton_edge import runtime as rt  # noqa: E402
from triton_edge.compile import CompilationError, compile_ttir, kernel_name, KernelCache  # noqa: E402
from triton_edge.launcher import ArgPlan  # noqa: E402
from triton_edge import options as te_options  # noqa: E402
from triton_edge.compile import flags_from_options, strip_noinline  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "corpus",
                      "inductor")
if __name__ == "__main__" and len(sys.argv) > 1:
    CORPUS = sys.argv.pop(1)


def load_case(name):
    d = os.path.join(CORPUS, name)
    with open(os.path.join(d, "kernel.json")) as f:
        meta = json.load(f)
    with open(os.path.join(d, "kernel.ttir")) as f:
        ttir = f.read()
    return d, meta, ttir


def compiled(ttir, **opts):
    data = compile_ttir(ttir, opts)
    return rt.Kernel(KernelCache().path_for(data), kernel_name(ttir))


class FakeTensor:
    """Something with torch's tensor attributes, on another device."""
    def __init__(self, device):
        self.device = device
        self.dtype = "torch.float32"

    def data_ptr(self):
        return 0


class CorpusLaunch(unittest.TestCase):
    def run_case(self, name, **kw):
        d, meta, ttir = load_case(name)
        k = compiled(ttir, vec=kw.pop("vec", "on"), db=kw.pop("db", "off"))
        values, outs = [], {}
        for i, a in enumerate(meta["args"]):
            if "scalar" in a:
                values.append(a["scalar"])
            else:
                arr = np.load(os.path.join(d, f"in{i}.npy")).copy()
                values.append(arr)
                outs[i] = np.load(os.path.join(d, f"out{i}.npy"))
        used = k.launch(meta["grid"], values, **kw)
        for i, exp in outs.items():
            np.testing.assert_allclose(values[i], exp, rtol=1e-5, atol=1e-5)
        return used

    def test_gelu_one_context(self):
        self.assertEqual(self.run_case("gelu_erf__triton_poi_fused_gelu_0", threads=1), 1)

    def test_gelu_two_contexts_async_db(self):
        self.assertEqual(self.run_case("gelu_erf__triton_poi_fused_gelu_0", threads=2, db="on",
                                       dma="async"), 2)

    def test_layer_norm_auto(self):
        self.run_case("layer_norm__triton_per_fused_native_layer_norm_0", threads="auto")

    def test_kernel_info(self):
        _, meta, ttir = load_case("gelu_erf__triton_poi_fused_gelu_0")
        k = compiled(ttir, vec="off")
        self.assertEqual([a.is_pointer for a in k.args], [True, True, False])
        self.assertEqual([a.dtype for a in k.args], ["f32", "f32", "i32"])
        kv = compiled(ttir, vec="on")
        self.assertGreater(kv.vector_bytes, k.vector_bytes)


class Packing(unittest.TestCase):
    specs = [rt.ArgSpec(True, "f32", "x"), rt.ArgSpec(False, "i32", "n")]

    def test_pointer_and_numel(self):
        a = np.zeros(100, np.float32)
        p = rt.pack_args(self.specs, [a[10:], 5])
        self.assertEqual(p.args[0], a.ctypes.data + 40)
        self.assertEqual(p.numel[0], 90)
        self.assertEqual(struct.unpack("<i", struct.pack("<i", 5))[0], 5)

    def test_view_of_larger_storage_reaches_its_end(self):
        a = np.zeros((10, 10), np.float32)
        p = rt.pack_args(self.specs, [a[2:4, :3], 1])
        self.assertEqual(p.numel[0], 80)

    def test_wrong_dtype(self):
        with self.assertRaisesRegex(rt.ArgumentError, "tensor of float64, the kernel was compiled for float32"):
            rt.pack_args(self.specs, [np.zeros(4), 1])

    def test_integer_signedness_is_not_checked(self):
        # TTIR integers are signless: an i32 pointee takes int32 and uint32 data.
        p = rt.pack_args([rt.ArgSpec(True, "i32", "x")], [np.zeros(4, np.uint32)])
        self.assertEqual(p.numel[0], 4)
        with self.assertRaisesRegex(rt.ArgumentError, "tensor of int64"):
            rt.pack_args([rt.ArgSpec(True, "i32", "x")], [np.zeros(4, np.int64)])

    def test_wrong_device(self):
        with self.assertRaisesRegex(rt.ArgumentError, "device 'cuda:0'.*CPU tensors"):
            rt.pack_args(self.specs, [FakeTensor("cuda:0"), 1])

    def test_scalar_range_and_kind(self):
        with self.assertRaisesRegex(rt.ArgumentError, "4294967296 does not fit i32"):
            rt.pack_args(self.specs, [np.zeros(4, np.float32), 2**32])
        with self.assertRaisesRegex(rt.ArgumentError, "-2147483649 does not fit i32"):
            rt.pack_args(self.specs, [np.zeros(4, np.float32), -2**31 - 1])
        with self.assertRaisesRegex(rt.ArgumentError, "i32 expected, got float 1.5"):
            rt.pack_args(self.specs, [np.zeros(4, np.float32), 1.5])
        with self.assertRaisesRegex(rt.ArgumentError, "takes 2 arguments"):
            rt.pack_args(self.specs, [np.zeros(4, np.float32)])
        with self.assertRaisesRegex(rt.ArgumentError, "tensor of float32 expected, got str"):
            rt.pack_args(self.specs, ["x", 1])

    def test_scalar_encodings(self):
        def bits(spec, v):
            return rt.scalar_storage(rt.ArgSpec(False, spec, "s"), v).value
        self.assertEqual(bits("f16", 1.0), 0x3C00)
        self.assertEqual(bits("f16", 1e6), 0x7C00)
        self.assertEqual(bits("bf16", 1.0), 0x3F80)
        self.assertEqual(bits("bf16", 1.00390625), 0x3F80)  # tie rounds to even
        self.assertEqual(bits("bf16", 1.01171875), 0x3F82)  # tie rounds up to even
        self.assertEqual(bits("bf16", float("nan")), 0x7FC0)
        self.assertEqual(bits("u64", 2**64 - 1), 2**64 - 1)
        self.assertEqual(bits("i8", -128), -128)
        # unsigned values for signless parameters keep their bits
        self.assertEqual(bits("i32", 2**32 - 1), -1)
        self.assertEqual(bits("i64", 2**63 + 5), -2**63 + 5)
        self.assertAlmostEqual(bits("f32", math.pi), math.pi, places=6)

    def test_grid(self):
        self.assertEqual(rt.normalize_grid((4,)), [4, 1, 1])
        with self.assertRaisesRegex(rt.ArgumentError, "out of range"):
            rt.normalize_grid((-1,))
        with self.assertRaisesRegex(rt.ArgumentError, "at most 3"):
            rt.normalize_grid((1, 1, 1, 1))
        with self.assertRaisesRegex(ValueError, "threads"):
            rt.threads_value("many")


class Launching(unittest.TestCase):
    def test_runtime_errors_become_exceptions(self):
        _, meta, ttir = load_case("gelu_erf__triton_poi_fused_gelu_0")
        k = compiled(ttir)
        x = np.zeros(16, np.float32)
        with self.assertRaisesRegex(ValueError, "dma must be"):
            k.launch([1], [x, x, 16], dma="dma9")
        # An empty grid is a no-op.
        self.assertEqual(k.launch([0], [x, x, 16]), 0)

    def test_assert_failure_is_a_launch_error(self):
        ttir = """module {
  tt.func public @assert_kernel(%arg0: !tt.ptr<i32> loc("k.py":1:0)) {
    %0 = tt.get_program_id x : i32 loc("k.py":3:10)
    %c1 = arith.constant 1 : i32 loc("k.py":4:10)
    %1 = arith.cmpi slt, %0, %c1 : i32 loc("k.py":4:12)
    tt.assert %1, "pid < 1" : i1 loc("k.py":4:4)
    tt.return loc("k.py":5:4)
  } loc("k.py":1:0)
} loc("k.py":0:0)
"""
        k = compiled(ttir)
        buf = np.zeros(4, np.int32)
        k.launch([1], [buf])
        with self.assertRaisesRegex(rt.LaunchError, "pid < 1"):
            k.launch([3], [buf])


class Compile(unittest.TestCase):
    def test_rejected_kernel_carries_the_location(self):
        ttir = """module {
  tt.func public @bad(%arg0: !tt.ptr<f32> loc("my_kernel.py":7:0)) {
    %0 = tt.get_program_id x : i32 loc("my_kernel.py":8:10)
    %1 = "tt.nonexistent_op"(%0) : (i32) -> i32 loc("my_kernel.py":9:13)
    tt.return loc("my_kernel.py":10:4)
  } loc("my_kernel.py":7:0)
} loc("my_kernel.py":0:0)
"""
        with self.assertRaises(CompilationError) as cm:
            compile_ttir(ttir)
        self.assertRegex(cm.exception.message, r"my_kernel\.py:9:13: error")

    def test_kernel_name(self):
        self.assertEqual(kernel_name("tt.func public @k_0(%a: i32)"), "k_0")
        with self.assertRaises(CompilationError):
            kernel_name("module {}")


class Options(unittest.TestCase):
    def test_normalize_and_env(self):
        self.assertEqual(te_options.normalize("vec", False), "off")
        self.assertEqual(te_options.normalize("threads", 8), "8")
        with self.assertRaisesRegex(ValueError, "threads"):
            te_options.normalize("threads", "0")
        with self.assertRaisesRegex(ValueError, "db=.maybe."):
            te_options.normalize("db", "maybe")
        os.environ["TRITON_EDGE_TARGET"] = "x86-64-v3"
        try:
            self.assertEqual(te_options.env_default("te_target"), "x86-64-v3")
        finally:
            del os.environ["TRITON_EDGE_TARGET"]
        self.assertEqual(te_options.env_default("te_target"), "host")

    def test_flags(self):
        self.assertEqual(flags_from_options({"vec": "off", "db": "on", "target": "host",
                                             "extra_flags": "--check-bounds --math=fast"}),
                         ["--vec=off", "--db=on", "--target=host", "--check-bounds", "--math=fast"])

    def test_table(self):
        # The option table's defaults and choices, as the CLI has them.
        self.assertEqual(te_options.DEFAULTS["db"], "auto")
        self.assertEqual(te_options.CHOICES["db"], ("on", "off", "auto"))
        self.assertEqual(te_options.normalize("db", "auto"), "auto")
        self.assertEqual(te_options.normalize("scratchpad_bytes", ""), "")
        with self.assertRaisesRegex(ValueError, "buffers=.4.: expected an integer from 1 to 3"):
            te_options.normalize("buffers", 4)
        self.assertEqual(te_options.cli_name("te_target"), "target")
        self.assertIn("llvm_vectorizers", te_options.DEFAULTS)
        self.assertNotIn("threads", te_options.COMPILE_OPTIONS)  # a launch option
        self.assertEqual(flags_from_options({"dma": "prefetch", "buffers": 3, "check_bounds": True,
                                             "scratchpad_bytes": ""}),
                         ["--dma=prefetch", "--buffers=3", "--check-bounds=on"])

    def test_backend_fields(self):
        # TritonEdgeOptions declares every option of the table (read without Triton).
        import ast
        src = os.path.join(os.path.dirname(__file__), "..", "triton_edge", "backend", "compiler.py")
        with open(src) as f:
            tree = ast.parse(f.read())
        cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "TritonEdgeOptions")
        names = [n.target.id for n in cls.body if isinstance(n, ast.AnnAssign)]
        self.assertEqual(names[names.index("vec"):], list(te_options.DEFAULTS))

    def test_strip_noinline(self):
        ttir = ("tt.func private @h(%a: f32) -> f32 attributes {noinline = true} {\n"
                "tt.func public @k() attributes {noinline = false} {\n"
                "tt.func private @g() attributes {foo, noinline = true} {\n"
                "tt.func private @f() attributes {noinline = true, foo} {\n")
        self.assertEqual(strip_noinline(ttir),
                         "tt.func private @h(%a: f32) -> f32 {\n"
                         "tt.func public @k() attributes {noinline = false} {\n"
                         "tt.func private @g() attributes {foo} {\n"
                         "tt.func private @f() attributes {foo} {\n")


class Plan(unittest.TestCase):
    def test_constexprs_dropped(self):
        p = ArgPlan(["*fp32", "constexpr", "i32", "constexpr"])
        self.assertEqual(p.kernel_args(["x", 64, 7, None]), ["x", 7])
        with self.assertRaises(TypeError):
            p.kernel_args(["x"])

    def test_tensor_descriptor_expanded(self):
        class Desc:
            base, shape, strides, padding = "B", (8, 4), (4, 1), "zero"
        p = ArgPlan(["tensordesc<fp32[2, 4]>", "i32"])
        self.assertEqual(p.kernel_args([Desc(), 3]), ["B", 8, 4, 4, 1, False, 8, 4, 4, 1, 3])


if __name__ == "__main__":
    unittest.main(verbosity=1)
