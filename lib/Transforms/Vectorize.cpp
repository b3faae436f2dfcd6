// triton-edge-vectorize (Vec): decides where the SIMD lanes go and writes
// the plan on the tt kernel (te.lanes, te.reduce_lanes); convert-triton-to-loops
// materializes it. Without this pass every loop nest is scalar.
//
// A nest over a block carries its lanes on the innermost loop (the block's
// last dimension, contiguous in row-major buffers), as many as fit in one
// vector register of 32-bit elements, if that count is a power of two that
// divides the dimension. Which access a lane-carrying nest makes (contiguous
// vector, gather/scatter or scalar) is chosen where it is emitted, from the
// AxisInfo facts of the index values it emits (Analysis/AxisInfo.h).
#include "triton-edge/Transforms/Passes.h"

#include "triton-edge/Dialect/Triton/IR/Dialect.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "llvm/Support/MathExtras.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_VECTORIZE
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {

struct VectorizePass : mlir::triton_edge::impl::VectorizeBase<VectorizePass> {
  using Base::Base;

  int64_t maxLanes = 1;

  /// Lanes of a nest whose innermost loop runs over `size` elements.
  int64_t lanesFor(int64_t size) const {
    int64_t lanes = std::min(maxLanes, size);
    if (lanes < 2 || !llvm::isPowerOf2_64(lanes) || size % lanes != 0)
      return 1;
    return lanes;
  }
  int64_t lanesFor(Type type) const {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || tensor.getRank() == 0)
      return 1;
    return lanesFor(tensor.getShape().back());
  }

  // A sum over 1024 floats in 4 partial sums (16-byte SIMD) drifts ~20x
  // further from the exact sum than the GPU's tree does; 16 partial sums keep
  // the error of 64-byte SIMD on every target (LLVM splits the wide vector
  // into independent registers, which also hides the add latency).
  static constexpr int64_t kMinReductionLanes = 16;
  // Each combine waits for the previous one in its register (3-6 cycles of
  // latency for an add or a NaN-propagating max), so one register of
  // partials runs at a fraction of the throughput; 4 registers hide it.
  static constexpr int64_t kReductionRegisters = 4;

  /// Lanes of a reduction along a last axis of `size` elements: at least
  /// kMinReductionLanes independent partial sums where the axis allows, even
  /// on narrow SIMD, and kReductionRegisters registers of them.
  int64_t reductionLanesFor(int64_t size) const {
    if (maxLanes <= 1)
      return 1;
    int64_t lanes =
        std::min(std::max(maxLanes * kReductionRegisters, kMinReductionLanes), size);
    if (lanes >= 2 && llvm::isPowerOf2_64(lanes) && size % lanes == 0)
      return lanes;
    return lanesFor(size);
  }

  void plan(Operation *op) {
    OpBuilder b(op->getContext());
    SmallVector<int64_t> lanes;
    if (auto store = dyn_cast<tt::StoreOp>(op))
      lanes.push_back(lanesFor(store.getValue().getType()));
    for (Type t : op->getResultTypes())
      lanes.push_back(lanesFor(t));
    if (llvm::any_of(lanes, [](int64_t l) { return l > 1; }))
      setLanes(op, lanes);
    if (auto reduce = dyn_cast<tt::ReduceOp>(op)) {
      auto src = cast<RankedTensorType>(reduce.getSrcs()[0].getType());
      if (static_cast<int64_t>(reduce.getAxis()) == src.getRank() - 1) {
        int64_t l = reductionLanesFor(src.getShape().back());
        if (l > 1)
          setReduceLanes(op, l);
      }
    }
  }

  void runOnOperation() override {
    maxLanes = std::max<int64_t>(1, vectorBytes / 4);
    getOperation().walk([&](tt::FuncOp fn) { fn.getBody().walk([&](Operation *op) { plan(op); }); });
  }
};

} // namespace
