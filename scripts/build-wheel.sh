#!/bin/sh
# Builds the triton-edge wheel for this machine's architecture:
#   ./scripts/build-wheel.sh [OUT_DIR]   (default build/wheel/dist)
# It holds the Python package, the compiler library (the C API the package
# compiles with, in process) and the CLI, both linked statically against
# MLIR/LLVM and lld (scripts/static-cli.sh), and the runtime, so `pip install`
# of it needs no LLVM. Its platform tag is manylinux_2_N for the newest glibc symbol version
# its binaries need (scripts/make_wheel.py). An aarch64 wheel is not built:
# docs/python.md says why.
set -e
cd "$(dirname "$0")/.."
out=${1:-build/wheel/dist}
./scripts/static-cli.sh build/wheel/native >/dev/null
rm -f "$out"/triton_edge-*.whl
python3 scripts/make_wheel.py build/wheel/native "$out"
