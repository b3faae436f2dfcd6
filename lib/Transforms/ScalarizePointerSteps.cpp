// triton-edge-scalarize-pointer-steps: Triton's usual way to walk a block of
// pointers through a loop is to carry the pointer tensor and advance it by a
// uniform step each iteration (the tutorial matmul's
// `a_ptrs += BLOCK_K * stride_ak`). Carried as a tensor, the pointers are
// materialized in a buffer every iteration and read back with nothing known
// of their lanes, so every load through them is a gather. Carried as the
// loop-invariant initial tensor plus one scalar offset,
//
//   p_k = addptr(p_0, splat(off_k)),   off_{k+1} = off_k + step,
//
// the loads see p_0's own expression (its lane facts: contiguous accesses)
// and the loop carries one i64. The offset is the sum of the steps in i64,
// which is exactly what the chain of addptrs computed (each addptr adds its
// sign-extended offset to a 64-bit address).
#include "triton-edge/Transforms/Passes.h"

#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_SCALARIZEPOINTERSTEPS
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
namespace tt = mlir::triton;

namespace {

/// A step of a pointer walk: the scalar every element's offset equals (the
/// source of a splat, or a splat constant's value).
struct Step {
  Value scalar;                    // set for a splat
  std::optional<int64_t> constant; // set for a splat constant
};

std::optional<Step> uniformStep(Value offset) {
  if (auto splat = offset.getDefiningOp<tt::SplatOp>())
    return Step{splat.getSrc(), std::nullopt};
  SplatElementsAttr c;
  if (matchPattern(offset, m_Constant(&c)) && isa<IntegerType>(c.getElementType()))
    return Step{Value(), c.getSplatValue<APInt>().getSExtValue()};
  return std::nullopt;
}

/// The steps from iteration argument `arg` to its `yielded` value when that
/// is `arg` advanced by uniform offsets only (addptr chains); nullopt else.
std::optional<SmallVector<Step>> walkSteps(BlockArgument arg, Value yielded) {
  SmallVector<Step> steps;
  Value v = yielded;
  while (v != arg) {
    auto addptr = v.getDefiningOp<tt::AddPtrOp>();
    if (!addptr)
      return std::nullopt;
    std::optional<Step> s = uniformStep(addptr.getOffset());
    if (!s)
      return std::nullopt;
    steps.push_back(*s);
    v = addptr.getPtr();
  }
  if (steps.empty()) // loop-invariant: nothing to carry, left alone
    return std::nullopt;
  return steps;
}

bool isPointerTensor(Type t) {
  auto r = dyn_cast<RankedTensorType>(t);
  return r && isa<tt::PointerType>(r.getElementType());
}

/// `base` advanced by the i64 scalar `offset` on every element.
Value advance(OpBuilder &b, Location loc, Value base, Value offset) {
  auto type = cast<RankedTensorType>(base.getType());
  Value splat = tt::SplatOp::create(b, loc, type.clone(b.getI64Type()), offset);
  return tt::AddPtrOp::create(b, loc, type, base, splat);
}

void rewrite(scf::ForOp loop) {
  auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
  // Walks by iteration-argument index.
  DenseMap<unsigned, SmallVector<Step>> walks;
  for (auto [i, arg] : llvm::enumerate(loop.getRegionIterArgs())) {
    if (!isPointerTensor(arg.getType()))
      continue;
    if (std::optional<SmallVector<Step>> steps = walkSteps(arg, yield.getOperand(i)))
      walks[i] = std::move(*steps);
  }
  if (walks.empty())
    return;

  Location loc = loop.getLoc();
  OpBuilder b(loop);
  Type i64 = b.getI64Type();
  Value zero = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(0));
  SmallVector<Value> inits;
  SmallVector<unsigned> kept, walked;
  for (auto [i, init] : llvm::enumerate(loop.getInitArgs())) {
    if (walks.count(i)) {
      walked.push_back(i);
    } else {
      kept.push_back(i);
      inits.push_back(init);
    }
  }
  inits.append(walked.size(), zero);
  auto newLoop = scf::ForOp::create(b, loc, loop.getLowerBound(), loop.getUpperBound(),
                                    loop.getStep(), inits);
  newLoop->setDiscardableAttrs(loop->getDiscardableAttrDictionary());
  newLoop.setUnsignedCmp(loop.getUnsignedCmp());
  Block *body = newLoop.getBody();
  if (body->mightHaveTerminator())
    body->getTerminator()->erase();
  body->getOperations().splice(body->end(), loop.getBody()->getOperations());

  // Inside the loop: the kept arguments, and each walk rebuilt from its
  // initial tensor and its carried offset.
  loop.getInductionVar().replaceAllUsesWith(newLoop.getInductionVar());
  for (auto [pos, i] : llvm::enumerate(kept))
    loop.getRegionIterArgs()[i].replaceAllUsesWith(newLoop.getRegionIterArgs()[pos]);
  b.setInsertionPointToStart(body);
  for (auto [pos, i] : llvm::enumerate(walked)) {
    Value offset = newLoop.getRegionIterArgs()[kept.size() + pos];
    loop.getRegionIterArgs()[i].replaceAllUsesWith(
        advance(b, loc, loop.getInitArgs()[i], offset));
  }

  // The yield: kept values, then each walk's offset plus its steps.
  b.setInsertionPoint(yield);
  SmallVector<Value> yielded;
  for (unsigned i : kept)
    yielded.push_back(yield.getOperand(i));
  for (auto [pos, i] : llvm::enumerate(walked)) {
    Value offset = newLoop.getRegionIterArgs()[kept.size() + pos];
    for (const Step &s : walks[i]) {
      Value step = s.scalar ? s.scalar
                            : Value(arith::ConstantOp::create(
                                  b, loc, b.getIntegerAttr(i64, *s.constant)));
      if (step.getType() != i64)
        step = arith::ExtSIOp::create(b, loc, i64, step);
      offset = arith::AddIOp::create(b, loc, offset, step);
    }
    yielded.push_back(offset);
  }
  SmallVector<Value> oldYielded(yield.getOperands());
  scf::YieldOp::create(b, yield.getLoc(), yielded);
  yield.erase();
  // The old chains of addptrs, unless the body reads them otherwise.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (isa<tt::AddPtrOp, tt::SplatOp, arith::ConstantOp>(op) && isOpTriviallyDead(&op))
      op.erase();

  // After the loop: kept results, and each walk at its final offset.
  b.setInsertionPointAfter(newLoop);
  for (auto [pos, i] : llvm::enumerate(kept))
    loop.getResult(i).replaceAllUsesWith(newLoop.getResult(pos));
  for (auto [pos, i] : llvm::enumerate(walked))
    if (!loop.getResult(i).use_empty())
      loop.getResult(i).replaceAllUsesWith(
          advance(b, loc, loop.getInitArgs()[i], newLoop.getResult(kept.size() + pos)));
  loop.erase();
}

struct ScalarizePointerSteps
    : mlir::triton_edge::impl::ScalarizePointerStepsBase<ScalarizePointerSteps> {
  void runOnOperation() override {
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](tt::FuncOp fn) { fn.walk([&](scf::ForOp l) { loops.push_back(l); }); });
    // Inner loops first (post-order walk): an outer loop's rewrite moves
    // their ops, never erases them.
    for (scf::ForOp l : loops)
      rewrite(l);
  }
};

} // namespace
