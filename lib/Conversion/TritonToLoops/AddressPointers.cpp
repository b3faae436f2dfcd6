// Pointers that are not one argument's element offset (PointerProvenance::
// isReadThroughAddress: a select or loop over pointers into several
// arguments, a view of an argument as elements of another size, an integer
// made a pointer) become integer addresses before the lowering: each such
// pointer is rewritten as tt.int_to_ptr of an i64 address, and the ops on
// it (addptr, splat, broadcast, expand_dims, reshape, trans, bitcast,
// ptr_to_int, select, scf.if and scf.for) as the same arithmetic on the
// address. What is left are tt.int_to_ptr ops whose users are loads and
// stores (LoadStore.cpp reads them argument by argument) or ops that need
// one argument (a located error there).
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
bool isPointer(Value v) { return isa<tt::PointerType>(getElementTypeOrSelf(v.getType())); }

/// The i64 type of the addresses of pointers of type `ptrType`.
Type addressType(Type ptrType) {
  Type i64 = IntegerType::get(ptrType.getContext(), 64);
  if (auto tensor = dyn_cast<RankedTensorType>(ptrType))
    return tensor.clone(i64);
  return i64;
}

Value constantOf(OpBuilder &b, Location loc, Type type, int64_t value) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(shaped, b.getIntegerAttr(shaped.getElementType(), value)));
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, value));
}

class AddressRewriter {
public:
  explicit AddressRewriter(tt::FuncOp kernel) : kernel(kernel), b(kernel.getContext()) {}

  void run() {
    PointerProvenance provenance(kernel);
    auto needsAddress = [&](Value v) {
      return isPointer(v) && !isBlockPointer(v.getType()) &&
             provenance.isReadThroughAddress(v);
    };
    // Where pointers become addresses, in program order (a select's
    // operands are rewritten before it).
    SmallVector<Operation *> roots;
    kernel.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<arith::SelectOp, tt::BitcastOp, tt::IntToPtrOp>(op) &&
          needsAddress(op->getResult(0)))
        roots.push_back(op);
      else if (isa<scf::IfOp, scf::ForOp>(op) && llvm::any_of(op->getResults(), needsAddress))
        roots.push_back(op);
    });
    for (Operation *op : roots) {
      if (auto sel = dyn_cast<arith::SelectOp>(op))
        rewriteSelect(sel);
      else if (auto cast = dyn_cast<tt::BitcastOp>(op))
        rewriteBitcast(cast);
      else if (auto fromInt = dyn_cast<tt::IntToPtrOp>(op))
        work.push_back(fromInt);
      else if (auto ifOp = dyn_cast<scf::IfOp>(op))
        rewriteIf(ifOp, needsAddress);
      else if (auto forOp = dyn_cast<scf::ForOp>(op))
        rewriteFor(forOp, needsAddress);
    }
    while (!work.empty())
      pushThroughUsers(work.pop_back_val());
  }

private:
  /// The address of `ptr`: the integer a tt.int_to_ptr made it from, or
  /// its tt.ptr_to_int.
  Value addressOf(Value ptr) {
    if (auto fromInt = ptr.getDefiningOp<tt::IntToPtrOp>())
      if (fromInt.getSrc().getType() == addressType(ptr.getType()))
        return fromInt.getSrc();
    return tt::PtrToIntOp::create(b, ptr.getLoc(), addressType(ptr.getType()), ptr);
  }

  tt::IntToPtrOp asPointer(Location loc, Type ptrType, Value address) {
    auto op = tt::IntToPtrOp::create(b, loc, ptrType, address);
    work.push_back(op);
    return op;
  }

  void rewriteSelect(arith::SelectOp sel) {
    b.setInsertionPoint(sel);
    Value t = addressOf(sel.getTrueValue()), f = addressOf(sel.getFalseValue());
    Value chosen = arith::SelectOp::create(b, sel.getLoc(), sel.getCondition(), t, f);
    sel.replaceAllUsesWith(asPointer(sel.getLoc(), sel.getType(), chosen).getResult());
    sel.erase();
  }

  void rewriteBitcast(tt::BitcastOp cast) {
    b.setInsertionPoint(cast);
    Value address = addressOf(cast.getSrc());
    cast.replaceAllUsesWith(asPointer(cast.getLoc(), cast.getType(), address).getResult());
    cast.erase();
  }

  /// `value` (a result or a region argument) becomes its address; its uses
  /// take it back as a pointer made at the builder's insertion point.
  void retypeAsAddress(Value value) {
    Type ptrType = value.getType();
    value.setType(addressType(ptrType));
    tt::IntToPtrOp back = asPointer(value.getLoc(), ptrType, value);
    value.replaceAllUsesExcept(back.getResult(), back);
  }

  void rewriteIf(scf::IfOp ifOp, function_ref<bool(Value)> needsAddress) {
    for (OpResult result : ifOp.getResults()) {
      if (!needsAddress(result))
        continue;
      unsigned i = result.getResultNumber();
      for (Block *block : {ifOp.thenBlock(), ifOp.elseBlock()}) {
        auto yield = cast<scf::YieldOp>(block->getTerminator());
        b.setInsertionPoint(yield);
        yield->setOperand(i, addressOf(yield.getOperand(i)));
      }
      b.setInsertionPointAfter(ifOp);
      retypeAsAddress(result);
    }
  }

  void rewriteFor(scf::ForOp forOp, function_ref<bool(Value)> needsAddress) {
    for (OpResult result : forOp.getResults()) {
      if (!needsAddress(result))
        continue;
      unsigned i = result.getResultNumber();
      OpOperand &init = forOp.getInitArgsMutable()[i];
      b.setInsertionPoint(forOp);
      init.set(addressOf(init.get()));
      auto yield = cast<scf::YieldOp>(forOp.getBody()->getTerminator());
      b.setInsertionPoint(yield);
      yield->setOperand(i, addressOf(yield.getOperand(i)));
      b.setInsertionPointToStart(forOp.getBody());
      retypeAsAddress(forOp.getRegionIterArgs()[i]);
      b.setInsertionPointAfter(forOp);
      retypeAsAddress(result);
    }
  }

  /// Rewrites the users of `fromInt`'s pointer as arithmetic on its address.
  void pushThroughUsers(tt::IntToPtrOp fromInt) {
    Value ptr = fromInt.getResult(), address = fromInt.getSrc();
    if (address.getType() != addressType(ptr.getType()))
      return;
    SmallVector<Operation *> users;
    for (Operation *user : ptr.getUsers())
      if (!llvm::is_contained(users, user))
        users.push_back(user);
    for (Operation *user : users) {
      Location loc = user->getLoc();
      b.setInsertionPoint(user);
      if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, tt::ReshapeOp, tt::TransOp>(
              user)) {
        // The same layout op on the addresses.
        IRMapping mapping;
        mapping.map(ptr, address);
        Operation *moved = b.clone(*user, mapping);
        Type ptrType = user->getResult(0).getType();
        moved->getResult(0).setType(addressType(ptrType));
        user->replaceAllUsesWith(asPointer(loc, ptrType, moved->getResult(0)));
        user->erase();
      } else if (auto addptr = dyn_cast<tt::AddPtrOp>(user)) {
        // address + offset * the pointee's size in bytes (i1 is a byte).
        Type pointee = cast<tt::PointerType>(getElementTypeOrSelf(addptr.getType())).getPointeeType();
        int64_t bytes = pointee.isInteger(1) ? 1 : pointee.getIntOrFloatBitWidth() / 8;
        Type type = addressType(addptr.getType());
        Value offset = addptr.getOffset();
        if (getElementTypeOrSelf(offset.getType()) != b.getI64Type())
          offset = arith::ExtSIOp::create(b, loc, type, offset);
        Value moved = arith::AddIOp::create(
            b, loc, address, arith::MulIOp::create(b, loc, offset, constantOf(b, loc, type, bytes)));
        addptr.replaceAllUsesWith(asPointer(loc, addptr.getType(), moved).getResult());
        addptr.erase();
      } else if (auto cast = dyn_cast<tt::BitcastOp>(user)) {
        // The same address, another pointee.
        cast.replaceAllUsesWith(asPointer(loc, cast.getType(), address).getResult());
        cast.erase();
      } else if (auto toInt = dyn_cast<tt::PtrToIntOp>(user)) {
        Value v = address;
        if (toInt.getType() != v.getType())
          v = arith::TruncIOp::create(b, loc, toInt.getType(), v);
        toInt.replaceAllUsesWith(v);
        toInt.erase();
      } else if (auto sel = dyn_cast<arith::SelectOp>(user)) {
        if (sel.getCondition() != ptr)
          rewriteSelect(sel);
      }
    }
    if (ptr.use_empty())
      fromInt.erase();
  }

  tt::FuncOp kernel;
  OpBuilder b;
  SmallVector<tt::IntToPtrOp> work;
};
} // namespace

void mlir::triton_edge::rewritePointersAsAddresses(ModuleOp module) {
  for (tt::FuncOp kernel : module.getOps<tt::FuncOp>())
    if (!kernel.isExternal())
      AddressRewriter(kernel).run();
}
