#ifndef TRITON_EDGE_TRANSFORMS_PASSES_H
#define TRITON_EDGE_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace te::npu {
struct Profile;
} // namespace te::npu

namespace mlir::triton_edge {
#define GEN_PASS_DECL
#include "triton-edge/Transforms/Passes.h.inc"

/// triton-edge-choose-double-buffering with a resolved profile (its
/// `profile` option names a file instead).
std::unique_ptr<Pass> createChooseDoubleBuffering(const te::npu::Profile &profile,
                                                  const ChooseDoubleBufferingOptions &options);

#define GEN_PASS_REGISTRATION
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

#endif
