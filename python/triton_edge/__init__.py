"""triton-edge from Python: a Triton backend (compiler + driver) that runs
@triton.jit kernels and torch.compile(cpu_backend="triton") on CPU tensors
through the triton-edge compiler and runtime, and a launch recorder
(triton_edge.capture). See docs/python.md."""
from __future__ import annotations

__version__ = "0.1.0"


def activate():
    """Makes the triton-edge driver Triton's active driver (for @triton.jit
    launches on CPU tensors); returns it."""
    import triton
    from .backend.driver import TritonEdgeDriver
    d = triton.runtime.driver
    cur = getattr(d, "_active", None)
    if isinstance(cur, TritonEdgeDriver):
        return cur
    drv = TritonEdgeDriver()
    d.set_active(drv)
    return drv


def deactivate():
    import triton
    triton.runtime.driver.reset_active()


def set_launch_threads(threads):
    """Contexts for every launch from now on (an int or 'auto'), overriding the
    kernels' `threads` option; None restores the options."""
    from . import _state
    from .runtime import threads_value
    if threads is not None:
        threads_value(threads)
    _state.threads_override = threads


def launch_pool():
    """Where the runtime runs multi-context launches now, as (kind, detail):
    ("openmp", library) when the process has an OpenMP runtime loaded
    (importing torch loads its libgomp) and TRITON_EDGE_POOL is auto (the
    default) or openmp: ATen's parallel regions and our launches then share
    one team of threads; ("own", "") for the runtime's own pool; ("error",
    why) for an invalid TRITON_EDGE_POOL. See docs/python.md."""
    from .runtime import Runtime
    return Runtime.get().launch_pool()


def set_launch_pool(choice):
    """'auto', 'own' or 'openmp' from now on, for the whole process
    (overrides TRITON_EDGE_POOL)."""
    from .runtime import Runtime
    Runtime.get().set_launch_pool(choice)


def launch_count() -> int:
    """Launches made through the triton-edge driver in this process."""
    from . import _state, fastlaunch
    return _state.launches + fastlaunch.launches()


def launch_stats(enable=True):
    """Per-kernel launch timing of the driver from now on (enable=True: a new,
    empty dict; False: off). Returns the dict being filled: kernel name ->
    [launches, nanoseconds in the runtime's launch call (the kernel's programs
    and the pool's dispatch), nanoseconds in the driver's launcher in all
    (that call plus argument checks and packing)]."""
    from . import _state
    _state.stats = {} if enable else None
    return _state.stats
