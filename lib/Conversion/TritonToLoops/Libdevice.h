#ifndef TRITON_EDGE_LIB_CONVERSION_LIBDEVICE_H
#define TRITON_EDGE_LIB_CONVERSION_LIBDEVICE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::triton_edge {
/// Emits the upstream `math`/`arith` equivalent of a CUDA libdevice function
/// (`__nv_erff`, `__nv_exp`, ...) applied to `args` (scalars or vectors of one
/// element type). Returns a null Value when the symbol is unknown.
Value emitLibdeviceCall(OpBuilder &b, Location loc, llvm::StringRef symbol,
                        ValueRange args, Type resultType);
/// Whether `symbol` is one emitLibdeviceCall knows.
bool isKnownLibdeviceSymbol(llvm::StringRef symbol);
} // namespace mlir::triton_edge

#endif
