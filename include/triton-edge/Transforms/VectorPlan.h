#ifndef TRITON_EDGE_TRANSFORMS_VECTORPLAN_H
#define TRITON_EDGE_TRANSFORMS_VECTORPLAN_H

#include "llvm/ADT/StringRef.h"

namespace mlir::triton_edge {

/// The plan triton-edge-vectorize writes on a tt kernel and
/// convert-triton-to-loops materializes (no plan: scalar loop nests).
///
/// `te.lanes` (array<i64>, one entry per result; for `tt.store`, one for the
/// stored block): the lanes of the innermost loop of a nest over that value.
/// The iteration arguments of an `scf.for` take the entry of the matching
/// result.
inline constexpr llvm::StringLiteral kLanesAttr = "te.lanes";
/// `te.reduce_lanes` (i64) on a `tt.reduce` along its last axis: the lanes of
/// the vector partial accumulators along the reduced axis (four registers, at
/// least 16 lanes where the axis allows: independent partial sums, for
/// accuracy and to hide the combine's latency).
inline constexpr llvm::StringLiteral kReduceLanesAttr = "te.reduce_lanes";

/// The plan's attributes describe the tt op, not what it is rebuilt into.
inline bool isVectorPlanAttr(llvm::StringRef name) {
  return name == kLanesAttr || name == kReduceLanesAttr;
}

} // namespace mlir::triton_edge

#endif
