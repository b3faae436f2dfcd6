// Data-dependent indexing ops: tt.histogram (counts into a buffer indexed by
// the values) and tt.gather (reads its source buffer at loaded indices), both
// materialized through scalar nests since each element's position depends on
// data; and tt.unsplat, the single element of a one-element block.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

/// Bins [0, N) of width 1; values outside them, and masked-off lanes, count
/// nowhere.
LogicalResult KernelLowering::emitHistogram(tt::HistogramOp op) {
  auto srcType = tensorType(op.getSrc());
  auto resultType = tensorType(op.getResult());
  Type countType = resultType.getElementType();
  int64_t bins = resultType.getDimSize(0);
  Value counts = allocBuffer(resultType.getShape(), countType);
  Value zero = arith::ConstantOp::create(b, loc(), b.getZeroAttr(countType));
  Value one = arith::ConstantOp::create(b, loc(), b.getIntegerAttr(countType, 1));
  if (failed(emitNest(resultType.getShape(), 1, [&](const Where &w) -> LogicalResult {
        memref::StoreOp::create(b, loc(), zero, counts, w.idx);
        return success();
      })))
    return failure();
  Type valueType = srcType.getElementType();
  LogicalResult status = emitNest(srcType.getShape(), 1, [&](const Where &w) -> LogicalResult {
    FailureOr<Lanes> v = eval(op.getSrc(), w);
    if (failed(v))
      return failure();
    Value lo = arith::ConstantOp::create(b, loc(), b.getZeroAttr(valueType));
    Value hi = arith::ConstantOp::create(b, loc(), b.getIntegerAttr(valueType, bins));
    Value inRange = arith::AndIOp::create(
        b, loc(), arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::sge, v->value, lo),
        arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::slt, v->value, hi));
    if (Value mask = op.getMask()) {
      FailureOr<Lanes> m = eval(mask, w);
      if (failed(m))
        return failure();
      inRange = arith::AndIOp::create(b, loc(), inRange, m->value);
    }
    auto ifOp = scf::IfOp::create(b, loc(), TypeRange{}, inRange, /*withElse=*/false);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    Value bin = arith::IndexCastOp::create(b, loc(), b.getIndexType(), v->value);
    Value old = memref::LoadOp::create(b, loc(), counts, ValueRange{bin});
    memref::StoreOp::create(b, loc(), Value(arith::AddIOp::create(b, loc(), old, one)), counts,
                            ValueRange{bin});
    return success();
  });
  if (failed(status))
    return failure();
  buffers[op.getResult()] = counts;
  return success();
}

/// result[i...] = src[i... with indices[i...] along axis]. An index outside
/// [0, src size along axis) reads 0 (docs/semantics.md): the GPU leaves it
/// undefined, and it must never read outside the source.
LogicalResult KernelLowering::emitGather(tt::GatherOp op) {
  Value src = bufferFor(op.getSrc());
  if (!src)
    return failure();
  auto srcType = tensorType(op.getSrc());
  auto resultType = tensorType(op.getResult());
  Type elem = resultType.getElementType();
  unsigned axis = op.getAxis();
  int64_t axisSize = srcType.getDimSize(axis);
  Value out = allocBuffer(resultType.getShape(), elem);
  LogicalResult status = emitNest(resultType.getShape(), 1, [&](const Where &w) -> LogicalResult {
    FailureOr<Lanes> index = eval(op.getIndices(), w);
    if (failed(index))
      return failure();
    Type indexType = index->value.getType();
    Value lo = arith::ConstantOp::create(b, loc(), b.getZeroAttr(indexType));
    Value hi = arith::ConstantOp::create(b, loc(), b.getIntegerAttr(indexType, axisSize));
    Value inRange = arith::AndIOp::create(
        b, loc(), arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::sge, index->value, lo),
        arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::slt, index->value, hi));
    Value safe = arith::SelectOp::create(b, loc(), inRange, index->value, lo);
    Where from = w;
    from.idx[axis] = arith::IndexCastOp::create(b, loc(), b.getIndexType(), safe);
    Value v = readBuffer(src, elem, from).value;
    Value zero = arith::ConstantOp::create(b, loc(), b.getZeroAttr(v.getType()));
    writeBuffer(out, elem, w.idx,
                Lanes::uniform(arith::SelectOp::create(b, loc(), inRange, v, zero)));
    return success();
  });
  if (failed(status))
    return failure();
  buffers[op.getResult()] = out;
  return success();
}

LogicalResult KernelLowering::convertUnsplat(tt::UnsplatOp op) {
  Where first;
  for (int64_t d = 0, rank = tensorType(op.getSrc()).getRank(); d < rank; ++d)
    first.idx.push_back(indexConst(0));
  FailureOr<Lanes> v = eval(op.getSrc(), first);
  if (failed(v))
    return failure();
  scalars[op.getResult()] = v->value;
  return success();
}
