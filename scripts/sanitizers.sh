#!/usr/bin/env bash
# Builds the runtime-only tree with TSan and with ASan+UBSan and runs the unit
# tests (ctest) under each. Exits non-zero if a build or a test fails.
# Kind `compiler`: the compiler itself under ASan+UBSan (build-fuzz/, see
# scripts/build-sanitized-compiler.sh) compiles every kernel of
# test/corpus/inductor and inductor-v2 (run_compiler below says how).
#   usage: scripts/sanitizers.sh [thread|address|compiler ...]   (default: all three)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jobs="${JOBS:-2}"
kinds=("$@")
[ ${#kinds[@]} -eq 0 ] && kinds=(thread address compiler)

# Fail on the first report; UBSan aborts instead of printing and continuing.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=1 abort_on_error=1 ${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1 abort_on_error=1 print_stacktrace=1 ${UBSAN_OPTIONS:-}"

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

# The sanitized compiler over the corpora (inductor, inductor-v2): every
# kernel in two of the four combinations below (rotating, so each
# combination covers half the kernels), two at a time, and `check` on every
# 8th case. Any sanitizer report aborts the process (exit >= 128); compile
# errors (exit 2) are rejections, which the corpus tests catch, so only
# crashes and reports fail here.
compile_one() { # KERNEL INDEX: compiles KERNEL in two combinations
  local k="$1" i="$2" cli="$root/build-fuzz/bin/triton-edge" rc=0 out
  local configs=("--vec=on" "--vec=off --db=on" "--db=on --dma=prefetch"
                 "--vec=on --db=on --buffers=3 --check-bounds")
  out="$(mktemp -d)"
  for j in 0 1; do
    local cfg="${configs[$(( (2 * i + j) % 4 ))]}"
    # shellcheck disable=SC2086
    "$cli" compile "$k" $cfg -o "$out/k.so" 2>"$out/err" || rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
      echo "FAIL (exit $rc): compile $k $cfg"; tail -30 "$out/err"; rm -rf "$out"; return 1
    fi
    rc=0
  done
  if [ $((i % 8)) -eq 0 ]; then
    "$cli" check "$(dirname "$k")" --db=on --dma=async --threads=2 >"$out/err" 2>&1 || rc=$?
    if [ $rc -gt 3 ]; then
      echo "FAIL (exit $rc): check $(dirname "$k")"; tail -30 "$out/err"; rm -rf "$out"; return 1
    fi
  fi
  rm -rf "$out"
}
export -f compile_one
run_compiler() {
  "$root/scripts/build-sanitized-compiler.sh" || return 1
  local list n
  list="$(mktemp)"
  ls "$root"/test/corpus/inductor/*/kernel.ttir "$root"/test/corpus/inductor-v2/*/kernel.ttir |
    awk '{print $0 " " NR - 1}' > "$list"
  n=$(wc -l < "$list")
  echo "=== compiler: $n corpus kernels x 2 combinations (+ check on every 8th) under ASan+UBSan"
  # allow_user_poisoning=0: LLVM's headers poison free BumpPtrAllocator
  # space in our instrumented code while Debian's uninstrumented libMLIR
  # allocates from the same slabs without unpoisoning (false reports).
  if ASAN_OPTIONS="$ASAN_OPTIONS allow_user_poisoning=0" root="$root" \
       xargs -P "$jobs" -L 1 bash -c 'compile_one "$0" "$1"' < "$list"; then
    rm -f "$list"; echo "=== compiler: clean"
  else
    rm -f "$list"; return 1
  fi
}

status=0
for kind in "${kinds[@]}"; do
  if [ "$kind" = compiler ]; then
    run_compiler || { echo "=== compiler: FAILED" >&2; status=1; }
    continue
  fi
  case "$kind" in
    thread) dir="$root/build-tsan" ;;
    address) dir="$root/build-asan" ;;
    *) echo "unknown sanitizer '$kind' (thread|address|compiler)" >&2; exit 2 ;;
  esac
  echo "=== $kind: configure + build in $dir"
  # clang-22 as in the main build: the runtime's bf16 builtins need __bf16,
  # which Debian 12's g++ does not have on x86-64.
  cmake -G Ninja -S "$root" -B "$dir" -DTRITON_EDGE_RUNTIME_ONLY=ON \
        -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
        -DTRITON_EDGE_SANITIZE="$kind" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C "$dir" -j"$jobs"
  echo "=== $kind: ctest"
  if ! (cd "$dir" && ctest -j"$jobs" --output-on-failure) || ! run_e2e "$dir"; then
    echo "=== $kind: FAILED" >&2
    status=1
  fi
done
exit $status
