#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

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
using namespace mlir::triton_edge;

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
      // A pure scf.if (the program ids of a 1-D grid) is index arithmetic.
      bool pureIf = isa<scf::IfOp>(op) && isMemoryEffectFree(&op);
      if ((op.getNumRegions() != 0 && !pureIf) || !isMemoryEffectFree(&op)) {
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
        if (isProgramLoop(loop))
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
      int64_t trips = (*ub - *lb + *step - 1) / *step;
      // The largest K this nest supports; the runtime picks K <= kMax at
      // launch from the contexts it runs on (te_launch.program_split).
      int64_t kMax = std::min({static_cast<int64_t>(maxSplit), trips,
                               elements / std::max<int64_t>(1, minChunkElements)});
      if (kMax <= 1) {
        emitRemark(fn.getLoc()) << "MT: programs not split: the tile is too small";
        return;
      }
      Value splitArg = getLaunchArg(fn, LaunchArg::ProgramSplit);
      if (!splitArg) {
        emitRemark(fn.getLoc()) << "MT: programs not split: the body has no program-split argument";
        return;
      }
      // v in [begin, end) over virtual programs: program v / K, chunk v % K,
      // with K = max(1, the launch's split). A launch that does not split
      // (K = 0 or 1) runs whole programs and skips the divisions (scf.if:
      // LLVM keeps a select of a division as a cmov after the divide).
      OpBuilder b(programLoop);
      Location loc = programLoop.getLoc();
      Value one = arith::ConstantIndexOp::create(b, loc, 1);
      Value k = arith::MaxSIOp::create(
          b, loc, arith::IndexCastOp::create(b, loc, b.getIndexType(), splitArg), one);
      Value whole = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, k, one);
      b.setInsertionPointToStart(programLoop.getBody());
      Value v = programLoop.getInductionVar();
      Type idx = b.getIndexType();
      auto split = scf::IfOp::create(b, loc, TypeRange{idx, idx, idx}, whole, /*withElse=*/true);
      auto cst = [&](int64_t x) { return arith::ConstantIndexOp::create(b, loc, x); };
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(split.thenBlock());
        scf::YieldOp::create(b, loc, ValueRange{v, cst(*lb), cst(*ub)});
        // Chunk c runs trips [c * T / K, (c + 1) * T / K) of the outer loop.
        b.setInsertionPointToStart(split.elseBlock());
        Value program = arith::DivUIOp::create(b, loc, v, k);
        Value chunk = arith::RemUIOp::create(b, loc, v, k);
        auto tripStart = [&](Value c) {
          Value t = arith::DivUIOp::create(b, loc, arith::MulIOp::create(b, loc, c, cst(trips)), k);
          return arith::AddIOp::create(b, loc, cst(*lb), arith::MulIOp::create(b, loc, t, cst(*step)));
        };
        Value first = tripStart(chunk);
        Value last = arith::MinUIOp::create(
            b, loc, tripStart(arith::AddIOp::create(b, loc, chunk, one)), cst(*ub));
        scf::YieldOp::create(b, loc, ValueRange{program, first, last});
      }
      v.replaceUsesWithIf(split.getResult(0),
                          [&](OpOperand &use) { return !split->isAncestor(use.getOwner()); });
      nest.getLowerBoundMutable().assign(split.getResult(1));
      nest.getUpperBoundMutable().assign(split.getResult(2));
      setMaxProgramSplit(fn, static_cast<int32_t>(kMax));
    });
  }
};
} // namespace
