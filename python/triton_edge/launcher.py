"""From the arguments Triton passes to a launcher to the compiled kernel's
arguments (no Triton import: tested in the normal suite)."""
from __future__ import annotations

import re

_DESC = re.compile(r"tensordesc<([^[>]*)\[([^\]]*)\]")


class ArgPlan:
    """`signature`: the Triton signature types of the @triton.jit function's
    arguments, in order ('*fp32', 'i32', 'constexpr', 'tensordesc<fp32[16, 16]>', ...).
    Constexprs (and arguments Triton specialized to constexpr) are dropped;
    tensor descriptors are expanded the way Triton's rewrite of descriptors to
    pointers expects: base, shape (i64), strides (i64), one i1 per flag of
    `descriptor_flags` (padding-is-nan; Triton 3.9 adds round-f32-to-tf32:
    triton_edge.backend.compat.DESCRIPTOR_FLAGS), shape (i32), strides (i64)."""

    def __init__(self, signature, descriptor_flags=("padding_is_nan",)):
        self.signature = list(signature)
        self.descriptor_flags = tuple(descriptor_flags)
        self.kinds = []
        for ty in self.signature:
            if ty == "constexpr":
                self.kinds.append(("drop", 0))
            elif isinstance(ty, str) and ty.startswith("tensordesc"):
                m = _DESC.match(ty)
                ndim = m.group(2).count(",") + 1 if m else 0
                self.kinds.append(("desc", ndim))
            else:
                self.kinds.append(("pass", 0))

    def kernel_args(self, args):
        if len(args) != len(self.kinds):
            raise TypeError(f"the kernel signature has {len(self.kinds)} arguments, the launch passed {len(args)}")
        out = []
        for (kind, ndim), a in zip(self.kinds, args):
            if kind == "pass":
                out.append(a)
            elif kind == "desc":
                shape = [int(s) for s in a.shape]
                strides = [int(s) for s in a.strides]
                if len(shape) != ndim:
                    raise TypeError(f"tensor descriptor of rank {len(shape)}, kernel expects {ndim}")
                flags = [_descriptor_flag(a, f) for f in self.descriptor_flags]
                out += [a.base, *shape, *strides, *flags, *shape, *strides]
        return out


def _descriptor_flag(desc, flag):
    if flag == "padding_is_nan":
        return getattr(desc, "padding", "zero") == "nan"
    if flag == "round_f32_to_tf32":  # the CPU computes in IEEE f32 either way
        return bool(getattr(desc, "round_f32_to_tf32", False))
    raise ValueError(f"unknown tensor-descriptor flag {flag!r}")
