#!/bin/sh
# The whole test suite: install what is missing, build, then every test:
# lit (dialect, passes, corpus round trip, corpus end to end in every
# mechanism combination, DB race test, bench smoke test), the runtime's
# GoogleTest suite, the runtime under ASan+UBSan and TSan, the compiler
# under ASan+UBSan over the corpora, 60 s of fuzzing (docs/fuzzing.md), then
# the Python route without a GPU in a pinned virtual environment: the
# package's tests, tutorials, conformance suite, torch.compile models and
# capture round trip on the newest Triton, the tutorials on the device
# machine's Triton 3.6, and the wheel installed by pip with LLVM hidden
# (docs/python.md, "Test").
set -e
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
ctest --test-dir build --output-on-failure -j2
./scripts/sanitizers.sh
./scripts/fuzz.sh 60
./scripts/python-ci.sh
./scripts/python-ci.sh python/requirements/triton-3.6.txt unit tutorials
./scripts/wheel-test.sh
