#!/bin/sh
# Installs the Debian 12 packages triton-edge needs, skipping those already
# installed (idempotent). Needs root (CI and the dev machines run as root;
# elsewhere run it with sudo).
set -e
cd "$(dirname "$0")/.."
want="cmake ninja-build ccache python3 git
      llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22 liblld-22-dev
      libgtest-dev nlohmann-json3-dev libdnnl-dev libomp-22-dev
      libc6-dev-arm64-cross libstdc++-12-dev-arm64-cross
      libc6-dev-riscv64-cross libstdc++-12-dev-riscv64-cross qemu-user
      python3-numpy python3-venv libsystemc-dev libclang-rt-22-dev libzstd-dev libgomp1"
# The cross sysroots and qemu-user: edge targets (docs/targets.md) are
# cross-built and run under emulation in the tests. python3-numpy: the
# Python package's tests (test/e2e/python-runtime.test). SystemC: the NPU
# timing model (docs/npu-model.md). python3-venv: the Python route's pinned
# environment (scripts/python-ci.sh). libzstd-dev: the static CLI of the wheel
# and the device bundle (scripts/static-cli.sh). libclang-rt-22-dev: the sanitizer and
# libFuzzer runtimes of clang-22 (scripts/fuzz.sh, scripts/sanitizers.sh).
# libgomp1: unittests/test_openmp_pool.cpp loads it, standing in for
# PyTorch's libgomp (the runtime never links an OpenMP library).
missing=""
for p in $want; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $missing
fi
# qemu-hexagon 10.0 for the Hexagon runs (Debian 12's 7.2 emulates only v67):
# extracted from bookworm-backports' qemu-user into build/cross/hexagon/bin.
./scripts/fetch-qemu-hexagon.sh
# Optional: the ATen peer of `triton-edge bench` is built when libtorch-dev is
# installed (apt-get install libtorch-dev); it is never required.
