// Test passes of Analysis/AxisInfo: each integer value gets a remark with
// what the analysis concludes, so test/Analysis can check the transfer
// rules one op at a time.
#include "triton-edge/Analysis/AxisInfo.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {

bool hasIntegerResult(Operation *op) {
  return op->getNumResults() == 1 &&
         getElementTypeOrSelf(op->getResult(0).getType()).isIntOrIndex();
}

/// `divisibility = N` on every integer scalar and every tt.splat (the
/// uniform values uniformDivisibility is asked about).
struct TestUniformDivisibilityPass
    : PassWrapper<TestUniformDivisibilityPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestUniformDivisibilityPass)

  StringRef getArgument() const final { return "test-print-uniform-divisibility"; }
  StringRef getDescription() const final {
    return "Print AxisInfo's uniformDivisibility of every uniform integer value";
  }

  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      if (!hasIntegerResult(op))
        return;
      Value result = op->getResult(0);
      if (isa<ShapedType>(result.getType()) && !isa<tt::SplatOp>(op))
        return;
      op->emitRemark() << "divisibility = " << uniformDivisibility(result);
    });
  }
};

/// `stride = S, divisor = D` (or `not affine`) on every integer op, from
/// transferLaneFact applied in program order. The facts start at the
/// function's arguments: `test.lane_fact = array<i64: stride, divisor>`
/// stands for what the conversion knows of a lane index (make_range at an
/// aligned position: stride 1, divisor = the lane count); any other
/// integer argument is uniform with its uniformDivisibility.
struct TestLaneFactsPass : PassWrapper<TestLaneFactsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestLaneFactsPass)

  TestLaneFactsPass() = default;
  TestLaneFactsPass(const TestLaneFactsPass &other) : PassWrapper(other) {}

  StringRef getArgument() const final { return "test-print-lane-facts"; }
  StringRef getDescription() const final {
    return "Print AxisInfo's lane fact (stride, base divisor) of every integer op";
  }

  Option<int64_t> width{*this, "width", llvm::cl::desc("Lanes of the innermost loop"),
                        llvm::cl::init(16)};

  void runOnOperation() override {
    getOperation().walk([&](FunctionOpInterface fn) {
      if (fn.isExternal())
        return;
      DenseMap<Value, LaneFact> facts;
      for (BlockArgument arg : fn.getArguments()) {
        if (!arg.getType().isIntOrIndex())
          continue;
        auto seed = fn.getArgAttrOfType<DenseI64ArrayAttr>(arg.getArgNumber(),
                                                           "test.lane_fact");
        if (seed && seed.size() == 2)
          facts[arg] = LaneFact{seed[0], seed[1]};
        else
          facts[arg] = LaneFact::uniform(uniformDivisibility(arg));
      }
      fn->walk([&](Operation *op) {
        if (op == fn.getOperation() || !hasIntegerResult(op))
          return;
        SmallVector<LaneFact> operands;
        SmallVector<std::optional<int64_t>> constants;
        for (Value operand : op->getOperands()) {
          auto it = facts.find(operand);
          if (it == facts.end()) {
            op->emitRemark() << "not affine (an operand is not)";
            return;
          }
          operands.push_back(it->second);
          constants.push_back(getConstantIntValue(operand));
        }
        std::optional<LaneFact> fact = transferLaneFact(op, operands, constants, width);
        if (!fact) {
          op->emitRemark() << "not affine";
          return;
        }
        facts[op->getResult(0)] = *fact;
        op->emitRemark() << "stride = " << fact->stride << ", divisor = " << fact->divisor;
      });
    });
  }
};

} // namespace

namespace mlir::triton_edge::test {
void registerTestAxisInfoPasses() {
  PassRegistration<TestUniformDivisibilityPass>();
  PassRegistration<TestLaneFactsPass>();
}
} // namespace mlir::triton_edge::test
