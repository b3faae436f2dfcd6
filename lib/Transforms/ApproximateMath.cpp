// Upstream math expansions and polynomial approximations, as a pipeline
// step (upstream registers them only as a test pass).
#include "triton-edge/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;

namespace {
struct ApproximateMathPass
    : mlir::triton_edge::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // Expansions first (tanh via exp, powf via exp/log, ...), so that what
    // they produce is approximated in the same sweep; f16/bf16 math runs in
    // f32 as Triton does.
    // tanh keeps its polynomial: the exp-based expansion cancels near 0.
    math::populateExpansionPatterns(
        patterns, {"sinh", "cosh", "asinh", "acosh", "atanh", "powf", "fpowi",
                   "exp2", "ceil", "round", "roundeven", "rsqrt"});
    populateMathF32ExpansionPatterns(patterns, [](StringRef) { return true; });
    populateMathPolynomialApproximationPatterns(patterns,
                                                [](StringRef) { return true; });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
