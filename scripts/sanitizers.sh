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
  if ! (cd "$dir" && ctest -j"$jobs" --output-on-failure); then
    echo "=== $kind: FAILED" >&2
    status=1
  fi
done
exit $status
