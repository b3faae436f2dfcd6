#!/bin/sh
# The wheel as a user gets it: builds it (scripts/build-wheel.sh), installs it
# with pip into a fresh virtual environment beside the pinned PyTorch and
# Triton (python/requirements/ci.txt), then runs the tutorials from an empty
# directory with LLVM hidden: /usr/lib/llvm-22 (every LLVM/MLIR library and
# tool of Debian's packages) is covered by an empty tmpfs in a private mount
# namespace, so nothing from the build or from LLVM can be reached. Kernels are
# compiled in process by the wheel's compiler library (asserted), not by
# running its CLI.
#   ./scripts/wheel-test.sh      (needs root for the mount namespace, as CI has)
set -e
cd "$(dirname "$0")/.."
repo=$PWD
./scripts/build-wheel.sh build/wheel/dist
whl=$(ls build/wheel/dist/triton_edge-*.whl)
venv=$repo/build/python-venv-wheel
rm -rf "$venv"
# The pinned environment without triton-edge: a copy of python-ci.sh's when it
# is there (it never installs the package into it; copying saves unpacking
# PyTorch again), else made here.
ci=build/python-venv-ci
./scripts/python-venv.sh python/requirements/ci.txt "$ci" >/dev/null
cp -a "$ci" "$venv"
"$venv/bin/python" -c "import importlib.util as u, sys; sys.exit(u.find_spec('triton_edge') is not None)" ||
  { echo "wheel-test: $ci holds triton_edge; expected a clean environment" >&2; exit 1; }
"$venv/bin/python" -m pip install -q --no-deps "$whl"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp python/examples/tutorials.py "$work/"
cat > "$work/check.sh" <<SH
set -e
mount -t tmpfs none /usr/lib/llvm-22
cd "$work"
unset TRITON_EDGE_HOME TRITON_EDGE_CLI TRITON_EDGE_RT PYTHONPATH
export TRITON_CACHE_DIR="$work/triton-cache" TRITON_EDGE_CACHE_DIR="$work/kernels"
"$venv/bin/python" - <<'PY'
import os, subprocess, sys
from triton_edge import _paths, compile as tec
cli, rt, lib = _paths.cli(), _paths.runtime_library(), _paths.compiler_library()
route, where = tec.compile_route()
assert route == "in-process" and where == lib, (route, where)
for p in (cli, rt, lib):
    assert "/site-packages/triton_edge/_native/" in p, f"not the wheel's: {p}"
    deps = subprocess.run(["ldd", p], capture_output=True, text=True, check=True).stdout
    assert "not found" not in deps and "LLVM" not in deps and "MLIR" not in deps, deps
assert not os.listdir("/usr/lib/llvm-22"), "LLVM is still visible"
print("wheel:", cli, subprocess.run([cli, "--version"], capture_output=True, text=True).stdout.strip())
print("wheel: compiling in process with", lib)
PY
# The tutorials with the CLI fallback made impossible: every kernel must come
# from the compiler library.
TRITON_EDGE_CLI=/nonexistent "$venv/bin/python" tutorials.py
SH
unshare -m sh "$work/check.sh"
echo "wheel-test: PASS ($(basename "$whl"))"
