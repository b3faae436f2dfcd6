// The value a block is made from, through the ops that only give it a shape.
#ifndef TRITON_EDGE_TRANSFORMS_SHAPEOPS_H
#define TRITON_EDGE_TRANSFORMS_SHAPEOPS_H

#include "triton-edge/Dialect/Triton/IR/Dialect.h"

namespace mlir::triton_edge {

/// `v` through tt.splat, tt.broadcast and tt.expand_dims: the scalar or the
/// smaller block whose lanes `v` repeats or reshapes.
inline Value throughShapeOps(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto s = dyn_cast<triton::SplatOp>(def))
      v = s.getSrc();
    else if (auto bc = dyn_cast<triton::BroadcastOp>(def))
      v = bc.getSrc();
    else if (auto e = dyn_cast<triton::ExpandDimsOp>(def))
      v = e.getSrc();
    else
      break;
  }
  return v;
}

} // namespace mlir::triton_edge

#endif
