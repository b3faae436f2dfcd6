#include "triton-edge/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_SPLITPROGRAMS
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;

namespace {

/// Elements computed by a loop nest (trip counts times vector lanes).
int64_t nestElements(scf::ForOp loop) {
  int64_t elements = 1;
  for (scf::ForOp l = loop; l;) {
    auto lb = getConstantIntValue(l.getLowerBound()), ub = getConstantIntValue(l.getUpperBound()),
         step = getConstantIntValue(l.getStep());
    if (!lb || !ub || !step || *step <= 0)
      return 0;
    elements *= (*ub - *lb);
    scf::ForOp inner;
    for (Operation &op : *l.getBody())
      if (auto f = dyn_cast<scf::ForOp>(op))
        inner = f;
    l = inner;
  }
  return elements;
}

struct SplitProgramsPass
    : mlir::triton_edge::impl::SplitProgramsBase<SplitProgramsPass> {
  using Base::Base;

  /// The one loop nest of the program body, when everything else at program
  /// level is free of memory effects; null otherwise (with the reason).
  scf::ForOp soleNest(scf::ForOp programLoop, std::string &why) {
    scf::ForOp nest;
    for (Operation &op : programLoop.getBody()->without_terminator()) {
      if (auto f = dyn_cast<scf::ForOp>(op)) {
        if (nest) {
          why = "the program has several loop nests (materialized temporaries)";
          return {};
        }
        nest = f;
        continue;
      }
      if (op.getNumRegions() != 0 || !isMemoryEffectFree(&op)) {
        why = "the program has '" + op.getName().getStringRef().str() +
              "' outside its loop nest";
        return {};
      }
    }
    if (!nest)
      why = "the program has no loop nest";
    else if (!nest.getInitArgs().empty())
      why = "the loop nest carries values across iterations";
    return nest && nest.getInitArgs().empty() ? nest : scf::ForOp();
  }

  void runOnOperation() override {
    getOperation().walk([&](func::FuncOp fn) {
      scf::ForOp programLoop;
      fn.walk([&](scf::ForOp loop) {
        if (loop->hasAttr("te.program_loop"))
          programLoop = loop;
      });
      if (!programLoop)
        return;
      std::string why;
      scf::ForOp nest = soleNest(programLoop, why);
      if (!nest) {
        emitRemark(fn.getLoc()) << "MT: programs not split: " << why;
        return;
      }
      auto lb = getConstantIntValue(nest.getLowerBound()), ub = getConstantIntValue(nest.getUpperBound()),
           step = getConstantIntValue(nest.getStep());
      int64_t elements = nestElements(nest);
      if (!lb || !ub || !step || elements == 0) {
        emitRemark(fn.getLoc()) << "MT: programs not split: the nest's bounds are not constant";
        return;
      }
      int64_t trips = (*ub - *lb) / *step;
      int64_t k = 1;
      while (k * 2 <= maxSplit && trips % (k * 2) == 0 && elements / (k * 2) >= minChunkElements)
        k *= 2;
      if (k == 1) {
        emitRemark(fn.getLoc()) << "MT: programs not split: the tile is too small";
        return;
      }
      // v in [begin, end) over virtual programs: program v / k, chunk v % k.
      OpBuilder b(programLoop.getBody(), programLoop.getBody()->begin());
      Location loc = programLoop.getLoc();
      Value v = programLoop.getInductionVar();
      Value kValue = arith::ConstantIndexOp::create(b, loc, k);
      Value program = arith::DivUIOp::create(b, loc, v, kValue);
      Value chunk = arith::RemUIOp::create(b, loc, v, kValue);
      SmallPtrSet<Operation *, 2> keep = {program.getDefiningOp(), chunk.getDefiningOp()};
      v.replaceAllUsesExcept(program, keep);
      b.setInsertionPoint(nest);
      int64_t chunkSpan = (*ub - *lb) / k;
      Value span = arith::ConstantIndexOp::create(b, loc, chunkSpan);
      Value first = arith::AddIOp::create(b, loc, arith::ConstantIndexOp::create(b, loc, *lb),
                                          arith::MulIOp::create(b, loc, chunk, span));
      Value last = arith::AddIOp::create(b, loc, first, span);
      nest.getLowerBoundMutable().assign(first);
      nest.getUpperBoundMutable().assign(last);
      fn->setAttr("te.program_split", b.getI32IntegerAttr(static_cast<int32_t>(k)));
    });
  }
};
} // namespace
