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

PointerProvenance::PointerProvenance(tt::FuncOp kernel) {
  if (kernel.isExternal())
    return;
  for (BlockArgument arg : kernel.getArguments())
    if (isa<tt::PointerType>(arg.getType()))
      known[arg] = arg.getArgNumber();
}

namespace {
/// The values `ptr` is derived from: one, or a select's two (which must
/// agree); none when its origin is not a kernel argument.
SmallVector<Value, 2> provenanceSources(Value ptr) {
  if (auto arg = dyn_cast<BlockArgument>(ptr)) {
    Operation *parent = arg.getOwner()->getParentOp();
    if (auto forOp = dyn_cast<scf::ForOp>(parent)) {
      if (arg.getArgNumber() > 0)
        return {forOp.getInitArgs()[arg.getArgNumber() - 1]};
    } else if (auto whileOp = dyn_cast<scf::WhileOp>(parent)) {
      // The before region's arguments start as the inits; the after
      // region's are what scf.condition forwards.
      if (arg.getOwner() == whileOp.getBeforeBody())
        return {whileOp.getInits()[arg.getArgNumber()]};
      return {whileOp.getConditionOp().getArgs()[arg.getArgNumber()]};
    }
    return {};
  }
  Operation *def = ptr.getDefiningOp();
  if (!def)
    return {};
  if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, tt::AddPtrOp, tt::ReshapeOp,
          tt::TransOp>(def) ||
      isPointerView(def))
    return {def->getOperand(0)};
  if (auto sel = dyn_cast<arith::SelectOp>(def))
    return {sel.getTrueValue(), sel.getFalseValue()};
  unsigned result = cast<OpResult>(ptr).getResultNumber();
  if (auto forOp = dyn_cast<scf::ForOp>(def))
    return {forOp.getInitArgs()[result]};
  if (auto whileOp = dyn_cast<scf::WhileOp>(def))
    return {whileOp.getConditionOp().getArgs()[result]};
  if (auto makePtr = dyn_cast<tt::MakeTensorPtrOp>(def))
    return {makePtr.getBase()};
  if (auto advance = dyn_cast<tt::AdvanceOp>(def))
    return {advance.getPtr()};
  return {};
}
} // namespace

std::optional<unsigned> PointerProvenance::lookup(Value ptr) {
  // Sources first, with an explicit stack: an input's addptr chains are as
  // long as it likes (recursion overflowed the stack).
  SmallVector<std::pair<Value, bool>> stack{{ptr, false}};
  while (!stack.empty()) {
    auto [value, sourcesDone] = stack.back();
    SmallVector<Value, 2> sources = provenanceSources(value);
    if (sourcesDone) {
      std::optional<unsigned> result;
      if (!sources.empty())
        result = known.lookup(sources.front());
      for (Value source : sources)
        if (known.lookup(source) != result)
          result = std::nullopt;
      known[value] = result;
      stack.pop_back();
      continue;
    }
    // Marks the value while it is traced: a cycle through loop iter_args
    // yields no argument instead of looping forever.
    if (!known.try_emplace(value, std::nullopt).second) {
      stack.pop_back();
      continue;
    }
    stack.back().second = true;
    for (Value source : llvm::reverse(sources))
      if (!known.count(source))
        stack.push_back({source, false});
  }
  return known.lookup(ptr);
}

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
                   "(pointers selected from several arguments, or made "
                   "from integers, are not supported)");
}
