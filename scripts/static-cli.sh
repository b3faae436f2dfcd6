#!/bin/sh
# Links the triton-edge CLI and the compiler library (the C API the Python
# package loads) for machines without LLVM: against the static MLIR/LLVM (and
# lld) archives of /usr/lib/llvm-22/lib, with libstdc++, zlib and zstd static
# too, stripped, into DIR/bin/triton-edge and DIR/lib/libtriton-edge-compiler.so,
# with libtriton_edge_rt.so and the other shared libraries the CLI needs
# (SystemC, for the NPU model) in DIR/lib (the CLI's rpath is $ORIGIN/../lib).
# What stays shared: glibc's libraries and libstdc++/libgcc_s (through
# SystemC, the CLI only). The compiler library exports only its C API
# (lib/CAPI/exports.map): the LLVM inside it never meets another LLVM loaded
# in the same process (Triton's). The normal build (build/, linked against
# libMLIR.so/libLLVM.so) is built first and is not changed.
#   ./scripts/static-cli.sh DIR
# Used by scripts/python-device-bundle.sh and scripts/build-wheel.sh.
set -e
cd "$(dirname "$0")/.."
stage=$(realpath -m "${1:?usage: static-cli.sh DIR}")
./scripts/build.sh >/dev/null
b=build
repo=$PWD
rm -rf "$stage" && mkdir -p "$stage/bin" "$stage/lib"
# A target's objects and project libraries, as build.ninja links them, with
# libMLIR.so/libLLVM.so replaced by the static archives (and -lz/-lzstd by
# theirs, below).
link_inputs() { # OUTPUT of build.ninja
  python3 - "$b/build.ninja" "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read().replace("$\n", " ")
m = re.search(r"^build " + re.escape(sys.argv[2]) + r": \S+ ([^|\n]*)", text, re.M)
objs = m.group(1).split()
rest = text[m.end():]
libs = re.search(r"^\s*LINK_LIBRARIES = (.*)$", rest, re.M).group(1).split()
skip = ("libMLIR.so", "libLLVM.so", "libtriton_edge_rt.so", "-Wl,-rpath")
keep = [l for l in libs if not any(k in l for k in skip) and l not in ("-lz", "-lzstd")]
print(" ".join(objs + keep))
PY
}
inputs=$(link_inputs bin/triton-edge)
compiler_inputs=$(link_inputs lib/libtriton-edge-compiler.so)
# Shared libraries other than LLVM's (e.g. SystemC for the NPU model) travel
# in lib/ beside the runtime.
for l in $inputs; do
  case $l in
    /*.so*) cp -L "$l" "$stage/lib/$(objdump -p "$l" | awk '/SONAME/ {print $2}')" ;;
  esac
done
llvmlib=/usr/lib/llvm-22/lib
# Only the host's backend (X86) is linked: all of LLVM's backends would double
# the size (the device machine takes at most 64 MiB). The other backends'
# LLVMInitialize* entry points are defined empty here, so their archives are
# not linked and --target profiles of other ISAs report that the target is
# not registered.
cfg=/usr/lib/llvm-22/include/llvm/Config
{
  for t in $(grep -o 'LLVM_TARGET([A-Za-z0-9]*)' $cfg/Targets.def | sed 's/.*(\(.*\))/\1/' | grep -vx 'TargetName\|X86'); do
    echo "void LLVMInitialize${t}TargetInfo(void) {}"
    echo "void LLVMInitialize${t}Target(void) {}"
    echo "void LLVMInitialize${t}TargetMC(void) {}"
    echo "void LLVMInitialize${t}TargetMCA(void) {}"
    echo "void LLVMInitialize${t}Disassembler(void) {}"
    grep -q "LLVM_ASM_PRINTER($t)" $cfg/AsmPrinters.def && echo "void LLVMInitialize${t}AsmPrinter(void) {}"
    grep -q "LLVM_ASM_PARSER($t)" $cfg/AsmParsers.def && echo "void LLVMInitialize${t}AsmParser(void) {}"
  done
} > "$b/host-only-targets.c"
clang-22 -O2 -fPIC -c "$b/host-only-targets.c" -o "$b/host-only-targets.o"
# lld (linked in for in-process linking) brings LLVM's LTO, which registers
# Polly's passes: Debian builds Polly into LLVM's shared library only. Kernels
# are never linked with LTO, so Polly is left out and registers nothing.
cat > "$b/no-polly.cpp" <<'CPP'
#include "llvm/Plugins/PassPlugin.h"
llvm::PassPluginLibraryInfo getPollyPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "Polly (not linked)", "", [](llvm::PassBuilder &) {}};
}
CPP
clang++-22 -O2 -fPIC -I/usr/lib/llvm-22/include -c "$b/no-polly.cpp" -o "$b/no-polly.o"
(cd $b && clang++-22 -O3 -fuse-ld=lld -Wl,--gc-sections -Wl,--icf=all -static-libstdc++ -static-libgcc \
  -o "$stage/bin/triton-edge" $inputs host-only-targets.o no-polly.o $llvmlib/libMLIR*.a $llvmlib/libLLVM*.a \
  -Wl,-rpath,'$ORIGIN/../lib' lib/libtriton_edge_rt.so \
  /usr/lib/x86_64-linux-gnu/libz.a /usr/lib/x86_64-linux-gnu/libzstd.a \
  -ldl -lpthread -lrt -lm)
llvm-strip-22 "$stage/bin/triton-edge"
(cd $b && clang++-22 -shared -O3 -fuse-ld=lld -Wl,--gc-sections -Wl,--icf=all -static-libstdc++ \
  -static-libgcc -Wl,--version-script="$repo/lib/CAPI/exports.map" -Wl,--no-undefined \
  -Wl,-soname,libtriton-edge-compiler.so -o "$stage/lib/libtriton-edge-compiler.so" \
  $compiler_inputs host-only-targets.o no-polly.o $llvmlib/libMLIR*.a $llvmlib/libLLVM*.a \
  /usr/lib/x86_64-linux-gnu/libz.a /usr/lib/x86_64-linux-gnu/libzstd.a \
  -ldl -lpthread -lrt -lm)
llvm-strip-22 "$stage/lib/libtriton-edge-compiler.so"
cp $b/lib/libtriton_edge_rt.so "$stage/lib/"
llvm-strip-22 "$stage/lib/libtriton_edge_rt.so"
# The driver's C launch fast path (python/native), when CMake found Python's
# headers; the package falls back to its Python path without it.
if [ -f $b/lib/_fastlaunch.abi3.so ]; then
  cp $b/lib/_fastlaunch.abi3.so "$stage/lib/"
  llvm-strip-22 "$stage/lib/_fastlaunch.abi3.so"
fi
"$stage/bin/triton-edge" --version
