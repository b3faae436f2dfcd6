#ifndef TRITON_EDGE_INITALL_H
#define TRITON_EDGE_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace mlir::triton_edge {
/// The tt dialect and every upstream dialect the pipeline produces.
void registerAllDialects(DialectRegistry &registry);
/// triton-edge's passes and the upstream passes the pipeline uses.
void registerAllPasses();
} // namespace mlir::triton_edge

#endif
