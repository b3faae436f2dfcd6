#ifndef TRITON_EDGE_DIALECT_TRITONEDGE_IR_DIALECT_H
#define TRITON_EDGE_DIALECT_TRITONEDGE_IR_DIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

#include "triton-edge/Dialect/TritonEdge/IR/TritonEdgeEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "triton-edge/Dialect/TritonEdge/IR/TritonEdgeAttrs.h.inc"

#include "triton-edge/Dialect/TritonEdge/IR/TritonEdgeDialect.h.inc"

// The typed accessors of the attributes passes exchange. Each names what it
// marks; TritonEdgeDialect's verifier checks where each may appear.
namespace mlir::triton_edge {

//===----------------------------------------------------------------------===//
// Vec: the lane plan (triton-edge-vectorize writes it on tt ops,
// convert-triton-to-loops materializes it)
//===----------------------------------------------------------------------===//

/// `te.lanes`: per result (for `tt.store`: the stored block), the lanes of the
/// innermost loop of a nest over that value; the iteration arguments of an
/// `scf.for` take the entry of the matching result. Null: scalar nests.
DenseI64ArrayAttr getLanes(Operation *op);
void setLanes(Operation *op, ArrayRef<int64_t> lanes);
/// `te.reduce_lanes` on a `tt.reduce` along its last axis: the lanes of the
/// vector partial accumulators along the reduced axis.
std::optional<int64_t> getReduceLanes(Operation *op);
void setReduceLanes(Operation *op, int64_t lanes);
/// The plan describes the tt op, not what it is rebuilt into: rebuilding an
/// op drops these.
bool isLanePlanAttr(StringAttr name);

/// `te.trimmed_lanes` on a tt.func triton-edge-trim-masked-lanes rewrote: its
/// blocks may be any multiple of the vector width, not only powers of two.
bool hasTrimmedLanes(Operation *fn);
void setTrimmedLanes(Operation *fn);

//===----------------------------------------------------------------------===//
// The kernel body convert-triton-to-loops builds
//===----------------------------------------------------------------------===//

/// `te.kernel` on the body function: the Triton kernel and its arguments.
KernelAttr getKernel(Operation *fn);
void setKernel(Operation *fn, KernelAttr kernel);

/// `te.program_cost`: per-program estimates (triton-edge-estimate-cost).
ProgramCostAttr getProgramCost(Operation *fn);
void setProgramCost(Operation *fn, ProgramCostAttr cost);

/// `te.program_loop`: the body's loop over the programs of a range.
bool isProgramLoop(Operation *op);
void setProgramLoop(Operation *op);
/// `te.kernel_region`: a loop or branch of the kernel itself (not a block
/// nest); triton-edge-stage-tiles stages a kernel loop's loads per iteration.
bool isKernelRegion(Operation *op);
void setKernelRegion(Operation *op);
/// `te.undef`: the placeholder (an unrealized cast) of a value that
/// structured branches leave undefined on some path.
bool isUndefPlaceholder(Operation *op);
void setUndefPlaceholder(Operation *op);

/// The body's arguments that carry a field of the launch (te_launch).
enum class LaunchArg {
  DmaEngine,    // `te.dma_engine`: te_launch.dma (!llvm.ptr)
  ProgramSplit, // `te.program_split`: te_launch.program_split (i32)
  StreamStores, // `te.stream_stores`: te_launch.stream_stores (i32)
};
void setLaunchArg(FunctionOpInterface fn, unsigned argIndex, LaunchArg kind);
/// The argument of `fn` that carries `kind`; null where there is none (or
/// `fn` has no body).
BlockArgument getLaunchArg(FunctionOpInterface fn, LaunchArg kind);
/// The launch field an argument attribute's name stands for, if any.
std::optional<LaunchArg> launchArgKind(StringRef attrName);

//===----------------------------------------------------------------------===//
// What the mechanisms applied
//===----------------------------------------------------------------------===//

/// `te.double_buffered` on a function triton-edge-double-buffer pipelined.
std::optional<DoubleBuffering> getDoubleBuffering(Operation *fn);
void setDoubleBuffering(Operation *fn, DoubleBuffering kind);
/// `te.buffer_select`: an arith.select among a stream's N buffers.
bool isBufferSelect(Operation *op);
void setBufferSelect(Operation *op);

/// `te.max_program_split` (i32 >= 2) on a function triton-edge-split-programs
/// split: the largest number of virtual programs a Triton program runs as.
std::optional<int32_t> getMaxProgramSplit(Operation *fn);
void setMaxProgramSplit(Operation *fn, int32_t k);

/// `te.full_tiles`: the copy of a vector loop whose masks
/// triton-edge-version-full-tiles proved all-true.
bool isFullTiles(Operation *op);
void setFullTiles(Operation *op);

} // namespace mlir::triton_edge

#endif
