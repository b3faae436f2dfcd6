#!/bin/sh
# The main job: install what is missing, build, and run the ablation ladder
# (Scalar -> +Vec -> +Vec+MT -> +Vec+MT+DB) on the bundled paper kernels,
# with peers side by side. Extra arguments go to `triton-edge bench ladder`.
set -e
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
exec build/bin/triton-edge bench ladder --no-scaling "$@"
