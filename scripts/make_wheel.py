"""Writes the triton-edge wheel: the Python package of python/ plus the static
CLI, compiler library and runtime (scripts/static-cli.sh's DIR) as
triton_edge/_native/.

    python3 scripts/make_wheel.py NATIVE_DIR OUT_DIR

The platform tag is manylinux_2_<N>_<arch>, N being the newest glibc symbol
version any shipped ELF file needs (read with objdump -T), so the tag is true
for the glibc the wheel needs. The Python tag is py3-none: the package is pure
Python and loads the native parts with ctypes and as a subprocess; its one
CPython extension (_native/lib/_fastlaunch.abi3.so, the driver's launch fast
path, limited API) is optional and loaded by path, so an interpreter that
cannot load it launches through the package's Python path."""
import base64
import hashlib
import io
import os
import re
import stat
import subprocess
import sys
import tomllib
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG = os.path.join(REPO, "python")


def glibc_floor(paths):
    """(major, minor) of the newest GLIBC_x.y symbol version the files need."""
    newest = (2, 17)
    for p in paths:
        out = subprocess.run(["objdump", "-T", p], capture_output=True, text=True, check=True).stdout
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", out):
            newest = max(newest, (int(major), int(minor)))
    return newest


def is_elf(path):
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def files_to_ship(native):
    """(path in the wheel, path on disk) of every file of the package."""
    out = []
    for root, dirs, files in os.walk(os.path.join(PKG, "triton_edge")):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for f in sorted(files):
            if f.endswith(".py") or f == "_options.json":  # the option table
                p = os.path.join(root, f)
                out.append((os.path.relpath(p, PKG), p))
    for root, _, files in os.walk(native):
        for f in sorted(files):
            p = os.path.join(root, f)
            out.append((os.path.join("triton_edge", "_native", os.path.relpath(p, native)), p))
    return out


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_wheel.py NATIVE_DIR OUT_DIR")
    native, out_dir = sys.argv[1:]
    for part in ("bin/triton-edge", "lib/libtriton-edge-compiler.so", "lib/libtriton_edge_rt.so"):
        if not os.path.isfile(os.path.join(native, part)):
            sys.exit(f"make_wheel: {native}/{part} does not exist (scripts/static-cli.sh makes it)")
    with open(os.path.join(PKG, "pyproject.toml"), "rb") as f:
        project = tomllib.load(f)["project"]
    name, version = project["name"].replace("-", "_"), project["version"]
    files = files_to_ship(native)
    elves = [p for _, p in files if is_elf(p)]
    major, minor = glibc_floor(elves)
    arch = os.uname().machine
    tag = f"py3-none-manylinux_{major}_{minor}_{arch}"
    dist_info = f"{name}-{version}.dist-info"
    with open(os.path.join(PKG, "README.md")) as f:
        readme = f.read()
    metadata = (f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {version}\n"
                f"Summary: {project['description']}\nRequires-Python: {project['requires-python']}\n"
                f"Description-Content-Type: text/markdown\n\n{readme}")
    wheel = f"Wheel-Version: 1.0\nGenerator: triton-edge make_wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n"
    entry_points = "".join(f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items()) + "\n"
                           for group, eps in project.get("entry-points", {}).items())
    entry_points += "[console_scripts]\n" + "".join(
        f"{k} = {v}\n" for k, v in project.get("scripts", {}).items())
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{name}-{version}-{tag}.whl")
    tmp = path + ".tmp"
    records = []
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        def add(arcname, data, mode):
            info = zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
            records.append(record_line(arcname, data))
        for arcname, p in files:
            with open(p, "rb") as f:
                data = f.read()
            add(arcname, data, 0o755 if os.access(p, os.X_OK) and is_elf(p) else 0o644)
        for fname, text in (("METADATA", metadata), ("WHEEL", wheel),
                            ("entry_points.txt", entry_points)):
            add(f"{dist_info}/{fname}", text.encode(), 0o644)
        records.append(f"{dist_info}/RECORD,,")
        info = zipfile.ZipInfo(f"{dist_info}/RECORD", date_time=(2026, 1, 1, 0, 0, 0))
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        z.writestr(info, "\n".join(records) + "\n")
    os.replace(tmp, path)
    print(path)


if __name__ == "__main__":
    main()
