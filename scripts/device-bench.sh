#!/bin/sh
# Runs a bundle (triton-edge bench bundle DIR --corpus SCALED) on a machine
# where its large inputs were left out: regenerates the scaled cases' inputs
# with bench/scale_cases.py (same seeds, NumPy there), copies every case's
# .npy files into the bundle, then runs one part of the benchmark.
#
#   scripts/device-bench.sh BUNDLE OUT torch [torch_peers.py options]
#       ours, PyTorch eager and torch.compile side by side -> OUT/torch_peers.{json,md}
#   scripts/device-bench.sh BUNDLE OUT bench [run.sh options]
#       te-bench (ladder, scaling, peers); merges OUT/torch_peers.json when present
#
# Splitting the two keeps each part under a device call's time limit
# (docs/results.md says how the issue-12 runs were made).
set -e
cd "$(dirname "$0")/.."
bundle=$1 out=$2 part=$3
shift 3
[ -d "$bundle" ] && [ -n "$out" ] || { echo "usage: $0 BUNDLE OUT torch|bench [options]" >&2; exit 2; }
mkdir -p "$out"
scaled=$(mktemp -d)
python3 bench/scale_cases.py "$scaled" --corpus test/corpus/inductor
for c in "$bundle"/cases/*/; do
  n=$(basename "$c")
  for src in "$scaled/$n" "test/corpus/inductor/$n"; do
    if [ -d "$src" ]; then
      cp "$src"/*.npy "$c"
      break
    fi
  done
done
rm -rf "$scaled"
case $part in
  torch) python3 "$bundle/torch_peers.py" --manifest "$bundle/manifest.json" --out "$out/torch_peers.json" "$@" ;;
  bench)
    if [ -f "$out/torch_peers.json" ]; then export TE_TORCH_PEERS="$out/torch_peers.json"; fi
    "$bundle/run.sh" --out="$out" --no-progress "$@" ;;
  *) echo "$0: unknown part '$part' (torch or bench)" >&2; exit 2 ;;
esac
