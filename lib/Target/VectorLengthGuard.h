#ifndef TRITON_EDGE_LIB_TARGET_VECTORLENGTHGUARD_H
#define TRITON_EDGE_LIB_TARGET_VECTORLENGTHGUARD_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace llvm {
class Module;
}

namespace mlir::triton_edge {
/// Adds a load-time check that the hardware's vscale is `vscale` (the code
/// was compiled for `vectorBytes`-byte vectors of `target`); on another
/// length it writes a message to stderr and exits with status 2.
void addVectorLengthGuard(llvm::Module &module, unsigned vscale, int64_t vectorBytes,
                          llvm::StringRef target);
} // namespace mlir::triton_edge

#endif
