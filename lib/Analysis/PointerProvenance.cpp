#include "triton-edge/Analysis/PointerProvenance.h"

#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

bool mlir::triton_edge::isPointerView(Operation *op) {
  auto cast = dyn_cast<tt::BitcastOp>(op);
  if (!cast)
    return false;
  auto from = dyn_cast<tt::PointerType>(getElementTypeOrSelf(cast.getSrc().getType()));
  auto to = dyn_cast<tt::PointerType>(getElementTypeOrSelf(cast.getType()));
  if (!from || !to || !from.getPointeeType().isIntOrFloat() ||
      !to.getPointeeType().isIntOrFloat())
    return false;
  // i1 is stored as i8.
  auto storage = [](Type t) -> Type {
    return t.isInteger(1) ? IntegerType::get(t.getContext(), 8) : t;
  };
  // Same-size element types share offsets: loads and stores bitcast the
  // values (Triton's float atomic max/min goes through !tt.ptr<i32>).
  return storage(from.getPointeeType()).getIntOrFloatBitWidth() ==
         storage(to.getPointeeType()).getIntOrFloatBitWidth();
}

namespace {
/// The values `ptr` is derived from; they must all point into the same
/// argument. A loop-carried pointer has two: its initial value and the
/// value the loop body carries to the next iteration. None when its
/// origin is not a kernel argument.
SmallVector<Value, 2> provenanceSources(Value ptr) {
  if (auto arg = dyn_cast<BlockArgument>(ptr)) {
    Operation *parent = arg.getOwner()->getParentOp();
    if (auto forOp = dyn_cast<scf::ForOp>(parent)) {
      if (arg.getArgNumber() == 0)
        return {};
      unsigned i = arg.getArgNumber() - 1;
      return {forOp.getInitArgs()[i], forOp.getYieldedValues()[i]};
    }
    if (auto whileOp = dyn_cast<scf::WhileOp>(parent)) {
      // The before region's arguments are the inits, then what the after
      // region yields; the after region's are what scf.condition forwards.
      unsigned i = arg.getArgNumber();
      if (arg.getOwner() == whileOp.getBeforeBody())
        return {whileOp.getInits()[i], whileOp.getYieldOp().getResults()[i]};
      return {whileOp.getConditionOp().getArgs()[i]};
    }
    return {};
  }
  Operation *def = ptr.getDefiningOp();
  if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, tt::AddPtrOp, tt::ReshapeOp,
          tt::TransOp>(def) ||
      isPointerView(def))
    return {def->getOperand(0)};
  if (auto sel = dyn_cast<arith::SelectOp>(def))
    return {sel.getTrueValue(), sel.getFalseValue()};
  unsigned result = cast<OpResult>(ptr).getResultNumber();
  if (auto forOp = dyn_cast<scf::ForOp>(def))
    return {forOp.getRegionIterArgs()[result]};
  if (auto whileOp = dyn_cast<scf::WhileOp>(def))
    return {whileOp.getConditionOp().getArgs()[result]};
  if (auto makePtr = dyn_cast<tt::MakeTensorPtrOp>(def))
    return {makePtr.getBase()};
  if (auto advance = dyn_cast<tt::AdvanceOp>(def))
    return {advance.getPtr()};
  return {};
}

bool isPointer(Value v) { return isa<tt::PointerType>(getElementTypeOrSelf(v.getType())); }
} // namespace

PointerProvenance::PointerProvenance(tt::FuncOp kernel) {
  if (kernel.isExternal())
    return;
  for (BlockArgument arg : kernel.getArguments())
    if (isPointer(arg))
      known[arg] = arg.getArgNumber();
  // Sweeps in program order, so that a value's sources are known before
  // it, except the values loops carry back, which the first sweep has not
  // reached yet and skips. Later sweeps can only take an argument away (a
  // carried value that disagrees with the initial one), so they end.
  // Iterative, not recursive: an input's addptr chains are as long as it
  // likes.
  auto update = [&](Value v) -> bool {
    if (!isPointer(v))
      return false;
    SmallVector<Value, 2> sources = provenanceSources(v);
    std::optional<unsigned> result;
    bool first = true;
    for (Value source : sources) {
      auto it = known.find(source);
      if (it == known.end())
        continue;
      if (first)
        result = it->second;
      else if (it->second != result)
        result = std::nullopt;
      first = false;
    }
    auto [it, inserted] = known.try_emplace(v, result);
    if (inserted || it->second == result)
      return false;
    it->second = result;
    return true;
  };
  bool changed = true;
  while (changed) {
    changed = false;
    // Region arguments before the region, results after it (what scf.for
    // and scf.while results come from is inside).
    auto visit = [&](Operation *op, const WalkStage &stage) {
      if (stage.isBeforeAllRegions()) {
        for (Region &region : op->getRegions())
          for (Block &block : region)
            for (BlockArgument arg : block.getArguments())
              changed |= update(arg);
      }
      if (stage.isAfterAllRegions())
        for (Value result : op->getResults())
          changed |= update(result);
    };
    for (Block &block : kernel.getBody())
      for (Operation &op : block)
        op.walk(visit);
  }
}

std::optional<unsigned> PointerProvenance::lookup(Value ptr) { return known.lookup(ptr); }

FailureOr<unsigned> PointerProvenance::argumentOf(Value ptr) {
  if (std::optional<unsigned> arg = lookup(ptr))
    return *arg;
  // Say so when the chain goes through a bitcast that is not a view.
  for (Value v = ptr; Operation *def = v.getDefiningOp();) {
    if (isa<tt::BitcastOp>(def) && !isPointerView(def))
      return def->emitError("bitcasts between pointers to element types of "
                            "different sizes are not supported");
    if (!isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, tt::AddPtrOp, tt::ReshapeOp,
             tt::TransOp, tt::BitcastOp>(def))
      break;
    v = def->getOperand(0);
  }
  return emitError(ptr.getLoc(),
                   "cannot trace this pointer back to one kernel argument "
                   "(pointers selected or loop-carried from several "
                   "arguments, or made from integers, are not supported)");
}
