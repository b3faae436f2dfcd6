// Program-level scalars and control flow: scalar tt/arith ops stay SSA
// values; scf.for and scf.if keep scalar iter_args/results as SSA values and
// tensor ones in buffers.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

LogicalResult KernelLowering::convertScalarOp(Operation *op) {
  if (isPointerView(op)) {
    FailureOr<Value> p = scalarOf(op->getOperand(0));
    if (failed(p) || failed(pointerArg(op->getResult(0))))
      return failure();
    scalars[op->getResult(0)] = *p;
    return success();
  }
  if (auto pidOp = dyn_cast<tt::GetProgramIdOp>(op)) {
    scalars[pidOp.getResult()] = pid[static_cast<int>(pidOp.getAxis())];
    return success();
  }
  if (auto num = dyn_cast<tt::GetNumProgramsOp>(op)) {
    scalars[num.getResult()] = grid[static_cast<int>(num.getAxis())];
    return success();
  }
  if (auto addptr = dyn_cast<tt::AddPtrOp>(op)) {
    if (failed(pointerArg(addptr.getResult())))
      return failure();
    FailureOr<Value> p = scalarOf(addptr.getPtr());
    FailureOr<Value> off = scalarOf(addptr.getOffset());
    if (failed(p) || failed(off))
      return failure();
    Value o = *off;
    if (!o.getType().isInteger(64))
      o = arith::ExtSIOp::create(b, loc(), b.getI64Type(), o);
    scalars[addptr.getResult()] = arith::AddIOp::create(b, loc(), *p, o);
    return success();
  }
  if (auto load = dyn_cast<tt::LoadOp>(op)) {
    FailureOr<Lanes> l = evalLoad(load, Where{});
    if (failed(l))
      return failure();
    scalars[load.getResult()] = l->value;
    return success();
  }
  if (auto toInt = dyn_cast<tt::PtrToIntOp>(op)) {
    FailureOr<Value> offset = scalarOf(toInt.getSrc());
    if (failed(offset))
      return failure();
    FailureOr<Lanes> address = evalPtrToInt(toInt, Lanes::uniform(*offset));
    if (failed(address))
      return failure();
    scalars[toInt.getResult()] = address->value;
    return success();
  }
  if (auto fromInt = dyn_cast<tt::IntToPtrOp>(op)) {
    FailureOr<Value> address = scalarOf(fromInt.getSrc());
    if (failed(address))
      return failure();
    FailureOr<Lanes> offset = evalIntToPtr(fromInt, Lanes::uniform(*address));
    if (failed(offset))
      return failure();
    scalars[fromInt.getResult()] = offset->value;
    return success();
  }
  if (isInlinable(op)) {
    SmallVector<Lanes> operands;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> s = scalarOf(operand);
      if (failed(s))
        return failure();
      operands.push_back(Lanes::uniform(*s));
    }
    LaneEmitter emitter(b, 1);
    FailureOr<SmallVector<Lanes>> results = emitter.emit(op, operands);
    if (failed(results))
      return failure();
    for (auto [r, l] : llvm::zip(op->getResults(), *results))
      scalars[r] = l.value;
    return success();
  }
  return op->emitError("unsupported operation: ") << op->getName();
}

LogicalResult KernelLowering::convertFor(scf::ForOp op) {
  // Tensor iter_args live in buffers; scalars stay SSA iter_args.
  SmallVector<Value> tensorBuffers(op.getNumRegionIterArgs());
  SmallVector<Value> scalarInits;
  for (auto [i, init] : llvm::enumerate(op.getInitArgs())) {
    if (isTensor(init)) {
      auto type = tensorType(init);
      if (isa<tt::PointerType>(type.getElementType())) {
        if (failed(pointerArg(op.getRegionIterArgs()[i])))
          return failure();
        type = type.clone(b.getI64Type());
      }
      tensorBuffers[i] = allocBuffer(type.getShape(), type.getElementType());
      if (failed(writeTensorInto(init, tensorBuffers[i])))
        return failure();
    } else if (failed(appendScalars(init, scalarInits))) {
      return failure();
    }
  }
  FailureOr<Value> lb = scalarOf(op.getLowerBound());
  FailureOr<Value> ub = scalarOf(op.getUpperBound());
  FailureOr<Value> step = scalarOf(op.getStep());
  if (failed(lb) || failed(ub) || failed(step))
    return failure();
  auto loop = scf::ForOp::create(b, loc(), *lb, *ub, *step, scalarInits);
  // The kernel's own loop (not a block nest): triton-edge-stage-tiles
  // stages its loads per iteration, not per program.
  setKernelRegion(loop);
  scalars[op.getInductionVar()] = loop.getInductionVar();
  auto yielded = cast<scf::YieldOp>(op.getBody()->getTerminator()).getOperands();
  bindConverted(op.getRegionIterArgs(), tensorBuffers, loop.getRegionIterArgs());
  for (auto [i, arg] : llvm::enumerate(op.getRegionIterArgs()))
    keepInvariantFields(arg, op.getInitArgs()[i], yielded[i]);
  {
    OpBuilder::InsertionGuard g(b);
    if (loop.getBody()->mightHaveTerminator())
      loop.getBody()->getTerminator()->erase();
    b.setInsertionPointToEnd(loop.getBody());
    Block &body = *op.getBody();
    for (Operation &inner : body.without_terminator())
      if (failed(convertOp(&inner)))
        return failure();
    auto yield = cast<scf::YieldOp>(body.getTerminator());
    currentLoc = yield.getLoc();
    // New values go through temporaries first: a yielded value may read
    // another iter_arg's (or its own) previous value at other positions.
    SmallVector<std::pair<Value, Value>> copies;
    SmallVector<Value> scalarYields;
    for (auto [i, v] : llvm::enumerate(yield.getOperands())) {
      if (!tensorBuffers[i]) {
        if (failed(appendScalars(v, scalarYields)))
          return failure();
        continue;
      }
      // Already there: the iteration argument itself, or a value computed
      // in place in its buffer (tt.dot's accumulator, Dot.cpp).
      if (buffers.lookup(v) == tensorBuffers[i])
        continue;
      auto type = cast<MemRefType>(tensorBuffers[i].getType());
      Value tmp = allocBuffer(type.getShape(), type.getElementType());
      if (failed(writeTensorInto(v, tmp)))
        return failure();
      copies.push_back({tmp, tensorBuffers[i]});
    }
    for (auto [from, to] : copies)
      memref::CopyOp::create(b, loc(), from, to);
    scf::YieldOp::create(b, loc(), scalarYields);
  }
  bindConverted(op.getResults(), tensorBuffers, loop.getResults());
  for (auto [i, r] : llvm::enumerate(op.getResults()))
    keepInvariantFields(r, op.getInitArgs()[i], yielded[i]);
  return success();
}

LogicalResult KernelLowering::convertIf(scf::IfOp op) {
  FailureOr<Value> cond = scalarOf(op.getCondition());
  if (failed(cond))
    return failure();
  SmallVector<Value> tensorBuffers;
  SmallVector<Type> scalarTypes;
  for (Value r : op.getResults()) {
    if (isTensor(r)) {
      auto type = tensorType(r);
      tensorBuffers.push_back(allocBuffer(type.getShape(), type.getElementType()));
    } else {
      tensorBuffers.push_back(Value());
      appendScalarTypes(r.getType(), scalarTypes);
    }
  }
  auto ifOp = scf::IfOp::create(b, loc(), scalarTypes, *cond, true, op.elseBlock() != nullptr);
  setKernelRegion(ifOp);
  auto convertRegion = [&](Block *from, Block *to) -> LogicalResult {
    OpBuilder::InsertionGuard g(b);
    if (to->mightHaveTerminator())
      to->getTerminator()->erase();
    b.setInsertionPointToEnd(to);
    for (Operation &inner : from->without_terminator())
      if (failed(convertOp(&inner)))
        return failure();
    auto yield = cast<scf::YieldOp>(from->getTerminator());
    SmallVector<Value> scalarYields;
    for (auto [i, v] : llvm::enumerate(yield.getOperands())) {
      if (tensorBuffers[i]) {
        if (failed(writeTensorInto(v, tensorBuffers[i])))
          return failure();
      } else if (failed(appendScalars(v, scalarYields))) {
        return failure();
      }
    }
    scf::YieldOp::create(b, loc(), scalarYields);
    return success();
  };
  if (failed(convertRegion(op.thenBlock(), ifOp.thenBlock())))
    return failure();
  if (op.elseBlock() && failed(convertRegion(op.elseBlock(), ifOp.elseBlock())))
    return failure();
  bindConverted(op.getResults(), tensorBuffers, ifOp.getResults());
  return success();
}

