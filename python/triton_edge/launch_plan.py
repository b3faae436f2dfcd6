"""The driver's per-launch work, planned once per kernel.

runtime.pack_args and runtime.launch accept anything a caller may pass (torch
tensors, TensorWrapper, NumPy arrays, (address, numel) pairs, None, NumPy
scalars, ...) and allocate their argument arrays per launch. Inductor's
launches are all alike: plain CPU torch tensors of the kernel's dtypes and
Python ints. A LaunchPlan decides once per kernel what each argument needs
(accepted dtypes, alignment, scalar range and divisibility), keeps one set of
argument arrays and one te_rt_launch_request, and per launch only checks the
values and writes their addresses. Whatever it does not recognize (another
argument kind, a check that fails) makes `launch` return False untouched,
and the caller takes the general path, which accepts or refuses it with its
own error message: the plan changes what a launch costs, never what it
accepts."""
from __future__ import annotations

import ctypes
import threading
import time

from . import runtime as rt


class _Request(ctypes.Structure):
    """te_rt_launch_request (runtime/include/triton-edge-rt/c_api.h)."""
    _fields_ = [("fn", ctypes.c_void_p), ("info", ctypes.c_void_p), ("args", ctypes.c_void_p),
                ("numel", ctypes.c_void_p), ("grid", ctypes.c_void_p), ("threads", ctypes.c_int32),
                ("dma", ctypes.c_int32), ("chaos_seed", ctypes.c_uint64), ("chunk", ctypes.c_int64),
                ("threads_used", ctypes.c_int32), ("reserved", ctypes.c_int32),
                ("error", ctypes.c_void_p), ("error_size", ctypes.c_int64)]


_MAX_GRID = 2**31 - 1


def _request_entry(runtime):
    """te_rt_launch_request_c of `runtime`, or None (a runtime built before it)."""
    f = getattr(runtime, "_launch_request", None)
    if f is None:
        f = getattr(runtime.lib, "te_rt_launch_request_c", False)
        if f:
            f.restype = ctypes.c_int32
            f.argtypes = [ctypes.c_void_p]
        runtime._launch_request = f
    return f or None


def _torch_dtypes_for(kernel_dtype):
    """The torch dtypes pack_args accepts for a pointer to `kernel_dtype`."""
    import torch
    out = set()
    for name in rt.TORCH_NAMES.values():
        dt = getattr(torch, name, None)
        if not isinstance(dt, torch.dtype):
            continue
        te = rt._te_dtype_of(name)
        if te == kernel_dtype or (te is not None and rt._compatible(
                rt.TensorView(0, 0, te, True, "", False), kernel_dtype)):
            out.add(dt)
    return frozenset(out)


class LaunchPlan:
    """Launches of `kernel` (runtime.Kernel) with the argument selection of
    `arg_plan` (launcher.ArgPlan) and the checks of `facts` (launcher.KernelFacts
    or None). Build with LaunchPlan.make, which returns None where no plan
    applies (tensor descriptors, no torch, a runtime without the entry)."""

    @classmethod
    def make(cls, kernel, arg_plan, facts, dma):
        if any(kind == "desc" for kind, _ in arg_plan.kinds) or dma not in rt.DMA_KINDS:
            return None
        entry = _request_entry(kernel.runtime)
        if entry is None:
            return None
        try:
            import torch
        except ImportError:
            return None
        keep = [i for i, (kind, _) in enumerate(arg_plan.kinds) if kind == "pass"]
        if len(keep) != len(kernel.args):
            return None
        # Exactly these types: a model's weights reach Inductor's kernels as
        # nn.Parameter, which adds nothing to the tensor's storage or data_ptr;
        # other subclasses may override either and take the general path.
        return cls(kernel, arg_plan, facts, dma, entry, keep,
                   frozenset((torch.Tensor, torch.nn.Parameter)))

    def __init__(self, kernel, arg_plan, facts, dma, entry, keep, tensor_types):
        self.kernel, self.facts, self.entry, self.tensor_types = kernel, facts, entry, tensor_types
        self.nargs = len(arg_plan.kinds)
        self.keep = None if len(keep) == self.nargs else keep
        n = len(kernel.args)
        self.args = (ctypes.c_void_p * max(n, 1))()
        self.numel = (ctypes.c_int64 * max(n, 1))()
        self.grid = (ctypes.c_int32 * 3)()
        self.error = ctypes.create_string_buffer(1024)
        self.pointers, self.ints, self.floats = [], [], []
        self.storage = []  # scalar storage the args array points at
        for i, spec in enumerate(kernel.args):
            div = facts.divisibility[i] if facts is not None else 1
            if spec.is_pointer:
                esize = rt.DTYPE_BYTES[spec.dtype]
                self.pointers.append((i, _torch_dtypes_for(spec.dtype), esize, max(esize, div)))
                continue
            if spec.dtype in rt._INT_RANGES:
                lo, hi = rt._INT_RANGES[spec.dtype]
                s = rt._CTYPES[spec.dtype]()
                # Values above the signed range (unsigned ones passed to i32/i64)
                # take the general path, which wraps them.
                self.ints.append((i, s, lo, hi, div))
            elif spec.dtype in ("f32", "f64"):
                s = rt._CTYPES[spec.dtype]()
                self.floats.append((i, s))
            else:  # f16/bf16 scalars: converted by the general path
                self.floats.append((i, None))
                s = None
            self.storage.append(s)
            if s is not None:
                self.args[i] = ctypes.addressof(s)
        self.int_slots = [i for i, *_ in self.ints]
        self.checks_extents = facts is not None and bool(facts.accesses)
        self.extent_memo = {}
        self.request = _Request(fn=kernel.programs.value, info=ctypes.addressof(kernel.info),
                                args=ctypes.addressof(self.args),
                                numel=ctypes.addressof(self.numel),
                                grid=ctypes.addressof(self.grid), threads=1,
                                dma=rt.DMA_KINDS[dma], error=ctypes.addressof(self.error),
                                error_size=len(self.error))
        self.request_address = ctypes.addressof(self.request)
        self.threads_arg, self.threads_int = 1, 1
        self.lock = threading.Lock()

    def launch(self, args, gx, gy, gz, threads, stats=None) -> bool:
        """Launches when every argument is one the plan checks itself; returns
        False, having launched nothing, otherwise. `stats`: a list whose
        element 1 accumulates the nanoseconds spent in the runtime's call."""
        if len(args) != self.nargs or not self.lock.acquire(False):
            return False  # the general path reports the count; another thread holds the arrays
        try:
            vals = args if self.keep is None else [args[i] for i in self.keep]
            if not (type(gx) is int and type(gy) is int and type(gz) is int and
                    0 <= gx <= _MAX_GRID and 0 <= gy <= _MAX_GRID and 0 <= gz <= _MAX_GRID):
                return False
            a, numel, tensor_types = self.args, self.numel, self.tensor_types
            for i, dtypes, esize, align in self.pointers:
                v = vals[i]
                if type(v) not in tensor_types or v.dtype not in dtypes or not v.is_cpu or v.is_neg():
                    return False
                p = v.data_ptr()
                if v.numel():
                    st = v.untyped_storage()
                    n = (st.data_ptr() + st.nbytes() - p) // esize
                    if p % align:
                        return False
                    numel[i] = n if n > 0 else 0
                else:
                    numel[i] = 0
                a[i] = p
            for i, s, lo, hi, div in self.ints:
                v = vals[i]
                if type(v) is not int or not lo <= v <= hi or v % div:
                    return False
                s.value = v
            for i, s in self.floats:
                v = vals[i]
                if s is None or not (type(v) is float or type(v) is int):
                    return False
                s.value = v
            if self.checks_extents and not self._extents_fit(vals, gx, gy, gz):
                return False
            if threads is not self.threads_arg:
                self.request.threads = rt.threads_value(threads)
                self.threads_arg = threads
            g = self.grid
            g[0], g[1], g[2] = gx, gy, gz
            if stats is None:
                rc = self.entry(self.request_address)
            else:
                t0 = time.perf_counter_ns()
                rc = self.entry(self.request_address)
                stats[1] += time.perf_counter_ns() - t0
            if rc:
                raise rt.LaunchError(f"kernel {self.kernel.name}: "
                                     f"{self.error.value.decode(errors='replace')}")
            return True
        except (OverflowError, TypeError, ValueError, RuntimeError) as e:
            if isinstance(e, rt.LaunchError):
                raise
            return False  # a value ctypes or torch refused: the general path says why
        finally:
            self.lock.release()

    def _extents_fit(self, vals, gx, gy, gz):
        """Whether the tensors hold what the unmasked top-level accesses reach
        (runtime.check_extents, memoized on the grid and the int scalars)."""
        key = (gx, gy, gz, *[vals[i] for i in self.int_slots])
        lim = self.extent_memo.get(key)
        if lim is None:
            if len(self.extent_memo) > 256:
                self.extent_memo.clear()
            lim = self.facts.extents((gx, gy, gz), {i: vals[i] for i in self.int_slots})
            self.extent_memo[key] = lim
        numel = self.numel
        for i, hi, _ in lim:
            if hi >= numel[i]:
                return False
        return True
