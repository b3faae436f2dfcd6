#!/bin/sh
# Installs the Debian packages the build and the benchmark need, skipping the
# ones already installed (idempotent). Run as root (or with sudo).
set -e
want="nlohmann-json3-dev libdnnl-dev libomp-22-dev"
missing=""
for p in $want; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
fi
# Optional: the ATen peer of `triton-edge bench` is built when libtorch-dev is
# installed (apt-get install libtorch-dev); it is never required.
