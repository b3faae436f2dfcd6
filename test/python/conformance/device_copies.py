"""@triton.jit launches on CPU tensors, run on another device: the
conformance suite's GPU mode (run.py --device cuda), where Triton's own CUDA
backend runs the same tests, on the same CPU tensors, as triton-edge does.

Before a launch, every CPU tensor argument (also inside triton.reinterpret's
TensorWrapper, a host TensorDescriptor, a tuple or a list) is replaced by a
view of a device copy of its whole storage, with the same offset, sizes and
strides; arguments that share a storage share one device copy, so aliasing
and views keep their meaning. After the kernel, each device copy is copied
back into its CPU storage, so the test sees the results in place as on CPU.
Scalars, None and constexprs pass unchanged. `DeviceCopies` does the
mapping for any torch device (the unit test, python/tests/
test_conformance_device_copies.py, uses a second CPU copy); `install`
puts it in front of JITFunction.run.
"""
import dataclasses

import torch


class DeviceCopies:
    """The device copies of one launch's CPU storages, and their way back."""

    def __init__(self, device):
        self.device = torch.device(device)
        # (storage address, bytes) -> (uint8 tensor over the CPU storage, its device copy)
        self.storages = {}
        self.scratch = []  # the allocator's device buffers, alive until the kernel ended

    def _device_storage(self, storage):
        key = (storage.data_ptr(), storage.nbytes())
        if key not in self.storages:
            lo, hi = key[0], key[0] + key[1]
            for a, n in self.storages:
                if n and key[1] and a < hi and lo < a + n:
                    # Two storages over one memory (e.g. torch.from_numpy of two
                    # overlapping arrays): separate copies would break aliasing.
                    raise ValueError("tensor arguments of different storages overlap in memory; "
                                     "pass views of one tensor instead")
            host = torch.empty(0, dtype=torch.uint8).set_(storage)
            self.storages[key] = (host, host.to(self.device, copy=True))
        return self.storages[key][1].untyped_storage()

    def tensor(self, t):
        if t.device.type != "cpu":
            return t
        view = torch.empty(0, dtype=t.dtype, device=self.device)
        return view.set_(self._device_storage(t.untyped_storage()), t.storage_offset(), t.size(), t.stride())

    def value(self, v):
        """v with its CPU tensors replaced by their device views."""
        import triton
        if isinstance(v, torch.Tensor):
            return self.tensor(v)
        if isinstance(v, triton.TensorWrapper):
            return triton.TensorWrapper(self.tensor(v.base), v.dtype)
        if _is_tensor_descriptor(v):
            return dataclasses.replace(v, base=self.value(v.base))
        if isinstance(v, (tuple, list)):
            items = [self.value(x) for x in v]
            return type(v)(*items) if hasattr(v, "_fields") else type(v)(items)
        return v

    def allocator(self, allocate):
        """Triton's scratch allocator with its CPU buffers moved to the device
        (a test's set_allocator hands out CPU tensors)."""
        def on_device(size, alignment, stream):
            buf = allocate(size, alignment, stream)
            if isinstance(buf, torch.Tensor) and buf.device != self.device:
                buf = buf.to(self.device)
                self.scratch.append(buf)
            return buf
        return on_device

    def copy_back(self):
        """Waits for the device, then writes every device copy into its CPU storage."""
        if self.device.type != "cpu":
            getattr(torch, self.device.type).synchronize(self.device)
        for host, copy in self.storages.values():
            host.copy_(copy.cpu())
        self.scratch.clear()


def _is_tensor_descriptor(v):
    try:
        from triton.tools.tensor_descriptor import TensorDescriptor
    except ImportError:  # a Triton without host descriptors
        return False
    return isinstance(v, TensorDescriptor)


def install(device):
    """Makes every @triton.jit launch (JITFunction.run, which kernel[grid](...)
    and the autotuner call) run on `device` through DeviceCopies. Returns a
    function that restores the original."""
    from triton.runtime import _allocation
    from triton.runtime.jit import JITFunction
    original = JITFunction.run

    def run_on_device(self, *args, grid, warmup, **kwargs):
        if warmup:  # compiles only: nothing to copy
            return original(self, *args, grid=grid, warmup=warmup, **kwargs)
        copies = DeviceCopies(device)
        dev_args = [copies.value(a) for a in args]
        dev_kwargs = {k: copies.value(v) for k, v in kwargs.items()}
        token = _allocation._allocator.set(copies.allocator(_allocation._allocator.get()))
        try:
            kernel = original(self, *dev_args, grid=grid, warmup=warmup, **dev_kwargs)
        finally:
            _allocation._allocator.reset(token)
        copies.copy_back()
        return kernel

    JITFunction.run = run_on_device

    def uninstall():
        JITFunction.run = original
    return uninstall
