"""The one place where triton-edge adapts to differences between the Triton
releases it supports (3.6 to 3.9; docs/python.md has the table of what was
tested with which). Everything else in the package uses these names.

| difference | 3.6 | 3.9 |
| --- | --- | --- |
| block pointers (`tl.make_block_ptr`) and `passes.ttir.add_rewrite_tensor_pointer` | present | removed (tensor descriptors replace them) |
| host tensor descriptor's i1 flags | padding | padding, round_f32_to_tf32 |
| options the runtime adds to every launch's kwargs | debug, instrumentation_mode | also fpsan_homomorphic_casts |
| `driver.utils.unload_module(module)` when a compiled kernel dies | not called | called |
| `BaseBackend.add_stages(stages, options[, language])` | 2 arguments | 3 |
"""
from __future__ import annotations

import triton

from triton._C.libtriton import passes

VERSION = tuple(int(p) for p in triton.__version__.split("+")[0].split(".")[:2])
SUPPORTED = ((3, 6), (3, 9))  # the oldest and newest release this package was tested with

# tl.make_block_ptr / tl.advance: removed from the language in 3.9, together
# with the pass that rewrote them.
HAS_BLOCK_POINTERS = hasattr(passes.ttir, "add_rewrite_tensor_pointer")

# The i1 flags a host tensor descriptor expands to, after its shape and
# strides: 3.9 added round_f32_to_tf32 beside the padding.
def _descriptor_flags():
    try:
        from triton.tools.tensor_descriptor import TensorDescriptor
    except ImportError:
        return ("padding_is_nan",)
    fields = getattr(TensorDescriptor, "__dataclass_fields__", {})
    return ("padding_is_nan", "round_f32_to_tf32") if "round_f32_to_tf32" in fields \
        else ("padding_is_nan",)


DESCRIPTOR_FLAGS = _descriptor_flags()

# Options Triton's runtime passes to every backend's parse_options whatever the
# kernel asked for (TritonEdgeOptions declares each one, and ignores them).
RUNTIME_OPTION_DEFAULTS = {
    "instrumentation_mode": "",
    "fpsan_homomorphic_casts": False,  # 3.9: the floating-point sanitizer (GPU only)
}


def add_ttir_passes(pm) -> None:
    """Triton's own TTIR clean-up before triton-edge sees the module: inline,
    block pointers and tensor descriptors to plain pointers, canonicalize,
    combine, CSE, unroll -- the passes each release has."""
    passes.common.add_inliner(pm)
    if HAS_BLOCK_POINTERS:
        passes.ttir.add_rewrite_tensor_pointer(pm)
    passes.ttir.add_rewrite_tensor_descriptor_to_pointer(pm)
    passes.common.add_canonicalizer(pm)
    passes.ttir.add_combine(pm)
    passes.ttir.add_reorder_broadcast(pm)
    passes.common.add_cse(pm)
    passes.common.add_symbol_dce(pm)
    passes.ttir.add_loop_unroll(pm)


def check_version() -> None:
    """Warns once when Triton is outside the tested range (it may still work)."""
    if not (SUPPORTED[0] <= VERSION <= SUPPORTED[1]):
        import warnings
        warnings.warn(f"triton-edge was tested with Triton {SUPPORTED[0][0]}.{SUPPORTED[0][1]} to "
                      f"{SUPPORTED[1][0]}.{SUPPORTED[1][1]}; this is Triton {triton.__version__}",
                      RuntimeWarning, stacklevel=2)
