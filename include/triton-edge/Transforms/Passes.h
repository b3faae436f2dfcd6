#ifndef TRITON_EDGE_TRANSFORMS_PASSES_H
#define TRITON_EDGE_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::triton_edge {
#define GEN_PASS_DECL
#include "triton-edge/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

#endif
