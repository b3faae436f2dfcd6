// Staging (the input of triton-edge-double-buffer): each program's
// contiguous load/store footprints go through scratchpad tiles, moved by
// memref.dma_start/dma_wait. The transfers are synchronous here; the DB pass
// overlaps them with compute.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

int64_t KernelLowering::Footprint::extent() const {
  int64_t e = 1;
  for (const Term &t : terms)
    e += t.coeff * (t.size - 1);
  return e;
}

int64_t KernelLowering::Footprint::low() const {
  int64_t l = constant;
  for (const Term &t : terms)
    l += t.coeff * t.start;
  return l;
}

bool KernelLowering::Footprint::dense(int64_t numel) const {
  SmallVector<Term> sorted(terms);
  llvm::sort(sorted, [](const Term &a, const Term &c) { return a.coeff < c.coeff; });
  int64_t expected = 1, count = 1;
  for (const Term &t : sorted) {
    if (t.size == 1)
      continue;
    if (t.coeff != expected)
      return false;
    expected *= t.size;
    count *= t.size;
  }
  return count == numel && count == extent();
}

/// The value of an integer constant or of a splat of one.
static std::optional<int64_t> splatConstant(Value v) {
  if (auto splat = v.getDefiningOp<tt::SplatOp>())
    v = splat.getSrc();
  return getConstantIntValue(v);
}

FailureOr<KernelLowering::Footprint>
KernelLowering::offsetFootprint(Value offset, std::string &why) {
  Operation *def = offset.getDefiningOp();
  if (!def) {
    why = "an offset comes from a block argument";
    return failure();
  }
  if (std::optional<int64_t> c = splatConstant(offset)) {
    Footprint fp;
    fp.constant = *c;
    return fp;
  }
  if (auto splat = dyn_cast<tt::SplatOp>(def)) {
    Footprint fp;
    fp.bases.push_back({splat.getSrc(), 1});
    return fp;
  }
  if (auto range = dyn_cast<tt::MakeRangeOp>(def)) {
    Footprint fp;
    fp.terms.push_back({1, range.getStart(), range.getEnd() - range.getStart()});
    return fp;
  }
  if (isa<tt::BroadcastOp, tt::ExpandDimsOp, arith::ExtSIOp, arith::ExtUIOp>(def))
    return offsetFootprint(def->getOperand(0), why);
  if (isa<arith::AddIOp>(def)) {
    FailureOr<Footprint> a = offsetFootprint(def->getOperand(0), why);
    if (failed(a))
      return failure();
    FailureOr<Footprint> c = offsetFootprint(def->getOperand(1), why);
    if (failed(c))
      return failure();
    a->bases.append(c->bases);
    a->terms.append(c->terms);
    a->constant += c->constant;
    return a;
  }
  if (isa<arith::MulIOp>(def)) {
    for (int k = 0; k < 2; ++k) {
      std::optional<int64_t> factor = splatConstant(def->getOperand(1 - k));
      if (!factor || *factor <= 0)
        continue;
      FailureOr<Footprint> a = offsetFootprint(def->getOperand(k), why);
      if (failed(a))
        return failure();
      for (auto &base : a->bases)
        base.second *= *factor;
      for (auto &t : a->terms)
        t.coeff *= *factor;
      a->constant *= *factor;
      return a;
    }
  }
  why = "its offsets use '" + def->getName().getStringRef().str() +
        "', which is not an affine function of the block ranges";
  return failure();
}

FailureOr<KernelLowering::Footprint>
KernelLowering::pointerFootprint(Value ptr, std::string &why) {
  Operation *def = ptr.getDefiningOp();
  if (!def) {
    if (auto arg = dyn_cast<BlockArgument>(ptr);
        arg && arg.getOwner() == &ttFunc.getBody().front())
      return Footprint();
    why = "the pointer is loop-carried";
    return failure();
  }
  if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp>(def))
    return pointerFootprint(def->getOperand(0), why);
  if (auto addptr = dyn_cast<tt::AddPtrOp>(def)) {
    FailureOr<Footprint> p = pointerFootprint(addptr.getPtr(), why);
    if (failed(p))
      return failure();
    FailureOr<Footprint> o;
    if (isTensor(addptr.getOffset())) {
      o = offsetFootprint(addptr.getOffset(), why);
    } else {
      Footprint scalar;
      scalar.bases.push_back({addptr.getOffset(), 1});
      o = scalar;
    }
    if (failed(o))
      return failure();
    p->bases.append(o->bases);
    p->terms.append(o->terms);
    p->constant += o->constant;
    return p;
  }
  why = "the pointer is made by '" + def->getName().getStringRef().str() + "'";
  return failure();
}

void KernelLowering::decideStaging() {
  Block &body = ttFunc.getBody().front();
  // Arguments both read and written are left alone: a staged copy would go
  // stale under the program's own writes.
  DenseMap<int, int> reads, writes;
  ttFunc.walk([&](Operation *op) {
    if (auto load = dyn_cast<tt::LoadOp>(op)) {
      if (FailureOr<int> a = pointerArg(load.getPtr()); succeeded(a))
        reads[*a]++;
    } else if (isa<tt::StoreOp, tt::AtomicRMWOp, tt::AtomicCASOp>(op)) {
      if (FailureOr<int> a = pointerArg(op->getOperand(0)); succeeded(a))
        writes[*a]++;
    }
  });
  int64_t used = 0;
  auto consider = [&](Operation *op, Value ptr, Value valueOrResult) {
    std::string why;
    StringRef what = isa<tt::LoadOp>(op) ? "load" : "store";
    auto missed = [&](const std::string &reason) {
      emitRemark(op->getLoc()) << "DB: " << what << " not staged: " << reason;
    };
    if (!isTensor(ptr))
      return missed("it accesses a single element");
    FailureOr<int> arg = pointerArg(ptr);
    if (failed(arg))
      return missed("its pointer does not trace to one argument");
    if (reads[*arg] && writes[*arg])
      return missed("its argument is both read and written by the kernel");
    FailureOr<Footprint> fp = pointerFootprint(ptr, why);
    if (failed(fp))
      return missed(why);
    for (auto &t : fp->terms)
      if (t.coeff <= 0)
        return missed("an offset term decreases along the block");
    auto valueType = tensorType(valueOrResult);
    if (isa<tt::StoreOp>(op)) {
      if (!fp->dense(valueType.getNumElements()))
        return missed("the stored elements do not cover their footprint exactly once");
      auto store = cast<tt::StoreOp>(op);
      if (Value mask = store.getMask()) {
        // Only a bound mask (offset < limit) says which tail to write back.
        auto cmp = mask.getDefiningOp<arith::CmpIOp>();
        auto addptr = ptr.getDefiningOp<tt::AddPtrOp>();
        bool bound = cmp && addptr &&
                     (cmp.getPredicate() == arith::CmpIPredicate::slt ||
                      cmp.getPredicate() == arith::CmpIPredicate::ult) &&
                     cmp.getLhs() == addptr.getOffset() &&
                     addptr.getPtr().getDefiningOp<tt::SplatOp>() &&
                     cmp.getRhs().getDefiningOp<tt::SplatOp>();
        if (!bound)
          return missed("its mask is not a bound (offset < limit) on the stored offsets");
        storeCountLimits[op] = cmp.getRhs().getDefiningOp<tt::SplatOp>().getSrc();
      }
    }
    int64_t bytes = fp->extent() *
                    std::max<int64_t>(1, storageType(valueType.getElementType())
                                             .getIntOrFloatBitWidth() / 8) *
                    staging.buffers;
    if (used + bytes > staging.budgetBytes)
      return missed("its tiles need " + std::to_string(bytes) + " bytes and only " +
                    std::to_string(staging.budgetBytes - used) +
                    " of the scratchpad are left");
    used += bytes;
    stagedFootprints[op] = *fp;
  };
  for (Operation &op : body) {
    if (auto load = dyn_cast<tt::LoadOp>(op)) {
      if (!load.getIsVolatile())
        consider(&op, load.getPtr(), load.getResult());
    } else if (auto store = dyn_cast<tt::StoreOp>(op)) {
      consider(&op, store.getPtr(), store.getValue());
    }
  }
  for (Operation &op : body)
    for (Region &r : op.getRegions())
      r.walk([&](Operation *inner) {
        if (isa<tt::LoadOp, tt::StoreOp>(inner))
          emitRemark(inner->getLoc())
              << "DB: access inside a loop is not staged (staging is per program)";
      });
}

Value KernelLowering::tileStart(const Footprint &fp) {
  Type i64 = b.getI64Type();
  Value start = arith::ConstantIntOp::create(b, loc(), i64, fp.low());
  for (auto [base, coeff] : fp.bases) {
    Value v = scalars.lookup(base);
    if (v.getType() != i64)
      v = arith::ExtSIOp::create(b, loc(), i64, v);
    if (coeff != 1)
      v = arith::MulIOp::create(b, loc(), v, arith::ConstantIntOp::create(b, loc(), i64, coeff));
    start = arith::AddIOp::create(b, loc(), start, v);
  }
  return start;
}

/// max(0, min(extent, limit - start)) as an index.
Value KernelLowering::clampCount(Value limit, int64_t extent, Value start) {
  Type i64 = b.getI64Type();
  if (limit.getType() != i64)
    limit = arith::ExtSIOp::create(b, loc(), i64, limit);
  Value n = arith::SubIOp::create(b, loc(), limit, start);
  n = arith::MinSIOp::create(b, loc(), n, arith::ConstantIntOp::create(b, loc(), i64, extent));
  n = arith::MaxSIOp::create(b, loc(), n, arith::ConstantIntOp::create(b, loc(), i64, 0));
  return arith::IndexCastOp::create(b, loc(), b.getIndexType(), n);
}

void KernelLowering::emitTransfer(Value src, Value srcIndex, Value dst, Value dstIndex,
                                  Value count) {
  Value tag;
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(entryBlock);
    tag = memref::AllocaOp::create(b, loc(), MemRefType::get({1}, b.getI64Type()));
  }
  Value c0 = indexConst(0);
  memref::DmaStartOp::create(b, loc(), src, ValueRange{srcIndex}, dst, ValueRange{dstIndex},
                             count, tag, ValueRange{c0});
  memref::DmaWaitOp::create(b, loc(), tag, ValueRange{c0}, count);
}

LogicalResult KernelLowering::stageLoad(tt::LoadOp op) {
  const Footprint &fp = stagedFootprints[op];
  FailureOr<int> arg = pointerArg(op.getPtr());
  if (failed(arg))
    return failure();
  StagedTile t;
  t.arg = *arg;
  t.extent = fp.extent();
  t.tile = allocBuffer({t.extent}, tensorType(op.getResult()).getElementType());
  t.start = tileStart(fp);
  t.startIndex = arith::IndexCastOp::create(b, loc(), b.getIndexType(), t.start);
  Value numel = arith::IndexCastOp::create(b, loc(), b.getI64Type(), argNumel[*arg]);
  Value count = clampCount(numel, t.extent, t.start);
  emitTransfer(argMemrefs[*arg], t.startIndex, t.tile, indexConst(0), count);
  stagedTiles[op] = t;
  return success();
}

std::optional<KernelLowering::StagedTile>
KernelLowering::stageStoreTile(tt::StoreOp op, int arg, Type elem) {
  auto it = stagedFootprints.find(op);
  if (it == stagedFootprints.end())
    return std::nullopt;
  // The nest writes the program's tile; it goes back to memory after it.
  StagedTile t;
  t.arg = arg;
  t.extent = it->second.extent();
  t.tile = allocBuffer({t.extent}, elem);
  t.start = tileStart(it->second);
  t.startIndex = arith::IndexCastOp::create(b, loc(), b.getIndexType(), t.start);
  return t;
}

LogicalResult KernelLowering::writeBackStore(tt::StoreOp op, const StagedTile &staged) {
  Value numel = arith::IndexCastOp::create(b, loc(), b.getI64Type(), argNumel[staged.arg]);
  Value count = clampCount(numel, staged.extent, staged.start);
  if (Value limit = storeCountLimits.lookup(op)) {
    // Bound-masked: only elements below the limit were stored.
    FailureOr<Value> l = scalarOf(limit);
    if (failed(l))
      return failure();
    Value byLimit = clampCount(*l, staged.extent, staged.start);
    count = arith::MinUIOp::create(b, loc(), count, byLimit);
  }
  emitTransfer(staged.tile, indexConst(0), argMemrefs[staged.arg], staged.startIndex, count);
  return success();
}
