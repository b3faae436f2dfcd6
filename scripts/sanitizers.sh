#!/usr/bin/env bash
# Builds the runtime-only tree with TSan and with ASan+UBSan and runs the unit
# tests (ctest) under each. Exits non-zero if a build or a test fails.
# Kind `compiler`: the compiler itself under ASan+UBSan (build-fuzz/, see
# scripts/build-sanitized-compiler.sh) compiles every kernel of every corpus
# under test/corpus in four mechanism combinations, then runs `check` (the
# sanitized runtime) on every 8th case.
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

# The sanitized compiler over the corpora. Any sanitizer report aborts the
# process (non-zero, not 1 or 2); compile errors (exit 2) would be
# rejections, which the corpus tests catch, so only crashes fail here.
run_compiler() {
  local cli="$root/build-fuzz/bin/triton-edge" out n=0 bad=0 i=0
  "$root/scripts/build-sanitized-compiler.sh" || return 1
  out="$(mktemp -d)"
  local configs=("--vec=on" "--vec=off --db=on" "--db=on --dma=prefetch"
                 "--vec=on --db=on --buffers=3 --check-bounds")
  echo "=== compiler: every corpus kernel x ${#configs[@]} combinations under ASan+UBSan"
  for k in "$root"/test/corpus/*/*/kernel.ttir; do
    for cfg in "${configs[@]}"; do
      n=$((n + 1))
      # shellcheck disable=SC2086
      "$cli" compile "$k" $cfg -o "$out/k.so" 2>"$out/err" || {
        rc=$?
        if [ $rc -ne 2 ]; then
          echo "FAIL (exit $rc): $k [$cfg]"; tail -30 "$out/err"; bad=$((bad + 1))
        fi
      }
    done
    i=$((i + 1))
    if [ $((i % 8)) -eq 0 ]; then
      n=$((n + 1))
      "$cli" check "$(dirname "$k")" --db=on --dma=async --threads=2 >"$out/err" 2>&1 || {
        rc=$?
        if [ $rc -gt 3 ]; then
          echo "FAIL (exit $rc): check $(dirname "$k")"; tail -30 "$out/err"; bad=$((bad + 1))
        fi
      }
    fi
  done
  rm -rf "$out"
  echo "=== compiler: $n runs, $bad with a crash or sanitizer report"
  [ $bad -eq 0 ]
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
