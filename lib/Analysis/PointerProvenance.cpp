#include "triton-edge/Analysis/PointerProvenance.h"

#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

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

Value mlir::triton_edge::pointerOfAddress(Value address, SmallVectorImpl<Value> *terms) {
  while (Operation *def = address.getDefiningOp()) {
    if (auto toInt = dyn_cast<tt::PtrToIntOp>(def))
      return toInt.getSrc();
    if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, arith::ExtSIOp>(def)) {
      address = def->getOperand(0);
      continue;
    }
    if (isa<arith::AddIOp, arith::SubIOp>(def)) {
      // The address is the operand that leads to a pointer (only the minuend
      // of a subtraction); the other is a byte offset.
      unsigned which = pointerOfAddress(def->getOperand(0)) ? 0 : 1;
      if (which == 1 && isa<arith::SubIOp>(def))
        return {};
      if (terms)
        terms->push_back(def->getOperand(1 - which));
      address = def->getOperand(which);
      continue;
    }
    return {};
  }
  return {};
}

bool mlir::triton_edge::isMultipleOf(Value v, int64_t factor) {
  if (factor == 1)
    return true;
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  APInt value;
  if (matchPattern(v, m_ConstantInt(&value)))
    return value.srem(factor) == 0;
  if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, arith::ExtSIOp, arith::ExtUIOp,
          arith::IndexCastOp>(def))
    return isMultipleOf(def->getOperand(0), factor);
  if (isa<arith::AddIOp, arith::SubIOp>(def))
    return isMultipleOf(def->getOperand(0), factor) && isMultipleOf(def->getOperand(1), factor);
  if (isa<arith::MulIOp>(def))
    return isMultipleOf(def->getOperand(0), factor) || isMultipleOf(def->getOperand(1), factor);
  if (isa<arith::ShLIOp>(def)) {
    if (isMultipleOf(def->getOperand(0), factor))
      return true;
    return matchPattern(def->getOperand(1), m_ConstantInt(&value)) &&
           value.getZExtValue() < 63 && (int64_t(1) << value.getZExtValue()) % factor == 0;
  }
  return false;
}

namespace {
bool isPointer(Value v) { return isa<tt::PointerType>(getElementTypeOrSelf(v.getType())); }
bool isInteger(Value v) { return isa<IntegerType>(getElementTypeOrSelf(v.getType())); }

/// The values a pointer or an address integer `v` is derived from; its
/// origins are the union of theirs. A loop-carried value has two: its
/// initial value and the value the loop body carries to the next
/// iteration; an scf.if result one per branch.
SmallVector<Value, 2> originSources(Value v) {
  if (auto arg = dyn_cast<BlockArgument>(v)) {
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
  Operation *def = v.getDefiningOp();
  if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, tt::ReshapeOp, tt::TransOp>(def))
    return {def->getOperand(0)};
  if (auto sel = dyn_cast<arith::SelectOp>(def))
    return {sel.getTrueValue(), sel.getFalseValue()};
  unsigned result = cast<OpResult>(v).getResultNumber();
  if (auto forOp = dyn_cast<scf::ForOp>(def))
    return {forOp.getRegionIterArgs()[result]};
  if (auto whileOp = dyn_cast<scf::WhileOp>(def))
    return {whileOp.getConditionOp().getArgs()[result]};
  if (auto ifOp = dyn_cast<scf::IfOp>(def)) {
    SmallVector<Value, 2> yielded{ifOp.thenYield().getOperand(result)};
    if (ifOp.elseBlock())
      yielded.push_back(ifOp.elseYield().getOperand(result));
    return yielded;
  }
  if (isPointer(v)) {
    if (isa<tt::AddPtrOp, tt::BitcastOp, tt::IntToPtrOp>(def))
      return {def->getOperand(0)};
    if (auto makePtr = dyn_cast<tt::MakeTensorPtrOp>(def))
      return {makePtr.getBase()};
    if (auto advance = dyn_cast<tt::AdvanceOp>(def))
      return {advance.getPtr()};
    return {};
  }
  // An address integer: the pointer's, moved by byte offsets (the minuend
  // of a subtraction).
  if (isa<tt::PtrToIntOp, arith::ExtSIOp, arith::ExtUIOp, arith::SubIOp>(def))
    return {def->getOperand(0)};
  if (isa<arith::AddIOp>(def))
    return {def->getOperand(0), def->getOperand(1)};
  return {};
}

unsigned pointeeBits(Value ptr) {
  auto type = dyn_cast<tt::PointerType>(getElementTypeOrSelf(ptr.getType()));
  if (!type || !type.getPointeeType().isIntOrFloat())
    return 0;
  Type pointee = type.getPointeeType();
  return pointee.isInteger(1) ? 8 : pointee.getIntOrFloatBitWidth();
}
} // namespace

PointerProvenance::PointerProvenance(tt::FuncOp kernel) {
  if (kernel.isExternal())
    return;
  for (BlockArgument arg : kernel.getArguments()) {
    argElementBits.push_back(isPointer(arg) ? pointeeBits(arg) : 0);
    if (isPointer(arg))
      known[arg].args.push_back(arg.getArgNumber());
  }
  // Sweeps in program order, so that a value's sources are known before
  // it, except the values loops carry back, which the first sweep has not
  // reached yet and skips. Origins only grow (a union of finitely many
  // arguments and two flags), so the sweeps end. Iterative, not recursive:
  // an input's addptr chains are as long as it likes.
  DenseSet<Value> visited;
  auto update = [&](Value v) -> bool {
    bool pointer = isPointer(v);
    if (!pointer && !isInteger(v))
      return false;
    visited.insert(v);
    PointerOrigins result;
    bool any = false;
    Operation *def = v.getDefiningOp();
    // An integer chosen between an address and an integer that is none
    // (a select, scf.if or loop; not an addition, whose other operand is a
    // byte offset) may be any address.
    bool merge = !pointer && !isa_and_nonnull<arith::AddIOp, arith::SubIOp, arith::ExtSIOp,
                                                arith::ExtUIOp, tt::PtrToIntOp>(def);
    for (Value source : originSources(v)) {
      auto it = known.find(source);
      if (it == known.end()) {
        result.unknown |= merge && visited.contains(source);
        continue;
      }
      any = true;
      for (unsigned a : it->second.args)
        if (!llvm::is_contained(result.args, a))
          result.args.push_back(a);
      result.unknown |= it->second.unknown;
      result.address |= pointer && it->second.address;
    }
    llvm::sort(result.args);
    if (auto fromInt = dyn_cast_or_null<tt::IntToPtrOp>(def)) {
      // An integer that no argument's address derives from.
      if (!any || (result.args.empty() && !result.unknown))
        result.unknown = true;
      // An element offset is recovered exactly only from one pointer's
      // address plus byte offsets (PointerInt.cpp); any other address is
      // read as one.
      else if (!pointerOfAddress(fromInt.getSrc()))
        result.address = true;
    } else if (!any) {
      // Integers that are not addresses are not tracked; a pointer from
      // nowhere we can see (loaded from memory) has an unknown origin.
      if (!pointer || isa<BlockArgument>(v) || !originSources(v).empty())
        return false;
      result.unknown = true;
    }
    auto [it, inserted] = known.try_emplace(v, result);
    if (inserted)
      return true;
    if (it->second.args == result.args && it->second.unknown == result.unknown &&
        it->second.address == result.address)
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

const PointerOrigins *PointerProvenance::originsOf(Value v) const {
  auto it = known.find(v);
  return it == known.end() ? nullptr : &it->second;
}

bool PointerProvenance::isReadThroughAddress(Value ptr) const {
  const PointerOrigins *origins = originsOf(ptr);
  if (!origins)
    return true;
  if (origins->unknown || origins->address || origins->args.size() != 1)
    return true;
  // A block pointer keeps its argument's elements.
  unsigned bits = pointeeBits(ptr);
  return bits != 0 && bits != argElementBits[origins->args.front()];
}

std::optional<unsigned> PointerProvenance::lookup(Value ptr) {
  if (isReadThroughAddress(ptr))
    return std::nullopt;
  return originsOf(ptr)->args.front();
}

FailureOr<unsigned> PointerProvenance::argumentOf(Value ptr) {
  if (std::optional<unsigned> arg = lookup(ptr))
    return *arg;
  const PointerOrigins *origins = originsOf(ptr);
  if (!origins || origins->unknown)
    return emitError(ptr.getLoc(),
                     "cannot trace this pointer back to a kernel argument (pointers "
                     "made from integers that derive from no argument's address are "
                     "not supported)");
  if (origins->args.size() > 1)
    return emitError(ptr.getLoc(),
                     "this pointer may point into several kernel arguments: only "
                     "tt.load and tt.store can use such a pointer, made by selects, "
                     "scf.if or scf.for (not scf.while)");
  return emitError(ptr.getLoc(),
                   "this pointer reads its argument's memory as elements of another "
                   "size: only tt.load and tt.store can use such a pointer");
}
