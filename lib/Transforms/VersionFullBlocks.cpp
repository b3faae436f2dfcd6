// triton-edge-version-full-blocks: the loop of a looped reduction
// (`triton_red_*`) masks every block with `r0_offset + range(0, R) < r0_numel`,
// which is all true in every iteration but the last partial one. The pass
// versions the loop body on that fact:
//
//   scf.for %off ... { scf.if (%off + R <= %n) { body, mask = true }
//                      else { body } }
//
// so full blocks lose the per-vector mask arithmetic and their masked
// accesses become plain ones (a constant-true mask folds away), while the
// last partial block keeps the original body. Only masks of the form
// `splat(iv) + expand/broadcast(make_range(0, R)) < splat(n)` with the loop's
// induction variable `iv` are replaced; `iv + R <= n` is evaluated in i64.
#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Transforms/ShapeOps.h"

#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_VERSIONFULLBLOCKS
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using mlir::triton_edge::throughShapeOps;
namespace tt = mlir::triton;

namespace {

/// The block size R when `cmp` is `splat(iv) + range(0, R) < splat(n)`, n
/// defined outside `loop`; `n` is set.
std::optional<int64_t> fullTileMask(arith::CmpIOp cmp, scf::ForOp loop, Value &n) {
  if (cmp.getPredicate() != arith::CmpIPredicate::slt)
    return std::nullopt;
  auto add = cmp.getLhs().getDefiningOp<arith::AddIOp>();
  if (!add)
    return std::nullopt;
  n = throughShapeOps(cmp.getRhs());
  if (!isa<ShapedType>(cmp.getType()) || !n.getType().isInteger(32) ||
      !loop.isDefinedOutsideOfLoop(n))
    return std::nullopt;
  for (int k = 0; k < 2; ++k) {
    if (throughShapeOps(add->getOperand(k)) != loop.getInductionVar())
      continue;
    auto range = throughShapeOps(add->getOperand(1 - k)).getDefiningOp<tt::MakeRangeOp>();
    if (range && range.getStart() == 0)
      return static_cast<int64_t>(range.getEnd());
  }
  return std::nullopt;
}

void version(scf::ForOp loop) {
  if (!loop.getInductionVar().getType().isInteger(32))
    return;
  Block *body = loop.getBody();
  SmallVector<arith::CmpIOp> masks;
  Value n;
  std::optional<int64_t> size;
  for (Operation &op : *body) {
    auto cmp = dyn_cast<arith::CmpIOp>(&op);
    if (!cmp)
      continue;
    Value bound;
    std::optional<int64_t> r = fullTileMask(cmp, loop, bound);
    if (!r || (size && (*r != *size || bound != n)))
      continue;
    size = r;
    n = bound;
    masks.push_back(cmp);
  }
  if (masks.empty())
    return;

  auto yield = cast<scf::YieldOp>(body->getTerminator());
  OpBuilder b(yield);
  Location loc = loop.getLoc();
  // Ops of the body except the yield move into the else branch; the then
  // branch is a copy with the masks replaced by true.
  b.setInsertionPointToStart(body);
  Type i64 = b.getI64Type();
  Value iv = arith::ExtSIOp::create(b, loc, i64, loop.getInductionVar());
  Value end = arith::AddIOp::create(b, loc, iv, arith::ConstantIntOp::create(b, loc, i64, *size));
  Value full = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, end,
                                     arith::ExtSIOp::create(b, loc, i64, n));
  auto ifOp = scf::IfOp::create(b, loc, loop.getResultTypes(), full, /*withElse=*/true);
  Block *thenBlock = ifOp.thenBlock(), *elseBlock = ifOp.elseBlock();
  // Without results the builder adds empty yields; the body's own come below.
  for (Block *blk : {thenBlock, elseBlock})
    if (!blk->empty())
      blk->back().erase();
  // Move the original ops (after the ones created above) into else.
  auto first = std::next(Block::iterator(ifOp));
  elseBlock->getOperations().splice(elseBlock->end(), body->getOperations(), first,
                                    Block::iterator(yield));
  OpBuilder eb = OpBuilder::atBlockEnd(elseBlock);
  scf::YieldOp::create(eb, loc, yield.getOperands());
  OpBuilder tb = OpBuilder::atBlockEnd(thenBlock);
  IRMapping map;
  for (Operation &op : elseBlock->without_terminator()) {
    auto cmp = dyn_cast<arith::CmpIOp>(&op);
    if (cmp && llvm::is_contained(masks, cmp)) {
      auto type = cast<ShapedType>(cmp.getType());
      Value t = arith::ConstantOp::create(tb, cmp.getLoc(),
                                          DenseElementsAttr::get(type, tb.getBoolAttr(true)));
      map.map(cmp.getResult(), t);
      continue;
    }
    tb.clone(op, map);
  }
  SmallVector<Value> thenYields;
  for (Value v : yield.getOperands())
    thenYields.push_back(map.lookupOrDefault(v));
  scf::YieldOp::create(tb, loc, thenYields);
  yield->setOperands(ifOp.getResults());
}

struct VersionFullBlocksPass
    : mlir::triton_edge::impl::VersionFullBlocksBase<VersionFullBlocksPass> {
  void runOnOperation() override {
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](tt::FuncOp fn) { fn.walk([&](scf::ForOp l) { loops.push_back(l); }); });
    for (scf::ForOp l : loops)
      version(l);
  }
};

} // namespace
