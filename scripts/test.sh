#!/bin/sh
# The whole test suite: install what is missing, build, then every test:
# lit (dialect, passes, corpus round trip, corpus end to end in every
# mechanism combination, DB race test, bench smoke test), the runtime's
# GoogleTest suite, the runtime under ASan+UBSan and TSan, the compiler
# under ASan+UBSan over the corpora, and 60 s of fuzzing (docs/fuzzing.md).
set -e
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
ctest --test-dir build --output-on-failure -j2
./scripts/sanitizers.sh
./scripts/fuzz.sh 60
