"""Triton compiler backend: Triton's own TTIR passes, then `triton-edge compile`."""
from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, fields
from types import ModuleType
from typing import Dict, Tuple

from triton.backends.compiler import BaseBackend, GPUTarget
from triton._C.libtriton import ir

from . import compat


class LaunchOptionError(ValueError, AssertionError):
    """A launch option Triton's GPU backends refuse (they assert; the
    package raises ValueError): both, so code written for either catches it."""

from .. import options as te_options
from ..compile import compile_ttir, kernel_name, strip_noinline, _NOINLINE


@dataclass(frozen=True)
class TritonEdgeOptions:
    # What Triton's frontend and runtime read from every backend's options.
    num_warps: int = 1
    num_ctas: int = 1
    num_stages: int = 1
    warp_size: int = 32
    enable_fp_fusion: bool = True
    launch_cooperative_grid: bool = False
    launch_pdl: bool = False
    # Every fp8 type of Triton's language: the compiler converts each itself,
    # exactly (lib/Conversion/ExpandFp8, docs/semantics.md "fp8").
    supported_fp8_dtypes: Tuple[str, ...] = ("fp8e4b15", "fp8e4b8", "fp8e4nv", "fp8e5", "fp8e5b16")
    deprecated_fp8_dot_operand_dtypes: Tuple[str, ...] = ()
    # The CPU computes dot products in IEEE fp32 whatever precision is asked for.
    default_dot_input_precision: str = "ieee"
    allowed_dot_input_precisions: Tuple[str, ...] = ("ieee", "tf32", "tf32x3", "bf16x3", "bf16x6")
    max_num_imprecise_acc_default: int = 0
    extern_libs: dict = None
    debug: bool = False
    sanitize_overflow: bool = False
    arch: str = "cpu"
    backend_name: str = "triton-edge"
    instrumentation_mode: str = ""
    fpsan_homomorphic_casts: bool = False  # compat.RUNTIME_OPTION_DEFAULTS
    # triton-edge mechanisms: every option of python/triton_edge/_options.json
    # (None: the environment's or the table's default); python/tests checks
    # these fields against the table.
    vec: str = None
    llvm_vectorizers: str = None
    threads: str = None
    db: str = None
    dma: str = None
    buffers: str = None
    scratchpad_bytes: str = None
    split_programs: str = None
    te_target: str = None
    vector_bytes: str = None
    math: str = None
    check_bounds: str = None
    asserts: str = None
    extra_flags: str = None

    def __post_init__(self):
        for name in te_options.DEFAULTS:
            v = getattr(self, name)
            v = te_options.env_default(name) if v is None else v
            object.__setattr__(self, name, te_options.normalize(name, v))
        object.__setattr__(self, "extern_libs", tuple((self.extern_libs or {}).items())
                           if isinstance(self.extern_libs, dict) or self.extern_libs is None
                           else tuple(self.extern_libs))

    def hash(self):
        key = "_".join(f"{k}-{v}" for k, v in sorted(self.__dict__.items()))
        return hashlib.sha256(key.encode()).hexdigest()


def convert_fp8e4b15(arg, dst_ty, fp_downcast_rounding=None, _semantic=None):
    """Casts to or from fp8e4b15, which Triton's front end leaves to the
    backend (its TTIR holds fp8e4b15 as i8). The GPU's conversion, as integer
    ops on the bits: fp8e4b15 is fp16 with 4 exponent and 3 mantissa bits
    (same bias, 15), so an upcast shifts the magnitude into place (no NaN or
    inf: 0x7f is 1.875); a downcast rounds f32 to f16 toward zero, clamps the
    magnitude to 1.75 (NaN too) and rounds the dropped 7 bits half up.
    docs/semantics.md, "fp8"."""
    import triton.language as tl
    sem = _semantic

    def retyped(x, scalar_ty):
        return x.type.with_element_ty(scalar_ty) if x.type.is_block() else scalar_ty

    if arg.type.scalar.is_fp8e4b15():  # upcast
        byte = sem.cast(sem.bitcast(arg, retyped(arg, tl.uint8)), retyped(arg, tl.uint16))
        mag = sem.shl(sem.and_(byte, 0x7F), 7)
        sign = sem.shl(sem.and_(byte, 0x80), 8)
        half = sem.bitcast(sem.or_(mag, sign), retyped(arg, tl.float16))
        return sem.cast(half, dst_ty.scalar) if not dst_ty.scalar.is_fp16() else half
    # downcast
    half = arg
    if arg.type.scalar.is_bf16():  # exact in f32; f32 -> f16 is the rounding step
        half = sem.cast(arg, retyped(arg, tl.float32))
    if not half.type.scalar.is_fp16():
        half = sem.cast(half, retyped(half, tl.float16), fp_downcast_rounding="rtz")
    bits = sem.bitcast(half, retyped(half, tl.uint16))
    mag = sem.and_(bits, 0x7FFF)
    mag = sem.where(sem.less_than(mag, 0x3F00), mag, 0x3F00)
    rounded = sem.lshr(sem.add(mag, 0x40, sanitize_overflow=False), 7)
    sign = sem.and_(sem.lshr(bits, 8), 0x80)
    byte = sem.cast(sem.or_(rounded, sign), retyped(bits, tl.uint8))
    return sem.bitcast(byte, retyped(byte, tl.float8e4b15))


class TritonEdgeBackend(BaseBackend):
    """Compiles for GPUTarget('cpu', ...): the target Inductor's cpu_backend='triton' asks for."""

    binary_ext = "so"

    @staticmethod
    def supports_target(target: GPUTarget):
        return target.backend == "cpu"

    def __init__(self, target: GPUTarget) -> None:
        super().__init__(target)
        self.binary_ext = "so"

    @functools.lru_cache()
    def hash(self):
        from ..compile import compiler_stamp
        return f"triton-edge-{compiler_stamp()}"

    def parse_options(self, opts) -> TritonEdgeOptions:
        """Triton's options for this backend; num_warps is checked as Triton's
        GPU backends check it (a power of 2), so a kernel that launches here
        launches there."""
        names = {f.name for f in fields(TritonEdgeOptions)}
        args = {k: v for k, v in opts.items() if k in names and v is not None}
        if "num_warps" in args:
            w = args["num_warps"]
            if not isinstance(w, int) or w < 1 or w & (w - 1):
                raise LaunchOptionError(f"num_warps must be a power of 2 (>= 1), not {w!r}")
        if "supported_fp8_dtypes" in args:
            args["supported_fp8_dtypes"] = tuple(args["supported_fp8_dtypes"])
        if "allowed_dot_input_precisions" in args:
            args["allowed_dot_input_precisions"] = tuple(args["allowed_dot_input_precisions"])
        return TritonEdgeOptions(**args)

    def pack_metadata(self, metadata):
        return (metadata.num_warps, metadata.num_ctas, metadata.shared)

    def get_codegen_implementation(self, options):
        return {"min_dot_size": lambda lhs_type, rhs_type: (1, 1, 1),
                # a builtin of the language (imported here: the backend loads
                # while triton.language is still importing)
                "convert_custom_types": __import__("triton.language.core", fromlist=["builtin"])
                .builtin(convert_fp8e4b15)}

    def get_module_map(self) -> Dict[str, ModuleType]:
        # libdevice calls (tl.extra.libdevice / Inductor's libdevice) resolve to
        # CUDA's libdevice names, which the triton-edge compiler implements.
        from triton.language.extra.cuda import libdevice
        return {"triton.language.extra.libdevice": libdevice}

    def load_dialects(self, ctx):
        return

    @staticmethod
    def make_ttir(mod, metadata, opt):
        # Non-inlined helpers (@triton.jit(noinline=True)) are inlined here: the
        # triton-edge compiler has no tt.call; inlining keeps the semantics.
        text = str(mod)
        if _NOINLINE.search(text):
            import tempfile
            with tempfile.NamedTemporaryFile("w", suffix=".ttir", delete=False) as f:
                f.write(strip_noinline(text))
                path = f.name
            try:
                ctx = mod.context
                mod = ir.parse_mlir_module(path, ctx)
                mod.context = ctx  # as Triton's frontend sets it on the modules it makes
            finally:
                os.unlink(path)
        pm = ir.pass_manager(mod.context)
        pm.enable_debug()
        compat.add_ttir_passes(pm)
        pm.run(mod, "make_ttir")
        return mod

    @staticmethod
    def make_so(src, metadata, opt):
        ttir = str(src)
        name = kernel_name(ttir)
        metadata["name"] = name
        metadata["shared"] = 0
        metadata["te_ttir"] = ttir
        flags = {te_options.cli_name(k).replace("-", "_"): getattr(opt, k)
                 for k in te_options.COMPILE_OPTIONS + ("extra_flags",)}
        return compile_ttir(ttir, flags)

    def add_stages(self, stages, options, language=None):
        stages["ttir"] = lambda src, metadata: self.make_ttir(src, metadata, options)
        stages["so"] = lambda src, metadata: self.make_so(src, metadata, options)
