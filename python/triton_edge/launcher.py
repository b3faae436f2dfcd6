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
    pointers expects: base, shape (i64), strides (i64), padding-is-nan (i1),
    shape (i32), strides (i64)."""

    def __init__(self, signature):
        self.signature = list(signature)
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
                padding = getattr(a, "padding", "zero") == "nan"
                out += [a.base, *shape, *strides, padding, *shape, *strides]
        return out
