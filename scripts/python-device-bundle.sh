#!/bin/sh
# Packs the triton-edge CLI and runtime for a machine without LLVM (the Python
# package's device machine): scripts/static-cli.sh's static CLI and its
# libraries as one xz tarball OUT (default .te-device/triton-edge-bundle.tar.xz)
# holding bin/triton-edge and lib/.
# Unpack: mkdir -p DIR && tar -xJf OUT -C DIR; export TRITON_EDGE_HOME=DIR
set -e
cd "$(dirname "$0")/.."
out=${1:-.te-device/triton-edge-bundle.tar.xz}
stage=build/device-bundle
./scripts/static-cli.sh "$stage"
mkdir -p "$(dirname "$out")"
# The x86 filter: ~10 % smaller than plain xz on this binary.
tar -C "$stage" -cf - bin lib | xz --x86 --lzma2=preset=9e,dict=64MiB -T1 > "$out"
ls -l "$out"
