"""Compiling TTIR text to a kernel shared library through the triton-edge CLI
(the project's stable compiler interface: `triton-edge compile`)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

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


def _compiler_identity() -> str:
    """The CLI's content hash (memoized per process): a rebuilt compiler
    never reuses libraries an older one made."""
    import hashlib
    cli = _paths.cli()
    st = os.stat(cli)
    key = (cli, st.st_size, st.st_mtime_ns)
    if _IDENTITY.get("key") != key:
        h = hashlib.sha256()
        with open(cli, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _IDENTITY.update(key=key, digest=h.hexdigest())
    return _IDENTITY["digest"]


_IDENTITY: dict = {}


def _library_cache_path(ttir: str, flags: list[str]) -> str | None:
    """Where the persistent cache keeps the library of this TTIR compiled with
    these flags (which include the target) by this compiler; None when
    TRITON_EDGE_COMPILE_CACHE=0."""
    if os.environ.get("TRITON_EDGE_COMPILE_CACHE", "1") == "0":
        return None
    import hashlib
    h = hashlib.sha256()
    for part in (_compiler_identity(), "\0".join(flags), ttir):
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
    """TTIR text -> bytes of a shared library exporting <name>_programs/<name>_info.

    Runs `triton-edge compile --emit=obj` and links the object with the
    system's C compiler (or TRITON_EDGE_LINKER), so no LLVM linker is needed
    where the package runs. Raises CompilationError with the compiler's
    diagnostics when it rejects the kernel."""
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
        self.dir = os.environ.get("TRITON_EDGE_CACHE_DIR") or os.path.join(
            os.path.expanduser("~"), ".cache", "triton-edge", "kernels")

    def path_for(self, data: bytes) -> str:
        import hashlib
        h = hashlib.sha256(data).hexdigest()[:32]
        os.makedirs(self.dir, exist_ok=True)
        p = os.path.join(self.dir, f"{h}.so")
        if not os.path.exists(p):
            fd, tmp = tempfile.mkstemp(dir=self.dir, suffix=".so.tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, p)
        return p
