// Per-block cost counters for the NPU timing model (docs/npu-model.md): the
// modeled context's clock advances by what the compiled code itself executes.
#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_ANNOTATECOST
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;

namespace {

struct BlockCost {
  double cycles = 0;
  int64_t scalarLoads = 0, vectorLoads = 0, loadBytes = 0, storeBytes = 0;
  bool empty() const {
    return cycles == 0 && !scalarLoads && !vectorLoads && !loadBytes && !storeBytes;
  }
};

/// True when `memref` is main memory: a function argument (through views,
/// casts and buffer selects); local buffers and scratchpad tiles are allocas.
/// A worklist with a visited set: selects of selects could otherwise make
/// the walk deep and exponential.
bool isMainMemory(Value memref) {
  SmallVector<Value> work = {memref};
  DenseSet<Value> seen;
  while (!work.empty()) {
    Value m = work.pop_back_val();
    if (!seen.insert(m).second)
      continue;
    Operation *def = m.getDefiningOp();
    if (!def)
      return true; // an argument
    if (isa<memref::AllocaOp, memref::AllocOp, memref::GetGlobalOp>(def))
      continue; // local buffers, constant tables
    if (auto sel = dyn_cast<arith::SelectOp>(def)) {
      work.push_back(sel.getFalseValue());
      work.push_back(sel.getTrueValue());
      continue;
    }
    if (auto view = dyn_cast<ViewLikeOpInterface>(def)) {
      work.push_back(view.getViewSource());
      continue;
    }
    return true; // unknown origin: count it as main memory
  }
  return false;
}

int64_t bitsOf(Type t) {
  Type e = getElementTypeOrSelf(t);
  if (e.isIntOrFloat())
    return std::max<unsigned>(1, e.getIntOrFloatBitWidth());
  return 64; // index, pointers
}

/// A table read as ApproximateMath emits it: vector.from_elements of
/// vector.extracts at dynamic positions from one constant vector. x86 does
/// it in one vpermps; HVX has no lookup of 32-bit entries (vlut16 reads
/// 16-bit ones), so it is modeled as four vector ops: the two 16-bit halves'
/// lookups, their interleave and the index preparation.
bool isTableRead(Operation *op) {
  auto fe = dyn_cast<vector::FromElementsOp>(op);
  if (!fe || fe->getNumOperands() == 0)
    return false;
  Value table;
  for (Value v : fe->getOperands()) {
    auto ex = v.getDefiningOp<vector::ExtractOp>();
    if (!ex || ex.getDynamicPosition().empty() || !ex.getSource().getDefiningOp<arith::ConstantOp>())
      return false;
    if (table && ex.getSource() != table)
      return false;
    table = ex.getSource();
  }
  return true;
}

/// The per-lane pieces of table reads (the lane extracts of the index, its
/// index_casts and the dynamic extracts): they are the permute, counted once
/// at the from_elements.
bool feedsTableReads(Operation *op, int depth = 0) {
  if (depth > 3 || !isa<vector::ExtractOp, arith::IndexCastOp>(op) || op->use_empty())
    return false;
  for (Operation *user : op->getUsers())
    if (!isTableRead(user) && !feedsTableReads(user, depth + 1))
      return false;
  return true;
}

struct AnnotateCostPass : mlir::triton_edge::impl::AnnotateCostBase<AnnotateCostPass> {
  using AnnotateCostBase::AnnotateCostBase;

  /// Vector registers a value of type `t` occupies on the target.
  double registers(Type t) const {
    auto v = dyn_cast<VectorType>(t);
    if (!v)
      return 1;
    double bits = double(v.getNumElements()) * bitsOf(t);
    return std::max(1.0, std::ceil(bits / (8.0 * double(vectorBytes))));
  }

  void memoryAccess(BlockCost &c, Value memref, Type valueType, bool store, bool gather) {
    bool vector = isa<VectorType>(valueType);
    int64_t lanes = vector ? cast<VectorType>(valueType).getNumElements() : 1;
    int64_t bytes = lanes * std::max<int64_t>(1, bitsOf(valueType) / 8);
    c.cycles += vector ? vectorLdSt * registers(valueType) : scalarLdSt;
    if (!isMainMemory(memref))
      return;
    if (store) {
      c.storeBytes += bytes;
      return;
    }
    c.loadBytes += bytes;
    if (gather)
      c.scalarLoads += lanes; // each lane is its own latency-bound access
    else if (vector)
      c.vectorLoads += 1;
    else
      c.scalarLoads += 1;
  }

  void count(BlockCost &c, Operation *op) {
    if (op->hasTrait<OpTrait::IsTerminator>() || isa<arith::ConstantOp>(op) ||
        isa<memref::AllocaOp, memref::AllocOp, memref::DimOp, memref::DmaStartOp,
            memref::DmaWaitOp>(op))
      return; // free, or charged by the model's DMA engine
    if (auto l = dyn_cast<memref::LoadOp>(op))
      return memoryAccess(c, l.getMemRef(), l.getType(), false, false);
    if (auto s = dyn_cast<memref::StoreOp>(op))
      return memoryAccess(c, s.getMemRef(), s.getValue().getType(), true, false);
    if (auto l = dyn_cast<vector::LoadOp>(op))
      return memoryAccess(c, l.getBase(), l.getType(), false, false);
    if (auto s = dyn_cast<vector::StoreOp>(op))
      return memoryAccess(c, s.getBase(), s.getValueToStore().getType(), true, false);
    if (auto l = dyn_cast<vector::MaskedLoadOp>(op))
      return memoryAccess(c, l.getBase(), l.getType(), false, false);
    if (auto s = dyn_cast<vector::MaskedStoreOp>(op))
      return memoryAccess(c, s.getBase(), s.getValueToStore().getType(), true, false);
    if (auto g = dyn_cast<vector::GatherOp>(op))
      return memoryAccess(c, g.getBase(), g.getType(), false, true);
    if (auto s = dyn_cast<vector::ScatterOp>(op))
      return memoryAccess(c, s.getBase(), s.getValueToStore().getType(), true, false);
    if (isa<func::CallOp, LLVM::CallOp>(op)) {
      c.cycles += transcendental;
      return;
    }
    if (op->getNumRegions() > 0) { // loop/branch control; regions count themselves
      c.cycles += scalarOp;
      return;
    }
    if (op->getNumResults() == 0 || feedsTableReads(op))
      return;
    Type t = op->getResult(0).getType();
    if (isTableRead(op)) {
      c.cycles += 4 * vectorIntOp * registers(t);
      return;
    }
    bool cheapMath = isa<math::FmaOp, math::AbsFOp, math::AbsIOp, math::CopySignOp,
                         math::FloorOp, math::CeilOp, math::RoundOp, math::RoundEvenOp,
                         math::TruncOp>(op);
    if (isa<math::MathDialect>(op->getDialect()) && !cheapMath) {
      c.cycles += transcendental * registers(t);
      return;
    }
    if (!isa<VectorType>(t)) {
      c.cycles += scalarOp;
      return;
    }
    bool fp = isa<FloatType>(getElementTypeOrSelf(t));
    c.cycles += (fp ? vectorFpOp : vectorIntOp) * registers(t);
  }

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
        BlockCost c;
        if (isa_and_nonnull<scf::ForOp, scf::WhileOp>(block->getParentOp()))
          c.cycles += loopOverhead;
        for (Operation &op : *block)
          count(c, &op);
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
