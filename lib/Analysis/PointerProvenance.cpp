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

std::optional<unsigned> PointerProvenance::lookup(Value ptr) {
  if (auto it = known.find(ptr); it != known.end())
    return it->second;
  // Marks the value while it is traced: a cycle through loop iter_args
  // yields no argument instead of recursing forever.
  known[ptr] = std::nullopt;
  std::optional<unsigned> result;
  if (auto arg = dyn_cast<BlockArgument>(ptr)) {
    Operation *parent = arg.getOwner()->getParentOp();
    if (auto forOp = dyn_cast<scf::ForOp>(parent)) {
      if (arg.getArgNumber() > 0)
        result = lookup(forOp.getInitArgs()[arg.getArgNumber() - 1]);
    } else if (auto whileOp = dyn_cast<scf::WhileOp>(parent)) {
      // The before region's arguments start as the inits; the after
      // region's are what scf.condition forwards.
      if (arg.getOwner() == whileOp.getBeforeBody())
        result = lookup(whileOp.getInits()[arg.getArgNumber()]);
      else
        result = lookup(whileOp.getConditionOp().getArgs()[arg.getArgNumber()]);
    }
  } else if (Operation *def = ptr.getDefiningOp()) {
    if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, tt::AddPtrOp, tt::ReshapeOp,
            tt::TransOp>(def) ||
        isPointerView(def)) {
      result = lookup(def->getOperand(0));
    } else if (auto sel = dyn_cast<arith::SelectOp>(def)) {
      std::optional<unsigned> a = lookup(sel.getTrueValue());
      std::optional<unsigned> c = lookup(sel.getFalseValue());
      if (a && c && *a == *c)
        result = a;
    } else if (auto forOp = dyn_cast<scf::ForOp>(def)) {
      result = lookup(forOp.getInitArgs()[cast<OpResult>(ptr).getResultNumber()]);
    } else if (auto whileOp = dyn_cast<scf::WhileOp>(def)) {
      result = lookup(whileOp.getConditionOp().getArgs()[cast<OpResult>(ptr).getResultNumber()]);
    } else if (auto makePtr = dyn_cast<tt::MakeTensorPtrOp>(def)) {
      result = lookup(makePtr.getBase());
    } else if (auto advance = dyn_cast<tt::AdvanceOp>(def)) {
      result = lookup(advance.getPtr());
    }
  }
  known[ptr] = result;
  return result;
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
