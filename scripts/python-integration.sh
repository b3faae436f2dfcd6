#!/bin/sh
# The Python integration check, run on a machine with PyTorch (2.11) and
# Triton (3.6) -- the device machine -- in the repository root:
#   ./scripts/python-integration.sh [unit|tutorials|conformance|conformance-vec-off|conformance-edge|models|capture|zoo ...]  (default: all)
# Installs the triton_edge package into a fresh site directory, then runs the
# @triton.jit tutorials, the conformance suite (test/python/conformance/run.py)
# and the three torch.compile
# models (cpu_backend="triton"), printing pass/fail counts and latencies, and
# captures the tutorials' launches as cases that the CLI alone then checks.
# The conformance suite runs twice, with the compiler's Vec on (its default)
# and off, and the launches of its passing tests, captured as kernel cases,
# are checked on aarch64-neon and riscv64-rvv under qemu-user, Vec on and off
# (step conformance-edge; needs qemu-user and the cross runtimes in
# $TRITON_EDGE_HOME/cross, as build/ has them).
# The compiler: $TRITON_EDGE_HOME if set, else the bundle made by
# scripts/python-device-bundle.sh ($TRITON_EDGE_BUNDLE, default
# .te-device/triton-edge-bundle.tar.xz; no LLVM needed), else build/.
# LOGDIR=dir keeps each step's output; CAPTURE=dir is where the conformance
# step records the launches of the passing tests as kernel cases (default: a
# directory of the work area); MODEL_THREADS=1,16 (default 1,nproc);
# TE_WORK=dir is the work area (emptied first; default: a new directory
# under $TMPDIR); STEP_TIMEOUT=seconds bounds each step (default 1800); PYTHON=interpreter
# (default python3; scripts/python-ci.sh passes its virtual environment's);
# MODEL_REPS=n timed forwards per model (default 20); ZOO_ARGS: the arguments
# of bench/models/zoo.py (default: two tiny models, checked against eager, not
# timed), ZOO_OUT its output directory (default: $LOGDIR/zoo, else the work
# directory's).
# Steps: unit (the package's pytest suite), tutorials, conformance,
# conformance-vec-off, conformance-edge, models, capture, zoo.
set -u
cd "$(dirname "$0")/.."
steps=${*:-unit tutorials conformance conformance-vec-off conformance-edge models capture zoo}
PY=${PYTHON:-python3}
# A work area of its own unless TE_WORK names one: two runs at once (a
# clone's CI beside a checkout's) must not delete each other's packages and
# captured cases.
if [ -n "${TE_WORK:-}" ]; then
  work=$TE_WORK
  rm -rf "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/triton-edge-python.XXXXXX") || exit 2
fi
mkdir -p "$work/home" "$work/site"
echo "work area (kept: captured cases, zoo results): $work"
if [ -z "${TRITON_EDGE_HOME:-}" ]; then
  bundle=${TRITON_EDGE_BUNDLE:-.te-device/triton-edge-bundle.tar.xz}
  if [ -f "$bundle" ]; then
    tar -xJf "$bundle" -C "$work/home" || exit 2
    export TRITON_EDGE_HOME="$work/home"
  elif [ -x build/bin/triton-edge ]; then
    export TRITON_EDGE_HOME="$PWD/build"
  else
    echo "no triton-edge compiler: set TRITON_EDGE_HOME or make a bundle (scripts/python-device-bundle.sh)"
    exit 2
  fi
fi
"$TRITON_EDGE_HOME/bin/triton-edge" --version || exit 2
# The CLI links kernels with ld.lld; without LLVM, GNU ld (triton-edge check).
# (The edge ISAs need the CLI's own ld.lld: conformance-edge drops that fallback.)
host_linker=${TRITON_EDGE_LINKER:-}
command -v ld.lld >/dev/null || export TRITON_EDGE_LINKER="${TRITON_EDGE_LINKER:-$(command -v ld)}"
"$PY" -m pip install -q --no-deps --no-build-isolation --no-index --target "$work/site" ./python || exit 2
rm -rf python/build python/*.egg-info
export PYTHONPATH="$work/site${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
export TRITON_EDGE_CACHE_DIR="$work/kernels" TRITON_CACHE_DIR="$work/triton-cache"
export TORCHINDUCTOR_CACHE_DIR="$work/inductor-cache"
repo=$PWD
cd "$work" # import the installed package, not the source tree
src=$repo/python/examples
"$PY" -c "import triton, torch, triton.backends as b; print('triton', triton.__version__, 'torch', torch.__version__, 'backends', sorted(b.backends))" || exit 2
cases=${CAPTURE:-$work/conformance-cases}
# qemu-riscv64 7.2's own assertion on RVV conversions with a static rounding
# mode (test/edge/qemu-riscv64-rvv-rtz.test reproduces it without our code).
QEMU_RVV_RTZ="decode_save_opc: Assertion=qemu-riscv64 7.2 bug on vfcvt.rtz (test/edge/qemu-riscv64-rvv-rtz.test)"
rc=0
run() { # name, command...
  name=$1; shift
  echo "==== $name: $*"
  if [ -n "${LOGDIR:-}" ]; then
    mkdir -p "$LOGDIR"
    ( timeout "${STEP_TIMEOUT:-1800}" "$@"; echo $? > "$work/rc" ) 2>&1 | tee "$LOGDIR/$name.log"
  else
    ( timeout "${STEP_TIMEOUT:-1800}" "$@"; echo $? > "$work/rc" ) 2>&1
  fi
  r=$(cat "$work/rc")
  [ "$r" = 124 ] && echo "==== $name: stopped after ${STEP_TIMEOUT:-1800} s"
  [ "$r" = 0 ] || rc=1
}
for s in $steps; do
  case $s in
    unit) run unit "$PY" -m pytest -q -p no:cacheprovider "$repo/python/tests" ;;
    tutorials) run tutorials "$PY" "$src/tutorials.py" --bench ;;
    conformance) run conformance "$PY" "$repo/test/python/conformance/run.py" --capture "$cases" ;;
    conformance-vec-off) run conformance-vec-off "$PY" "$repo/test/python/conformance/run.py" --vec off ;;
    conformance-edge) # the captured cases on the edge ISAs (docs/targets.md, "The edge tests")
      [ -d "$cases" ] || run conformance "$PY" "$repo/test/python/conformance/run.py" --capture "$cases"
      run conformance-edge env TRITON_EDGE_LINKER="$host_linker" "$PY" "$repo/test/edge/run_edge.py" --tool "$TRITON_EDGE_HOME/bin/triton-edge" \
        --corpus "$cases" --jobs "$(nproc)" \
        --every="--target=aarch64-neon --vec=on" --every="--target=aarch64-neon --vec=off" \
        --every="--target=riscv64-rvv --vec=on" --every="--target=riscv64-rvv --vec=off" \
        --emulator-crash="$QEMU_RVV_RTZ" ;;
    models) run models "$PY" "$src/models.py" --threads "${MODEL_THREADS:-1,$(nproc)}" --reps "${MODEL_REPS:-20}" ;;
    capture) # record the tutorials' launches as cases, then check each with the CLI alone
      run capture sh -c "'$PY' -m triton_edge.capture -o '$work/captured' '$src/tutorials.py' &&
        '$PY' '$repo/test/e2e/run_corpus.py' --tool '$TRITON_EDGE_HOME/bin/triton-edge' \
          --corpus '$work/captured' --jobs $(nproc) --config='--threads=1,4' --config='--vec=off --db=on --dma=async'" ;;
    zoo) # shellcheck disable=SC2086 # ZOO_ARGS is a list of arguments
      run zoo "$PY" "$repo/bench/models/zoo.py" \
        ${ZOO_ARGS:---size tiny --models regnety_400mf,train_lm --threads 1 --check-only} \
        --out "${ZOO_OUT:-${LOGDIR:-$work}/zoo}" ;;
    *) echo "unknown step $s"; rc=2 ;;
  esac
done
echo "==== python integration: $([ $rc = 0 ] && echo PASS || echo FAIL)"
exit $rc
