#!/bin/sh
# The whole test suite: install what is missing, build, then every test:
# lit (dialect, passes, corpus round trip, corpus end to end in every
# mechanism combination, DB race test, bench smoke test), the runtime's
# GoogleTest suite, and the runtime under ASan+UBSan and TSan.
set -e
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
ctest --test-dir build --output-on-failure -j2
./scripts/sanitizers.sh
