#!/bin/sh
# Puts qemu-hexagon 10.0 into build/cross/hexagon/bin (docs/targets.md,
# "Hexagon"). Debian 12's qemu-user 7.2 emulates only Hexagon v67 and is
# kept for the other edge ISAs; bookworm-backports' qemu-user (10.0, static
# binaries) emulates v66 to v73. Only qemu-hexagon is taken from that
# package, through a private apt list, so the system's sources and its
# installed qemu-user stay as they are. Idempotent; called by
# scripts/install-deps.sh. Needs root for apt-get.
set -e
cd "$(dirname "$0")/.."
dest=build/cross/hexagon/bin/qemu-hexagon
suite=bookworm-backports
if [ -x "$dest" ] && "$dest" -cpu help 2>/dev/null | grep -q v73; then
  exit 0
fi
state=/var/cache/triton-edge/apt-$suite
mkdir -p "$state/parts" "$state/lists/partial" "$state/cache/archives/partial" "$state/debs"
# The mirror the system already uses for bookworm itself.
uri=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' | awk '$2 == "bookworm" {print $1; exit}')
if [ -z "$uri" ]; then
  echo "fetch-qemu-hexagon: no apt source for bookworm configured" >&2
  exit 1
fi
cat > "$state/parts/$suite.sources" <<SOURCES
Types: deb
URIs: $uri
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
o="-oDir::Etc::SourceList=/dev/null -oDir::Etc::SourceParts=$state/parts
   -oDir::State::Lists=$state/lists -oDir::Cache=$state/cache
   -oAPT::Sandbox::User=root"
# A package fetched before (another build tree of this machine) is reused.
if ! ls "$state"/debs/qemu-user_*.deb >/dev/null 2>&1; then
  echo "fetching qemu-user from $suite for qemu-hexagon"
  apt-get $o update
  (cd "$state/debs" && apt-get $o download qemu-user)
fi
tmp=$(mktemp -d)
dpkg-deb --fsys-tarfile "$state"/debs/qemu-user_*.deb | tar -x -C "$tmp" ./usr/bin/qemu-hexagon
mkdir -p "$(dirname "$dest")"
mv "$tmp/usr/bin/qemu-hexagon" "$dest"
rm -rf "$tmp"
"$dest" --version | head -1
