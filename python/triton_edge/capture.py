"""triton-edge capture: records the Triton launches of a program (TTIR, grid,
scalar arguments, tensor storage before and after) as kernel cases in the
project's case format (docs/case-format.md), which `triton-edge check`,
`run` and `bench` use anywhere, without Triton or PyTorch.

    triton-edge-capture -o cases/ [--max-mb 16] [--limit N] script.py [args...]
    python -m triton_edge.capture -o cases/ script.py [args...]

The script runs in this process with the triton-edge driver active; every
launch through it is written to cases/<NNN>_<kernel>/. The recorded outputs
(out<i>.npy) are what the launch computed: check them against a reference
before trusting them as an oracle (the conformance suite keeps only the
launches of tests that matched PyTorch: Recorder.commit/discard).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import runpy
import shutil
import sys

_active = None


def active():
    return _active


def _np():
    import numpy
    return numpy


def _storage_tensor(v):
    """The torch tensor whose storage argument v is: v itself, or the base of
    triton.reinterpret's TensorWrapper (whose dtype is the kernel's)."""
    from .runtime import _is_wrapper
    while _is_wrapper(v):
        v = v.base
    return v


def _storage_array(t):
    """(whole storage of tensor t as a 1-D NumPy array, storage_offset, dtype name)."""
    import torch
    flat = torch.empty(0, dtype=t.dtype).set_(t.untyped_storage())
    name = str(t.dtype)[6:]
    if t.dtype == torch.bfloat16:
        arr = flat.view(torch.int16).numpy().view("uint16").copy()
    elif t.is_floating_point() and t.element_size() == 1:  # fp8: NumPy has none, keep the bits
        arr = flat.view(torch.uint8).numpy().copy()
    else:
        arr = flat.numpy().copy()
    return arr, int(t.storage_offset()), name


def _as_kernel_type(arr, name, kernel_dtype):
    """Records the storage with the kernel's element type, same bits: TTIR
    integers are signless (unsigned data gets the kernel's signed type), and a
    TensorWrapper's base tensor has its own dtype (uint8 bytes of fp8, int32
    seen as uint32). Returns (array, dtype name, element-size ratio: storage
    elements per kernel element, 1 when the sizes agree)."""
    from .runtime import NUMPY_NAMES, TORCH_NAMES, DTYPE_BYTES
    kname = TORCH_NAMES.get(kernel_dtype, name)
    if name == kname or kernel_dtype not in DTYPE_BYTES:
        return arr, name, 1
    esize = DTYPE_BYTES[kernel_dtype]
    if arr.nbytes % esize:
        return None, kname, 0
    return arr.view(NUMPY_NAMES[kernel_dtype]), kname, esize / arr.dtype.itemsize


def _scalar(v):
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, bool):
        return int(v)
    return v


class Recorder:
    def __init__(self, outdir: str, max_bytes: int = 16 << 20, limit: int = 0, auto_commit=True):
        self.outdir = outdir
        self.max_bytes = max_bytes
        self.limit = limit
        self.auto_commit = auto_commit
        self.count = 0
        self.skipped = []
        self.pending = []  # case directories written since the last commit/discard
        self._cur = None
        self.label = ""  # names the next cases (e.g. the test that launches them)
        os.makedirs(outdir, exist_ok=True)

    def before(self, launcher, kernel, grid, values):
        self._cur = None
        if self.limit and self.count >= self.limit:
            return
        if launcher.ttir is None:
            self.skipped.append((launcher.name, "no TTIR in the kernel's metadata"))
            return
        args, ins, total = [], {}, 0
        for i, v in enumerate(values):
            t = _storage_tensor(v)
            if hasattr(t, "data_ptr") and hasattr(t, "untyped_storage"):
                if t.device.type != "cpu":
                    self.skipped.append((launcher.name, f"argument {i} on {t.device}"))
                    return
                arr, off, name = _storage_array(t)
                arr, name, ratio = _as_kernel_type(arr, name, kernel.args[i].dtype)
                if ratio == 1:
                    shape, stride = list(t.shape), list(t.stride())
                elif arr is not None and float(off / ratio).is_integer():
                    # A wrapper of another element size: the kernel sees the
                    # storage as a flat array of its own elements.
                    off = int(off / ratio)
                    shape, stride = [int(arr.size) - off], [1]
                else:
                    self.skipped.append((launcher.name, f"argument {i}: storage not a whole "
                                         f"number of {kernel.args[i].dtype} elements"))
                    return
                total += arr.nbytes
                args.append({"dtype": name, "shape": shape, "stride": stride,
                             "storage_offset": off, "storage_numel": int(arr.size)})
                ins[i] = arr
            else:
                args.append({"scalar": _scalar(v)})
        if total > self.max_bytes:
            self.skipped.append((launcher.name, f"{total} bytes of tensors > {self.max_bytes}"))
            return
        self._cur = (launcher, grid, args, ins)

    def after(self, launcher, kernel, grid, values):
        if self._cur is None:
            return
        np = _np()
        launcher_b, grid_b, args, ins = self._cur
        self._cur = None
        label = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.label).strip("_")
        case = f"{self.count:03d}_{label or launcher.name}"
        d = os.path.join(self.outdir, case)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "kernel.ttir"), "w") as f:
            f.write(launcher.ttir)
        for i, arr in ins.items():
            np.save(os.path.join(d, f"in{i}.npy"), arr)
            out, _, oname = _storage_array(_storage_tensor(values[i]))
            out, _, _ = _as_kernel_type(out, oname, kernel.args[i].dtype)
            np.save(os.path.join(d, f"out{i}.npy"), out)
        meta = {"case": case, "name": launcher.name, "grid": [int(g) for g in grid], "args": args,
                "oracle": True, "captured_by": "triton-edge capture",
                "options": {"threads": str(launcher.threads), "dma": launcher.dma}}
        with open(os.path.join(d, "kernel.json"), "w") as f:
            json.dump(meta, f, indent=1)
        self.count += 1
        self.pending.append(d)
        if self.auto_commit:
            self.pending.clear()

    def commit(self, keep: int = 0):
        """Keeps the cases written since the last commit/discard (the first
        `keep` of them when keep > 0; the others are removed)."""
        if keep > 0:
            extra, self.pending = self.pending[keep:], self.pending[:keep]
            self.discard_dirs(extra)
        self.pending.clear()

    def discard_dirs(self, dirs):
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)
            self.count -= 1

    def discard(self):
        self.discard_dirs(self.pending)
        self.pending.clear()


def start(outdir: str, **kw) -> Recorder:
    global _active
    _active = Recorder(outdir, **kw)
    return _active


def stop():
    global _active
    r, _active = _active, None
    return r


def main(argv=None):
    p = argparse.ArgumentParser(prog="triton-edge-capture", description=__doc__.split("\n\n")[0])
    p.add_argument("-o", "--output", required=True, help="directory for the cases")
    p.add_argument("--max-mb", type=float, default=16, help="skip launches with more tensor data")
    p.add_argument("--limit", type=int, default=0, help="stop recording after N launches")
    p.add_argument("script")
    p.add_argument("args", nargs=argparse.REMAINDER)
    a = p.parse_args(argv)
    import importlib
    from . import activate
    activate()
    # Under `python -m triton_edge.capture` this file runs as __main__: record
    # through the package's module, the one the driver's launcher consults.
    mod = importlib.import_module("triton_edge.capture")
    rec = mod.start(a.output, max_bytes=int(a.max_mb * (1 << 20)), limit=a.limit)
    sys.argv = [a.script] + a.args
    try:
        runpy.run_path(a.script, run_name="__main__")
    finally:
        mod.stop()
        print(f"triton-edge capture: {rec.count} launches recorded in {a.output}"
              + (f", {len(rec.skipped)} skipped" if rec.skipped else ""), file=sys.stderr)
        for name, why in rec.skipped[:10]:
            print(f"  skipped {name}: {why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
