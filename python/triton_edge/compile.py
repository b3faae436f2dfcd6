"""Compiling TTIR text to a kernel shared library.

In process by default: libtriton-edge-compiler.so, the compiler's C API
(include/triton-edge-c/Compiler.h), through ctypes, which releases the GIL
during the call, so threads (Inductor's parallel compile, a thread pool)
compile kernels at once. Running the `triton-edge compile` CLI, one process
per kernel, is the fallback where the library cannot be found or loaded, or
with TRITON_EDGE_IN_PROCESS=0. Both take the same options, raise the same
CompilationError (the kernel's source location first) and share the
persistent cache (docs/python.md, "Compile latency")."""
from __future__ import annotations

import ctypes
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import warnings

from . import _paths
from . import options as te_options

# Compile-time flags of `triton-edge compile` this package passes through: the
# option table's compiler options (`target` here, `te_target` in Triton's options).
COMPILE_FLAGS = tuple(te_options.cli_name(n).replace("-", "_") for n in te_options.COMPILE_OPTIONS)


class CompilationError(RuntimeError):
    """The compiler rejected a kernel. `message` holds its diagnostics
    (`file:line:col: error: ...`, the location in the kernel's Python source)."""

    def __init__(self, message: str, ttir_path: str | None = None):
        super().__init__(message)
        self.message = message
        self.ttir_path = ttir_path


_FUNC_RE = re.compile(r"tt\.func\s+(?:public\s+)?@([A-Za-z_$.][\w$.]*)")


def kernel_name(ttir: str) -> str:
    """The name of the (first public) tt.func of a TTIR module."""
    m = re.search(r"tt\.func\s+public\s+@([A-Za-z_$.][\w$.]*)", ttir) or _FUNC_RE.search(ttir)
    if not m:
        raise CompilationError("no tt.func in the module")
    return m.group(1)


_NOINLINE = re.compile(r"noinline\s*=\s*true")


def strip_noinline(text: str) -> str:
    """Drops the `noinline = true` attribute of tt.func ops (TTIR text), so
    Triton's inliner inlines @triton.jit(noinline=True) helpers: the
    triton-edge compiler has no tt.call, and inlining keeps the semantics."""
    text = re.sub(r"\s*attributes\s*\{\s*noinline\s*=\s*true\s*\}", "", text)
    text = re.sub(r"noinline\s*=\s*true\s*,\s*", "", text)
    return re.sub(r",\s*noinline\s*=\s*true", "", text)


def flags_from_options(opts: dict) -> list[str]:
    out = []
    for k in COMPILE_FLAGS:
        v = opts.get(k)
        if v is None or v == "":
            continue
        if isinstance(v, bool):
            v = "on" if v else "off"
        out.append(f"--{k.replace('_', '-')}={v}")
    extra = opts.get("extra_flags") or ""
    out += extra.split()
    return out


def _linker():
    env = os.environ.get("TRITON_EDGE_LINKER")
    if env:
        return env.split()
    for c in ("cc", "gcc", "clang", "ld.lld", "ld"):
        p = shutil.which(c)
        if p:
            return [p]
    raise CompilationError("no linker found (cc, gcc, clang, ld.lld, ld); set TRITON_EDGE_LINKER")


class _CompilerLibrary:
    """libtriton-edge-compiler.so through ctypes (include/triton-edge-c/Compiler.h)."""

    API_VERSION = 1

    def __init__(self, path: str):
        lib = ctypes.CDLL(path)  # RTLD_LOCAL: its symbols stay its own
        lib.te_compiler_c_api_version.restype = ctypes.c_int32
        version = lib.te_compiler_c_api_version()
        if version != self.API_VERSION:
            raise OSError(f"{path}: C API version {version}, this package needs {self.API_VERSION}")
        lib.te_compile_ttir.restype = ctypes.c_void_p
        lib.te_compile_ttir.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                        ctypes.POINTER(ctypes.c_char_p), ctypes.c_int32,
                                        ctypes.c_char_p]
        lib.te_compile_result_ok.restype = ctypes.c_int32
        lib.te_compile_result_ok.argtypes = [ctypes.c_void_p]
        lib.te_compile_result_diagnostics.restype = ctypes.c_char_p
        lib.te_compile_result_diagnostics.argtypes = [ctypes.c_void_p]
        lib.te_compile_result_library.restype = ctypes.c_void_p
        lib.te_compile_result_library.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)]
        lib.te_compile_result_destroy.restype = None
        lib.te_compile_result_destroy.argtypes = [ctypes.c_void_p]
        lib.te_compiler_links_in_process.restype = ctypes.c_int32
        self.lib, self.path = lib, path

    def compile(self, ttir: str, flags: list[str], source_name: str) -> bytes:
        text = ttir.encode()
        argv = (ctypes.c_char_p * len(flags))(*(f.encode() for f in flags))
        # The GIL is released for the call (ctypes.CDLL): other threads run.
        result = self.lib.te_compile_ttir(text, len(text), source_name.encode(), argv, len(flags),
                                          None)
        if not result:
            raise MemoryError("te_compile_ttir: out of memory")
        try:
            if not self.lib.te_compile_result_ok(result):
                raise CompilationError(
                    self.lib.te_compile_result_diagnostics(result).decode(errors="replace"))
            size = ctypes.c_size_t()
            data = self.lib.te_compile_result_library(result, ctypes.byref(size))
            return ctypes.string_at(data, size.value)
        finally:
            self.lib.te_compile_result_destroy(result)


_LOADED: dict = {}  # path -> _CompilerLibrary, or the OSError loading it gave
_LOAD_LOCK = threading.Lock()


def _library_path():
    """(the compiler library's path, None) or (None, why the CLI is used); loads nothing."""
    if os.environ.get("TRITON_EDGE_IN_PROCESS", "1") == "0":
        return None, "TRITON_EDGE_IN_PROCESS=0"
    try:
        return _paths.compiler_library(), None
    except FileNotFoundError as e:
        return None, str(e)


def _compiler_library():
    """(the loaded compiler library, None) or (None, why the CLI is used)."""
    path, why = _library_path()
    if path is None:
        return None, why
    with _LOAD_LOCK:
        if path not in _LOADED:
            try:
                _LOADED[path] = _CompilerLibrary(path)
            except OSError as e:
                _LOADED[path] = e
                warnings.warn(f"triton-edge: compiling with the CLI, one process per kernel: "
                              f"{e}", RuntimeWarning, stacklevel=3)
    loaded = _LOADED[path]
    return (loaded, None) if isinstance(loaded, _CompilerLibrary) else (None, str(loaded))


def compile_route() -> tuple[str, str]:
    """("in-process", the library's path) or ("cli", why the library is not used)."""
    lib, why = _compiler_library()
    return ("in-process", lib.path) if lib else ("cli", why)


def _compiler_file() -> str:
    """The file that compiles: the library in process, else the CLI. Found
    without loading the library: Triton asks for the backend's hash on every
    start, and a warm start that compiles nothing must not pay the load."""
    path, _ = _library_path()
    return path if path and not isinstance(_LOADED.get(path), OSError) else _paths.cli()


def compiler_stamp() -> str:
    """A cheap identity of the compiler in use (Triton's backend hash)."""
    path = _compiler_file()
    st = os.stat(path)
    return f"{os.path.basename(path)}-{st.st_size}-{int(st.st_mtime)}"


def _compiler_identity(path: str) -> str:
    """The compiler file's content hash (memoized per process and file): a
    rebuilt compiler never reuses libraries an older one made."""
    st = os.stat(path)
    key = (st.st_size, st.st_mtime_ns)
    with _LOAD_LOCK:
        known = _IDENTITY.get(path)
    if known and known[0] == key:
        return known[1]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    with _LOAD_LOCK:
        _IDENTITY[path] = (key, h.hexdigest())
    return h.hexdigest()


_IDENTITY: dict = {}


def _library_cache_path(ttir: str, flags: list[str]) -> str | None:
    """Where the persistent cache keeps the library of this TTIR compiled with
    these flags (which include the target) by this compiler; None when
    TRITON_EDGE_COMPILE_CACHE=0."""
    if os.environ.get("TRITON_EDGE_COMPILE_CACHE", "1") == "0":
        return None
    h = hashlib.sha256()
    for part in (_compiler_identity(_compiler_file()), "\0".join(flags), ttir):
        h.update(part.encode())
        h.update(b"\1")
    return os.path.join(KernelCache().dir, "compiled", h.hexdigest()[:40] + ".so")


def compile_ttir(ttir: str, options: dict | None = None, workdir: str | None = None) -> bytes:
    """TTIR text -> bytes of a shared library exporting <name>_programs/<name>_info,
    from the persistent cache when this compiler already compiled the same
    TTIR with the same flags (docs/python.md, "Compile cache")."""
    options = options or {}
    cached = _library_cache_path(ttir, flags_from_options(options))
    if cached and os.path.isfile(cached):
        with open(cached, "rb") as f:
            return f.read()
    data = _compile_ttir_uncached(ttir, options, workdir)
    if cached:  # a temporary name, then rename: readers never see half a file
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(cached), suffix=".so.tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, cached)
    return data


def _compile_ttir_uncached(ttir: str, options: dict, workdir: str | None) -> bytes:
    """TTIR text -> bytes of a shared library exporting <name>_programs/<name>_info,
    in process when the compiler library loads, else with the CLI. Raises
    CompilationError with the compiler's diagnostics when it rejects the
    kernel. `workdir` (optional) keeps the TTIR as kernel.ttir there, and the
    messages name that file."""
    lib, _ = _compiler_library()
    if lib is None:
        return _compile_with_cli(ttir, options, workdir)
    source = "kernel.ttir"
    if workdir:
        source = os.path.join(workdir, "kernel.ttir")
        with open(source, "w") as f:
            f.write(ttir)
    try:
        return lib.compile(ttir, flags_from_options(options), source)
    except CompilationError as e:
        e.ttir_path = source if workdir else None
        raise


_CLI_PREFIXES = ("triton-edge compile: ", "error: ")


def _compile_with_cli(ttir: str, options: dict, workdir: str | None) -> bytes:
    """The fallback: runs `triton-edge compile --emit=obj` and links the object
    with the system's C compiler (or TRITON_EDGE_LINKER), so no LLVM linker
    is needed where the package runs."""
    own = workdir is None
    d = workdir or tempfile.mkdtemp(prefix="triton-edge-")
    try:
        src = os.path.join(d, "kernel.ttir")
        obj = os.path.join(d, "kernel.o")
        so = os.path.join(d, "kernel.so")
        with open(src, "w") as f:
            f.write(ttir)
        cmd = [_paths.cli(), "compile", src, "--emit=obj", "-o", obj] + flags_from_options(options)
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            msg = (r.stderr + r.stdout).strip() or f"triton-edge compile exited with {r.returncode}"
            # The diagnostics as the library gives them (the location first):
            # without the CLI's "triton-edge compile: [error: ]".
            for prefix in _CLI_PREFIXES:
                msg = msg[len(prefix):] if msg.startswith(prefix) else msg
            raise CompilationError(msg, src if not own else None)
        link = _linker()
        if os.path.basename(link[0]).startswith("ld"):
            lcmd = link + ["-shared", "-o", so, obj]
        else:
            lcmd = link + ["-shared", "-nostartfiles", "-o", so, obj]
        r = subprocess.run(lcmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise CompilationError(f"linking the kernel failed ({' '.join(lcmd)}):\n{r.stderr}")
        with open(so, "rb") as f:
            return f.read()
    finally:
        if own:
            shutil.rmtree(d, ignore_errors=True)


class KernelCache:
    """Writes kernel library bytes to files (dlopen needs a path), one per content."""

    def __init__(self):
        self.dir = _paths.cache_dir()

    def path_for(self, data: bytes) -> str:
        h = hashlib.sha256(data).hexdigest()[:32]
        os.makedirs(self.dir, exist_ok=True)
        p = os.path.join(self.dir, f"{h}.so")
        if not os.path.exists(p):
            fd, tmp = tempfile.mkstemp(dir=self.dir, suffix=".so.tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, p)
        return p
