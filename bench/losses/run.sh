#!/bin/sh
# Per-kernel and whole-forward comparison of triton-edge with Inductor C++ on
# the RegNetY-style and RoBERTa-style models (bench/losses/kernels.py), in the
# repository root, with the compiler from $TRITON_EDGE_HOME, else the device
# bundle (scripts/python-device-bundle.sh), else build/:
#   bench/losses/run.sh [kernels.py flags]   (default: --threads 1,$(nproc))
set -eu
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3}
work=${TE_WORK:-${TMPDIR:-/tmp}/triton-edge-losses}
rm -rf "$work" && mkdir -p "$work/home" "$work/site"
if [ -z "${TRITON_EDGE_HOME:-}" ]; then
  if [ -f .te-device/triton-edge-bundle.tar.xz ]; then
    tar -xJf .te-device/triton-edge-bundle.tar.xz -C "$work/home"
    export TRITON_EDGE_HOME="$work/home"
  else
    export TRITON_EDGE_HOME="$PWD/build"
  fi
fi
command -v ld.lld >/dev/null || export TRITON_EDGE_LINKER="${TRITON_EDGE_LINKER:-$(command -v ld)}"
"$PY" -m pip install -q --no-deps --no-build-isolation --no-index --target "$work/site" ./python
rm -rf python/build python/*.egg-info
export PYTHONPATH="$work/site" TRITON_EDGE_ACTIVE=1 PYTHONUNBUFFERED=1
export TRITON_EDGE_CACHE_DIR="$work/kernels" TRITON_CACHE_DIR="$work/triton-cache"
export TORCHINDUCTOR_CACHE_DIR="$work/inductor-cache"
[ $# -gt 0 ] || set -- --threads "1,$(nproc)"
exec "$PY" bench/losses/kernels.py "$@"
