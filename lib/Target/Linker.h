#ifndef TRITON_EDGE_LIB_TARGET_LINKER_H
#define TRITON_EDGE_LIB_TARGET_LINKER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <shared_mutex>

namespace mlir::triton_edge {
/// Links the relocatable object `object` into the shared library `output`,
/// which appears whole or not at all (linked under a temporary name beside
/// it, then renamed). In process through lld's ELF driver where the build
/// has lld as a library (TRITON_EDGE_HAVE_LLD), unless the environment's
/// TRITON_EDGE_LINKER names a linker to run; else by running the linker
/// (linkerPath()).
llvm::Error linkSharedLibrary(llvm::ArrayRef<char> object, llvm::StringRef output);
/// Held while a compile looks a target up and makes its target machine and
/// code generation passes. lld re-runs LLVM's target initialisation on every
/// link (for LTO), storing the registry's function pointers again; links
/// hold this lock exclusively so that no other thread reads them meanwhile.
std::shared_lock<std::shared_mutex> readingTargetRegistry();
} // namespace mlir::triton_edge

#endif
