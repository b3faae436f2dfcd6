#!/bin/bash
# Compares `triton-edge compile KERNEL --emit=loops` of two builds over the
# corpus kernels, for the default flags and a few combinations: a refactor
# of the options must not change what is compiled. The reference's
# string-keyed te.* attributes (before the te dialect) are first rewritten into
# the dialect's syntax (te-attributes-to-dialect.py; a no-op on newer output),
# so only their spelling may differ.
#   scripts/compare-emit-loops.sh NEW_TRITON_EDGE REFERENCE_TRITON_EDGE
set -u
new=${1:?new triton-edge}
ref=${2:?reference triton-edge}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
combos=(
  ""
  "--vec=off"
  "--db=on --buffers=3"
  "--db=on --dma=prefetch"
  "--threads=4 --split-programs=off --math=fast"
  "--target=x86-64-v3 --vector-bytes=16 --check-bounds --no-asserts"
  "--target=generic-npu --db=on --scratchpad-bytes=65536"
  "--target=hexagon-v73 --profile-set contexts=2 --llvm-vectorizers=off"
)
same=0 differ=0 failed=0 kernels=0
for k in "$root"/test/corpus/inductor/*/kernel.ttir; do
  kernels=$((kernels + 1))
  for c in "${combos[@]}"; do
    # shellcheck disable=SC2086
    "$new" compile "$k" --emit=loops -o "$tmp/new.mlir" $c 2>"$tmp/new.err"; rn=$?
    # shellcheck disable=SC2086
    "$ref" compile "$k" --emit=loops -o "$tmp/ref.mlir" $c 2>"$tmp/ref.err"; rr=$?
    if [ $rn -ne $rr ]; then
      echo "EXIT DIFFERS ($rn vs $rr): $k $c"; failed=$((failed + 1)); continue
    fi
    if [ $rn -ne 0 ]; then
      cmp -s "$tmp/new.err" "$tmp/ref.err" && same=$((same + 1)) ||
        { echo "ERROR DIFFERS: $k $c"; differ=$((differ + 1)); }
      continue
    fi
    python3 "$root/scripts/te-attributes-to-dialect.py" <"$tmp/ref.mlir" >"$tmp/ref-dialect.mlir"
    if cmp -s "$tmp/new.mlir" "$tmp/ref-dialect.mlir"; then same=$((same + 1))
    else echo "DIFFERS: $k $c"; differ=$((differ + 1)); fi
  done
done
echo "kernels: $kernels, flag sets: ${#combos[@]}"
echo "identical: $same, different: $differ, exit status differs: $failed"
[ $differ -eq 0 ] && [ $failed -eq 0 ]
