#ifndef TRITON_EDGE_LIB_CONVERSION_LIBDEVICE_H
#define TRITON_EDGE_LIB_CONVERSION_LIBDEVICE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::triton_edge {
/// Emits the upstream `math`/`arith` equivalent of a CUDA libdevice function
/// (`__nv_erff`, `__nv_exp`, ...) applied to `args` (scalars or vectors of one
/// element type). Returns a null Value when the symbol is unknown.
Value emitLibdeviceCall(OpBuilder &b, Location loc, llvm::StringRef symbol,
                        ValueRange args, Type resultType);
/// Whether `symbol` is one emitLibdeviceCall knows.
bool isKnownLibdeviceSymbol(llvm::StringRef symbol);
/// Checks a call against the function's arity and operand/result kinds
/// (emitLibdeviceCall assumes them). Returns an error message, or "" when
/// the call is well formed.
std::string checkLibdeviceCall(llvm::StringRef symbol, TypeRange operands,
                               Type result);
} // namespace mlir::triton_edge

#endif
