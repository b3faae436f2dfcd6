// Test pass of Analysis/IndexBounds: one remark per kernel listing the
// upper bounds its asserts state for the values of its integer arguments.
#include "triton-edge/Analysis/IndexBounds.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {

struct TestIndexBoundsPass : PassWrapper<TestIndexBoundsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestIndexBoundsPass)

  StringRef getArgument() const final { return "test-print-index-bounds"; }
  StringRef getDescription() const final {
    return "Print the index bounds the asserts of each tt kernel state for its arguments";
  }

  void runOnOperation() override {
    getOperation().walk([](tt::FuncOp kernel) {
      std::map<unsigned, int64_t> bounds = assertedIndexBounds(kernel);
      InFlightDiagnostic remark = kernel.emitRemark() << "index bounds:";
      if (bounds.empty())
        remark << " none";
      for (auto [arg, bound] : bounds)
        remark << " argument " << arg << " < " << bound << ";";
    });
  }
};

} // namespace

namespace mlir::triton_edge::test {
void registerTestIndexBoundsPass() { PassRegistration<TestIndexBoundsPass>(); }
} // namespace mlir::triton_edge::test
