// Block pointers (tl.make_block_ptr / tl.advance, Inductor's
// `triton.use_block_ptr`): a block pointer is a set of program scalars, the
// base (an i64 element offset into its argument) and per dimension the
// tensor's shape, its stride and the block's offset (all i64). Loads and
// stores through one are strided tile accesses: element `i` of the block is
// at `base + sum_d (offset_d + i_d) * stride_d`, and the dimensions listed in
// boundaryCheck mask it with `0 <= offset_d + i_d < shape_d` (padding: zero,
// or NaN). Loop-carried block pointers are carried as their scalars.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

bool mlir::triton_edge::isBlockPointer(Type type) {
  auto ptr = dyn_cast<tt::PointerType>(type);
  return ptr && isa<RankedTensorType>(ptr.getPointeeType());
}

namespace {
int64_t blockRank(Type type) {
  return cast<RankedTensorType>(cast<tt::PointerType>(type).getPointeeType()).getRank();
}
} // namespace

LogicalResult KernelLowering::convertBlockPointerOp(Operation *op) {
  Type i64 = b.getI64Type();
  auto toI64 = [&](Value v) -> FailureOr<Value> {
    FailureOr<Value> s = scalarOf(v);
    if (failed(s))
      return failure();
    if (s->getType() == i64)
      return *s;
    return Value(arith::ExtSIOp::create(b, loc(), i64, *s));
  };
  if (auto make = dyn_cast<tt::MakeTensorPtrOp>(op)) {
    if (failed(pointerArg(make.getResult())))
      return failure();
    BlockPointer p;
    FailureOr<Value> base = scalarOf(make.getBase());
    if (failed(base))
      return failure();
    p.base = *base;
    for (auto [list, from] : {std::pair{&p.shape, make.getShape()},
                              std::pair{&p.strides, make.getStrides()},
                              std::pair{&p.offsets, make.getOffsets()}})
      for (Value v : from) {
        FailureOr<Value> s = toI64(v);
        if (failed(s))
          return failure();
        list->push_back(*s);
      }
    blockPointers[make.getResult()] = std::move(p);
    return success();
  }
  auto advance = cast<tt::AdvanceOp>(op);
  auto it = blockPointers.find(advance.getPtr());
  if (it == blockPointers.end())
    return advance.emitError("internal error: block pointer used before it was converted");
  BlockPointer p = it->second;
  for (auto [d, v] : llvm::enumerate(advance.getOffsets())) {
    FailureOr<Value> s = toI64(v);
    if (failed(s))
      return failure();
    p.offsets[d] = arith::AddIOp::create(b, loc(), p.offsets[d], *s);
  }
  blockPointers[advance.getResult()] = std::move(p);
  return success();
}

// ---- program scalars of loop-carried values ---------------------------------

void KernelLowering::appendScalarTypes(Type type, SmallVectorImpl<Type> &out) {
  Type i64 = b.getI64Type();
  if (isBlockPointer(type)) {
    out.append(1 + 3 * blockRank(type), i64);
    return;
  }
  out.push_back(isa<tt::PointerType>(type) ? i64 : type);
}

LogicalResult KernelLowering::appendScalars(Value v, SmallVectorImpl<Value> &out) {
  if (isBlockPointer(v.getType())) {
    auto it = blockPointers.find(v);
    if (it == blockPointers.end())
      return emitError(v.getLoc(), "internal error: block pointer used before it was converted");
    const BlockPointer &p = it->second;
    out.push_back(p.base);
    out.append(p.shape.begin(), p.shape.end());
    out.append(p.strides.begin(), p.strides.end());
    out.append(p.offsets.begin(), p.offsets.end());
    return success();
  }
  FailureOr<Value> s = scalarOf(v);
  if (failed(s))
    return failure();
  out.push_back(*s);
  return success();
}

void KernelLowering::bindScalars(Value v, ValueRange converted, unsigned &pos) {
  if (!isBlockPointer(v.getType())) {
    scalars[v] = converted[pos++];
    return;
  }
  int64_t rank = blockRank(v.getType());
  BlockPointer p;
  p.base = converted[pos++];
  for (SmallVector<Value> *list : {&p.shape, &p.strides, &p.offsets})
    for (int64_t d = 0; d < rank; ++d)
      list->push_back(converted[pos++]);
  blockPointers[v] = std::move(p);
}

void KernelLowering::bindConverted(ValueRange values, ArrayRef<Value> tensorBuffers,
                                   ValueRange converted) {
  unsigned pos = 0;
  for (auto [i, v] : llvm::enumerate(values)) {
    if (tensorBuffers[i])
      buffers[v] = tensorBuffers[i];
    else
      bindScalars(v, converted, pos);
  }
}

// ---- accesses -------------------------------------------------------------------

FailureOr<KernelLowering::BlockAccess>
KernelLowering::evalBlockAccess(Value ptr, ArrayRef<int32_t> boundaryCheck, const Where &w) {
  auto it = blockPointers.find(ptr);
  if (it == blockPointers.end())
    return emitError(ptr.getLoc(), "internal error: block pointer used before it was converted");
  const BlockPointer &p = it->second;
  Type i64 = b.getI64Type();
  bool vec = w.laneDim >= 0 && width > 1;
  auto vecType = VectorType::get({width}, i64);
  // Position of lane 0 along each dimension: the block's offset plus the
  // nest's index.
  SmallVector<Value> pos;
  for (auto [d, idx] : llvm::enumerate(w.idx))
    pos.push_back(arith::AddIOp::create(
        b, loc(), p.offsets[d], arith::IndexCastOp::create(b, loc(), i64, idx)));
  Value lane0 = p.base;
  for (auto [d, at] : llvm::enumerate(pos))
    lane0 = arith::AddIOp::create(b, loc(), lane0,
                                  arith::MulIOp::create(b, loc(), at, p.strides[d]));
  Value iota;
  if (vec) {
    SmallVector<int64_t> steps(width);
    for (int64_t j = 0; j < width; ++j)
      steps[j] = j;
    iota = arith::ConstantOp::create(b, loc(), DenseElementsAttr::get(vecType, ArrayRef(steps)));
  }

  BlockAccess access;
  if (!vec) {
    access.ptr = Lanes::uniform(lane0);
  } else {
    Value stride = p.strides[w.laneDim];
    Value steps = arith::MulIOp::create(
        b, loc(), iota, vector::BroadcastOp::create(b, loc(), vecType, stride));
    access.ptr = Lanes::vector(arith::AddIOp::create(
        b, loc(), vector::BroadcastOp::create(b, loc(), vecType, lane0), steps));
    // A constant stride gives the lanes' affine form (unit stride: one
    // contiguous vector access).
    if (std::optional<int64_t> c = getConstantIntValue(stride)) {
      access.ptr.affine = true;
      access.ptr.base = lane0;
      access.ptr.stride = *c;
    }
  }
  for (int32_t d : boundaryCheck) {
    Value at = pos[d];
    bool laneDim = vec && d == w.laneDim;
    auto splat = [&](Value v) -> Value {
      return laneDim ? Value(vector::BroadcastOp::create(b, loc(), vecType, v)) : v;
    };
    if (laneDim)
      at = arith::AddIOp::create(b, loc(), splat(at), iota);
    Value zero = arith::ConstantIntOp::create(b, loc(), i64, 0);
    Value low = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::sge, at, splat(zero));
    Value high =
        arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::slt, at, splat(p.shape[d]));
    Lanes inside = laneDim ? Lanes::vector(arith::AndIOp::create(b, loc(), low, high))
                           : Lanes::uniform(arith::AndIOp::create(b, loc(), low, high));
    if (!access.mask) {
      access.mask = inside;
      continue;
    }
    LaneEmitter emitter(b, width);
    bool anyVec = inside.isVector || access.mask->isVector;
    Value a = anyVec ? emitter.toVector(loc(), *access.mask) : access.mask->value;
    Value c = anyVec ? emitter.toVector(loc(), inside) : inside.value;
    Value both = arith::AndIOp::create(b, loc(), a, c);
    access.mask = anyVec ? Lanes::vector(both) : Lanes::uniform(both);
  }
  return access;
}

void KernelLowering::keepInvariantFields(Value carried, Value init, Value yielded) {
  if (!isBlockPointer(carried.getType()))
    return;
  Value v = yielded;
  while (auto advance = v.getDefiningOp<tt::AdvanceOp>())
    v = advance.getPtr();
  auto from = blockPointers.find(init);
  auto to = blockPointers.find(carried);
  if (v != carried || from == blockPointers.end() || to == blockPointers.end())
    return;
  // Only the offsets change from one iteration to the next: the other
  // fields are the init's values (constant strides keep their affine lanes).
  to->second.base = from->second.base;
  to->second.shape = from->second.shape;
  to->second.strides = from->second.strides;
}
