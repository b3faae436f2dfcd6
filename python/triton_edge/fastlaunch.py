"""The driver's launch fast path, in C when it is there.

triton_edge._fastlaunch (python/native/fastlaunch.c, built by CMake beside
the runtime and shipped in the wheel) gives the driver's launcher a C base
class whose call runs the checks of the kernel's LaunchPlan and the launch
itself with no Python frame (keeping launch_stats() as the Python path
does), and calls the launcher's Python path for anything else (hooks to
call, a capture, an argument the plan declines). Without the module (not built, another Python implementation,
TRITON_EDGE_FASTLAUNCH=off) LauncherBase is a plain class and every launch
takes the Python path: the same checks, the same errors, more time."""
from __future__ import annotations

import ctypes
import importlib.util

from . import _paths
from . import _state
from . import capture
from . import runtime as rt


def _load():
    path = _paths.fastlaunch_library()
    if path is None:
        return None
    try:
        spec = importlib.util.spec_from_file_location("triton_edge._fastlaunch", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    except (ImportError, OSError):
        return None  # built for another interpreter or machine: the Python path
    # Triton's hook chain class comes from the driver (set_hook_chain):
    # importing triton here would import the driver, which imports this.
    mod._te_setup(_state, capture, None, rt.LaunchError)
    return mod


NATIVE = _load()
LauncherBase = NATIVE.Launcher if NATIVE is not None else object


def set_hook_chain(cls):
    """Triton's knobs.HookChain (None: a Triton without it): a launch hook of
    that class with no hook in it is not called, in C as in the driver."""
    if NATIVE is not None:
        NATIVE._te_setup(_state, capture, cls, rt.LaunchError)


def launches() -> int:
    """Launches the C path made (they are not in _state.launches)."""
    return NATIVE.launches() if NATIVE is not None else 0


def arm(launcher, plan, threads) -> bool:
    """Gives `launcher` (a LauncherBase) the decisions of `plan` (a
    LaunchPlan, or False: none), to launch with `threads` contexts (the
    kernel's option; set_launch_threads overrides it per launch). Returns
    whether the C path now launches it."""
    if NATIVE is None or not isinstance(launcher, NATIVE.Launcher):
        return False
    try:
        launcher._te_disarm()
    except RuntimeError:
        return False  # launching in another thread: it stays on its plan
    if not plan or any(s is None for _, s in plan.floats):
        return False  # f16/bf16 scalars: the plan declines them anyway
    runtime = plan.kernel.runtime
    same_api = getattr(runtime, "_fastlaunch_api", None)
    if same_api is None:
        # Compiled against this te_rt_launch_request?
        same_api = runtime._fastlaunch_api = (runtime.lib.te_rt_c_api_version() ==
                                              NATIVE.C_API_VERSION)
    if not same_api:
        return False
    try:
        threads_default = rt.threads_value(threads)
    except (rt.ArgumentError, TypeError, ValueError):
        return False  # the Python path raises the error
    src = plan.keep or list(range(plan.nargs))
    pointers = [(i, src[i], dtypes, esize, align) for i, dtypes, esize, align in plan.pointers]
    # hi: int64 at most; a larger value (u64) takes the Python path, which
    # declines it to the general path too.
    ints = [(i, src[i], ctypes.sizeof(s), lo, min(hi, 2**63 - 1), div)
            for i, s, lo, hi, div in plan.ints]
    floats = [(i, src[i], ctypes.sizeof(s)) for i, s in plan.floats]
    req = plan.request
    launcher._te_arm(plan.kernel, plan.kernel.name, getattr(launcher, "name", plan.kernel.name),
                     plan.tensor_type, plan.parameter_type,
                     req.fn, req.info,
                     ctypes.cast(plan.entry, ctypes.c_void_p).value, req.dma, threads_default,
                     plan.nargs, pointers, ints, floats,
                     plan.limits if plan.checks_extents else None)
    return True
