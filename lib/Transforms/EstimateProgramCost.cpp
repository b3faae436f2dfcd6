// Per-program work estimate, read by the runtime's MT cost model. Counted on
// tt, where block shapes are still explicit.
#include "triton-edge/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_ESTIMATEPROGRAMCOST
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
double numElements(Type type) {
  if (auto t = dyn_cast<RankedTensorType>(type))
    return static_cast<double>(t.getNumElements());
  return 1.0;
}

double elementBytes(Type type) {
  Type elem = tt::getElementTypeOrSelf(tt::getPointeeTensorType(type));
  elem = tt::getElementTypeOrSelf(elem);
  if (elem.isIntOrFloat())
    return std::max(1u, elem.getIntOrFloatBitWidth() / 8);
  return 4;
}

/// Trip count of the scf.for loops around `op` (unknown bounds count as 8).
double tripCount(Operation *op) {
  double trips = 1;
  for (auto loop = op->getParentOfType<scf::ForOp>(); loop;
       loop = loop->getParentOfType<scf::ForOp>()) {
    auto lb = getConstantIntValue(loop.getLowerBound()),
         ub = getConstantIntValue(loop.getUpperBound()), step = getConstantIntValue(loop.getStep());
    if (lb && ub && step && *step > 0)
      trips *= std::max<int64_t>(0, (*ub - *lb + *step - 1) / *step);
    else
      trips *= 8;
  }
  return trips;
}

struct EstimateProgramCostPass
    : mlir::triton_edge::impl::EstimateProgramCostBase<EstimateProgramCostPass> {
  void runOnOperation() override {
    for (tt::FuncOp fn : getOperation().getOps<tt::FuncOp>()) {
      double bytes = 0, ops = 0;
      fn.walk([&](Operation *op) {
        double trips = tripCount(op);
        if (auto load = dyn_cast<tt::LoadOp>(op))
          bytes += trips * numElements(load.getType()) * elementBytes(load.getPtr().getType());
        else if (auto store = dyn_cast<tt::StoreOp>(op))
          bytes += trips * numElements(store.getValue().getType()) *
                   elementBytes(store.getPtr().getType());
        else if (isa<tt::AtomicRMWOp, tt::AtomicCASOp>(op))
          bytes += trips * 2 * numElements(op->getResult(0).getType()) *
                   elementBytes(op->getOperand(0).getType());
        else if (isa<tt::ExternElementwiseOp>(op) ||
                 isa<math::MathDialect>(op->getDialect()))
          // Transcendentals cost a polynomial each.
          ops += trips * 20 * numElements(op->getResult(0).getType());
        else if (isa<arith::ArithDialect>(op->getDialect()) && op->getNumResults() == 1)
          ops += trips * numElements(op->getResult(0).getType());
        else if (auto dot = dyn_cast<tt::DotOp>(op)) {
          auto a = cast<RankedTensorType>(dot.getA().getType());
          ops += trips * 2 * numElements(dot.getType()) * a.getShape().back();
        } else if (isa<tt::ReduceOp, tt::ScanOp>(op))
          ops += trips * 2 * numElements(op->getOperand(0).getType());
      });
      setProgramCost(fn, ProgramCostAttr::get(fn.getContext(), bytes, ops));
    }
  }
};
} // namespace
