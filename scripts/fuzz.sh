#!/usr/bin/env bash
# Fuzzes the compiler: builds build-fuzz/ (the compiler under ASan+UBSan,
# instrumented for coverage, and the libFuzzer target triton-edge-fuzz, see
# tools/triton-edge-fuzz), replays every past crash (test/fuzz/regressions),
# then mutates TTIR seeded with every corpus kernel for SECONDS (default 60),
# then runs the structure-aware mode (triton-edge-fuzz-structured: MLIR-level
# mutations, docs/fuzzing.md) for STRUCTURED_SECONDS (default 20).
# Exits non-zero on a crash, hang, leak or sanitizer report; the input that
# caused it is in build-fuzz/fuzz-artifacts/.
#   usage: scripts/fuzz.sh [SECONDS] [libFuzzer flags...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
secs="${1:-60}"
shift || true
dir="$root/build-fuzz"
"$root/scripts/build-sanitized-compiler.sh"
ninja -C "$dir" -j"${JOBS:-2}" triton-edge-fuzz-structured

seeds="$dir/fuzz-seeds"
work="$dir/fuzz-corpus"
structured="$dir/fuzz-corpus-structured"
structuredSeeds="$dir/fuzz-seeds-structured"
mkdir -p "$seeds" "$work" "$structured" "$structuredSeeds" "$dir/fuzz-artifacts"
# Seeds: every corpus kernel and every hand-written e2e case (scf.while,
# block pointers, tt.call, ... that the corpora do not contain).
for k in "$root"/test/corpus/*/*/kernel.ttir "$root"/test/e2e/cases/*/*/kernel.ttir; do
  c="$(basename "$(dirname "$k")")"
  cmp -s "$k" "$seeds/$c.ttir" 2>/dev/null || cp "$k" "$seeds/$c.ttir"
done
# The structure-aware mode's short run starts from fewer seeds (the e2e
# cases and every 16th corpus kernel, about 50): replaying all 500 takes
# longer than its 20 s, which would leave no time to mutate.
i=0
for k in "$root"/test/e2e/cases/*/*/kernel.ttir "$root"/test/corpus/*/*/kernel.ttir; do
  c="$(basename "$(dirname "$k")")"
  case "$k" in */e2e/*) ;; *) i=$((i + 1)); [ $((i % 16)) -eq 0 ] || continue ;; esac
  cmp -s "$k" "$structuredSeeds/$c.ttir" 2>/dev/null || cp "$k" "$structuredSeeds/$c.ttir"
done

# allow_user_poisoning=0: see docs/fuzzing.md (LLVM's allocator poisoning
# in instrumented headers vs the uninstrumented libMLIR: false reports).
export ASAN_OPTIONS="detect_leaks=1 abort_on_error=1 allow_user_poisoning=0 ${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1 abort_on_error=1 print_stacktrace=1 ${UBSAN_OPTIONS:-}"
fuzz="$dir/bin/triton-edge-fuzz"
regressions=("$root"/test/fuzz/regressions/*.ttir)
if [ -e "${regressions[0]}" ]; then
  echo "=== fuzz: replaying ${#regressions[@]} inputs of test/fuzz/regressions"
  "$fuzz" "${regressions[@]}" > "$dir/fuzz-replay.log" 2>&1 ||
    { tail -40 "$dir/fuzz-replay.log"; exit 1; }
fi
echo "=== fuzz: ${secs} s, seeds: $(ls "$seeds" | wc -l) kernels (corpora and e2e cases)"
"$fuzz" -max_total_time="$secs" -timeout=30 -rss_limit_mb=6144 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$dir/fuzz-artifacts/" "$@" \
  "$work" "$seeds" > "$dir/fuzz.log" 2>&1 || { tail -60 "$dir/fuzz.log"; exit 1; }
grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^Done" "$dir/fuzz.log" || tail -5 "$dir/fuzz.log"

secs2="${STRUCTURED_SECONDS:-20}"
echo "=== fuzz: structure-aware mode, ${secs2} s"
"$dir/bin/triton-edge-fuzz-structured" -max_total_time="$secs2" -timeout=30 -rss_limit_mb=6144 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/fuzz-artifacts/" "$@" \
  "$structured" "$structuredSeeds" > "$dir/fuzz-structured.log" 2>&1 ||
  { tail -60 "$dir/fuzz-structured.log"; exit 1; }
grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^Done" "$dir/fuzz-structured.log" ||
  tail -5 "$dir/fuzz-structured.log"
