// tt.atomic_rmw and tt.atomic_cas: one element at a time (each is its own
// read-modify-write anyway), upstream memref atomics where a kind exists,
// memref.generic_atomic_rmw otherwise.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

LogicalResult KernelLowering::emitAtomic(Operation *op) {
  Value ptrV = op->getOperand(0);
  FailureOr<int> arg = pointerArg(ptrV);
  if (failed(arg))
    return failure();
  Value mem = argMemrefs[*arg];
  Value result = op->getResult(0);
  Type elem = getElementTypeOrSelf(result.getType());
  if (elem.isInteger(1))
    return op->emitError("atomics on i1 are not supported");
  bool tensor = isTensor(result);
  Value resultBuffer = tensor && !result.use_empty()
                           ? allocBuffer(tensorType(result).getShape(), elem)
                           : Value();
  Value scalarResult;
  auto body = [&](const Where &w) -> LogicalResult {
    FailureOr<Lanes> ptr = eval(ptrV, w);
    if (failed(ptr))
      return failure();
    Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), ptr->value);
    Value old;
    Value maskV;
    auto rmw = dyn_cast<tt::AtomicRMWOp>(op);
    if (rmw && rmw.getMask()) {
      FailureOr<Lanes> m = eval(rmw.getMask(), w);
      if (failed(m))
        return failure();
      maskV = m->value;
    }
    auto emitRmw = [&]() -> FailureOr<Value> {
      if (auto cas = dyn_cast<tt::AtomicCASOp>(op)) {
        FailureOr<Lanes> cmp = eval(cas.getCmp(), w);
        FailureOr<Lanes> val = eval(cas.getVal(), w);
        if (failed(cmp) || failed(val))
          return failure();
        auto generic = memref::GenericAtomicRMWOp::create(b, loc(), mem, index);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(generic.getBody());
        Value current = generic.getCurrentValue();
        Value eq = isa<FloatType>(elem)
                       ? Value(arith::CmpFOp::create(b, loc(), arith::CmpFPredicate::OEQ,
                                                     current, cmp->value))
                       : Value(arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::eq,
                                                     current, cmp->value));
        Value next = arith::SelectOp::create(b, loc(), eq, val->value, current);
        memref::AtomicYieldOp::create(b, loc(), next);
        return generic.getResult();
      }
      FailureOr<Lanes> val = eval(rmw.getVal(), w);
      if (failed(val))
        return failure();
      bool isFloat = isa<FloatType>(elem);
      std::optional<arith::AtomicRMWKind> kind;
      switch (rmw.getAtomicRmwOp()) {
      case tt::RMWOp::FADD: kind = arith::AtomicRMWKind::addf; break;
      case tt::RMWOp::ADD: kind = isFloat ? arith::AtomicRMWKind::addf : arith::AtomicRMWKind::addi; break;
      case tt::RMWOp::MAX: kind = isFloat ? arith::AtomicRMWKind::maximumf : arith::AtomicRMWKind::maxs; break;
      case tt::RMWOp::MIN: kind = isFloat ? arith::AtomicRMWKind::minimumf : arith::AtomicRMWKind::mins; break;
      case tt::RMWOp::UMAX: kind = arith::AtomicRMWKind::maxu; break;
      case tt::RMWOp::UMIN: kind = arith::AtomicRMWKind::minu; break;
      case tt::RMWOp::AND: kind = arith::AtomicRMWKind::andi; break;
      case tt::RMWOp::OR: kind = arith::AtomicRMWKind::ori; break;
      case tt::RMWOp::XCHG: kind = arith::AtomicRMWKind::assign; break;
      case tt::RMWOp::XOR: break;
      }
      if (kind)
        return Value(memref::AtomicRMWOp::create(b, loc(), *kind, val->value, mem, index));
      auto generic = memref::GenericAtomicRMWOp::create(b, loc(), mem, index);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(generic.getBody());
      Value next = arith::XOrIOp::create(b, loc(), generic.getCurrentValue(), val->value);
      memref::AtomicYieldOp::create(b, loc(), next);
      return Value(generic.getResult());
    };
    if (maskV) {
      auto ifOp = scf::IfOp::create(b, loc(), TypeRange{elem}, maskV, true, true);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      FailureOr<Value> r = emitRmw();
      if (failed(r))
        return failure();
      scf::YieldOp::create(b, loc(), *r);
      b.setInsertionPointToStart(ifOp.elseBlock());
      scf::YieldOp::create(b, loc(), Value(arith::ConstantOp::create(b, loc(), b.getZeroAttr(elem))));
      b.setInsertionPointAfter(ifOp);
      old = ifOp.getResult(0);
    } else {
      FailureOr<Value> r = emitRmw();
      if (failed(r))
        return failure();
      old = *r;
    }
    if (resultBuffer)
      memref::StoreOp::create(b, loc(), old, resultBuffer, w.idx);
    scalarResult = old;
    return success();
  };
  // Atomics are issued one element at a time (each is its own RMW anyway).
  if (tensor) {
    if (failed(emitNest(tensorType(result).getShape(), 1, body)))
      return failure();
    if (resultBuffer)
      buffers[result] = resultBuffer;
    return success();
  }
  if (failed(emitNest({}, 1, body)))
    return failure();
  scalars[result] = scalarResult;
  return success();
}

