// The evaluation core of convert-triton-to-loops: loop nests, stack
// buffers, and the element-by-element evaluation of a block tensor at one
// position of a nest (with a cache per loop body, so a value used twice in
// one nest is computed once).
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "triton-edge/Analysis/AxisInfo.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/ScopeExit.h"

#include <optional>
#include <set>

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

KernelLowering::CacheKey KernelLowering::key(Value v, const Where &w) {
  std::vector<void *> k;
  for (Value i : w.idx)
    k.push_back(i.getAsOpaquePointer());
  k.push_back(reinterpret_cast<void *>(static_cast<intptr_t>(w.laneDim)));
  k.push_back(reinterpret_cast<void *>(static_cast<intptr_t>(width)));
  return {v.getAsOpaquePointer(), k};
}

//===----------------------------------------------------------------------===//
// Nests and buffers
//===----------------------------------------------------------------------===//

int64_t KernelLowering::plannedLanes(Operation *op, unsigned index) {
  DenseI64ArrayAttr lanes = getLanes(op);
  if (!lanes || index >= lanes.size())
    return 1;
  return lanes[index];
}

int64_t KernelLowering::plannedLanes(Value v) {
  if (auto result = dyn_cast<OpResult>(v))
    return plannedLanes(result.getOwner(), result.getResultNumber());
  // A loop-carried block: the lanes of the loop's matching result.
  auto arg = cast<BlockArgument>(v);
  if (auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp()))
    if (arg.getArgNumber() > 0)
      return plannedLanes(loop, arg.getArgNumber() - 1);
  return 1;
}

LogicalResult KernelLowering::checkLanes(int64_t lanes, int64_t size) {
  if (lanes == 1 || (lanes > 1 && llvm::isPowerOf2_64(lanes) && size % lanes == 0))
    return success();
  return emitError(loc(), "vector plan: ")
         << lanes << " lanes do not divide a loop of " << size << " elements";
}

LogicalResult KernelLowering::emitNest(ArrayRef<int64_t> shape, int64_t lanes,
                                       function_ref<LogicalResult(const Where &)> body) {
  OpBuilder::InsertionGuard guard(b);
  int64_t savedWidth = width;
  llvm::scope_exit restore([&] { width = savedWidth; });
  int64_t w = shape.empty() ? 1 : lanes;
  if (failed(checkLanes(w, shape.empty() ? 1 : shape.back())))
    return failure();
  Where where;
  for (size_t d = 0; d < shape.size(); ++d) {
    int64_t step = d + 1 == shape.size() ? w : 1;
    if (shape[d] == 1) {
      where.idx.push_back(indexConst(0));
      continue;
    }
    auto loop = scf::ForOp::create(b, loc(), indexConst(0), indexConst(shape[d]),
                                   indexConst(step));
    b.setInsertionPointToStart(loop.getBody());
    where.idx.push_back(loop.getInductionVar());
  }
  width = w;
  where.laneDim = (w > 1) ? static_cast<int>(shape.size()) - 1 : -1;
  CacheScope scope(*this);
  return body(where);
}

Value KernelLowering::allocBuffer(ArrayRef<int64_t> shape, Type elem) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(entryBlock);
  auto type = MemRefType::get(shape, storageType(elem));
  return memref::AllocaOp::create(b, loc(), type, ValueRange{}, ValueRange{},
                                  b.getI64IntegerAttr(64));
}

Lanes KernelLowering::readBuffer(Value buffer, Type elem, const Where &w) {
  // The buffer's own element type: pointer tensors are kept as i64 offsets.
  Type storage = cast<MemRefType>(buffer.getType()).getElementType();
  Value v;
  bool vec = w.laneDim >= 0 && width > 1;
  if (vec) {
    // Lanes always run along a value's last dimension (broadcasts and
    // expand_dims keep dimension order), so they are contiguous in a
    // row-major buffer.
    v = vector::LoadOp::create(b, loc(), VectorType::get({width}, storage), buffer, w.idx);
  } else {
    v = memref::LoadOp::create(b, loc(), buffer, w.idx);
  }
  if (elem.isInteger(1)) {
    Value zero = arith::ConstantOp::create(b, loc(), b.getZeroAttr(v.getType()));
    v = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::ne, v, zero);
  }
  return vec ? Lanes::vector(v) : Lanes::uniform(v);
}

void KernelLowering::writeBuffer(Value buffer, Type elem, ArrayRef<Value> idx,
                                 const Lanes &lanes) {
  Value v = lanes.value;
  bool vec = width > 1;
  if (vec)
    v = LaneEmitter(b, width).toVector(loc(), lanes);
  if (elem.isInteger(1)) {
    Type i8 = b.getI8Type();
    v = arith::ExtUIOp::create(b, loc(), vec ? Type(VectorType::get({width}, i8)) : i8, v);
  }
  if (vec)
    vector::StoreOp::create(b, loc(), v, buffer, idx);
  else
    memref::StoreOp::create(b, loc(), v, buffer, idx);
}

LogicalResult KernelLowering::writeTensorInto(Value tensor, Value buffer) {
  auto type = tensorType(tensor);
  return emitNest(type.getShape(), plannedLanes(tensor), [&](const Where &w) -> LogicalResult {
    FailureOr<Lanes> v = eval(tensor, w);
    if (failed(v))
      return failure();
    writeBuffer(buffer, type.getElementType(), w.idx, *v);
    return success();
  });
}

Value KernelLowering::bufferFor(Value tensor) {
  auto it = buffers.find(tensor);
  if (it != buffers.end())
    return it->second;
  auto type = tensorType(tensor);
  Value buffer = allocBuffer(type.getShape(), type.getElementType());
  if (failed(writeTensorInto(tensor, buffer)))
    return {};
  return buffer;
}

LogicalResult KernelLowering::materialize(Value v) {
  auto type = tensorType(v);
  Value buffer = allocBuffer(type.getShape(), type.getElementType());
  if (failed(writeTensorInto(v, buffer)))
    return failure();
  buffers[v] = buffer;
  return success();
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

FailureOr<Lanes> KernelLowering::eval(Value v, const Where &w) {
  if (!isTensor(v)) {
    FailureOr<Value> s = scalarOf(v);
    if (failed(s))
      return failure();
    return Lanes::uniform(*s, uniformDivisibility(v));
  }
  CacheKey k = key(v, w);
  for (auto &cache : llvm::reverse(caches))
    if (auto it = cache.lanes.find(k); it != cache.lanes.end())
      return it->second;
  if (auto it = buffers.find(v); it != buffers.end())
    return readBuffer(it->second, tensorType(v).getElementType(), w);
  // Without a cache the operands-first pass below could not hand its
  // results on; a scope for this evaluation gives it one.
  std::optional<CacheScope> scope;
  if (caches.empty())
    scope.emplace(*this);
  if (failed(evalOperandsFirst(v, w)))
    return failure();
  return evalAndCache(v, w);
}

FailureOr<Lanes> KernelLowering::evalAndCache(Value v, const Where &w) {
  Location saved = currentLoc;
  currentLoc = v.getLoc();
  FailureOr<Lanes> result;
  if (auto it = buffers.find(v); it != buffers.end())
    result = readBuffer(it->second, tensorType(v).getElementType(), w);
  else
    result = evalDef(v, w);
  currentLoc = saved;
  if (succeeded(result))
    caches.back().lanes[key(v, w)] = *result;
  return result;
}

bool KernelLowering::isCached(Value v, const Where &w) {
  CacheKey k = key(v, w);
  return llvm::any_of(caches, [&](auto &cache) { return cache.lanes.count(k) != 0; });
}

/// A broadcast's or expand_dims' source position at `w`, built once per
/// cache scope: the operands-first walk and evalBroadcast/evalExpandDims
/// must agree on its index values (they are part of the cache key).
Where KernelLowering::sourcePosition(Operation *op, const Where &w,
                                     function_ref<Where()> build) {
  CacheKey k = key(op->getResult(0), w);
  for (auto &cache : llvm::reverse(caches))
    if (auto it = cache.sources.find(k); it != cache.sources.end())
      return it->second;
  Where inner = build();
  if (!caches.empty())
    caches.back().sources[k] = inner;
  return inner;
}

Where KernelLowering::broadcastSource(tt::BroadcastOp bcast, const Where &w) {
  return sourcePosition(bcast, w, [&] {
    auto srcType = tensorType(bcast.getSrc());
    Where inner = w;
    for (int64_t d = 0; d < srcType.getRank(); ++d)
      if (srcType.getDimSize(d) == 1 && tensorType(bcast.getResult()).getDimSize(d) != 1) {
        inner.idx[d] = indexConst(0);
        if (inner.laneDim == d)
          inner.laneDim = -1;
      }
    return inner;
  });
}

Where KernelLowering::expandDimsSource(tt::ExpandDimsOp expand, const Where &w) {
  return sourcePosition(expand, w, [&] {
    int axis = expand.getAxis();
    Where inner = w;
    inner.idx.erase(inner.idx.begin() + axis);
    if (inner.laneDim == axis)
      inner.laneDim = -1;
    else if (inner.laneDim > axis)
      inner.laneDim -= 1;
    return inner;
  });
}

SmallVector<std::pair<Value, Where>> KernelLowering::evalInputs(Value v, const Where &w) {
  SmallVector<std::pair<Value, Where>> inputs;
  Operation *def = v.getDefiningOp();
  if (!def || buffers.count(v))
    return inputs;
  auto add = [&](Value operand, const Where &at) {
    if (operand && isTensor(operand) && !isCached(operand, at))
      inputs.push_back({operand, at});
  };
  // The same cases, in the same order, as evalDef's. Operands held in
  // buffers are inputs too, so that their reads keep operand order.
  if (isa<tt::SplatOp, tt::MakeRangeOp>(def))
    return inputs;
  if (isPointerView(def)) {
    add(def->getOperand(0), w);
  } else if (auto bcast = dyn_cast<tt::BroadcastOp>(def)) {
    add(bcast.getSrc(), broadcastSource(bcast, w));
  } else if (auto expand = dyn_cast<tt::ExpandDimsOp>(def)) {
    add(expand.getSrc(), expandDimsSource(expand, w));
  } else if (auto addptr = dyn_cast<tt::AddPtrOp>(def)) {
    add(addptr.getPtr(), w);
    add(addptr.getOffset(), w);
  } else if (auto load = dyn_cast<tt::LoadOp>(def)) {
    if (!isBlockPointer(load.getPtr().getType())) {
      add(load.getPtr(), w);
      add(load.getMask(), w);
      add(load.getOther(), w);
    }
  } else if (auto toInt = dyn_cast<tt::PtrToIntOp>(def)) {
    add(toInt.getSrc(), w);
  } else if (isInlinable(def)) {
    for (Value operand : def->getOperands())
      add(operand, w);
  }
  return inputs;
}

/// Expressions are as deep as the kernel makes them (100,000 chained adds or
/// addptrs, a long run of broadcasts, are valid TTIR): evaluating them by
/// recursion would overflow the stack. This walks everything below `root`
/// that `root`'s evaluation at `w` needs, each value at the position it is
/// needed at, with an explicit stack, and evaluates it bottom-up, so every
/// eval evalDef then makes of an operand is a cache hit.
LogicalResult KernelLowering::evalOperandsFirst(Value root, const Where &w) {
  struct Frame {
    Value value;
    Where where;
    SmallVector<std::pair<Value, Where>> inputs;
    unsigned next = 0;
  };
  SmallVector<Frame> stack;
  stack.push_back({root, w, evalInputs(root, w)});
  std::set<CacheKey> pushed;
  while (!stack.empty()) {
    Frame &top = stack.back();
    if (top.next < top.inputs.size()) {
      auto [operand, at] = top.inputs[top.next++];
      if (!isCached(operand, at) && pushed.insert(key(operand, at)).second) {
        SmallVector<std::pair<Value, Where>> inputs = evalInputs(operand, at);
        stack.push_back({operand, std::move(at), std::move(inputs)});
      }
      continue;
    }
    Frame done = stack.pop_back_val();
    if (done.value != root && failed(evalAndCache(done.value, done.where)))
      return failure();
  }
  return success();
}

FailureOr<Lanes> KernelLowering::evalDef(Value v, const Where &w) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return emitError(v.getLoc(), "internal error: tensor block argument without a buffer");
  if (auto splat = dyn_cast<tt::SplatOp>(def))
    return eval(splat.getSrc(), Where{});
  if (isPointerView(def))
    return eval(def->getOperand(0), w);
  if (auto range = dyn_cast<tt::MakeRangeOp>(def))
    return evalMakeRange(range, w);
  if (auto bcast = dyn_cast<tt::BroadcastOp>(def))
    return evalBroadcast(bcast, w);
  if (auto expand = dyn_cast<tt::ExpandDimsOp>(def))
    return evalExpandDims(expand, w);
  if (auto addptr = dyn_cast<tt::AddPtrOp>(def))
    return evalAddPtr(addptr, w);
  if (auto load = dyn_cast<tt::LoadOp>(def))
    return evalLoad(load, w);
  if (auto toInt = dyn_cast<tt::PtrToIntOp>(def)) {
    FailureOr<Lanes> offsets = eval(toInt.getSrc(), w);
    if (failed(offsets))
      return failure();
    return evalPtrToInt(toInt, *offsets);
  }
  if (auto fromInt = dyn_cast<tt::IntToPtrOp>(def)) {
    FailureOr<Lanes> address = eval(fromInt.getSrc(), w);
    if (failed(address))
      return failure();
    return evalIntToPtr(fromInt, *address);
  }
  if (isInlinable(def)) {
    // Element-wise: evaluate the operands here, then the op on their lanes.
    SmallVector<Lanes> operands;
    for (Value operand : def->getOperands()) {
      FailureOr<Lanes> l = eval(operand, w);
      if (failed(l))
        return failure();
      operands.push_back(*l);
    }
    LaneEmitter emitter(b, width);
    FailureOr<SmallVector<Lanes>> results = emitter.emit(def, operands);
    if (failed(results))
      return failure();
    return (*results)[cast<OpResult>(v).getResultNumber()];
  }
  return def->emitError("internal error: '")
         << def->getName() << "' result was not materialized";
}

/// Lane j of a range along the lane dimension is `idx + start + j`: affine
/// with unit stride.
FailureOr<Lanes> KernelLowering::evalMakeRange(tt::MakeRangeOp range, const Where &w) {
  Type i32 = b.getI32Type();
  Value idx = arith::IndexCastOp::create(b, loc(), i32, w.idx[0]);
  Value start = arith::ConstantIntOp::create(b, loc(), i32, range.getStart());
  Value base = arith::AddIOp::create(b, loc(), idx, start);
  if (w.laneDim != 0)
    return Lanes::uniform(base, 1);
  SmallVector<int32_t> iota(width);
  for (int64_t i = 0; i < width; ++i)
    iota[i] = static_cast<int32_t>(i);
  auto vecType = VectorType::get({width}, i32);
  Value steps = arith::ConstantOp::create(
      b, loc(), DenseElementsAttr::get(vecType, ArrayRef<int32_t>(iota)));
  Value splat = vector::BroadcastOp::create(b, loc(), vecType, base);
  Lanes lanes = Lanes::vector(arith::AddIOp::create(b, loc(), splat, steps));
  // idx is a multiple of the lane count (the loop steps by it).
  lanes.affine = true;
  lanes.base = base;
  lanes.stride = 1;
  lanes.baseDivisor = std::min(width, powerOfTwoDivisor(range.getStart()));
  return lanes;
}

FailureOr<SmallVector<Lanes>>
KernelLowering::applyCombine(Region &region, ArrayRef<Lanes> lhs,
                             ArrayRef<Lanes> rhs, int64_t laneWidth, bool vectors) {
  Block &block = region.front();
  DenseMap<Value, Lanes> values;
  unsigned n = lhs.size();
  LaneEmitter emitter(b, laneWidth);
  auto norm = [&](Lanes l) {
    if (vectors && !l.isVector && laneWidth > 1)
      return Lanes::vector(emitter.toVector(loc(), l));
    return l;
  };
  for (unsigned i = 0; i < n; ++i) {
    values[block.getArgument(i)] = norm(lhs[i]);
    values[block.getArgument(n + i)] = norm(rhs[i]);
  }
  for (Operation &op : block.without_terminator()) {
    SmallVector<Lanes> operands;
    for (Value operand : op.getOperands()) {
      auto it = values.find(operand);
      if (it != values.end()) {
        operands.push_back(it->second);
        continue;
      }
      // Values from outside the combine region are uniform scalars.
      FailureOr<Value> s = scalarOf(operand);
      if (failed(s))
        return failure();
      operands.push_back(Lanes::uniform(*s));
    }
    FailureOr<SmallVector<Lanes>> results = emitter.emit(&op, operands);
    if (failed(results))
      return failure();
    for (auto [r, l] : llvm::zip(op.getResults(), *results))
      values[r] = l;
  }
  SmallVector<Lanes> out;
  for (Value r : block.getTerminator()->getOperands()) {
    auto it = values.find(r);
    if (it == values.end()) {
      FailureOr<Value> s = scalarOf(r);
      if (failed(s))
        return failure();
      out.push_back(norm(Lanes::uniform(*s)));
    } else {
      out.push_back(norm(it->second));
    }
  }
  return out;
}
