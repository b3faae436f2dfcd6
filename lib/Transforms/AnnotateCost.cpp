// Per-block cost counters for the NPU timing model (docs/npu-model.md): the
// modeled context's clock advances by what the compiled code itself executes
// (each block's cost: Analysis/BlockCost.h).
#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Analysis/BlockCost.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_ANNOTATECOST
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;

namespace {

struct AnnotateCostPass : mlir::triton_edge::impl::AnnotateCostBase<AnnotateCostPass> {
  using AnnotateCostBase::AnnotateCostBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpCycles cycles{vectorBytes, scalarOp,   scalarLdSt,     vectorIntOp,
                    vectorFpOp,  vectorLdSt, transcendental, loopOverhead};
    OpBuilder b(module.getContext());
    auto ptr = LLVM::LLVMPointerType::get(module.getContext());
    Type i64 = b.getI64Type();
    const char *callee = "te_rt_model_cost";
    bool declared = false;
    module.walk([&](func::FuncOp fn) {
      if (fn.isExternal())
        return;
      Value engine = getLaunchArg(fn, LaunchArg::DmaEngine);
      if (!engine)
        return;
      SmallVector<Block *> blocks;
      fn.walk([&](Block *block) { blocks.push_back(block); });
      for (Block *block : blocks) {
        BlockCost c = countBlockCost(*block, cycles);
        if (c.empty())
          continue;
        if (!declared && !module.lookupSymbol(callee)) {
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(module.getBody());
          func::FuncOp::create(b, module.getLoc(), callee,
                               b.getFunctionType({ptr, i64, i64, i64, i64, i64}, {}))
              .setPrivate();
        }
        declared = true;
        b.setInsertionPointToStart(block);
        Location loc = fn.getLoc();
        auto cst = [&](int64_t v) -> Value {
          return arith::ConstantIntOp::create(b, loc, i64, v);
        };
        int64_t mcycles = static_cast<int64_t>(std::llround(c.cycles * 1000.0));
        func::CallOp::create(b, loc, callee, TypeRange{},
                             ValueRange{engine, cst(mcycles), cst(c.scalarLoads),
                                        cst(c.vectorLoads), cst(c.loadBytes),
                                        cst(c.storeBytes)});
      }
    });
  }
};
} // namespace
