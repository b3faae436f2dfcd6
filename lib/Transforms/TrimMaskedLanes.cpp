// triton-edge-trim-masked-lanes: Triton blocks are powers of two, so a
// persistent reduction over rows of 768 (layer norm of a 768-wide model) runs
// a 1024-lane block whose last quarter is masked by `range(0, 1024) < 768`:
// every pass over the row loads, computes and selects 256 lanes whose values
// no store and no reduction can see. The pass shrinks such a block dimension
// to the constant bound rounded up to `granule` lanes (so vector loops keep
// their width), and rewrites every tensor that carries the dimension.
//
// The dimension is the connected set of (value, dim) pairs reached from one
// `tt.make_range(0, N)` through elementwise ops, splats, broadcasts,
// expand_dims, loads, stores and reductions along other axes. Lanes >= C are
// dead, so the block may be trimmed, when
//   - every store of the set is masked by `index < C'` with C' <= C (through
//     `arith.andi`, broadcasts and expand_dims; `index` is the range itself),
//   - every reduction along the dimension combines with one op whose identity
//     the lanes >= C hold: `select(mask, x, identity)` or a masked load whose
//     `other` is the identity, the mask as above,
//   - no other op (dot, scan, reshape, an scf yield, an atomic ...) sees it.
// A masked sum then adds +0.0 where it added the masked lanes' +0.0 before
// (only the sign of an all-(-0.0) sum could differ; the reassociated sums of
// the vector lowering do not keep that order either).
// The rewritten function carries `te.trimmed_lanes`: its blocks may then be
// any multiple of `granule`, not Triton's powers of two (the size rule of the
// tt ops allows that only in such a function).
#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Transforms/ShapeOps.h"

#include "triton-edge/Dialect/Triton/IR/Dialect.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_TRIMMASKEDLANES
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;
using mlir::triton_edge::throughShapeOps;
namespace tt = mlir::triton;

namespace {

/// The block dimension reached from one make_range: value -> its dimension.
struct LaneDimension {
  tt::MakeRangeOp range;
  llvm::MapVector<Value, unsigned> dims;
  SmallVector<tt::StoreOp> stores;
  SmallVector<std::pair<tt::ReduceOp, unsigned>> reductions; // (op, operand)
};

bool isElementwise(Operation *op) {
  return op->hasTrait<OpTrait::Elementwise>() || isa<tt::AddPtrOp>(op);
}

/// Collects the dimension of `range`; false when an op that is not understood
/// sees it, or a value would carry it twice.
class DimensionCollector {
public:
  explicit DimensionCollector(LaneDimension &d) : dim(d) {}

  bool run() {
    int64_t n = dim.range.getEnd() - dim.range.getStart();
    size = n;
    if (!add(dim.range.getResult(), 0))
      return false;
    while (!work.empty()) {
      auto [v, d] = work.pop_back_val();
      if (!visitDef(v, d))
        return false;
      for (OpOperand &use : v.getUses())
        if (!visitUse(use, d))
          return false;
    }
    return true;
  }

private:
  bool add(Value v, unsigned d) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    if (!t || d >= t.getRank() || t.getDimSize(d) != size)
      return false;
    auto [it, inserted] = dim.dims.insert({v, d});
    if (!inserted)
      return it->second == d;
    work.push_back({v, d});
    return true;
  }

  /// The producer of `v`: its tensor operands carry the dimension too.
  bool visitDef(Value v, unsigned d) {
    Operation *def = v.getDefiningOp();
    if (!def)
      return false; // a block argument: a loop-carried block
    if (def == dim.range.getOperation() || isa<tt::SplatOp>(def))
      return true;
    if (auto c = dyn_cast<arith::ConstantOp>(def))
      return isa<SplatElementsAttr>(c.getValue());
    if (auto bc = dyn_cast<tt::BroadcastOp>(def)) {
      auto src = cast<RankedTensorType>(bc.getSrc().getType());
      return src.getDimSize(d) == 1 || add(bc.getSrc(), d);
    }
    if (auto e = dyn_cast<tt::ExpandDimsOp>(def)) {
      unsigned axis = e.getAxis();
      return d != axis && add(e.getSrc(), d > axis ? d - 1 : d);
    }
    if (auto r = dyn_cast<tt::ReduceOp>(def)) {
      unsigned axis = r.getAxis();
      for (Value s : r.getSrcs())
        if (!add(s, d >= axis ? d + 1 : d))
          return false;
      return true;
    }
    if (auto ld = dyn_cast<tt::LoadOp>(def))
      return isa<RankedTensorType>(ld.getPtr().getType()) && addTensorOperands(def, d);
    if (isElementwise(def))
      return addTensorOperands(def, d);
    return false;
  }

  bool addTensorOperands(Operation *op, unsigned d) {
    for (Value o : op->getOperands())
      if (isa<RankedTensorType>(o.getType()) && !add(o, d))
        return false;
    for (Value r : op->getResults())
      if (isa<RankedTensorType>(r.getType()) && !add(r, d))
        return false;
    return true;
  }

  /// A consumer of a value that carries the dimension at `d`.
  bool visitUse(OpOperand &use, unsigned d) {
    Operation *user = use.getOwner();
    if (auto e = dyn_cast<tt::ExpandDimsOp>(user))
      return add(e.getResult(), d >= e.getAxis() ? d + 1 : d);
    if (auto bc = dyn_cast<tt::BroadcastOp>(user))
      return add(bc.getResult(), d);
    if (auto r = dyn_cast<tt::ReduceOp>(user)) {
      unsigned axis = r.getAxis();
      for (Value s : r.getSrcs())
        if (!add(s, d))
          return false;
      if (axis == d) {
        auto entry = std::make_pair(r, use.getOperandNumber());
        if (!llvm::is_contained(dim.reductions, entry))
          dim.reductions.push_back(entry);
        return true;
      }
      for (Value res : r.getResults())
        if (!add(res, d > axis ? d - 1 : d))
          return false;
      return true;
    }
    if (auto st = dyn_cast<tt::StoreOp>(user)) {
      if (!isa<RankedTensorType>(st.getPtr().getType()))
        return false; // a block pointer: its shape lives in make_tensor_ptr
      if (!llvm::is_contained(dim.stores, st))
        dim.stores.push_back(st);
      return addTensorOperands(st, d);
    }
    if (auto ld = dyn_cast<tt::LoadOp>(user))
      return isa<RankedTensorType>(ld.getPtr().getType()) && addTensorOperands(user, d);
    if (isElementwise(user))
      return addTensorOperands(user, d);
    return false;
  }

  LaneDimension &dim;
  int64_t size = 0;
  SmallVector<std::pair<Value, unsigned>> work;
};

/// C when `cmp` is `range < splat(C)` with a constant C.
std::optional<int64_t> constantBound(arith::CmpIOp cmp, tt::MakeRangeOp range) {
  if (cmp.getPredicate() != arith::CmpIPredicate::slt ||
      throughShapeOps(cmp.getLhs()) != range.getResult())
    return std::nullopt;
  APInt c;
  Value rhs = cmp.getRhs();
  if (auto s = rhs.getDefiningOp<tt::SplatOp>())
    rhs = s.getSrc();
  if (!matchPattern(rhs, m_ConstantInt(&c)))
    return std::nullopt;
  return c.getSExtValue();
}

/// Whether `mask` is false on every lane >= `bound` of the dimension: some
/// conjunct of its tree of andi is `range < C` with C <= bound. The tree is
/// as deep as the kernel makes it, and its conjuncts may be shared: a
/// worklist with a visited set, not recursion.
bool masksFrom(Value mask, tt::MakeRangeOp range, int64_t bound) {
  if (!mask)
    return false;
  SmallVector<Value> work = {mask};
  DenseSet<Value> seen;
  while (!work.empty()) {
    Value m = throughShapeOps(work.pop_back_val());
    if (!seen.insert(m).second)
      continue;
    if (auto a = m.getDefiningOp<arith::AndIOp>()) {
      work.push_back(a.getRhs());
      work.push_back(a.getLhs());
      continue;
    }
    if (auto cmp = m.getDefiningOp<arith::CmpIOp>())
      if (std::optional<int64_t> c = constantBound(cmp, range); c && *c <= bound)
        return true;
  }
  return false;
}

/// Whether `value` is the identity of the one-op combine `combiner`.
bool isIdentityOf(Value value, Operation *combiner) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return false;
  auto splat = dyn_cast<SplatElementsAttr>(attr);
  if (!splat)
    return false;
  if (auto f = dyn_cast<FloatAttr>(splat.getSplatValue<Attribute>())) {
    APFloat x = f.getValue();
    if (isa<arith::AddFOp>(combiner))
      return x.isZero();
    if (isa<arith::MulFOp>(combiner))
      return x.isExactlyValue(1.0);
    // Not maxnumf/minnumf: over lanes that are all NaN they return the
    // masked lanes' infinity, which the trimmed block no longer holds.
    if (isa<arith::MaximumFOp>(combiner))
      return x.isInfinity() && x.isNegative();
    if (isa<arith::MinimumFOp>(combiner))
      return x.isInfinity() && !x.isNegative();
    return false;
  }
  auto i = dyn_cast<IntegerAttr>(splat.getSplatValue<Attribute>());
  if (!i)
    return false;
  APInt x = i.getValue();
  if (isa<arith::AddIOp, arith::OrIOp, arith::XOrIOp, arith::MaxUIOp>(combiner))
    return x.isZero();
  if (isa<arith::MulIOp>(combiner))
    return x.isOne();
  if (isa<arith::AndIOp, arith::MinUIOp>(combiner))
    return x.isAllOnes();
  if (isa<arith::MaxSIOp>(combiner))
    return x.isMinSignedValue();
  if (isa<arith::MinSIOp>(combiner))
    return x.isMaxSignedValue();
  return false;
}

/// Whether operand `k` of `reduce` holds its combine's identity on every lane
/// >= `bound`.
bool identityBeyond(tt::ReduceOp reduce, unsigned k, tt::MakeRangeOp range, int64_t bound) {
  if (reduce.getSrcs().size() != 1)
    return false; // tuple reductions (arg-max, Welford): combines of several ops
  Block &body = reduce.getCombineOp().front();
  if (body.getOperations().size() != 2)
    return false;
  Operation &combiner = body.front();
  auto ret = cast<tt::ReduceReturnOp>(body.getTerminator());
  if (combiner.getNumOperands() != 2 || ret->getOperand(0) != combiner.getResult(0) ||
      !llvm::is_contained(combiner.getOperands(), body.getArgument(0)) ||
      !llvm::is_contained(combiner.getOperands(), body.getArgument(1)))
    return false;
  Value src = reduce.getSrcs()[k];
  if (auto sel = src.getDefiningOp<arith::SelectOp>())
    return masksFrom(sel.getCondition(), range, bound) &&
           isIdentityOf(sel.getFalseValue(), &combiner);
  if (auto ld = src.getDefiningOp<tt::LoadOp>())
    return masksFrom(ld.getMask(), range, bound) && ld.getOther() &&
           isIdentityOf(ld.getOther(), &combiner);
  return false;
}

RankedTensorType withDim(Type t, unsigned d, int64_t size) {
  auto r = cast<RankedTensorType>(t);
  SmallVector<int64_t> shape(r.getShape());
  shape[d] = size;
  return r.clone(shape);
}

/// Trims `dim` to `lanes`; masks `range < C` with C >= lanes become true.
void trim(LaneDimension &dim, int64_t lanes) {
  tt::MakeRangeOp range = dim.range;
  for (auto &[v, d] : dim.dims) {
    auto type = withDim(v.getType(), d, lanes);
    if (auto c = v.getDefiningOp<arith::ConstantOp>()) {
      // Every user of a value of the dimension is in it: the constant changes
      // for all of them.
      auto attr = cast<SplatElementsAttr>(c.getValue());
      c.setValueAttr(SplatElementsAttr::get(type, attr.getSplatValue<Attribute>()));
    }
    v.setType(type);
  }
  range.setEnd(range.getStart() + lanes);
  SmallVector<arith::CmpIOp> always;
  for (auto &[v, d] : dim.dims)
    if (auto cmp = v.getDefiningOp<arith::CmpIOp>())
      if (std::optional<int64_t> c = constantBound(cmp, range); c && *c >= lanes)
        always.push_back(cmp);
  for (arith::CmpIOp cmp : always) {
    OpBuilder b(cmp);
    cmp.replaceAllUsesWith(arith::ConstantOp::create(
                               b, cmp.getLoc(),
                               DenseElementsAttr::get(cast<ShapedType>(cmp.getType()), true))
                               .getResult());
    cmp.erase();
  }
}

/// The lanes `range` may shrink to, if any.
std::optional<int64_t> trimmedLanes(LaneDimension &dim, int64_t granule) {
  tt::MakeRangeOp range = dim.range;
  int64_t n = range.getEnd() - range.getStart();
  if (range.getStart() != 0)
    return std::nullopt;
  // The bound: the largest constant the range is compared with.
  int64_t bound = 0;
  for (auto &[v, d] : dim.dims)
    if (auto cmp = v.getDefiningOp<arith::CmpIOp>())
      if (std::optional<int64_t> c = constantBound(cmp, range))
        bound = std::max(bound, *c);
  int64_t lanes = llvm::alignTo(bound, granule);
  if (bound <= 0 || lanes >= n)
    return std::nullopt;
  for (tt::StoreOp st : dim.stores)
    if (!masksFrom(st.getMask(), range, bound))
      return std::nullopt;
  for (auto [reduce, k] : dim.reductions)
    if (!identityBeyond(reduce, k, range, bound))
      return std::nullopt;
  return lanes;
}

struct TrimMaskedLanesPass
    : mlir::triton_edge::impl::TrimMaskedLanesBase<TrimMaskedLanesPass> {
  using TrimMaskedLanesBase::TrimMaskedLanesBase;

  void runOnOperation() override {
    if (granule <= 0) {
      getOperation().emitError("triton-edge-trim-masked-lanes: granule must be positive");
      return signalPassFailure();
    }
    getOperation().walk([&](tt::FuncOp fn) {
      SmallVector<tt::MakeRangeOp> ranges;
      fn.walk([&](tt::MakeRangeOp r) { ranges.push_back(r); });
      for (tt::MakeRangeOp r : ranges) {
        LaneDimension dim{r, {}, {}, {}};
        if (!DimensionCollector(dim).run())
          continue;
        if (std::optional<int64_t> lanes = trimmedLanes(dim, granule)) {
          setTrimmedLanes(fn);
          trim(dim, *lanes);
        }
      }
    });
  }
};

} // namespace
