// tt.atomic_rmw and tt.atomic_cas: one element at a time (each is its own
// read-modify-write anyway), as LLVM atomicrmw / cmpxchg on the element's
// address. The LLVM ops directly rather than memref.atomic_rmw and
// memref.generic_atomic_rmw: they take any element type through a pointer
// bitcast (Triton's float max/min is an integer max/umin through
// !tt.ptr<i32>), have every kind (xor), and compare-and-swap compares bits
// like the GPU's atom.cas (no float compare: NaN and -0.0 swap as bits).
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
LLVM::AtomicBinOp binOpFor(tt::RMWOp op, bool isFloat) {
  switch (op) {
  case tt::RMWOp::FADD: return LLVM::AtomicBinOp::fadd;
  case tt::RMWOp::ADD: return isFloat ? LLVM::AtomicBinOp::fadd : LLVM::AtomicBinOp::add;
  // Float max/min ignore a NaN operand (maxNum), as the GPU's f16/bf16
  // atomics do; f32/f64 arrive here as integer max/umin (see above).
  case tt::RMWOp::MAX: return isFloat ? LLVM::AtomicBinOp::fmax : LLVM::AtomicBinOp::max;
  case tt::RMWOp::MIN: return isFloat ? LLVM::AtomicBinOp::fmin : LLVM::AtomicBinOp::min;
  case tt::RMWOp::UMAX: return LLVM::AtomicBinOp::umax;
  case tt::RMWOp::UMIN: return LLVM::AtomicBinOp::umin;
  case tt::RMWOp::AND: return LLVM::AtomicBinOp::_and;
  case tt::RMWOp::OR: return LLVM::AtomicBinOp::_or;
  case tt::RMWOp::XOR: return LLVM::AtomicBinOp::_xor;
  case tt::RMWOp::XCHG: return LLVM::AtomicBinOp::xchg;
  }
  llvm_unreachable("unknown tt.atomic_rmw kind");
}

LLVM::AtomicOrdering orderingFor(tt::MemSemantic sem) {
  switch (sem) {
  case tt::MemSemantic::RELAXED: return LLVM::AtomicOrdering::monotonic;
  case tt::MemSemantic::ACQUIRE: return LLVM::AtomicOrdering::acquire;
  case tt::MemSemantic::RELEASE: return LLVM::AtomicOrdering::release;
  case tt::MemSemantic::ACQUIRE_RELEASE: return LLVM::AtomicOrdering::acq_rel;
  }
  return LLVM::AtomicOrdering::seq_cst;
}

/// cmpxchg's failure ordering: no release part, at least monotonic.
LLVM::AtomicOrdering failureOrderingFor(LLVM::AtomicOrdering o) {
  if (o == LLVM::AtomicOrdering::acq_rel || o == LLVM::AtomicOrdering::release)
    return o == LLVM::AtomicOrdering::acq_rel ? LLVM::AtomicOrdering::acquire
                                              : LLVM::AtomicOrdering::monotonic;
  return o;
}
} // namespace

/// The address of element `offset` (i64) of `mem` viewed as `elem`s.
static Value elementAddress(OpBuilder &b, Location loc, Value mem, Value offset, Type elem) {
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, mem);
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), base);
  Value ptr = LLVM::IntToPtrOp::create(b, loc, ptrType, asInt);
  return LLVM::GEPOp::create(b, loc, ptrType, elem, ptr, ValueRange{offset});
}

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
  auto rmw = dyn_cast<tt::AtomicRMWOp>(op);
  auto cas = dyn_cast<tt::AtomicCASOp>(op);
  if (rmw && isa<FloatType>(elem) &&
      !llvm::is_contained({tt::RMWOp::FADD, tt::RMWOp::ADD, tt::RMWOp::MAX, tt::RMWOp::MIN,
                           tt::RMWOp::XCHG},
                          rmw.getAtomicRmwOp()))
    return op->emitError("tt.atomic_rmw ") << stringifyRMWOp(rmw.getAtomicRmwOp())
                                           << " on a float type is not supported";
  LLVM::AtomicOrdering ordering = orderingFor(rmw ? rmw.getSem() : cas.getSem());
  bool tensor = isTensor(result);
  Value resultBuffer = tensor && !result.use_empty()
                           ? allocBuffer(tensorType(result).getShape(), elem)
                           : Value();
  Value scalarResult;
  auto body = [&](const Where &w) -> LogicalResult {
    FailureOr<Lanes> ptr = eval(ptrV, w);
    if (failed(ptr))
      return failure();
    Value maskV;
    if (rmw && rmw.getMask()) {
      FailureOr<Lanes> m = eval(rmw.getMask(), w);
      if (failed(m))
        return failure();
      maskV = m->value;
    }
    auto emitRmw = [&]() -> FailureOr<Value> {
      Value addr = elementAddress(b, loc(), mem, ptr->value, elem);
      if (cas) {
        FailureOr<Lanes> cmp = eval(cas.getCmp(), w);
        FailureOr<Lanes> val = eval(cas.getVal(), w);
        if (failed(cmp) || failed(val))
          return failure();
        // cmpxchg takes integers: floats are swapped as their bits.
        Type bits = b.getIntegerType(elem.getIntOrFloatBitWidth());
        auto asBits = [&](Value v) {
          return v.getType() == bits ? v : Value(arith::BitcastOp::create(b, loc(), bits, v));
        };
        auto xchg = LLVM::AtomicCmpXchgOp::create(b, loc(), addr, asBits(cmp->value),
                                                  asBits(val->value), ordering,
                                                  failureOrderingFor(ordering));
        Value old = LLVM::ExtractValueOp::create(b, loc(), xchg, ArrayRef<int64_t>{0});
        return old.getType() == elem ? old : Value(arith::BitcastOp::create(b, loc(), elem, old));
      }
      FailureOr<Lanes> val = eval(rmw.getVal(), w);
      if (failed(val))
        return failure();
      return Value(LLVM::AtomicRMWOp::create(
          b, loc(), binOpFor(rmw.getAtomicRmwOp(), isa<FloatType>(elem)), addr, val->value,
          ordering));
    };
    Value old;
    if (maskV) {
      // A masked-off lane touches no memory and returns 0.
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
      memref::StoreOp::create(b, loc(), toMemory(b, loc(), old, storageType(elem)),
                              resultBuffer, w.idx);
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
