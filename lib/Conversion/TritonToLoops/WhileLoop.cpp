// scf.while inside a kernel (Inductor's helpers and `while` loops with a
// data-dependent trip count): the same split as scf.for, scalar values stay
// SSA (operands, region arguments, results of the new scf.while) and block
// tensors live in buffers: one per value the before region receives (the
// inits, then what the after region yields) and one per value scf.condition
// forwards (the after region's arguments and the loop's results).
#include "KernelLowering.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
/// The buffer type of a loop-carried tensor: pointer tensors are carried as
/// i64 element offsets into their argument.
RankedTensorType carriedType(OpBuilder &b, Value v) {
  auto type = tensorType(v);
  if (isa<tt::PointerType>(type.getElementType()))
    return type.clone(b.getI64Type());
  return type;
}
} // namespace

LogicalResult KernelLowering::convertWhile(scf::WhileOp op) {
  Block *before = op.getBeforeBody();
  Block *after = op.getAfterBody();
  // Pointer tensors must come from one argument (the buffers hold offsets).
  for (Value v : llvm::concat<Value>(before->getArguments(), after->getArguments()))
    if (isTensor(v) && isa<tt::PointerType>(tensorType(v).getElementType()) &&
        failed(pointerArg(v)))
      return failure();

  SmallVector<Value> beforeBuffers(before->getNumArguments());
  SmallVector<Value> afterBuffers(after->getNumArguments());
  SmallVector<Value> scalarInits;
  for (auto [i, init] : llvm::enumerate(op.getInits())) {
    if (isTensor(init)) {
      auto type = carriedType(b, init);
      beforeBuffers[i] = allocBuffer(type.getShape(), type.getElementType());
      if (failed(writeTensorInto(init, beforeBuffers[i])))
        return failure();
      continue;
    }
    if (failed(appendScalars(init, scalarInits)))
      return failure();
  }
  for (auto [j, arg] : llvm::enumerate(after->getArguments())) {
    if (isTensor(arg)) {
      auto type = carriedType(b, arg);
      afterBuffers[j] = allocBuffer(type.getShape(), type.getElementType());
    }
  }

  SmallVector<Type> afterTypes;
  for (Value arg : after->getArguments())
    if (!isTensor(arg))
      appendScalarTypes(arg.getType(), afterTypes);

  auto loop = scf::WhileOp::create(b, loc(), afterTypes, scalarInits);
  // The kernel's own loop: triton-edge-stage-tiles leaves its accesses alone.
  setKernelRegion(loop);
  if (failed(convertWhileRegions(op, loop, beforeBuffers, afterBuffers)))
    return failure();
  bindConverted(op.getResults(), afterBuffers, loop.getResults());
  return success();
}

LogicalResult KernelLowering::convertWhileRegions(scf::WhileOp op, scf::WhileOp loop,
                                                  ArrayRef<Value> beforeBuffers,
                                                  ArrayRef<Value> afterBuffers) {
  OpBuilder::InsertionGuard g(b);
  Block *before = op.getBeforeBody();
  Block *after = op.getAfterBody();
  SmallVector<Type> beforeScalarTypes(loop.getInits().getTypes());
  SmallVector<Type> afterTypes(loop.getResultTypes());
  Block *newBefore = b.createBlock(&loop.getBefore(), {}, beforeScalarTypes,
                                   SmallVector<Location>(beforeScalarTypes.size(), loc()));
  Block *newAfter = b.createBlock(&loop.getAfter(), {}, afterTypes,
                                  SmallVector<Location>(afterTypes.size(), loc()));

  // Before region: evaluates the condition and forwards values.
  b.setInsertionPointToEnd(newBefore);
  bindConverted(before->getArguments(), beforeBuffers, newBefore->getArguments());
  for (Operation &inner : before->without_terminator())
    if (failed(convertOp(&inner)))
      return failure();
  auto condition = cast<scf::ConditionOp>(before->getTerminator());
  currentLoc = condition.getLoc();
  if (isTensor(condition.getCondition()))
    return condition.emitError("scf.condition on a tensor is not supported");
  FailureOr<Value> cond = scalarOf(condition.getCondition());
  if (failed(cond))
    return failure();
  // The forwarded tensors go to their own buffers: the values read here
  // live in the before buffers (or above the loop), never in these.
  SmallVector<Value> forwarded;
  for (auto [j, v] : llvm::enumerate(condition.getArgs())) {
    if (afterBuffers[j]) {
      if (failed(writeTensorInto(v, afterBuffers[j])))
        return failure();
      continue;
    }
    if (failed(appendScalars(v, forwarded)))
      return failure();
  }
  scf::ConditionOp::create(b, loc(), *cond, forwarded);

  // After region: the body, yielding the next values of the before region.
  b.setInsertionPointToEnd(newAfter);
  bindConverted(after->getArguments(), afterBuffers, newAfter->getArguments());
  for (Operation &inner : after->without_terminator())
    if (failed(convertOp(&inner)))
      return failure();
  auto yield = cast<scf::YieldOp>(after->getTerminator());
  currentLoc = yield.getLoc();
  // Yielded tensors are computed from the after buffers and values above
  // the loop (the before region's values do not dominate the after region),
  // so they can be written into the before buffers directly.
  SmallVector<Value> scalarYields;
  for (auto [i, v] : llvm::enumerate(yield.getOperands())) {
    if (beforeBuffers[i]) {
      if (failed(writeTensorInto(v, beforeBuffers[i])))
        return failure();
      continue;
    }
    if (failed(appendScalars(v, scalarYields)))
      return failure();
  }
  scf::YieldOp::create(b, loc(), scalarYields);
  return success();
}
