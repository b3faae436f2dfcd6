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
    # fp8 storage, one byte each (docs/semantics.md, "fp8").
    14: "f8e4m3fn", 15: "f8e5m2", 16: "f8e4m3fnuz", 17: "f8e5m2fnuz", 18: "f8e4b15",
}
FP8_TYPES = ("f8e4m3fn", "f8e5m2", "f8e4m3fnuz", "f8e5m2fnuz", "f8e4b15")
DTYPE_BYTES = {"i1": 1, "i8": 1, "i16": 2, "i32": 4, "i64": 8, "u8": 1, "u16": 2,
               "u32": 4, "u64": 8, "f16": 2, "bf16": 2, "f32": 4, "f64": 8,
               **{t: 1 for t in FP8_TYPES}}
# Names of the element types as torch / numpy spell them (float8e4b15 is
# Triton's alone; torch has no such dtype).
TORCH_NAMES = {"i1": "bool", "i8": "int8", "i16": "int16", "i32": "int32", "i64": "int64",
               "u8": "uint8", "u16": "uint16", "u32": "uint32", "u64": "uint64",
               "f16": "float16", "bf16": "bfloat16", "f32": "float32", "f64": "float64",
               "f8e4m3fn": "float8_e4m3fn", "f8e5m2": "float8_e5m2",
               "f8e4m3fnuz": "float8_e4m3fnuz", "f8e5m2fnuz": "float8_e5m2fnuz",
               "f8e4b15": "float8e4b15"}
NUMPY_NAMES = dict(TORCH_NAMES)
NUMPY_NAMES["bf16"] = "uint16"  # NumPy has no bfloat16 or fp8: bit patterns
NUMPY_NAMES.update({t: "uint8" for t in FP8_TYPES})

DMA_KINDS = {"sync": 0, "async": 1, "prefetch": 2}


class LaunchError(RuntimeError):
    """A launch the runtime refused or that failed (tt.assert, bounds, bad arguments)."""


class ArgumentError(TypeError, ValueError):
    """A launch argument or option that does not fit the kernel or the runtime
    (a TypeError and a ValueError, so callers catching either see it)."""


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
        # The calibrated cost model of auto launches is kept with the kernels:
        # a warm start reads it instead of measuring the machine again.
        if hasattr(self.lib, "te_rt_set_cost_model_dir"):
            self.lib.te_rt_set_cost_model_dir.restype = None
            self.lib.te_rt_set_cost_model_dir.argtypes = [ctypes.c_char_p]
            self.lib.te_rt_set_cost_model_dir(os.fsencode(_paths.cache_dir()))

    def launch_pool(self):
        """(kind, detail): where multi-context launches run now. kind "own"
        (the runtime's thread pool), "openmp" (the team of the OpenMP runtime
        the process has loaded, PyTorch's libgomp; detail: its file) or
        "error" (detail: why, e.g. an invalid TRITON_EDGE_POOL)."""
        f = getattr(self.lib, "te_rt_launch_pool_c", None)
        if f is None:
            return ("own", "a runtime without te_rt_launch_pool_c")
        f.restype = ctypes.c_int32
        f.argtypes = [ctypes.c_char_p, ctypes.c_int64]
        text = ctypes.create_string_buffer(4096)
        rc = f(text, len(text))
        value = text.value.decode(errors="replace")
        if rc == 1:
            return ("openmp", value[len("openmp "):])
        return ("own", "") if rc == 0 else ("error", value)

    def set_launch_pool(self, choice: str):
        """'auto', 'own' or 'openmp' for every launch from now on (overrides
        TRITON_EDGE_POOL)."""
        f = self.lib.te_rt_set_launch_pool_c
        f.restype = ctypes.c_int32
        f.argtypes = [ctypes.c_char_p]
        if not isinstance(choice, str) or f(choice.encode()) != 0:
            raise ArgumentError(f"launch pool must be 'auto', 'own' or 'openmp', got {choice!r}")

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

    def __init__(self, path: str, name: str, runtime: Runtime | None = None,
                 ttir: str | None = None):
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
        self.facts = kernel_facts(ttir, len(self.args)) if ttir else None

    def pack(self, values, facts=None) -> "PackedArgs":
        return pack_args(self.args, values, facts or self.facts)

    def launch(self, grid, values, threads: int = 1, dma: str = "sync", chaos_seed: int = 0,
               chunk: int = 0) -> int:
        """Packs `values` (one per kernel argument) and runs the grid. Returns the
        contexts used. Raises LaunchError with the runtime's message on failure."""
        return launch(self, grid, self.pack(values), threads, dma, chaos_seed, chunk, self.facts)


class PackedArgs:
    """The args/numel arrays of te_launch, and the scalar storage they point at."""
    __slots__ = ("args", "numel", "keep", "scalars", "specs")

    def __init__(self, n):
        self.args = (ctypes.c_void_p * max(n, 1))()
        self.numel = (ctypes.c_int64 * max(n, 1))()
        self.keep = []
        self.scalars = {}  # argument index -> the Python value of an integer scalar
        self.specs = []


# Element types by the names torch, NumPy and triton.language give them.
_TE_BY_NAME = {v: k for k, v in TORCH_NAMES.items()}
_TE_BY_NAME.update({"bool_": "i1", "int1": "i1", "fp16": "f16", "fp32": "f32", "fp64": "f64",
                    "bf16": "bf16"})
# fp8 storage as torch (float8_*) and triton.language (fp8e4nv, ...: what
# str() of a TensorWrapper's dtype gives) spell it.
FP8_NAMES = {"float8_e4m3fn": "f8e4m3fn", "float8_e5m2": "f8e5m2",
             "float8_e4m3fnuz": "f8e4m3fnuz", "float8_e5m2fnuz": "f8e5m2fnuz",
             "float8e4b15": "f8e4b15",
             "fp8e4nv": "f8e4m3fn", "fp8e5": "f8e5m2", "fp8e4b8": "f8e4m3fnuz",
             "fp8e5b16": "f8e5m2fnuz", "fp8e4b15": "f8e4b15"}


class TensorView:
    """What a launch needs from a tensor argument: its data address, the
    elements reachable from it, its element type (None: untyped), whether the
    kernel may write it."""
    __slots__ = ("ptr", "numel", "dtype", "writable", "what", "numpy")

    def __init__(self, ptr, numel, dtype, writable, what, numpy=False):
        self.ptr, self.numel, self.dtype, self.writable, self.what = ptr, numel, dtype, writable, what
        self.numpy = numpy


def _tensor_device(v):
    dev = getattr(v, "device", None)
    if dev is None:
        return "cpu"
    return getattr(dev, "type", str(dev))


def tensor_dtype_name(v) -> str | None:
    """'float32', 'bfloat16', 'uint16' (triton.language's too), ... ."""
    dt = getattr(v, "dtype", None)
    if dt is None:
        return None
    s = str(dt)
    return s[6:] if s.startswith("torch.") else s


def _te_dtype_of(name: str):
    if name in FP8_NAMES:
        return FP8_NAMES[name]
    return _TE_BY_NAME.get(name)


def _elem_bytes(te: str) -> int:
    return DTYPE_BYTES.get(te, 0)


def _is_wrapper(v) -> bool:
    """triton.reinterpret's TensorWrapper: a tensor seen with a triton.language dtype."""
    return hasattr(v, "base") and hasattr(v, "data_ptr") and \
        type(getattr(v, "dtype", None)).__module__.startswith("triton")


def _torch_view(v, te):
    """A torch tensor (or a TensorWrapper's base) seen as elements of `te`."""
    try:
        ptr = v.data_ptr()
        st = v.untyped_storage()
        end = st.data_ptr() + st.nbytes()
    except (RuntimeError, NotImplementedError) as e:  # sparse, meta, ... tensors
        raise ArgumentError(f"tensor without plain storage ({e})") from None
    if v.numel() == 0:
        return ptr, 0
    esize = _elem_bytes(te) or v.element_size()
    return ptr, max(0, (end - ptr) // esize)


def describe_tensor(v) -> TensorView:
    """TensorView of a torch tensor, a TensorWrapper (its dtype wins over the
    base tensor's), a NumPy array, an (address, numel) pair or None (a null
    pointer with no elements, for optional pointer arguments)."""
    if v is None:
        return TensorView(0, 0, None, True, "None")
    if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, int) and not isinstance(x, bool)
                                                    for x in v):
        if v[0] < 0 or v[1] < 0:
            raise ArgumentError(f"(address, numel) pair with a negative value: {v}")
        return TensorView(v[0], v[1], None, True, "(address, numel)")
    if getattr(v, "device", None) is not None:
        _check_device(v)
    if _is_wrapper(v):
        base = v.base
        if _is_wrapper(base):
            base = base.base
        name = str(v.dtype)
        te = _te_dtype_of(name)
        if te is None:
            raise ArgumentError(f"TensorWrapper of {name}: no triton-edge element type")
        _check_device(base)
        ptr, numel = _torch_view(base, te)
        return TensorView(ptr, numel, te, True, f"TensorWrapper[{name}]")
    if hasattr(v, "untyped_storage") and hasattr(v, "data_ptr"):  # torch
        _check_device(v)
        name = tensor_dtype_name(v)
        te = _te_dtype_of(name)
        if te is None:
            raise ArgumentError(f"tensor of {name}: no triton-edge element type")
        if getattr(v, "is_conj", lambda: False)() or getattr(v, "is_neg", lambda: False)():
            raise ArgumentError("tensor with a pending conjugate/negation bit; call "
                                ".resolve_conj()/.resolve_neg() first")
        ptr, numel = _torch_view(v, te)
        return TensorView(ptr, numel, te, True, f"tensor of {name}")
    if hasattr(v, "__array_interface__"):  # numpy
        name = str(v.dtype)
        te = _te_dtype_of(name)
        if te is None:
            raise ArgumentError(f"NumPy array of {name}: no triton-edge element type")
        ptr, numel = _numpy_extent(v)
        return TensorView(ptr, numel, te, bool(v.flags.writeable), f"tensor of {name}", True)
    raise NotATensor(f"not a tensor: {type(v).__name__} (torch tensors, TensorWrapper, "
                     "NumPy arrays, (address, numel) pairs or None)")


class NotATensor(ArgumentError):
    pass


def _check_device(v):
    if _tensor_device(v) != "cpu":
        raise ArgumentError(f"tensor on device '{v.device}'; triton-edge runs kernels on CPU tensors")


def _numpy_extent(v):
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


def tensor_extent(v):
    """(data address, elements addressable from it to the end of the storage)."""
    t = describe_tensor(v)
    return t.ptr, t.numel


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


def kernel_facts(ttir: str, num_args: int):
    """launcher.KernelFacts of `ttir` when its arguments are the kernel's, else None."""
    from .launcher import KernelFacts
    try:
        f = KernelFacts(ttir)
    except Exception:  # TTIR beyond this reading: the checks that need it are skipped
        return None
    return f if len(f.names) == num_args else None


def _pointer_arg(spec: ArgSpec, i: int, v, facts):
    """(address, numel) of tensor argument `v` for pointer argument `spec`, checked."""
    try:
        t = describe_tensor(v)
    except NotATensor:
        raise ArgumentError(f"argument '{spec.name}': tensor of {TORCH_NAMES[spec.dtype]} "
                            f"expected, got {type(v).__name__}") from None
    except ArgumentError as e:
        raise ArgumentError(f"argument '{spec.name}': {e}") from None
    if t.dtype is not None and t.dtype != spec.dtype and not _compatible(t, spec.dtype):
        raise ArgumentError(f"argument '{spec.name}': {t.what}, the kernel was compiled for "
                            f"{TORCH_NAMES[spec.dtype]}")
    written = facts.written if facts is not None else None
    if not t.writable and (written is None or i in written):
        why = "the kernel writes it" if written is not None else \
            "the kernel may write it (no TTIR tells which arguments it writes)"
        raise ArgumentError(f"argument '{spec.name}': read-only {t.what} ({why}); pass a "
                            "writable copy")
    esize = DTYPE_BYTES[spec.dtype]
    align = max(esize, facts.divisibility[i] if facts is not None else 1)
    if t.ptr % align and t.numel:
        raise ArgumentError(f"argument '{spec.name}': address {t.ptr:#x} is not a multiple of "
                            f"{align} bytes" + (" (the kernel was compiled for tt.divisibility = "
                                                f"{align})" if align > esize else ""))
    return t.ptr, t.numel


def _compatible(t: TensorView, kernel_dtype: str) -> bool:
    """TTIR integers are signless (i8 for int8 and uint8; signedness lives in
    the operations), so an integer pointee takes either signedness; bool is
    byte storage; NumPy has no bfloat16 or fp8, so 16-bit (8-bit) integer
    arrays carry their bits (as .npy case files hold them)."""
    if t.dtype in _INT_BITS and kernel_dtype in _INT_BITS:
        return _INT_BITS[t.dtype] == _INT_BITS[kernel_dtype]
    if kernel_dtype in FP8_TYPES:
        return t.numpy and t.dtype in ("u8", "i8")
    if t.dtype == "f8e4b15":  # Triton's TTIR carries float8e4b15 as i8 (its bits)
        return kernel_dtype == "i8"
    return kernel_dtype == "bf16" and t.numpy and t.dtype in ("u16", "i16")


_INT_BITS = {"i1": 8, "i8": 8, "u8": 8, "i16": 16, "u16": 16, "i32": 32, "u32": 32,
             "i64": 64, "u64": 64}


def pack_args(specs, values, facts=None) -> PackedArgs:
    """Packs one value per kernel argument into te_launch's args/numel arrays.

    Tensor arguments: see describe_tensor; their element type must be the
    kernel's pointee type (integers of either signedness). Scalars: stored
    with the kernel's scalar type, range-checked. `facts` (launcher.KernelFacts
    of the kernel's TTIR) adds the checks of written and aligned arguments."""
    values = list(values)
    if len(values) != len(specs):
        raise ArgumentError(f"kernel takes {len(specs)} arguments "
                            f"({', '.join(map(repr, specs))}), got {len(values)}")
    p = PackedArgs(len(specs))
    p.specs = specs
    for i, (spec, v) in enumerate(zip(specs, values)):
        if spec.is_pointer:
            p.args[i], p.numel[i] = _pointer_arg(spec, i, v, facts)
        else:
            s = scalar_storage(spec, v)
            div = facts.divisibility[i] if facts is not None else 1
            if spec.dtype in _INT_RANGES and div > 1 and s.value % div:
                raise ArgumentError(f"argument '{spec.name}': {v} is not a multiple of {div}, "
                                    "which the kernel was compiled for (tt.divisibility)")
            if spec.dtype in _INT_RANGES:
                p.scalars[i] = s.value
            p.keep.append(s)
            p.args[i] = ctypes.addressof(s)
            p.numel[i] = 0
    return p


def check_extents(facts, grid, packed: PackedArgs):
    """Refuses tensors smaller than what the kernel's unmasked top-level loads
    and stores address for this grid (launcher.KernelFacts.extents)."""
    if facts is None:
        return
    for i, hi, kind in facts.extents(grid, packed.scalars):
        if hi >= packed.numel[i]:
            raise ArgumentError(
                f"argument '{packed.specs[i].name}': the launch (grid {tuple(grid)}) "
                f"{kind}s element {hi} without a mask, the tensor has {packed.numel[i]} "
                "elements from its pointer")


def normalize_grid(grid):
    g = list(grid) + [1] * (3 - len(grid))
    if len(g) != 3:
        raise ArgumentError(f"grid has {len(grid)} dimensions, at most 3")
    return [int_option(f"grid dimension {k}", d, 0, 2**31 - 1) for k, d in enumerate(g)]


def int_option(what: str, v, lo: int, hi: int) -> int:
    """`v` as an int in [lo, hi]; bools, floats and other types are refused."""
    if isinstance(v, bool) or not (isinstance(v, int) or hasattr(v, "__index__")):
        raise ArgumentError(f"{what} must be an integer, got {type(v).__name__} {v!r}")
    v = v.__index__()
    if not lo <= v <= hi:
        raise ArgumentError(f"{what} = {v} out of range [{lo}, {hi}]")
    return v


def threads_value(threads) -> int:
    """'auto' -> 0 (the runtime's cost model), otherwise a context count >= 1."""
    if isinstance(threads, str):
        if threads == "auto":
            return 0
        if not threads.isdigit():
            raise ArgumentError(f"threads must be a positive integer or 'auto', got '{threads}'")
        threads = int(threads)
    # The runtime takes an int32; its pool caps the contexts at its own size.
    return int_option("threads", threads, 0, 2**31 - 1)


def launch(kernel: Kernel, grid, packed: PackedArgs, threads=1, dma: str = "sync",
           chaos_seed: int = 0, chunk: int = 0, facts=None) -> int:
    g = normalize_grid(grid)
    if not isinstance(dma, str) or dma not in DMA_KINDS:
        raise ArgumentError(f"dma must be one of {', '.join(DMA_KINDS)}, got {dma!r}")
    nthreads = threads_value(threads)
    chaos_seed = int_option("chaos_seed", chaos_seed, 0, 2**64 - 1)
    chunk = int_option("chunk", chunk, 0, 2**63 - 1)
    check_extents(facts, g, packed)
    grid_arr = (ctypes.c_int32 * 3)(*g)
    used = ctypes.c_int32(0)
    err = ctypes.create_string_buffer(1024)
    rc = kernel.runtime._launch(kernel.programs, ctypes.addressof(kernel.info), packed.args,
                                packed.numel, grid_arr, nthreads, DMA_KINDS[dma],
                                chaos_seed, chunk, ctypes.byref(used), err, len(err))
    if rc != 0:
        raise LaunchError(f"kernel {kernel.name}: {err.value.decode(errors='replace')}")
    return used.value


def env_flag(name: str, default: str) -> str:
    return os.environ.get(name, default)
