#!/bin/sh
# The Python route on this machine, without a GPU (the README's test command
# runs it after ctest): a virtual environment with the pinned PyTorch, Triton,
# NumPy and pytest (python/requirements/ci.txt), the package installed from
# python/, then scripts/python-integration.sh's steps against build/: the
# package's pytest suite, the tutorials, the conformance suite, the
# torch.compile models (correctness against eager; latency only reported) and
# the capture round trip. What runs where and why: docs/python.md.
#   ./scripts/python-ci.sh [REQUIREMENTS] [STEP ...]
# REQUIREMENTS defaults to python/requirements/ci.txt;
# python/requirements/triton-3.6.txt checks the device machine's Triton.
set -e
cd "$(dirname "$0")/.."
req=python/requirements/ci.txt
case ${1:-} in *.txt) req=$1; shift ;; esac
venv=build/python-venv-$(basename "$req" .txt)
base=build/python-venv-ci
[ "$venv" = "$base" ] && base=
./scripts/python-venv.sh "$req" "$venv" $base
export PYTHON="$PWD/$venv/bin/python" TRITON_EDGE_HOME="$PWD/build"
# Two cores: models at 1 and 2 threads, 3 timed forwards each.
export MODEL_THREADS=${MODEL_THREADS:-1,2} MODEL_REPS=${MODEL_REPS:-3}
exec ./scripts/python-integration.sh "$@"
