// Per-block cost counters for the NPU timing model (docs/npu-model.md): the
// modeled context's clock advances by what the compiled code itself executes
// (each block's cost: Analysis/BlockCost.h).
#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Analysis/BlockCost.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_ANNOTATECOST
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;

namespace {

struct AnnotateCostPass : mlir::triton_edge::impl::AnnotateCostBase<AnnotateCostPass> {
  using AnnotateCostBase::AnnotateCostBase;

  /// compute-cost=markers: numbers block `id` for the Hexagon packet count
  /// (lib/Target/PacketCount.cpp reads these comments back). Side effects
  /// keep each marker in its block: LLVM neither hoists nor merges it.
  void insertMarkers(OpBuilder &b, Block *block, int64_t id) {
    auto marker = [&](Location loc, StringRef text) {
      LLVM::InlineAsmOp::create(b, loc, TypeRange{}, ValueRange{}, text, /*constraints=*/"",
                                /*has_side_effects=*/true, /*is_align_stack=*/false,
                                LLVM::tailcallkind::TailCallKind::None,
                                LLVM::AsmDialectAttr{}, ArrayAttr{});
    };
    std::string start = "// te.block " + std::to_string(id);
    std::string resume = "// te.block.resume " + std::to_string(id);
    SmallVector<Operation *> withRegions;
    for (Operation &op : *block)
      if (op.getNumRegions() > 0)
        withRegions.push_back(&op);
    b.setInsertionPointToStart(block);
    marker(block->getParentOp()->getLoc(), start);
    for (Operation *op : withRegions) { // the block's code after a loop or branch
      b.setInsertionPointAfter(op);
      marker(op->getLoc(), resume);
    }
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (computeCost != "ops" && computeCost != "packets" && computeCost != "markers") {
      module.emitError() << "triton-edge-annotate-cost: compute-cost '" << computeCost
                         << "' is not one of ops, packets, markers";
      return signalPassFailure();
    }
    OpCycles cycles{vectorBytes, scalarOp,   scalarLdSt,     vectorIntOp,
                    vectorFpOp,  vectorLdSt, transcendental, loopOverhead};
    OpBuilder b(module.getContext());
    auto ptr = LLVM::LLVMPointerType::get(module.getContext());
    Type i64 = b.getI64Type();
    const char *callee = "te_rt_model_cost";
    bool declared = false;
    // Counted blocks are numbered in walk order over the whole module; the
    // markers run and the packets run see the same loop nests.
    int64_t blockId = 0;
    module.walk([&](func::FuncOp fn) {
      if (fn.isExternal())
        return;
      Value engine = getLaunchArg(fn, LaunchArg::DmaEngine);
      if (!engine)
        return;
      SmallVector<Block *> blocks;
      fn.walk([&](Block *block) { blocks.push_back(block); });
      for (Block *block : blocks) {
        BlockCost c = countBlockCost(*block, cycles);
        if (c.empty())
          continue;
        int64_t id = blockId++;
        if (computeCost == "markers") {
          insertMarkers(b, block, id);
          continue;
        }
        if (computeCost == "packets" && id < int64_t(blockPackets.size()) &&
            blockPackets[id] >= 0)
          c.cycles = blockPackets[id]; // one packet issued per cycle
        if (!declared && !module.lookupSymbol(callee)) {
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(module.getBody());
          func::FuncOp::create(b, module.getLoc(), callee,
                               b.getFunctionType({ptr, i64, i64, i64, i64, i64}, {}))
              .setPrivate();
        }
        declared = true;
        b.setInsertionPointToStart(block);
        Location loc = fn.getLoc();
        auto cst = [&](int64_t v) -> Value {
          return arith::ConstantIntOp::create(b, loc, i64, v);
        };
        int64_t mcycles = static_cast<int64_t>(std::llround(c.cycles * 1000.0));
        func::CallOp::create(b, loc, callee, TypeRange{},
                             ValueRange{engine, cst(mcycles), cst(c.scalarLoads),
                                        cst(c.vectorLoads), cst(c.loadBytes),
                                        cst(c.storeBytes)});
      }
    });
    if (computeCost == "packets" && blockId != int64_t(blockPackets.size())) {
      module.emitError() << "triton-edge-annotate-cost: " << blockPackets.size()
                         << " block packet counts for " << blockId << " counted blocks";
      signalPassFailure();
    }
  }
};
} // namespace
