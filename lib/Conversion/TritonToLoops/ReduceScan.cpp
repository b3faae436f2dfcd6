// tt.reduce and tt.scan with any combine region (argmax/argmin,
// NaN-propagating max/min, Welford-style multi-operand). Triton's
// reductions have no identity, so accumulators start from the first
// element. Along the last axis the lanes run over the reduced dimension:
// vector partial accumulators (as many as Vec's plan says: at least 16 where
// the axis allows), then a log2(lanes) tree of combines. Scans are scalar;
// float add scans are blocked like the GPU's tree (emitBlockedScan), the
// same order with Vec on and off.
#include "KernelLowering.h"

#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "llvm/ADT/ScopeExit.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {

/// One tt.reduce being emitted: evaluation of its sources at a position of
/// the reduced axis, accumulation along it, and the lane tree of a
/// reduction along the last axis.
struct ReduceEmission {
  KernelLowering &kl;
  tt::ReduceOp op;
  int axis, rank;
  int64_t axisSize;

  FailureOr<SmallVector<Lanes>> evalAll(const Where &w) {
    SmallVector<Lanes> out;
    for (Value s : op.getSrcs()) {
      FailureOr<Lanes> l = kl.eval(s, w);
      if (failed(l))
        return failure();
      out.push_back(*l);
    }
    return out;
  }
  Where srcWhere(const Where &outer, Value k, int laneDim) {
    Where w;
    w.idx = outer.idx;
    w.idx.insert(w.idx.begin() + axis, k);
    w.laneDim = laneDim;
    return w;
  }
  static SmallVector<Value> values(ArrayRef<Lanes> l) {
    SmallVector<Value> v;
    for (const Lanes &x : l)
      v.push_back(x.value);
    return v;
  }

  /// Combines the source along `axis` from index 0, `step` elements at a
  /// time, into accumulators of `width` lanes (vectors when `laneDim` >= 0).
  FailureOr<SmallVector<Value>> accumulate(const Where &outer, int64_t step, int laneDim) {
    OpBuilder &b = kl.b;
    int64_t width = kl.width;
    bool vec = width > 1;
    FailureOr<SmallVector<Lanes>> init = evalAll(srcWhere(outer, kl.indexConst(0), laneDim));
    if (failed(init))
      return failure();
    LaneEmitter emitter(b, width);
    SmallVector<Value> acc;
    for (const Lanes &l : *init)
      acc.push_back(vec ? emitter.toVector(kl.loc(), l) : l.value);
    if (axisSize <= step)
      return acc;
    auto loop = scf::ForOp::create(b, kl.loc(), kl.indexConst(step), kl.indexConst(axisSize),
                                   kl.indexConst(step), acc);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    KernelLowering::CacheScope scope(kl);
    FailureOr<SmallVector<Lanes>> cur =
        evalAll(srcWhere(outer, loop.getInductionVar(), laneDim));
    if (failed(cur))
      return failure();
    SmallVector<Lanes> accL;
    for (Value a : loop.getRegionIterArgs())
      accL.push_back(vec ? Lanes::vector(a) : Lanes::uniform(a));
    FailureOr<SmallVector<Lanes>> next =
        kl.applyCombine(op.getCombineOp(), accL, *cur, width, vec);
    if (failed(next))
      return failure();
    scf::YieldOp::create(b, kl.loc(), values(*next));
    return SmallVector<Value>(loop.getResults());
  }

  /// Along the last axis the lanes run over the reduced dimension: vector
  /// partial accumulators, then a log2(lanes) tree of combines.
  FailureOr<SmallVector<Value>> reduceLast(const Where &outer) {
    OpBuilder &b = kl.b;
    int64_t saved = kl.width;
    llvm::scope_exit restore([&] { kl.width = saved; });
    kl.width = 1;
    if (std::optional<int64_t> lanes = getReduceLanes(op))
      kl.width = *lanes;
    int64_t width = kl.width;
    if (failed(kl.checkLanes(width, axisSize)))
      return failure();
    bool vec = width > 1;
    FailureOr<SmallVector<Value>> accumulated = accumulate(outer, width, vec ? rank - 1 : -1);
    if (failed(accumulated))
      return failure();
    SmallVector<Value> acc = *accumulated;
    for (int64_t w = width; w > 1; w /= 2) {
      SmallVector<Lanes> lo, hi;
      for (Value a : acc) {
        Value l = vector::ExtractStridedSliceOp::create(b, kl.loc(), a, ArrayRef<int64_t>{0},
                                                        ArrayRef<int64_t>{w / 2},
                                                        ArrayRef<int64_t>{1});
        Value h = vector::ExtractStridedSliceOp::create(b, kl.loc(), a,
                                                        ArrayRef<int64_t>{w / 2},
                                                        ArrayRef<int64_t>{w / 2},
                                                        ArrayRef<int64_t>{1});
        lo.push_back(Lanes::vector(l));
        hi.push_back(Lanes::vector(h));
      }
      FailureOr<SmallVector<Lanes>> next =
          kl.applyCombine(op.getCombineOp(), lo, hi, w / 2, true);
      if (failed(next))
        return failure();
      acc = values(*next);
    }
    if (vec)
      for (Value &a : acc)
        a = vector::ExtractOp::create(b, kl.loc(), a, ArrayRef<int64_t>{0});
    return acc;
  }
};

} // namespace

LogicalResult KernelLowering::emitReduce(tt::ReduceOp op) {
  auto srcType = tensorType(op.getSrcs()[0]);
  int axis = op.getAxis();
  int rank = srcType.getRank();
  int64_t axisSize = srcType.getDimSize(axis);
  SmallVector<int64_t> resultShape(srcType.getShape());
  resultShape.erase(resultShape.begin() + axis);
  SmallVector<Type> elems;
  for (Value s : op.getSrcs())
    elems.push_back(tensorType(s).getElementType());

  SmallVector<Value> resultBuffers;
  if (!resultShape.empty())
    for (Type e : elems)
      resultBuffers.push_back(allocBuffer(resultShape, e));
  ReduceEmission reduction{*this, op, axis, rank, axisSize};
  auto reduceLast = [&](const Where &outer) { return reduction.reduceLast(outer); };
  auto accumulate = [&](const Where &outer, int64_t step, int laneDim) {
    return reduction.accumulate(outer, step, laneDim);
  };

  if (resultShape.empty()) {
    FailureOr<SmallVector<Value>> r = reduceLast(Where{});
    if (failed(r))
      return failure();
    for (auto [res, v] : llvm::zip(op.getResults(), *r))
      scalars[res] = v;
    return success();
  }

  if (axis == rank - 1) {
    return emitNest(resultShape, 1, [&](const Where &outer) -> LogicalResult {
      FailureOr<SmallVector<Value>> r = reduceLast(outer);
      if (failed(r))
        return failure();
      for (auto [buf, e, v] : llvm::zip(resultBuffers, elems, *r))
        writeBuffer(buf, e, outer.idx, Lanes::uniform(v));
      for (auto [res, buf] : llvm::zip(op.getResults(), resultBuffers))
        buffers[res] = buf;
      return success();
    });
  }

  // Across rows: the lanes run along the kept last dimension, the reduced
  // axis is a scalar loop.
  LogicalResult status = emitNest(resultShape, plannedLanes(op->getResult(0)),
                                  [&](const Where &outer) -> LogicalResult {
    int laneDim = outer.laneDim < 0 ? -1 : outer.laneDim + (axis <= outer.laneDim ? 1 : 0);
    bool vec = width > 1;
    FailureOr<SmallVector<Value>> accumulated = accumulate(outer, 1, laneDim);
    if (failed(accumulated))
      return failure();
    SmallVector<Value> acc = *accumulated;
    for (auto [buf, e, v] : llvm::zip(resultBuffers, elems, acc))
      writeBuffer(buf, e, outer.idx, vec ? Lanes::vector(v) : Lanes::uniform(v));
    return success();
  });
  if (failed(status))
    return failure();
  for (auto [res, buf] : llvm::zip(op.getResults(), resultBuffers))
    buffers[res] = buf;
  return success();
}

// Float add scans run blocked, as the GPU's tree does, so rounding error grows
// with the tree depth instead of the row length: blocks of kScanBlock elements
// summed in order, the block totals scanned in place in log2(blocks) passes
// (Hillis-Steele), then each block offset by the total of the blocks before it.
// Integer and other scans are exact (or order-free) and stay sequential.
static constexpr int64_t kScanBlock = 8;

static bool isFloatAddScan(tt::ScanOp op) {
  if (op.getSrcs().size() != 1 ||
      !isa<FloatType>(tensorType(op.getSrcs()[0]).getElementType()))
    return false;
  Block &body = op.getCombineOp().front();
  if (body.getOperations().size() != 2)
    return false;
  auto add = dyn_cast<arith::AddFOp>(body.front());
  if (!add || body.getTerminator()->getOperands() != ValueRange{add.getResult()})
    return false;
  Value x = body.getArgument(0), y = body.getArgument(1);
  return (add.getLhs() == x && add.getRhs() == y) || (add.getLhs() == y && add.getRhs() == x);
}

LogicalResult KernelLowering::emitBlockedScan(tt::ScanOp op, Value src, Value out, Value totals,
                                              const Where &outer) {
  Type elem = tensorType(op.getSrcs()[0]).getElementType();
  int axis = op.getAxis();
  int64_t n = tensorType(op.getSrcs()[0]).getDimSize(axis);
  int64_t blocks = n / kScanBlock;
  // Positions count in scan order; reverse scans walk the axis backwards.
  auto at = [&](Value pos) {
    Where x;
    x.idx = outer.idx;
    Value k = op.getReverse() ? arith::SubIOp::create(b, loc(), indexConst(n - 1), pos) : pos;
    x.idx.insert(x.idx.begin() + axis, k);
    return x;
  };
  auto combine = [&](Lanes earlier, Lanes later) -> FailureOr<Lanes> {
    FailureOr<SmallVector<Lanes>> r = applyCombine(op.getCombineOp(), {earlier}, {later}, 1, false);
    if (failed(r))
      return failure();
    return (*r)[0];
  };
  auto forLoop = [&](int64_t lo, int64_t hi, ValueRange init = {}) {
    auto loop = scf::ForOp::create(b, loc(), indexConst(lo), indexConst(hi), indexConst(1), init);
    b.setInsertionPointToStart(loop.getBody());
    return loop;
  };
  auto totalAt = [&](Value j) {
    Where x;
    x.idx = {j};
    return x;
  };
  OpBuilder::InsertionGuard g(b);
  auto after = [&](scf::ForOp loop) { b.setInsertionPointAfter(loop); };

  // 1. In-order scan of each block; its total goes to `totals`.
  scf::ForOp blockLoop = forLoop(0, blocks);
  Value start = arith::MulIOp::create(b, loc(), blockLoop.getInductionVar(), indexConst(kScanBlock));
  Lanes first = readBuffer(src, elem, at(start));
  writeBuffer(out, elem, at(start).idx, first);
  scf::ForOp inBlock = forLoop(1, kScanBlock, ValueRange{first.value});
  Value pos = arith::AddIOp::create(b, loc(), start, inBlock.getInductionVar());
  FailureOr<Lanes> sum = combine(Lanes::uniform(inBlock.getRegionIterArgs()[0]),
                                 readBuffer(src, elem, at(pos)));
  if (failed(sum))
    return failure();
  writeBuffer(out, elem, at(pos).idx, *sum);
  scf::YieldOp::create(b, loc(), ValueRange{sum->value});
  b.setInsertionPointAfter(inBlock);
  writeBuffer(totals, elem, {blockLoop.getInductionVar()}, Lanes::uniform(inBlock.getResult(0)));
  after(blockLoop);

  // 2. Inclusive scan of the totals; descending indices keep it in place.
  for (int64_t d = 1; d < blocks; d *= 2) {
    scf::ForOp pass = forLoop(0, blocks - d);
    Value j = arith::SubIOp::create(b, loc(), indexConst(blocks - 1), pass.getInductionVar());
    Value jd = arith::SubIOp::create(b, loc(), j, indexConst(d));
    FailureOr<Lanes> t = combine(readBuffer(totals, elem, totalAt(jd)),
                                 readBuffer(totals, elem, totalAt(j)));
    if (failed(t))
      return failure();
    writeBuffer(totals, elem, {j}, *t);
    after(pass);
  }

  // 3. Every block after the first gets the total of those before it.
  scf::ForOp offsetLoop = forLoop(1, blocks);
  Value prev = arith::SubIOp::create(b, loc(), offsetLoop.getInductionVar(), indexConst(1));
  Lanes offset = readBuffer(totals, elem, totalAt(prev));
  Value base = arith::MulIOp::create(b, loc(), offsetLoop.getInductionVar(), indexConst(kScanBlock));
  scf::ForOp element = forLoop(0, kScanBlock);
  Value p = arith::AddIOp::create(b, loc(), base, element.getInductionVar());
  FailureOr<Lanes> shifted = combine(offset, readBuffer(out, elem, at(p)));
  if (failed(shifted))
    return failure();
  writeBuffer(out, elem, at(p).idx, *shifted);
  return success();
}

LogicalResult KernelLowering::emitScan(tt::ScanOp op) {
  auto type = tensorType(op.getSrcs()[0]);
  int axis = op.getAxis();
  int64_t axisSize = type.getDimSize(axis);
  bool reverse = op.getReverse();
  SmallVector<Value> srcBuffers, outBuffers;
  SmallVector<Type> elems;
  for (Value s : op.getSrcs()) {
    Value buf = bufferFor(s);
    if (!buf)
      return failure();
    srcBuffers.push_back(buf);
    elems.push_back(tensorType(s).getElementType());
    outBuffers.push_back(allocBuffer(type.getShape(), tensorType(s).getElementType()));
  }
  SmallVector<int64_t> outer(type.getShape());
  outer.erase(outer.begin() + axis);
  bool blocked = isFloatAddScan(op) && axisSize % kScanBlock == 0 && axisSize >= 2 * kScanBlock;
  Value totals = blocked ? allocBuffer({axisSize / kScanBlock}, elems[0]) : Value();
  LogicalResult status = emitNest(outer, 1, [&](const Where &w) -> LogicalResult {
    if (blocked)
      return emitBlockedScan(op, srcBuffers[0], outBuffers[0], totals, w);
    auto at = [&](Value k) {
      Where x;
      x.idx = w.idx;
      x.idx.insert(x.idx.begin() + axis, k);
      return x;
    };
    Value first = indexConst(reverse ? axisSize - 1 : 0);
    SmallVector<Value> acc;
    for (auto [sb, ob, e] : llvm::zip(srcBuffers, outBuffers, elems)) {
      Lanes l = readBuffer(sb, e, at(first));
      writeBuffer(ob, e, at(first).idx, l);
      acc.push_back(l.value);
    }
    auto loop = scf::ForOp::create(b, loc(), indexConst(1), indexConst(axisSize),
                                   indexConst(1), acc);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    Value k = loop.getInductionVar();
    if (reverse)
      k = arith::SubIOp::create(b, loc(), indexConst(axisSize - 1), k);
    SmallVector<Lanes> accL, cur;
    for (auto [a, sb, e] : llvm::zip(loop.getRegionIterArgs(), srcBuffers, elems)) {
      accL.push_back(Lanes::uniform(a));
      cur.push_back(readBuffer(sb, e, at(k)));
    }
    FailureOr<SmallVector<Lanes>> next = applyCombine(op.getCombineOp(), accL, cur, 1, false);
    if (failed(next))
      return failure();
    SmallVector<Value> yields;
    for (auto [ob, e, l] : llvm::zip(outBuffers, elems, *next)) {
      writeBuffer(ob, e, at(k).idx, l);
      yields.push_back(l.value);
    }
    scf::YieldOp::create(b, loc(), yields);
    return success();
  });
  if (failed(status))
    return failure();
  for (auto [res, buf] : llvm::zip(op.getResults(), outBuffers))
    buffers[res] = buf;
  return success();
}

