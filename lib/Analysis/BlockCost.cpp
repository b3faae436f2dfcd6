// What a block costs on a modeled target, counted from its operations
// (docs/npu-model.md): the per-operation cycles of the profile, vector work
// in registers, and the accesses that reach main memory directly.
#include "triton-edge/Analysis/BlockCost.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::triton_edge;

/// A worklist with a visited set: selects of selects could otherwise make
/// the walk deep and exponential.
bool mlir::triton_edge::isMainMemory(Value memref) {
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

namespace {

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

/// Counts the operations of one block with a target's cycles.
struct BlockCounter {
  const OpCycles &cycles;

  /// Vector registers a value of type `t` occupies on the target.
  double registers(Type t) const {
    auto v = dyn_cast<VectorType>(t);
    if (!v)
      return 1;
    double bits = double(v.getNumElements()) * bitsOf(t);
    return std::max(1.0, std::ceil(bits / (8.0 * double(cycles.vectorBytes))));
  }

  void memoryAccess(BlockCost &c, Value memref, Type valueType, bool store, bool gather) {
    bool vector = isa<VectorType>(valueType);
    int64_t lanes = vector ? cast<VectorType>(valueType).getNumElements() : 1;
    int64_t bytes = lanes * std::max<int64_t>(1, bitsOf(valueType) / 8);
    c.cycles += vector ? cycles.vectorLdSt * registers(valueType) : cycles.scalarLdSt;
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
      c.cycles += cycles.transcendental;
      return;
    }
    if (op->getNumRegions() > 0) { // loop/branch control; regions count themselves
      c.cycles += cycles.scalarOp;
      return;
    }
    if (op->getNumResults() == 0 || feedsTableReads(op))
      return;
    Type t = op->getResult(0).getType();
    if (isTableRead(op)) {
      c.cycles += 4 * cycles.vectorIntOp * registers(t);
      return;
    }
    bool cheapMath = isa<math::FmaOp, math::AbsFOp, math::AbsIOp, math::CopySignOp,
                         math::FloorOp, math::CeilOp, math::RoundOp, math::RoundEvenOp,
                         math::TruncOp>(op);
    if (isa<math::MathDialect>(op->getDialect()) && !cheapMath) {
      c.cycles += cycles.transcendental * registers(t);
      return;
    }
    if (!isa<VectorType>(t)) {
      c.cycles += cycles.scalarOp;
      return;
    }
    bool fp = isa<FloatType>(getElementTypeOrSelf(t));
    c.cycles += (fp ? cycles.vectorFpOp : cycles.vectorIntOp) * registers(t);
  }
};
} // namespace

BlockCost mlir::triton_edge::countBlockCost(Block &block, const OpCycles &cycles) {
  BlockCost cost;
  if (isa_and_nonnull<scf::ForOp, scf::WhileOp>(block.getParentOp()))
    cost.cycles += cycles.loopOverhead;
  BlockCounter counter{cycles};
  for (Operation &op : block)
    counter.count(cost, &op);
  return cost;
}
