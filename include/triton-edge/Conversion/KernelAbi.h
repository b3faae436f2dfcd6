#ifndef TRITON_EDGE_CONVERSION_KERNELABI_H
#define TRITON_EDGE_CONVERSION_KERNELABI_H

#include "mlir/IR/Types.h"

namespace mlir::triton_edge {

/// The te_dtype code (runtime/include/triton-edge-rt/kernel_abi.h) of a
/// kernel argument's scalar or pointee type; 0 when the ABI has none.
/// triton-edge-emit-entry-points writes these codes; convert-triton-to-loops
/// rejects kernels whose arguments have none.
int abiDtypeCode(Type type);

} // namespace mlir::triton_edge

#endif
