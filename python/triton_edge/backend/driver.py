"""Triton driver of triton-edge: host (CPU) tensors, grid launches through the
runtime's thread pool, and a device interface for triton.testing.do_bench."""
from __future__ import annotations

import os
import time

from triton.backends.compiler import GPUTarget
from triton.backends.driver import DriverBase

from . import compat
from .. import _state
from .. import capture
from .. import fastlaunch
from .. import runtime as te_rt
from ..compile import KernelCache
from ..launch_plan import LaunchPlan
from ..launcher import ArgPlan


class _Event:
    """torch.cuda.Event's timing subset, on the host clock (launches are synchronous)."""

    def __init__(self, enable_timing: bool = True):
        self.t = None

    def record(self, stream=None):
        self.t = time.perf_counter()

    def elapsed_time(self, other) -> float:
        return (other.t - self.t) * 1e3

    def synchronize(self):
        return


class HostDeviceInterface:
    """What triton.testing.do_bench needs from a device interface."""
    Event = _Event

    @staticmethod
    def synchronize(device=None):
        return

    @staticmethod
    def current_device():
        return 0


class TritonEdgeUtils:
    def __init__(self):
        self.cache = KernelCache()

    def load_binary(self, name, kernel, shared, device):
        path = self.cache.path_for(kernel)
        k = te_rt.Kernel(path, name)
        # module, function, n_regs, n_spills, n_max_threads
        return k, k, 0, 0, 1 << 30

    def unload_module(self, module):
        # Triton 3.9 calls this when a CompiledKernel dies. The library stays
        # mapped (ctypes never unmaps one; another CompiledKernel of the same
        # cached file may still launch it); dropping the Kernel is all.
        return

    def get_device_properties(self, device):
        return {"max_shared_mem": 1 << 30, "multiprocessor_count": os.cpu_count() or 1,
                "max_num_regs": 1 << 16, "warpSize": 32, "sm_clock_rate": 0, "mem_clock_rate": 0,
                "mem_bus_width": 0}


def _hook_pending(hook):
    """Whether a launch hook must be called: Triton 3.6+ passes its hook
    chains (knobs.HookChain), empty unless someone added a hook."""
    return hook is not None and (type(hook) is not _HookChain or hook.calls)


try:
    from triton.knobs import HookChain as _HookChain
except ImportError:  # Triton before knobs: hooks are None or callables
    _HookChain = None
fastlaunch.set_hook_chain(_HookChain)


class TritonEdgeLauncher(fastlaunch.LauncherBase):
    """CompiledKernel.run: (gx, gy, gz, stream, function, packed_metadata,
    launch_metadata, enter_hook, exit_hook, *args), args being every argument
    of the @triton.jit function (constexprs included, as Triton passes them).

    With triton_edge._fastlaunch built, the call is the C base class's: a
    launch the kernel's LaunchPlan accepts runs there, anything else comes
    to _call_python (fastlaunch.py). Without it, _call_python is the call."""

    def __init__(self, src, metadata):
        constants = getattr(src, "constants", None) or {}
        signature = dict(src.signature)
        self.plan = ArgPlan(list(signature.values()), compat.DESCRIPTOR_FLAGS)
        self.threads = getattr(metadata, "threads", "auto")
        self.dma = getattr(metadata, "dma", "sync")
        self.name = metadata.name
        self.ttir = getattr(metadata, "te_ttir", None)
        self.arg_names = list(signature.keys())
        self.constants = constants
        self.facts = None  # launcher.KernelFacts of the TTIR, on the first launch
        self.fast = None  # launch_plan.LaunchPlan of the kernel, on the first launch

    def _facts(self, kernel):
        if self.facts is None:
            self.facts = (te_rt.kernel_facts(self.ttir, len(kernel.args)) if self.ttir else None) \
                or False
        return self.facts or None

    def _plan_for(self, kernel):
        """The LaunchPlan of `kernel` (made on its first launch), or False."""
        if self.fast is None or (self.fast and self.fast.kernel is not kernel):
            self.fast = LaunchPlan.make(kernel, self.plan, self._facts(kernel), self.dma) or False
            fastlaunch.arm(self, self.fast, self.threads)
        return self.fast

    def _call_python(self, gx, gy, gz, stream, function, packed_metadata, launch_metadata,
                     enter_hook, exit_hook, *args):
        if _hook_pending(enter_hook):
            enter_hook(launch_metadata)
        stats = _state.stats
        if stats is not None:
            t0 = time.perf_counter_ns()
            entry = stats.get(self.name)
            if entry is None:
                entry = stats[self.name] = [0, 0, 0]
        else:
            entry = None
        threads = _state.threads_override
        threads = self.threads if threads is None else threads
        fast = self.fast if self.fast is not None else self._plan_for(function)
        if not (fast and fast.kernel is function and capture._active is None and
                fast.launch(args, gx, gy, gz, threads, entry)):
            self._launch_general(gx, gy, gz, function, args, threads, entry)
        _state.launches += 1
        if entry is not None:
            entry[0] += 1
            entry[2] += time.perf_counter_ns() - t0
        if _hook_pending(exit_hook):
            exit_hook(launch_metadata)

    if fastlaunch.NATIVE is None:
        __call__ = _call_python

    def _launch_general(self, gx, gy, gz, kernel, args, threads, entry):
        """Any argument kind, checked with runtime.pack_args' messages; launches
        recorded by an active capture."""
        values = self.plan.kernel_args(args)
        facts = self._facts(kernel)
        packed = kernel.pack(values, facts)  # checks devices, dtypes, scalars, writes first
        rec = capture.active()
        if rec is not None:
            rec.before(self, kernel, (gx, gy, gz), values)
        t0 = time.perf_counter_ns() if entry is not None else 0
        te_rt.launch(kernel, (gx, gy, gz), packed, threads, self.dma, facts=facts)
        if entry is not None:
            entry[1] += time.perf_counter_ns() - t0
        if rec is not None:
            rec.after(self, kernel, (gx, gy, gz), values)


class TritonEdgeDriver(DriverBase):

    def __init__(self):
        super().__init__()
        self.utils = TritonEdgeUtils()
        self.launcher_cls = TritonEdgeLauncher

    @staticmethod
    def is_active():
        # Active by default only where no GPU driver is (Triton requires exactly
        # one active driver); elsewhere select it with triton_edge.activate() or
        # triton.runtime.driver.set_active(TritonEdgeDriver()).
        if os.environ.get("TRITON_EDGE_ACTIVE") == "1":
            return True
        try:
            import torch
            return not torch.cuda.is_available() and not (
                hasattr(torch, "xpu") and torch.xpu.is_available())
        except ImportError:
            return False

    def get_current_target(self):
        return GPUTarget("cpu", "", 32)

    def get_active_torch_device(self):
        import torch
        return torch.device("cpu")

    def get_device_interface(self):
        return HostDeviceInterface

    def get_current_device(self):
        return 0

    def set_current_device(self, device):
        return

    def get_current_stream(self, device=None):
        return 0

    def map_python_to_cpp_type(self, ty: str) -> str:
        if ty.startswith("*"):
            return "void*"
        return {"i1": "bool", "u1": "bool", "i8": "int8_t", "i16": "int16_t", "i32": "int32_t",
                "i64": "int64_t", "u8": "uint8_t", "u16": "uint16_t", "u32": "uint32_t",
                "u64": "uint64_t", "fp16": "uint16_t", "bf16": "uint16_t", "fp32": "float",
                "f32": "float", "fp64": "double"}[ty]

    def get_benchmarker(self):
        from triton.testing import do_bench
        return do_bench

    def get_empty_cache_for_benchmark(self):
        # Larger than the last-level cache of the machines we run on. A plain
        # buffer cleared with one memset: clearing it with a torch op would wake
        # PyTorch's OpenMP threads, which then spin on the cores the launch
        # wants for its own contexts.
        import ctypes
        return (ctypes.c_char * (64 * 1024 * 1024))()

    def clear_cache(self, cache):
        import ctypes
        ctypes.memset(cache, 0, ctypes.sizeof(cache))
