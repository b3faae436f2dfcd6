// Full tiles without masks: a loop whose masked vector accesses are provably
// all-true on every iteration (every vector of a tile that lies inside the
// tensor: all programs but the last) runs a copy with plain loads and stores;
// the original, masked loop runs otherwise. The test is one scalar
// computation before the loop, from interval bounds of the compared lane
// values over all lanes and iterations.
#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

#include <optional>

namespace mlir::triton_edge {
#define GEN_PASS_DEF_VERSIONFULLTILES
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;

namespace {

/// [lo, hi] bounds (i64 scalars) of an integer value over every lane and
/// every iteration of the loop.
struct Range {
  Value lo, hi;
};

/// Builds, before `loop`, the scalar i1 conditions under which a mask is
/// all-true on every iteration. Integer values are bounded by intervals in
/// i64; every narrower intermediate adds a guard that its interval fits its
/// width (so that the lanes did not wrap and the interval is exact). index
/// and i64 arithmetic is assumed not to overflow 64 bits, as the kernel's
/// own address arithmetic does.
class MaskProver {
public:
  MaskProver(OpBuilder &b, scf::ForOp loop) : b(b), loc(loop.getLoc()), loop(loop) {}

  /// The all-true condition of `mask` (i1 or vector of i1), or null.
  Value provedAllTrue(Value mask) {
    visitsLeft = kMaxVisits;
    return allTrue(mask);
  }

private:
  /// Masks and indices are a few ops; past this many visits (a chain as long
  /// as the input makes it, or shared operands revisited) the mask is not
  /// proven, which also bounds the recursion.
  static constexpr int kMaxVisits = 1000;
  int visitsLeft = 0;

  Value allTrue(Value mask) {
    if (--visitsLeft < 0)
      return {};
    if (Attribute a; matchPattern(mask, m_Constant(&a))) {
      auto d = dyn_cast<DenseIntElementsAttr>(a);
      if (auto i = dyn_cast<IntegerAttr>(a))
        return i.getValue().isOne() ? cst(b.getI1Type(), 1) : Value();
      return d && d.isSplat() && d.getSplatValue<bool>() ? cst(b.getI1Type(), 1) : Value();
    }
    if (!isa<VectorType>(mask.getType()) && isOutside(mask))
      return mask;
    Operation *op = mask.getDefiningOp();
    if (!op)
      return {};
    if (auto bc = dyn_cast<vector::BroadcastOp>(op))
      return allTrue(bc.getSource());
    if (auto a = dyn_cast<arith::AndIOp>(op)) {
      Value l = allTrue(a.getLhs()), r = l ? allTrue(a.getRhs()) : Value();
      return r ? and_(l, r) : Value();
    }
    if (auto c = dyn_cast<arith::CmpIOp>(op))
      return compare(c);
    return {};
  }

public:
  /// The conjunction of the guards gathered so far.
  Value guards() {
    Value g = cst(b.getI1Type(), 1);
    for (Value v : guardList)
      g = and_(g, v);
    return g;
  }

private:
  Value cst(Type t, int64_t v) { return arith::ConstantIntOp::create(b, loc, t, v); }
  Value i64(int64_t v) { return cst(b.getI64Type(), v); }
  Value and_(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }

  bool isOutside(Value v) { return !loop.getBodyRegion().isAncestor(v.getParentRegion()); }

  /// A scalar integer or index defined before the loop, as i64 (signed).
  Value toI64(Value v) {
    Type t = v.getType();
    if (t.isIndex())
      return arith::IndexCastOp::create(b, loc, b.getI64Type(), v);
    if (t.getIntOrFloatBitWidth() < 64)
      return arith::ExtSIOp::create(b, loc, b.getI64Type(), v);
    return v;
  }

  unsigned widthOf(Value v) {
    Type e = getElementTypeOrSelf(v.getType());
    return e.isIndex() ? 64 : e.getIntOrFloatBitWidth();
  }

  /// Lanes computed in fewer than 64 bits must not have wrapped.
  void guardFits(const Range &r, unsigned w) {
    if (w >= 64)
      return;
    guardList.push_back(cmp(arith::CmpIPredicate::sge, r.lo, i64(-(int64_t(1) << (w - 1)))));
    guardList.push_back(cmp(arith::CmpIPredicate::sle, r.hi, i64((int64_t(1) << (w - 1)) - 1)));
  }

  std::optional<Range> range(Value v) {
    if (--visitsLeft < 0)
      return std::nullopt;
    if (Attribute a; matchPattern(v, m_Constant(&a))) {
      if (auto i = dyn_cast<IntegerAttr>(a)) {
        Value c = i64(i.getValue().getSExtValue());
        return Range{c, c};
      }
      auto d = dyn_cast<DenseIntElementsAttr>(a);
      if (!d || d.empty())
        return std::nullopt;
      int64_t lo = INT64_MAX, hi = INT64_MIN;
      for (const APInt &x : d.getValues<APInt>()) {
        lo = std::min(lo, x.getSExtValue());
        hi = std::max(hi, x.getSExtValue());
      }
      return Range{i64(lo), i64(hi)};
    }
    if (v == loop.getInductionVar()) {
      // The first and the last iteration (when the loop runs at all).
      Value lb = toI64(loop.getLowerBound()), ub = toI64(loop.getUpperBound()),
            step = toI64(loop.getStep());
      Value trips = arith::DivSIOp::create(b, loc, sub(sub(ub, lb), i64(1)), step);
      return Range{lb, add(lb, mul(trips, step))};
    }
    if (!isa<VectorType>(v.getType()) && isOutside(v)) {
      Value x = toI64(v);
      return Range{x, x};
    }
    Operation *op = v.getDefiningOp();
    if (!op)
      return std::nullopt; // iteration arguments and other block arguments
    std::optional<Range> r;
    if (auto bc = dyn_cast<vector::BroadcastOp>(op)) {
      return range(bc.getSource());
    } else if (isa<arith::ExtSIOp>(op)) {
      return range(op->getOperand(0));
    } else if (isa<arith::IndexCastOp, arith::TruncIOp>(op)) {
      // index_cast sign-extends or truncates; the guard below checks the latter.
      r = range(op->getOperand(0));
    } else if (isa<arith::AddIOp, arith::SubIOp>(op)) {
      std::optional<Range> x = range(op->getOperand(0));
      std::optional<Range> y = x ? range(op->getOperand(1)) : std::nullopt;
      if (!y)
        return std::nullopt;
      r = isa<arith::AddIOp>(op) ? Range{add(x->lo, y->lo), add(x->hi, y->hi)}
                                 : Range{sub(x->lo, y->hi), sub(x->hi, y->lo)};
    } else if (isa<arith::MulIOp>(op)) {
      // By a constant only (strides).
      for (int k = 0; k < 2 && !r; ++k) {
        APInt c;
        if (!matchPattern(op->getOperand(k), m_ConstantInt(&c)))
          continue;
        std::optional<Range> x = range(op->getOperand(1 - k));
        if (!x)
          return std::nullopt;
        int64_t s = c.getSExtValue();
        Value lo = mul(x->lo, i64(s)), hi = mul(x->hi, i64(s));
        r = s >= 0 ? Range{lo, hi} : Range{hi, lo};
      }
    }
    if (!r)
      return std::nullopt;
    guardFits(*r, widthOf(v));
    return r;
  }

  Value compare(arith::CmpIOp c) {
    std::optional<Range> x = range(c.getLhs());
    std::optional<Range> y = x ? range(c.getRhs()) : std::nullopt;
    if (!y)
      return {};
    using P = arith::CmpIPredicate;
    // Unsigned: both sides non-negative, then the signed test holds.
    auto nonNeg = [&](Value v) { return cmp(P::sge, v, i64(0)); };
    auto unsignedly = [&](Value t) { return and_(and_(nonNeg(x->lo), nonNeg(y->lo)), t); };
    switch (c.getPredicate()) {
    case P::slt: return cmp(P::slt, x->hi, y->lo);
    case P::sle: return cmp(P::sle, x->hi, y->lo);
    case P::sgt: return cmp(P::sgt, x->lo, y->hi);
    case P::sge: return cmp(P::sge, x->lo, y->hi);
    case P::ult: return unsignedly(cmp(P::slt, x->hi, y->lo));
    case P::ule: return unsignedly(cmp(P::sle, x->hi, y->lo));
    case P::ugt: return unsignedly(cmp(P::sgt, x->lo, y->hi));
    case P::uge: return unsignedly(cmp(P::sge, x->lo, y->hi));
    default: return {};
    }
  }

  OpBuilder &b;
  Location loc;
  scf::ForOp loop;
  SmallVector<Value> guardList;
};

/// The mask operand of a masked vector access.
OpOperand *maskOperand(Operation *op) {
  if (auto l = dyn_cast<vector::MaskedLoadOp>(op))
    return &l.getMaskMutable();
  if (auto s = dyn_cast<vector::MaskedStoreOp>(op))
    return &s.getMaskMutable();
  if (auto g = dyn_cast<vector::GatherOp>(op))
    return &g.getMaskMutable();
  if (auto s = dyn_cast<vector::ScatterOp>(op))
    return &s.getMaskMutable();
  return nullptr;
}

bool isAllTrue(Value v) {
  DenseIntElementsAttr d;
  return matchPattern(v, m_Constant(&d)) && d.isSplat() && d.getSplatValue<bool>();
}

struct VersionFullTilesPass
    : mlir::triton_edge::impl::VersionFullTilesBase<VersionFullTilesPass> {
  void runOnOperation() override {
    SmallVector<scf::ForOp> loops;
    getOperation()->walk([&](scf::ForOp l) { loops.push_back(l); }); // inner first
    for (scf::ForOp l : loops)
      version(l);
  }

  void version(scf::ForOp loop) {
    // The masks of the accesses whose innermost loop this is.
    SetVector<Value> masks;
    loop.getBody()->walk([&](Operation *op) {
      if (OpOperand *m = maskOperand(op))
        if (op->getParentOfType<scf::ForOp>() == loop && !isAllTrue(m->get()))
          masks.insert(m->get());
    });
    if (masks.empty())
      return;
    OpBuilder b(loop);
    Location loc = loop.getLoc();
    // Built in a scratch block first: nothing is left behind when no mask
    // can be proven.
    Block scratch;
    b.setInsertionPointToStart(&scratch);
    MaskProver prover(b, loop);
    SmallVector<Value> proven;
    Value cond;
    for (Value m : masks)
      if (Value c = prover.provedAllTrue(m)) {
        proven.push_back(m);
        cond = cond ? arith::AndIOp::create(b, loc, cond, c) : c;
      }
    if (proven.empty()) {
      while (!scratch.empty())
        scratch.back().erase();
      return;
    }
    cond = arith::AndIOp::create(b, loc, cond, prover.guards());
    loop->getBlock()->getOperations().splice(loop->getIterator(), scratch.getOperations());

    b.setInsertionPoint(loop);
    auto ifOp = scf::IfOp::create(b, loc, loop.getResultTypes(), cond, /*withElse=*/true);
    // Then: the copy with the proven masks all-true.
    Block *thenBlock = ifOp.thenBlock();
    if (!thenBlock->empty())
      thenBlock->getTerminator()->erase();
    b.setInsertionPointToStart(thenBlock);
    IRMapping map;
    auto full = cast<scf::ForOp>(b.clone(*loop, map));
    setFullTiles(full);
    scf::YieldOp::create(b, loc, full.getResults());
    for (Value m : proven) {
      b.setInsertionPoint(full);
      Value one = arith::ConstantOp::create(b, loc, b.getOneAttr(m.getType()));
      map.lookupOrDefault(m).replaceUsesWithIf(
          one, [&](OpOperand &u) { return full->isAncestor(u.getOwner()); });
    }
    // Plain loads and stores where the mask is now all-true.
    full.getBody()->walk([&](Operation *op) {
      b.setInsertionPoint(op);
      if (auto l = dyn_cast<vector::MaskedLoadOp>(op); l && isAllTrue(l.getMask())) {
        l.replaceAllUsesWith(vector::LoadOp::create(b, l.getLoc(), l.getVectorType(),
                                                    l.getBase(), l.getIndices())
                                 .getResult());
        l.erase();
      } else if (auto s = dyn_cast<vector::MaskedStoreOp>(op); s && isAllTrue(s.getMask())) {
        vector::StoreOp::create(b, s.getLoc(), s.getValueToStore(), s.getBase(), s.getIndices());
        s.erase();
      }
    });
    // Else: the original loop.
    Block *elseBlock = ifOp.elseBlock();
    if (!elseBlock->empty())
      elseBlock->getTerminator()->erase();
    loop->replaceAllUsesWith(ifOp.getResults());
    loop->moveBefore(elseBlock, elseBlock->end());
    b.setInsertionPointToEnd(elseBlock);
    scf::YieldOp::create(b, loc, loop.getResults());
  }
};

} // namespace
