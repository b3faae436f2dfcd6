#!/bin/sh
# Runs upstream Triton's language tests (python/test/unit/language/test_core.py
# of the Triton release installed; not part of this repository) through the
# triton-edge backend with the GPU hidden, then sorts the failures into the
# GPU-only categories and ours (test/python/upstream/classify.py):
#   ./scripts/upstream-test-core.sh TEST_CORE_PY [OUTDIR] [pytest args...]
# Needs: PYTHON with torch, triton, numpy, pytest (and pytest-xdist for
# JOBS>1); TRITON_EDGE_HOME (a build or an unpacked device bundle).
# Writes OUTDIR/junit.xml, OUTDIR/pytest.log and OUTDIR/summary.md; exits 1
# when any failure is ours.
set -u
src=${1:?usage: upstream-test-core.sh TEST_CORE_PY [OUTDIR] [pytest args...]}
out=${2:-${TMPDIR:-/tmp}/upstream-test-core}
[ $# -ge 2 ] && shift 2 || shift 1
PY=${PYTHON:-python3}
case $PY in */*) PY=$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY") ;; esac
JOBS=${JOBS:-$(nproc)}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/site" "$work/unit/language"
cp "$src" "$work/unit/language/test_core.py"
# The `device` fixture of upstream's conftest: which device tensors live on.
cat > "$work/conftest.py" <<'PYEOF'
import pytest


def pytest_addoption(parser):
    parser.addoption("--device", action="store", default="cpu")


@pytest.fixture
def device(request):
    return request.config.getoption("--device")
PYEOF
"$PY" -m pip install -q --no-deps --no-build-isolation --no-index --target "$work/site" "$root/python" || exit 2
rm -rf "$root/python/build" "$root/python/"*.egg-info
command -v ld.lld >/dev/null || export TRITON_EDGE_LINKER="${TRITON_EDGE_LINKER:-$(command -v ld)}"
export PYTHONPATH="$work/site" TRITON_EDGE_ACTIVE=1 CUDA_VISIBLE_DEVICES= PYTHONUNBUFFERED=1
par=""
[ "$JOBS" -gt 1 ] && par="-n $JOBS"
(cd "$work" && "$PY" -m pytest -q $par unit/language/test_core.py --device cpu -p no:cacheprovider \
  -rfE --tb=line --junitxml="$out/junit.xml" "$@") > "$out/pytest.log" 2>&1
tail -1 "$out/pytest.log"
[ -f "$out/junit.xml" ] || { cat "$out/pytest.log"; exit 2; }
"$PY" "$root/test/python/upstream/classify.py" "$out/junit.xml" --list > "$out/summary.md"
rc=$?
sed -n '1,8p' "$out/summary.md"
exit $rc
