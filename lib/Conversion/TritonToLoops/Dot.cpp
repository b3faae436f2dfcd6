// tt.dot: d[i, j:j+W] += a[i, k] * b[k, j:j+W], unit-stride lanes along N.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

LogicalResult KernelLowering::emitDot(tt::DotOp op) {
  auto aType = tensorType(op.getA());
  auto bType = tensorType(op.getB());
  auto dType = tensorType(op.getD());
  if (aType.getRank() != 2)
    return op.emitError("batched (3-D) tt.dot is not supported yet");
  int64_t m = aType.getDimSize(0), k = aType.getDimSize(1), n = bType.getDimSize(1);
  Value aBuf = bufferFor(op.getA());
  Value bBuf = bufferFor(op.getB());
  if (!aBuf || !bBuf)
    return failure();
  Value dBuf = allocBuffer(dType.getShape(), dType.getElementType());
  if (failed(writeTensorInto(op.getC(), dBuf)))
    return failure();
  Type acc = dType.getElementType();
  auto extend = [&](Value v) -> Value {
    Type e = getElementTypeOrSelf(v.getType());
    if (e == acc)
      return v;
    Type target = isa<VectorType>(v.getType())
                      ? Type(VectorType::get(cast<VectorType>(v.getType()).getShape(), acc))
                      : acc;
    if (isa<FloatType>(e))
      return arith::ExtFOp::create(b, loc(), target, v);
    return arith::ExtSIOp::create(b, loc(), target, v);
  };
  bool isFloat = isa<FloatType>(acc);
  // d[i, j:j+W] += a[i, kk] * b[kk, j:j+W]: unit-stride lanes along N.
  LogicalResult status = emitNest({m, k}, 1, [&](const Where &w) -> LogicalResult {
    Value aik = extend(readBuffer(aBuf, aType.getElementType(), w).value);
    return emitNest({n}, plannedLanes(op.getD()), [&](const Where &wn) -> LogicalResult {
      Where bw{{w.idx[1], wn.idx[0]}, wn.laneDim >= 0 ? 1 : -1};
      Where dw{{w.idx[0], wn.idx[0]}, wn.laneDim >= 0 ? 1 : -1};
      Value bkj = extend(readBuffer(bBuf, bType.getElementType(), bw).value);
      Value dij = readBuffer(dBuf, acc, dw).value;
      LaneEmitter emitter(b, width);
      Value av = width > 1 ? emitter.toVector(loc(), Lanes::uniform(aik)) : aik;
      Value sum = isFloat ? Value(math::FmaOp::create(b, loc(), av, bkj, dij))
                          : Value(arith::AddIOp::create(
                                b, loc(), arith::MulIOp::create(b, loc(), av, bkj), dij));
      writeBuffer(dBuf, acc, dw.idx, width > 1 ? Lanes::vector(sum) : Lanes::uniform(sum));
      return success();
    });
  });
  if (failed(status))
    return failure();
  buffers[op.getD()] = dBuf;
  return success();
}

