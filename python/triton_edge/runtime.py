"""ctypes binding of the triton-edge runtime (libtriton_edge_rt.so) and of
compiled kernels: loading a kernel library, packing launch arguments, and
launching a grid through the runtime's thread pool.

Needs neither Triton nor PyTorch: tensors may be torch tensors (anything with
``data_ptr()`` and ``untyped_storage()``), NumPy arrays, or ``(address,
numel)`` pairs. docs/runtime.md describes the ABI this module speaks.
"""
from __future__ import annotations

import ctypes
import math
import os
import struct
import threading

from . import _paths

# te_dtype (runtime/include/triton-edge-rt/kernel_abi.h)
TE_DTYPES = {
    1: "i1", 2: "i8", 3: "i16", 4: "i32", 5: "i64",
    6: "u8", 7: "u16", 8: "u32", 9: "u64",
    10: "f16", 11: "bf16", 12: "f32", 13: "f64",
}
DTYPE_BYTES = {"i1": 1, "i8": 1, "i16": 2, "i32": 4, "i64": 8, "u8": 1, "u16": 2,
               "u32": 4, "u64": 8, "f16": 2, "bf16": 2, "f32": 4, "f64": 8}
# Names of the element types as torch / numpy spell them.
TORCH_NAMES = {"i1": "bool", "i8": "int8", "i16": "int16", "i32": "int32", "i64": "int64",
               "u8": "uint8", "u16": "uint16", "u32": "uint32", "u64": "uint64",
               "f16": "float16", "bf16": "bfloat16", "f32": "float32", "f64": "float64"}
NUMPY_NAMES = dict(TORCH_NAMES)
NUMPY_NAMES["bf16"] = "uint16"  # NumPy has no bfloat16: bit patterns

DMA_KINDS = {"sync": 0, "async": 1, "prefetch": 2}


class LaunchError(RuntimeError):
    """A launch the runtime refused or that failed (tt.assert, bounds, bad arguments)."""


class ArgumentError(TypeError):
    """A launch argument that does not fit the kernel's signature."""


class _ArgInfo(ctypes.Structure):
    _fields_ = [("is_pointer", ctypes.c_int32), ("dtype", ctypes.c_int32),
                ("name", ctypes.c_char_p)]


class _KernelInfo(ctypes.Structure):
    _fields_ = [("abi_version", ctypes.c_int32), ("num_args", ctypes.c_int32),
                ("args", ctypes.POINTER(_ArgInfo)), ("name", ctypes.c_char_p),
                ("bytes_per_program", ctypes.c_double), ("ops_per_program", ctypes.c_double),
                ("vector_bytes", ctypes.c_int32), ("double_buffered", ctypes.c_int32),
                ("program_split", ctypes.c_int32)]


_PROGRAMS_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64)


class Runtime:
    """The loaded libtriton_edge_rt.so (one per process)."""

    _instance = None
    _lock = threading.Lock()

    def __init__(self, path: str):
        self.path = path
        # RTLD_GLOBAL: compiled kernels resolve te_rt_* against this library.
        self.lib = ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
        for sym in ("te_rt_launch_c", "te_rt_c_api_version", "te_rt_abi_version"):
            if not hasattr(self.lib, sym):
                raise OSError(f"{path}: no symbol {sym} (a runtime without the C API, "
                              "runtime/include/triton-edge-rt/c_api.h)")
        self.lib.te_rt_c_api_version.restype = ctypes.c_int32
        self.lib.te_rt_abi_version.restype = ctypes.c_int32
        self.abi_version = self.lib.te_rt_abi_version()
        f = self.lib.te_rt_launch_c
        f.restype = ctypes.c_int32
        f.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                      ctypes.POINTER(ctypes.c_int32), ctypes.c_int32, ctypes.c_int32,
                      ctypes.c_uint64, ctypes.c_int64, ctypes.POINTER(ctypes.c_int32),
                      ctypes.c_char_p, ctypes.c_int64]
        self._launch = f

    @classmethod
    def get(cls) -> "Runtime":
        with cls._lock:
            if cls._instance is None:
                cls._instance = Runtime(_paths.runtime_library())
            return cls._instance


class ArgSpec:
    __slots__ = ("is_pointer", "dtype", "name")

    def __init__(self, is_pointer: bool, dtype: str, name: str):
        self.is_pointer, self.dtype, self.name = is_pointer, dtype, name

    def __repr__(self):
        return f"{'*' if self.is_pointer else ''}{self.dtype} {self.name}"


class Kernel:
    """A compiled kernel: ``<name>_programs`` and ``<name>_info`` of a shared library."""

    def __init__(self, path: str, name: str, runtime: Runtime | None = None):
        self.runtime = runtime or Runtime.get()
        self.path, self.name = path, name
        self.lib = ctypes.CDLL(path, mode=ctypes.RTLD_LOCAL)
        try:
            self.programs = ctypes.cast(getattr(self.lib, name + "_programs"), ctypes.c_void_p)
            self.info = _KernelInfo.in_dll(self.lib, name + "_info")
        except (AttributeError, ValueError) as e:
            raise OSError(f"{path}: kernel '{name}' not found ({e})") from None
        if self.info.abi_version != self.runtime.abi_version:
            raise OSError(f"{path}: kernel ABI version {self.info.abi_version}, the runtime "
                          f"({self.runtime.path}) accepts {self.runtime.abi_version}")
        self.args = []
        for i in range(self.info.num_args):
            a = self.info.args[i]
            if a.dtype not in TE_DTYPES:
                raise OSError(f"{path}: argument {i} has unknown dtype code {a.dtype}")
            self.args.append(ArgSpec(bool(a.is_pointer), TE_DTYPES[a.dtype],
                                     (a.name or b"").decode() or f"arg{i}"))
        self.vector_bytes = self.info.vector_bytes
        self.double_buffered = self.info.double_buffered

    def pack(self, values) -> "PackedArgs":
        return pack_args(self.args, values)

    def launch(self, grid, values, threads: int = 1, dma: str = "sync", chaos_seed: int = 0,
               chunk: int = 0) -> int:
        """Packs `values` (one per kernel argument) and runs the grid. Returns the
        contexts used. Raises LaunchError with the runtime's message on failure."""
        return launch(self, grid, self.pack(values), threads, dma, chaos_seed, chunk)


class PackedArgs:
    """The args/numel arrays of te_launch, and the scalar storage they point at."""
    __slots__ = ("args", "numel", "keep")

    def __init__(self, n):
        self.args = (ctypes.c_void_p * max(n, 1))()
        self.numel = (ctypes.c_int64 * max(n, 1))()
        self.keep = []


def _tensor_device(v):
    dev = getattr(v, "device", None)
    if dev is None:
        return "cpu"
    return getattr(dev, "type", str(dev))


def tensor_dtype_name(v) -> str | None:
    """'float32', 'bfloat16', ... for torch tensors and NumPy arrays."""
    dt = getattr(v, "dtype", None)
    if dt is None:
        return None
    s = str(dt)
    return s[6:] if s.startswith("torch.") else s


def tensor_extent(v):
    """(data address, elements addressable from it to the end of the storage)."""
    if hasattr(v, "untyped_storage") and hasattr(v, "data_ptr"):  # torch
        ptr = v.data_ptr()
        st = v.untyped_storage()
        esize = v.element_size()
        end = st.data_ptr() + st.nbytes()
        return ptr, max(0, (end - ptr) // esize)
    if hasattr(v, "__array_interface__"):  # numpy
        ai = v.__array_interface__
        ptr = ai["data"][0]
        esize = v.itemsize
        if v.size == 0:
            return ptr, 0
        # Elements reachable from the first one through the view's strides;
        # the pointer is the view's first element, so negative strides are refused.
        if any(s < 0 for s in v.strides):
            raise ArgumentError("arrays with negative strides are not supported")
        reach = 1 + sum((d - 1) * s // esize for d, s in zip(v.shape, v.strides))
        base = v
        while getattr(base, "base", None) is not None and hasattr(base.base, "__array_interface__"):
            base = base.base
        if base is not v and base.flags["C_CONTIGUOUS"]:
            bptr = base.__array_interface__["data"][0]
            reach = max(reach, (bptr + base.nbytes - ptr) // esize)
        return ptr, reach
    raise ArgumentError(f"not a tensor: {type(v).__name__}")


_INT_RANGES = {"i8": (-2**7, 2**7 - 1), "i16": (-2**15, 2**15 - 1), "i32": (-2**31, 2**31 - 1),
               "i64": (-2**63, 2**63 - 1), "u8": (0, 2**8 - 1), "u16": (0, 2**16 - 1),
               "u32": (0, 2**32 - 1), "u64": (0, 2**64 - 1), "i1": (0, 1)}
_CTYPES = {"i1": ctypes.c_uint8, "i8": ctypes.c_int8, "i16": ctypes.c_int16, "i32": ctypes.c_int32,
           "i64": ctypes.c_int64, "u8": ctypes.c_uint8, "u16": ctypes.c_uint16,
           "u32": ctypes.c_uint32, "u64": ctypes.c_uint64, "f32": ctypes.c_float,
           "f64": ctypes.c_double, "f16": ctypes.c_uint16, "bf16": ctypes.c_uint16}


def f32_to_bf16_bits(x: float) -> int:
    """Round-to-nearest-even float32 -> bfloat16 bit pattern (NaN stays NaN)."""
    (bits,) = struct.unpack("<I", struct.pack("<f", x))
    if math.isnan(x):
        return 0x7FC0
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) & 0xFFFF


def scalar_storage(spec: ArgSpec, v):
    """A ctypes object holding scalar `v` with the kernel's type (checked)."""
    t = spec.dtype
    if hasattr(v, "item") and not hasattr(v, "data_ptr") and getattr(v, "ndim", 0) == 0:
        v = v.item()  # numpy scalars
    if t in _INT_RANGES:
        if isinstance(v, bool):
            v = int(v)
        if isinstance(v, float):
            if not v.is_integer():
                raise ArgumentError(f"argument '{spec.name}': {t} expected, got float {v}")
            v = int(v)
        if not isinstance(v, int):
            raise ArgumentError(f"argument '{spec.name}': {t} scalar expected, got {type(v).__name__}")
        lo, hi = _INT_RANGES[t]
        if t.startswith("i") and t != "i1":
            # TTIR integers are signless: Triton passes unsigned values (typed
            # u32/u64 by its specialization) to i32/i64 parameters.
            hi = 2 * hi + 1
        if not lo <= v <= hi:
            raise ArgumentError(f"argument '{spec.name}': {v} does not fit {t}")
        bits = 8 * DTYPE_BYTES[t]
        if t.startswith("i") and v >= 1 << (bits - 1):
            v -= 1 << bits
        return _CTYPES[t](v)
    if not isinstance(v, (int, float)):
        raise ArgumentError(f"argument '{spec.name}': {t} scalar expected, got {type(v).__name__}")
    v = float(v)
    if t == "f32":
        return ctypes.c_float(v)
    if t == "f64":
        return ctypes.c_double(v)
    if t == "f16":
        try:
            (bits,) = struct.unpack("<H", struct.pack("<e", v))
        except OverflowError:
            bits = 0x7C00 if v > 0 else 0xFC00
        return ctypes.c_uint16(bits)
    if t == "bf16":
        return ctypes.c_uint16(f32_to_bf16_bits(v))
    raise ArgumentError(f"argument '{spec.name}': unsupported scalar type {t}")


_INT_WIDTH = {"int8": 8, "uint8": 8, "int16": 16, "uint16": 16, "int32": 32, "uint32": 32,
              "int64": 64, "uint64": 64}


def _same_integer_width(tensor_dtype: str, kernel_dtype: str) -> bool:
    """TTIR integers are signless (i8 for int8 and uint8; signedness lives in
    the operations), so a kernel's integer pointee matches either signedness."""
    k = TORCH_NAMES.get(kernel_dtype, "")
    return (k in _INT_WIDTH and tensor_dtype in _INT_WIDTH
            and _INT_WIDTH[k] == _INT_WIDTH[tensor_dtype])


def pack_args(specs, values) -> PackedArgs:
    """Packs one value per kernel argument into te_launch's args/numel arrays.

    Tensor arguments: torch tensors (CPU only), NumPy arrays, or (address,
    numel) pairs; their element type must be the kernel's pointee type.
    Scalars: stored with the kernel's scalar type, range-checked."""
    values = list(values)
    if len(values) != len(specs):
        raise ArgumentError(f"kernel takes {len(specs)} arguments "
                            f"({', '.join(map(repr, specs))}), got {len(values)}")
    p = PackedArgs(len(specs))
    for i, (spec, v) in enumerate(zip(specs, values)):
        if spec.is_pointer:
            if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, int) for x in v):
                ptr, numel = v
            else:
                if not (hasattr(v, "data_ptr") or hasattr(v, "__array_interface__")):
                    raise ArgumentError(f"argument '{spec.name}': tensor of {TORCH_NAMES[spec.dtype]}"
                                        f" expected, got {type(v).__name__}")
                dev = _tensor_device(v)
                if dev != "cpu":
                    raise ArgumentError(f"argument '{spec.name}': tensor on device '{v.device}'; "
                                        "triton-edge runs kernels on CPU tensors")
                name = tensor_dtype_name(v)
                expected = TORCH_NAMES[spec.dtype] if hasattr(v, "data_ptr") else NUMPY_NAMES[spec.dtype]
                if name != expected and not _same_integer_width(name, spec.dtype):
                    raise ArgumentError(f"argument '{spec.name}': tensor of {name}, the kernel "
                                        f"was compiled for {TORCH_NAMES[spec.dtype]}")
                ptr, numel = tensor_extent(v)
            p.args[i] = ptr
            p.numel[i] = numel
        else:
            s = scalar_storage(spec, v)
            p.keep.append(s)
            p.args[i] = ctypes.addressof(s)
            p.numel[i] = 0
    return p


def normalize_grid(grid):
    g = list(grid) + [1] * (3 - len(grid))
    if len(g) != 3:
        raise ArgumentError(f"grid has {len(grid)} dimensions, at most 3")
    out = []
    for d in g:
        if not isinstance(d, int):
            if hasattr(d, "__index__"):
                d = d.__index__()
            else:
                raise ArgumentError(f"grid dimension {d!r} is not an integer")
        if d < 0 or d > 2**31 - 1:
            raise ArgumentError(f"grid dimension {d} out of range [0, 2^31)")
        out.append(d)
    return out


def threads_value(threads) -> int:
    """'auto' -> 0 (the runtime's cost model), otherwise a context count >= 1."""
    if isinstance(threads, str):
        if threads == "auto":
            return 0
        if not threads.isdigit():
            raise ValueError(f"threads must be a positive integer or 'auto', got '{threads}'")
        threads = int(threads)
    if threads < 0:
        raise ValueError(f"threads must be a positive integer or 'auto', got {threads}")
    return int(threads)


def launch(kernel: Kernel, grid, packed: PackedArgs, threads=1, dma: str = "sync",
           chaos_seed: int = 0, chunk: int = 0) -> int:
    g = normalize_grid(grid)
    if dma not in DMA_KINDS:
        raise ValueError(f"dma must be one of {', '.join(DMA_KINDS)}, got '{dma}'")
    grid_arr = (ctypes.c_int32 * 3)(*g)
    used = ctypes.c_int32(0)
    err = ctypes.create_string_buffer(1024)
    rc = kernel.runtime._launch(kernel.programs, ctypes.addressof(kernel.info), packed.args,
                                packed.numel, grid_arr, threads_value(threads), DMA_KINDS[dma],
                                chaos_seed, chunk, ctypes.byref(used), err, len(err))
    if rc != 0:
        raise LaunchError(f"kernel {kernel.name}: {err.value.decode(errors='replace')}")
    return used.value


def env_flag(name: str, default: str) -> str:
    return os.environ.get(name, default)
