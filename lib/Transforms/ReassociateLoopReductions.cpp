// triton-edge-reassociate-loop-reductions: Inductor's looped reductions
// (`triton_red_*`) carry a whole block of per-lane partial results through
// the reduction loop and reduce it once after the loop:
//
//   %acc = scf.for ... iter_args(%a = dense<c>) {
//     %n = arith.select %mask, C(%a, %x), %a   (or just C(%a, %x))
//     scf.yield %n }
//   %r = tt.reduce(%acc) {C}
//
// On a CPU that block lives in memory: every iteration loads, combines and
// stores it, and the reduction after the loop reads it again. When C is an
// associative, commutative combiner whose identity is c, the same value is
// C over all unmasked elements in another order, so this pass carries the
// reduced value instead and reduces each iteration's block inside the loop:
//
//   %acc = scf.for ... iter_args(%a = c) {
//     %xr = tt.reduce(arith.select %mask, %x, c) {C}
//     scf.yield C(%a, %xr) }
//
// The in-loop reduction fuses with the ops that produce %x (no block in
// memory). Sums are reassociated, so they round differently (like the GPU's
// order differs from ours); max and min are exact (the sign of a zero result
// may differ). Combiners: addf, addi, mulf, maxnumf/minnumf,
// maximumf/minimumf, and Inductor's NaN-propagating max/min
// (select(a > b || a != a, a, b)).
#include "triton-edge/Transforms/Passes.h"

#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_REASSOCIATELOOPREDUCTIONS
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
namespace tt = mlir::triton;

namespace {

/// Whether `c` is the identity of the reduction whose combiner region
/// returns `ret` from block arguments (a, b).
bool isIdentity(tt::ReduceOp reduce, Attribute c) {
  Block &body = reduce.getCombineOp().front();
  if (body.getNumArguments() != 2)
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1);
  Value ret = body.getTerminator()->getOperand(0);
  Operation *op = ret.getDefiningOp();
  if (!op)
    return false;
  auto operandsAre = [&](Operation *o) {
    return o->getNumOperands() == 2 &&
           ((o->getOperand(0) == a && o->getOperand(1) == b) ||
            (o->getOperand(0) == b && o->getOperand(1) == a));
  };
  auto isFloat = [&](auto pred) {
    auto f = dyn_cast<FloatAttr>(c);
    return f && pred(f.getValue());
  };
  auto negInf = [](const APFloat &v) { return v.isInfinity() && v.isNegative(); };
  auto posInf = [](const APFloat &v) { return v.isInfinity() && !v.isNegative(); };
  if (isa<arith::AddFOp>(op) && operandsAre(op))
    return isFloat([](const APFloat &v) { return v.isZero(); });
  if (isa<arith::MulFOp>(op) && operandsAre(op))
    return isFloat([](const APFloat &v) { return v.isExactlyValue(1.0); });
  if (isa<arith::AddIOp>(op) && operandsAre(op)) {
    auto i = dyn_cast<IntegerAttr>(c);
    return i && i.getValue().isZero();
  }
  if (isa<arith::MaxNumFOp, arith::MaximumFOp>(op) && operandsAre(op))
    return isFloat(negInf);
  if (isa<arith::MinNumFOp, arith::MinimumFOp>(op) && operandsAre(op))
    return isFloat(posInf);
  // Inductor's triton_helpers.maximum/minimum: select(a > b || a != a, a, b).
  auto sel = dyn_cast<arith::SelectOp>(op);
  if (!sel || sel.getTrueValue() != a || sel.getFalseValue() != b)
    return false;
  auto orOp = sel.getCondition().getDefiningOp<arith::OrIOp>();
  if (!orOp)
    return false;
  arith::CmpFOp order, nan;
  for (Value v : orOp->getOperands()) {
    auto cmp = v.getDefiningOp<arith::CmpFOp>();
    if (!cmp)
      return false;
    if (cmp.getPredicate() == arith::CmpFPredicate::UNE && cmp.getLhs() == a &&
        cmp.getRhs() == a)
      nan = cmp;
    else if (cmp.getLhs() == a && cmp.getRhs() == b)
      order = cmp;
  }
  if (!order || !nan)
    return false;
  switch (order.getPredicate()) {
  case arith::CmpFPredicate::OGT:
  case arith::CmpFPredicate::OGE:
    return isFloat(negInf);
  case arith::CmpFPredicate::OLT:
  case arith::CmpFPredicate::OLE:
    return isFloat(posInf);
  default:
    return false;
  }
}

/// Matches the loop's combine of `acc` with a block `x` against the
/// reduction's combiner region: same ops, attributes and operand structure,
/// with the region's arguments bound to (acc, x) in order `accFirst`.
struct ChainMatcher {
  Value acc, regionAcc, regionX;
  Value x;
  llvm::SetVector<Operation *> chain;
  // Combiners are a few ops; the budget bounds the recursion (and the
  // revisits of shared operands) on a region as long as the input makes it.
  int visitsLeft = 1000;

  bool match(Value v, Value w) {
    if (--visitsLeft < 0)
      return false;
    if (w == regionAcc)
      return v == acc;
    if (w == regionX) {
      if (x)
        return v == x;
      x = v;
      return v != acc;
    }
    Operation *ov = v.getDefiningOp(), *ow = w.getDefiningOp();
    if (!ov || !ow || ov->getName() != ow->getName() || ov->getNumRegions() != 0 ||
        ov->getNumOperands() != ow->getNumOperands() ||
        ov->getNumResults() != ow->getNumResults() ||
        cast<OpResult>(v).getResultNumber() != cast<OpResult>(w).getResultNumber() ||
        ov->getAttrDictionary() != ow->getAttrDictionary() || !isPure(ov))
      return false;
    for (auto [a, b] : llvm::zip(ov->getOperands(), ow->getOperands()))
      if (!match(a, b))
        return false;
    chain.insert(ov);
    return true;
  }
};

/// The reduced type of a block type `t` (shape of the reduction's result).
Type reducedType(Type t, Type reducedResult) {
  Type elem = getElementTypeOrSelf(t);
  if (auto r = dyn_cast<RankedTensorType>(reducedResult))
    return RankedTensorType::get(r.getShape(), elem);
  return elem;
}

Attribute splatOrScalar(Type type, Attribute c) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return DenseElementsAttr::get(shaped, c);
  return c;
}

LogicalResult reassociate(tt::ReduceOp reduce) {
  if (reduce.getSrcs().size() != 1 || reduce->getNumResults() != 1)
    return failure();
  auto res = dyn_cast<OpResult>(reduce.getSrcs()[0]);
  if (!res || !res.hasOneUse())
    return failure();
  auto loop = dyn_cast<scf::ForOp>(res.getOwner());
  if (!loop)
    return failure();
  unsigned i = res.getResultNumber();
  DenseElementsAttr init;
  if (!matchPattern(loop.getInitArgs()[i], m_Constant(&init)) || !init.isSplat())
    return failure();
  Attribute c = init.getSplatValue<Attribute>();
  if (!isIdentity(reduce, c))
    return failure();

  Value acc = loop.getRegionIterArg(i);
  auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
  Value next = yield.getOperand(i);
  auto masked = next.getDefiningOp<arith::SelectOp>();
  Value root = next, mask;
  if (masked && masked.getFalseValue() == acc && masked.getTrueValue() != acc) {
    root = masked.getTrueValue();
    mask = masked.getCondition();
  } else {
    masked = nullptr;
  }

  Block &body = reduce.getCombineOp().front();
  Value ret = body.getTerminator()->getOperand(0);
  ChainMatcher m;
  bool matched = false;
  for (bool accFirst : {true, false}) {
    m = ChainMatcher{acc, body.getArgument(accFirst ? 0 : 1), body.getArgument(accFirst ? 1 : 0),
                     Value(), {}};
    if ((matched = m.match(root, ret)))
      break;
  }
  if (!matched || !m.x || m.x.getType() != acc.getType() || m.chain.empty())
    return failure();
  if (mask && llvm::is_contained(m.chain, mask.getDefiningOp()))
    return failure();
  // The block of partial results must have no other reader: acc feeds only
  // the chain (and the select), the chain only itself and the loop's yield.
  auto inChain = [&](Operation *user) {
    return m.chain.contains(user) || user == masked.getOperation() ||
           (!masked && user == yield.getOperation());
  };
  if (!llvm::all_of(acc.getUsers(), inChain))
    return failure();
  for (Operation *op : m.chain)
    for (Operation *user : op->getUsers())
      if (!inChain(user))
        return failure();
  if (masked && !next.hasOneUse())
    return failure();
  if (!masked && !root.hasOneUse())
    return failure();

  // Rewrite: the loop carries the reduced value.
  Type blockType = acc.getType();
  Type accType = reducedType(blockType, reduce->getResult(0).getType());
  OpBuilder b(loop);
  Value newInit = arith::ConstantOp::create(
      b, loop.getLoc(), cast<TypedAttr>(splatOrScalar(accType, c)));
  loop.getInitArgsMutable()[i].assign(newInit);
  acc.setType(accType);
  loop.getResult(i).setType(accType);

  b.setInsertionPoint(yield);
  Location loc = reduce.getLoc();
  Value contribution = m.x;
  if (mask) {
    Value identity = arith::ConstantOp::create(
        b, loc, cast<TypedAttr>(splatOrScalar(blockType, c)));
    contribution = arith::SelectOp::create(b, loc, mask, m.x, identity);
  }
  IRMapping reduceMap;
  reduceMap.map(reduce.getSrcs()[0], contribution);
  Value chunk = b.clone(*reduce, reduceMap)->getResult(0);
  IRMapping chainMap;
  chainMap.map(m.x, chunk);
  for (Operation *op : m.chain) {
    Operation *copy = b.clone(*op, chainMap);
    for (Value r : copy->getResults())
      r.setType(reducedType(r.getType(), accType));
  }
  yield->setOperand(i, chainMap.lookup(root));
  if (masked)
    masked->erase();
  for (Operation *op : llvm::reverse(m.chain))
    op->erase();
  reduce->getResult(0).replaceAllUsesWith(loop.getResult(i));
  reduce->erase();
  return success();
}

struct ReassociateLoopReductionsPass
    : mlir::triton_edge::impl::ReassociateLoopReductionsBase<ReassociateLoopReductionsPass> {
  void runOnOperation() override {
    SmallVector<tt::ReduceOp> reduces;
    getOperation().walk([&](tt::ReduceOp r) { reduces.push_back(r); });
    for (tt::ReduceOp r : reduces)
      (void)reassociate(r);
  }
};

} // namespace
