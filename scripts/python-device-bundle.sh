#!/bin/sh
# Packs the triton-edge CLI and runtime for a machine without LLVM (the Python
# package's device machine): the CLI linked against the static MLIR/LLVM
# archives of /usr/lib/llvm-22/lib (libstdc++ static too; glibc, libzstd and
# libtriton_edge_rt.so stay shared), stripped, with libtriton_edge_rt.so beside it,
# as one xz tarball: OUT (default .te-device/triton-edge-bundle.tar.xz) holding
# bin/triton-edge and lib/libtriton_edge_rt.so. The normal build (build/,
# linked against libMLIR.so/libLLVM.so) is built first and is not changed.
# Unpack: mkdir -p DIR && tar -xJf OUT -C DIR; export TRITON_EDGE_HOME=DIR
set -e
cd "$(dirname "$0")/.."
out=${1:-.te-device/triton-edge-bundle.tar.xz}
./scripts/build.sh >/dev/null
b=build
stage=$b/device-bundle
rm -rf "$stage" && mkdir -p "$stage/bin" "$stage/lib"
# The CLI's objects and project libraries, as build.ninja links them, with
# libMLIR.so/libLLVM.so replaced by the static archives.
inputs=$(python3 - "$b/build.ninja" <<'PY'
import re, sys
text = open(sys.argv[1]).read().replace("$\n", " ")
m = re.search(r"^build bin/triton-edge: \S+ ([^|\n]*)", text, re.M)
objs = m.group(1).split()
rest = text[m.end():]
libs = re.search(r"^\s*LINK_LIBRARIES = (.*)$", rest, re.M).group(1).split()
keep = [l for l in libs if l.endswith(".a")]
print(" ".join(objs + keep))
PY
)
llvmlib=/usr/lib/llvm-22/lib
(cd $b && clang++-22 -O3 -fuse-ld=lld -Wl,--gc-sections -Wl,--icf=all -static-libstdc++ -static-libgcc \
  -o device-bundle/bin/triton-edge $inputs $llvmlib/libMLIR*.a $llvmlib/libLLVM*.a \
  -Wl,-rpath,'$ORIGIN/../lib' lib/libtriton_edge_rt.so \
  /usr/lib/x86_64-linux-gnu/libz.a -Wl,--as-needed /usr/lib/x86_64-linux-gnu/libzstd.so.1 \
  -ldl -lpthread -lrt -lm)
llvm-strip-22 "$stage/bin/triton-edge"
cp $b/lib/libtriton_edge_rt.so "$stage/lib/"
llvm-strip-22 "$stage/lib/libtriton_edge_rt.so"
"$stage/bin/triton-edge" --version
mkdir -p "$(dirname "$out")"
# The x86 filter: ~10 % smaller than plain xz on this binary.
tar -C "$stage" -cf - bin lib | xz --x86 --lzma2=preset=9e,dict=64MiB -T1 > "$out"
ls -l "$out"
