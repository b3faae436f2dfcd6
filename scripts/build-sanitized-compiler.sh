#!/bin/sh
# Builds build-fuzz/: the whole compiler (triton-edge, triton-edge-opt) and
# the runtime under ASan+UBSan, with libFuzzer coverage instrumentation, and
# the fuzz target triton-edge-fuzz. Used by scripts/fuzz.sh and
# scripts/sanitizers.sh (kind `compiler`).
set -e
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/build-fuzz"
if [ ! -f "$dir/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -gline-tables-only -DNDEBUG" \
    "-DCMAKE_C_FLAGS_RELEASE=-O1 -gline-tables-only -DNDEBUG" \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DTRITON_EDGE_FUZZ=ON -DTRITON_EDGE_SANITIZE=address >/dev/null
fi
ninja -C "$dir" -j"${JOBS:-2}" triton-edge-fuzz triton-edge triton-edge-opt
