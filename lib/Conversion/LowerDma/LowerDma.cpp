#include "triton-edge/Conversion/Passes.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_LOWERDMATORUNTIME
#include "triton-edge/Conversion/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;

namespace {

/// Address of `memref[index]` as an !llvm.ptr (memrefs here are 1-D, or
/// identity-layout buffers indexed by their leading dimension).
Value elementAddress(OpBuilder &b, Location loc, Value memref, ValueRange indices) {
  auto type = cast<MemRefType>(memref.getType());
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  Value linear = arith::ConstantIndexOp::create(b, loc, 0);
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return {};
  for (auto [i, index] : llvm::enumerate(indices)) {
    if (ShapedType::isDynamic(strides[i]))
      return {};
    Value stride = arith::ConstantIndexOp::create(b, loc, strides[i]);
    linear = arith::AddIOp::create(b, loc, linear, arith::MulIOp::create(b, loc, index, stride));
  }
  int64_t elemBytes = std::max<int64_t>(1, type.getElementTypeBitWidth() / 8);
  Value bytes = arith::MulIOp::create(b, loc, linear,
                                      arith::ConstantIndexOp::create(b, loc, elemBytes));
  Value address = arith::AddIOp::create(b, loc, base, bytes);
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
  return LLVM::IntToPtrOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()), asInt);
}

struct LowerDmaToRuntimePass
    : mlir::triton_edge::impl::LowerDmaToRuntimeBase<LowerDmaToRuntimePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = module.getContext();
    OpBuilder b(ctx);
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    Type i64 = b.getI64Type();
    auto declare = [&](StringRef name, FunctionType type) {
      if (module.lookupSymbol(name))
        return;
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(module.getBody());
      func::FuncOp::create(b, module.getLoc(), name, type).setPrivate();
    };
    bool failedAny = false;
    module.walk([&](func::FuncOp fn) {
      SmallVector<Operation *> ops;
      fn.walk([&](Operation *op) {
        if (isa<memref::DmaStartOp, memref::DmaWaitOp>(op))
          ops.push_back(op);
      });
      if (ops.empty())
        return;
      Value engine = getLaunchArg(fn, LaunchArg::DmaEngine);
      if (!engine) {
        fn.emitError("DMA operations in a function without a te.dma_engine argument");
        failedAny = true;
        return;
      }
      declare("te_rt_dma_start", b.getFunctionType({ptrType, ptrType, ptrType, i64}, {i64}));
      declare("te_rt_dma_wait", b.getFunctionType({ptrType, i64}, {}));
      for (Operation *op : ops) {
        b.setInsertionPoint(op);
        Location loc = op->getLoc();
        if (auto start = dyn_cast<memref::DmaStartOp>(op)) {
          Value src = elementAddress(b, loc, start.getSrcMemRef(), start.getSrcIndices());
          Value dst = elementAddress(b, loc, start.getDstMemRef(), start.getDstIndices());
          if (!src || !dst) {
            op->emitError("DMA between buffers with dynamic strides is not supported");
            failedAny = true;
            continue;
          }
          auto srcType = cast<MemRefType>(start.getSrcMemRef().getType());
          int64_t elemBytes = std::max<int64_t>(1, srcType.getElementTypeBitWidth() / 8);
          Value count = arith::IndexCastOp::create(b, loc, i64, start.getNumElements());
          Value bytes = arith::MulIOp::create(
              b, loc, count, arith::ConstantIntOp::create(b, loc, i64, elemBytes));
          Value token = func::CallOp::create(b, loc, "te_rt_dma_start", TypeRange{i64},
                                             ValueRange{engine, dst, src, bytes})
                            .getResult(0);
          memref::StoreOp::create(b, loc, token, start.getTagMemRef(), start.getTagIndices());
        } else {
          auto wait = cast<memref::DmaWaitOp>(op);
          Value token = memref::LoadOp::create(b, loc, wait.getTagMemRef(), wait.getTagIndices());
          func::CallOp::create(b, loc, "te_rt_dma_wait", TypeRange{}, ValueRange{engine, token});
        }
        op->erase();
      }
    });
    if (failedAny)
      signalPassFailure();
  }
};
} // namespace
