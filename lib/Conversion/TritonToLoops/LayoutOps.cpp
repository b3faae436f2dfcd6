// Layout ops. broadcast and expand_dims are inlined: they only remap the
// position at which their source is evaluated. trans, reshape, cat, join and
// split are materialized: an index remapping from their source buffers into
// a new buffer.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

FailureOr<Lanes> KernelLowering::evalBroadcast(tt::BroadcastOp bcast, const Where &w) {
  return eval(bcast.getSrc(), broadcastSource(bcast, w));
}

FailureOr<Lanes> KernelLowering::evalExpandDims(tt::ExpandDimsOp expand, const Where &w) {
  return eval(expand.getSrc(), expandDimsSource(expand, w));
}

namespace {
/// Row-major linear index of `idx` in `shape`.
Value linearIndex(OpBuilder &b, Location loc, ArrayRef<Value> idx, ArrayRef<int64_t> shape) {
  Value lin = arith::ConstantIndexOp::create(b, loc, 0);
  for (auto [i, size] : llvm::zip(idx, shape)) {
    lin = arith::MulIOp::create(b, loc, lin, arith::ConstantIndexOp::create(b, loc, size));
    lin = arith::AddIOp::create(b, loc, lin, i);
  }
  return lin;
}
} // namespace

LogicalResult KernelLowering::emitLayoutOp(Operation *op) {
  SmallVector<Value> srcBufs;
  for (Value operand : op->getOperands()) {
    if (!isTensor(operand))
      return op->emitError("unexpected scalar operand");
    Value buf = bufferFor(operand);
    if (!buf)
      return failure();
    srcBufs.push_back(buf);
  }
  auto srcType = tensorType(op->getOperand(0));
  Type elem = srcType.getElementType();
  for (Value result : op->getResults()) {
    auto type = tensorType(result);
    Value out = allocBuffer(type.getShape(), elem);
    unsigned resultNo = cast<OpResult>(result).getResultNumber();
    // Copies element `src` of the first source to `w`.
    auto copyFrom = [&](const Where &w, const Where &src) {
      writeBuffer(out, elem, w.idx, readBuffer(srcBufs[0], elem, src));
    };
    LogicalResult status = emitNest(type.getShape(), 1, [&](const Where &w) -> LogicalResult {
      Where src;
      if (auto trans = dyn_cast<tt::TransOp>(op)) {
        ArrayRef<int32_t> order = trans.getOrder();
        src.idx.resize(type.getRank());
        for (int64_t d = 0; d < type.getRank(); ++d)
          src.idx[order[d]] = w.idx[d];
        copyFrom(w, src);
      } else if (isa<tt::ReshapeOp>(op)) {
        Value lin = linearIndex(b, loc(), w.idx, type.getShape());
        src.idx.resize(srcType.getRank());
        for (int64_t d = srcType.getRank() - 1; d >= 0; --d) {
          Value size = indexConst(srcType.getDimSize(d));
          src.idx[d] = arith::RemUIOp::create(b, loc(), lin, size);
          lin = arith::DivUIOp::create(b, loc(), lin, size);
        }
        copyFrom(w, src);
      } else if (isa<tt::JoinOp>(op)) {
        src.idx.assign(w.idx.begin(), w.idx.end() - 1);
        Lanes l0 = readBuffer(srcBufs[0], elem, src);
        Lanes l1 = readBuffer(srcBufs[1], elem, src);
        Value isSecond = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::ne,
                                               w.idx.back(), indexConst(0));
        Value v = arith::SelectOp::create(b, loc(), isSecond, l1.value, l0.value);
        writeBuffer(out, elem, w.idx, Lanes::uniform(v));
      } else if (isa<tt::SplitOp>(op)) {
        src.idx.assign(w.idx.begin(), w.idx.end());
        src.idx.push_back(indexConst(resultNo));
        copyFrom(w, src);
      } else if (isa<tt::CatOp>(op)) {
        int64_t first = srcType.getDimSize(0);
        src.idx.assign(w.idx.begin(), w.idx.end());
        Value inSecond = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::uge, w.idx[0],
                                               indexConst(first));
        Where second = src;
        second.idx[0] = arith::SubIOp::create(b, loc(), w.idx[0], indexConst(first));
        auto ifOp = scf::IfOp::create(b, loc(), TypeRange{storageType(elem)}, inSecond, true,
                                      true);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(ifOp.thenBlock());
        scf::YieldOp::create(b, loc(),
                             Value(memref::LoadOp::create(b, loc(), srcBufs[1], second.idx)));
        b.setInsertionPointToStart(ifOp.elseBlock());
        scf::YieldOp::create(b, loc(),
                             Value(memref::LoadOp::create(b, loc(), srcBufs[0], src.idx)));
        b.setInsertionPointAfter(ifOp);
        memref::StoreOp::create(b, loc(), ifOp.getResult(0), out, w.idx);
      } else {
        return op->emitError("unsupported operation: ") << op->getName();
      }
      return success();
    });
    if (failed(status))
      return failure();
    buffers[result] = out;
  }
  return success();
}
