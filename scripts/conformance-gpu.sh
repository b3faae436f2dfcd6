#!/bin/sh
# The conformance suite on a GPU: run.py --device cuda (Triton's own CUDA
# backend, the same tests and references; docs/python.md, "The same suite on
# a GPU"), in the repository root of a machine whose $PYTHON (default python3)
# has PyTorch and a CUDA Triton:
#   OUT=dir sh scripts/conformance-gpu.sh
# Installs the triton_edge package (the tests import it; no compiler needed),
# runs GPUCONF_SHARDS (default 16) shards in parallel, each resumed after a
# lost CUDA context or a test past --test-timeout, all within GPUCONF_SECONDS
# (default 170), and merges them. Leaves in $OUT (default /tmp/gpuconf-out):
# gpuconf.json (the merged results), gpuconf.txt (the summary) and
# gpuconf-shards.tgz (each shard's log and json). Exits as --merge does.
set -u
cd "$(dirname "$0")/.."
t0=$(date +%s)
PY=${PYTHON:-python3}
OUT=${OUT:-/tmp/gpuconf-out}
shards=${GPUCONF_SHARDS:-16}
end=$((t0 + ${GPUCONF_SECONDS:-170}))
work=${TMPDIR:-/tmp}/gpuconf
rm -rf "$work" && mkdir -p "$work/shards" "$work/site" "$OUT" || exit 2
"$PY" -m pip install -q --no-deps --no-build-isolation --no-index --target "$work/site" ./python || exit 2
rm -rf python/build python/*.egg-info
export PYTHONPATH="$work/site${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1 TRITON_CACHE_DIR="$work/triton-cache"
unset TRITON_EDGE_ACTIVE
"$PY" -c "import torch, triton; print('torch', torch.__version__, 'triton', triton.__version__, torch.cuda.get_device_name() if torch.cuda.is_available() else 'no CUDA device')" || exit 2

shard() { # index: runs (and resumes) one shard until it is done or the time is up
  json=$work/shards/shard$1.json log=$work/shards/shard$1.log resume=
  for try in 1 2 3 4 5 6 7 8 9 10; do
    left=$((end - $(date +%s)))
    [ "$left" -gt 10 ] || { echo "==== shard $1: out of time" >> "$log"; return; }
    timeout -k 5 "$left" "$PY" test/python/conformance/run.py --device "${GPUCONF_DEVICE:-cuda}" \
      --shard "$1/$shards" --json "$json" $resume --test-timeout 60 >> "$log" 2>&1
    rc=$?
    grep -q '"done": true' "$json" 2>/dev/null && return
    [ -f "$json" ] || { echo "==== shard $1: exit $rc before its first test" >> "$log"; return; }
    echo "==== shard $1: exit $rc before its end (try $try); resuming" >> "$log"
    resume=--resume
  done
}
i=0
while [ "$i" -lt "$shards" ]; do shard "$i" & i=$((i + 1)); done
wait
echo "shards ended after $(( $(date +%s) - t0 )) s"
grep -h "^==== shard" "$work"/shards/*.log
"$PY" test/python/conformance/run.py --merge "$work"/shards/shard*.json --json "$OUT/gpuconf.json" > "$OUT/gpuconf.txt" 2>&1
rc=$?
tar -czf "$OUT/gpuconf-shards.tgz" -C "$work" shards
cat "$OUT/gpuconf.txt"
echo "conformance-gpu: exit $rc after $(( $(date +%s) - t0 )) s"
exit $rc
