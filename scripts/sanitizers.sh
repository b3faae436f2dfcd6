#!/usr/bin/env bash
# Builds the runtime-only tree with TSan and with ASan+UBSan and runs the unit
# tests (ctest) under each. Exits non-zero if a build or a test fails.
#   usage: scripts/sanitizers.sh [thread|address ...]   (default: both)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jobs="${JOBS:-2}"
kinds=("$@")
[ ${#kinds[@]} -eq 0 ] && kinds=(thread address)

# Fail on the first report; UBSan aborts instead of printing and continuing.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=1 abort_on_error=1 ${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1 print_stacktrace=1 ${UBSAN_OPTIONS:-}"

# Real kernels through the sanitized runtime: compiled by the main build's CLI
# (when it exists), run by the sanitized te-run-case over the thread pool and
# every DMA engine, with chaos delays.
cli="$root/build/bin/triton-edge"
corpus="$root/test/corpus/inductor"
e2e_cases="add_dyn__triton_poi_fused_add_0 layer_norm__triton_per_fused_native_layer_norm_0
  softmax_dyn__triton_red_fused__softmax_exp_prepare_softmax_online_sub_0
  index_add__triton_poi_fused_index_add_1 gelu_dyn__triton_poi_fused_gelu_0"
kernels=""
if [ -x "$cli" ]; then
  kernels="$(mktemp -d)"
  trap 'rm -rf "$kernels"' EXIT
  for c in $e2e_cases; do
    "$cli" compile "$corpus/$c/kernel.ttir" --db=on -o "$kernels/$c.db.so" 2>/dev/null
    "$cli" compile "$corpus/$c/kernel.ttir" -o "$kernels/$c.so"
  done
else
  echo "=== $cli not built: end-to-end kernels skipped"
fi

run_e2e() {
  local dir="$1" ok=0
  [ -n "$kernels" ] || return 0
  echo "=== $(basename "$dir"): compiled corpus kernels through the sanitized runtime"
  for c in $e2e_cases; do
    "$dir/bin/te-run-case" "$kernels/$c.so" "$corpus/$c" --threads=4 --repeat=3 || ok=1
    for dma in sync async prefetch; do
      "$dir/bin/te-run-case" "$kernels/$c.db.so" "$corpus/$c" --threads=4 --dma=$dma \
        --chaos-seed=7 --repeat=2 || ok=1
    done
  done
  return $ok
}

status=0
for kind in "${kinds[@]}"; do
  case "$kind" in
    thread) dir="$root/build-tsan" ;;
    address) dir="$root/build-asan" ;;
    *) echo "unknown sanitizer '$kind' (thread|address)" >&2; exit 2 ;;
  esac
  echo "=== $kind: configure + build in $dir"
  cmake -G Ninja -S "$root" -B "$dir" -DTRITON_EDGE_RUNTIME_ONLY=ON \
        -DTRITON_EDGE_SANITIZE="$kind" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C "$dir" -j"$jobs"
  echo "=== $kind: ctest"
  if ! (cd "$dir" && ctest -j"$jobs" --output-on-failure) || ! run_e2e "$dir"; then
    echo "=== $kind: FAILED" >&2
    status=1
  fi
done
exit $status
