// Pointer arithmetic, tt.load and tt.store: contiguous (masked) vector
// accesses where the lane facts prove unit stride, gathers and scatters
// otherwise, scalar accesses guarded by their mask when every lane reads the
// same element. With check-bounds every access is checked against its
// argument's storage first.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "llvm/ADT/ScopeExit.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

Value mlir::triton_edge::toMemory(OpBuilder &b, Location loc, Value v, Type memElem) {
  auto like = [&](Type e) -> Type {
    if (auto vt = dyn_cast<VectorType>(v.getType()))
      return VectorType::get(vt.getShape(), e);
    return e;
  };
  Type elem = getElementTypeOrSelf(v.getType());
  if (elem.isInteger(1)) {
    v = arith::ExtUIOp::create(b, loc, like(b.getI8Type()), v);
    elem = b.getI8Type();
  }
  if (elem == memElem)
    return v;
  return arith::BitcastOp::create(b, loc, like(memElem), v);
}

Value mlir::triton_edge::fromMemory(OpBuilder &b, Location loc, Value v, Type elem) {
  Type target = storageType(elem);
  if (getElementTypeOrSelf(v.getType()) != target) {
    Type t = target;
    if (auto vt = dyn_cast<VectorType>(v.getType()))
      t = VectorType::get(vt.getShape(), target);
    v = arith::BitcastOp::create(b, loc, t, v);
  }
  if (!elem.isInteger(1))
    return v;
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(v.getType()));
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v, zero);
}

/// Pointers are i64 element offsets into their argument's memref.
FailureOr<Lanes> KernelLowering::evalAddPtr(tt::AddPtrOp addptr, const Where &w) {
  FailureOr<Lanes> p = eval(addptr.getPtr(), w);
  FailureOr<Lanes> off = eval(addptr.getOffset(), w);
  if (failed(p) || failed(off))
    return failure();
  Type i64 = b.getI64Type();
  LaneEmitter emitter(b, width);
  auto widen = [&](Lanes l) {
    Type elem = getElementTypeOrSelf(l.value.getType());
    if (elem.isInteger(64))
      return l;
    Lanes out = l;
    out.value = arith::ExtSIOp::create(b, loc(), emitter.laneType(i64, l.isVector), l.value);
    // A uniform value is its own base: one extension, not two (a second,
    // dead copy of every link of a long chain is costly to clean up).
    if (l.affine)
      out.base = l.base == l.value ? out.value
                                   : Value(arith::ExtSIOp::create(b, loc(), i64, l.base));
    // Contiguous lanes do not overflow their type (the remainder's test says
    // so; a uniform offset that overflows it would address outside the
    // argument either way), so sign extension keeps them contiguous.
    if (l.contiguousWhen)
      out.contiguousBase = arith::ExtSIOp::create(b, loc(), i64, l.contiguousBase);
    if (l.halvesWhen)
      out.halvesBase = arith::ExtSIOp::create(b, loc(), i64, l.halvesBase);
    return out;
  };
  Lanes a = widen(*p), c = widen(*off);
  bool vec = a.isVector || c.isVector;
  Lanes out;
  out.isVector = vec;
  out.value = arith::AddIOp::create(b, loc(), vec ? emitter.toVector(loc(), a) : a.value,
                                    vec ? emitter.toVector(loc(), c) : c.value);
  if (!vec) {
    out.affine = true;
    out.base = out.value;
    out.baseDivisor = std::min(a.baseDivisor, c.baseDivisor);
  } else if (a.affine && c.affine) {
    out.affine = true;
    out.base = arith::AddIOp::create(b, loc(), a.base, c.base);
    out.stride = a.stride + c.stride;
    out.baseDivisor = std::min(a.baseDivisor, c.baseDivisor);
  }
  // A uniform pointer plus contiguous-when-tested offsets (and the reverse).
  for (auto [lanes, uniform] : {std::pair{&c, &a}, std::pair{&a, &c}})
    if (lanes->contiguousWhen && !uniform->isVector) {
      out.contiguousWhen = lanes->contiguousWhen;
      out.contiguousBase = arith::AddIOp::create(b, loc(), uniform->value, lanes->contiguousBase);
      if (lanes->halvesWhen) {
        out.halvesWhen = lanes->halvesWhen;
        out.halvesBase = arith::AddIOp::create(b, loc(), uniform->value, lanes->halvesBase);
      }
      break;
    }
  return out;
}

namespace {
/// A load's element offsets, mask and other values at one position.
struct LoadOperands {
  Lanes ptr;
  std::optional<Lanes> mask, other;
};

FailureOr<LoadOperands> evalLoadOperands(KernelLowering &kl, tt::LoadOp op, const Where &w) {
  LoadOperands out;
  if (isBlockPointer(op.getPtr().getType())) {
    FailureOr<KernelLowering::BlockAccess> access =
        kl.evalBlockAccess(op.getPtr(), op.getBoundaryCheck(), w);
    if (failed(access))
      return failure();
    out.ptr = access->ptr;
    out.mask = access->mask;
    // Elements outside the checked bounds read the padding (zero unless NaN).
    Type elem = getElementTypeOrSelf(op.getResult().getType());
    if (op.getPadding() && *op.getPadding() == tt::PaddingOption::PAD_NAN)
      out.other = Lanes::uniform(arith::ConstantOp::create(
          kl.b, kl.loc(),
          kl.b.getFloatAttr(elem, APFloat::getNaN(cast<FloatType>(elem).getFloatSemantics()))));
    return out;
  }
  FailureOr<Lanes> ptr = kl.eval(op.getPtr(), w);
  if (failed(ptr))
    return failure();
  out.ptr = *ptr;
  if (op.getMask()) {
    FailureOr<Lanes> m = kl.eval(op.getMask(), w);
    if (failed(m))
      return failure();
    out.mask = *m;
  }
  if (op.getOther()) {
    FailureOr<Lanes> o = kl.eval(op.getOther(), w);
    if (failed(o))
      return failure();
    out.other = *o;
  }
  return out;
}
} // namespace

namespace {
/// One address for every lane: a scalar load, guarded by `mask` (`other`
/// where it is false) when there is one.
Value loadUniform(OpBuilder &b, Location loc, Value mem, Value offset, Value mask, Value other) {
  Value index = arith::IndexCastOp::create(b, loc, b.getIndexType(), offset);
  if (!mask)
    return memref::LoadOp::create(b, loc, mem, index);
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{other.getType()}, mask, true, true);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  scf::YieldOp::create(b, loc, ValueRange{memref::LoadOp::create(b, loc, mem, index)});
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc, other);
  return ifOp.getResult(0);
}

/// A load through a pointer held as a byte address (AddressPointers.cpp).
FailureOr<Lanes> loadByAddress(KernelLowering &lowering, tt::LoadOp op, const Where &w) {
  FailureOr<Lanes> address = lowering.eval(op.getPtr(), w);
  if (failed(address))
    return failure();
  std::optional<Lanes> mask, other;
  for (auto [operand, lanes] : {std::pair{op.getMask(), &mask}, std::pair{op.getOther(), &other}}) {
    if (!operand)
      continue;
    FailureOr<Lanes> l = lowering.eval(operand, w);
    if (failed(l))
      return failure();
    *lanes = *l;
  }
  return lowering.accessByAddress(op, op.getPtr(), *address, mask, other, std::nullopt);
}
} // namespace

FailureOr<Lanes> KernelLowering::evalLoad(tt::LoadOp op, const Where &w) {
  if (!isBlockPointer(op.getPtr().getType()) && provenance.isReadThroughAddress(op.getPtr()))
    return loadByAddress(*this, op, w);
  FailureOr<int> arg = pointerArg(op.getPtr());
  if (failed(arg))
    return failure();
  FailureOr<LoadOperands> operands = evalLoadOperands(*this, op, w);
  if (failed(operands))
    return failure();
  FailureOr<Lanes> ptr = operands->ptr;
  std::optional<Lanes> mask = operands->mask, other = operands->other;
  Value mem = argMemrefs[*arg];
  mask = checkAccess(*arg, *ptr, mask);
  Type elem = getElementTypeOrSelf(op.getResult().getType());
  // The memory's element type: that of the argument, which a pointer bitcast
  // may view as another type of the same size.
  Type storage = cast<MemRefType>(mem.getType()).getElementType();
  LaneEmitter emitter(b, width);
  auto toStorage = [&](Value v) { return toMemory(b, loc(), v, storage); };
  auto fromStorage = [&](Value v) { return fromMemory(b, loc(), v, elem); };
  auto zeroOf = [&](Type t) {
    return Value(arith::ConstantOp::create(b, loc(), b.getZeroAttr(t)));
  };

  bool vec = ptr->isVector || (mask && mask->isVector);
  if (!vec) {
    Value otherV = !mask ? Value() : other ? toStorage(other->value) : zeroOf(storage);
    return Lanes::uniform(fromStorage(
        loadUniform(b, loc(), mem, ptr->value, mask ? mask->value : Value(), otherV)));
  }

  auto vecType = VectorType::get({width}, storage);
  auto maskType = VectorType::get({width}, b.getI1Type());
  Value maskV = mask ? emitter.toVector(loc(), *mask)
                     : Value(arith::ConstantOp::create(
                           b, loc(), DenseElementsAttr::get(maskType, true)));
  Value pass = other ? toStorage(emitter.toVector(loc(), *other)) : zeroOf(vecType);
  if (ptr->affine && ptr->stride == 1) {
    Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), ptr->base);
    Value loaded =
        mask ? Value(vector::MaskedLoadOp::create(b, loc(), vecType, mem, index, maskV, pass))
             : Value(vector::LoadOp::create(b, loc(), vecType, mem, index));
    return Lanes::vector(fromStorage(loaded));
  }
  Value offsets = emitter.toVector(loc(), *ptr);
  auto gather = [&] {
    return Value(vector::GatherOp::create(b, loc(), vecType, mem, ValueRange{indexConst(0)},
                                          offsets, maskV, pass));
  };
  if (!ptr->contiguousWhen)
    return Lanes::vector(fromStorage(gather()));
  // Lanes contiguous unless they wrap (a per-channel parameter read along
  // the channels of a channels-last tensor): a vector load when they do not,
  // the gather otherwise, or, where they can wrap only at the middle lane,
  // two half-width loads joined.
  auto loadAt = [&](VectorType type, Value base, Value laneMask, Value passThru) -> Value {
    Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), base);
    if (mask)
      return vector::MaskedLoadOp::create(b, loc(), type, mem, index, laneMask, passThru);
    return vector::LoadOp::create(b, loc(), type, mem, index);
  };
  auto halves = [&]() -> Value {
    int64_t half = width / 2;
    auto halfType = VectorType::get({half}, storage);
    auto slice = [&](Value v, int64_t offset) -> Value {
      return vector::ExtractStridedSliceOp::create(b, loc(), v, ArrayRef<int64_t>{offset},
                                                   ArrayRef<int64_t>{half}, ArrayRef<int64_t>{1});
    };
    Value low = loadAt(halfType, ptr->contiguousBase, mask ? slice(maskV, 0) : Value(),
                       mask ? slice(pass, 0) : Value());
    Value high = loadAt(halfType, ptr->halvesBase, mask ? slice(maskV, half) : Value(),
                        mask ? slice(pass, half) : Value());
    SmallVector<int64_t> lanes = llvm::to_vector(llvm::seq<int64_t>(0, width));
    return vector::ShuffleOp::create(b, loc(), low, high, lanes);
  };
  auto ifOp = scf::IfOp::create(b, loc(), TypeRange{vecType}, ptr->contiguousWhen, true, true);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    scf::YieldOp::create(b, loc(), loadAt(vecType, ptr->contiguousBase, maskV, pass));
    b.setInsertionPointToStart(ifOp.elseBlock());
    if (!ptr->halvesWhen) {
      scf::YieldOp::create(b, loc(), gather());
    } else {
      auto wrapped = scf::IfOp::create(b, loc(), TypeRange{vecType}, ptr->halvesWhen, true, true);
      scf::YieldOp::create(b, loc(), wrapped.getResult(0));
      b.setInsertionPointToStart(wrapped.thenBlock());
      scf::YieldOp::create(b, loc(), halves());
      b.setInsertionPointToStart(wrapped.elseBlock());
      scf::YieldOp::create(b, loc(), gather());
    }
  }
  return Lanes::vector(fromStorage(ifOp.getResult(0)));
}

std::optional<Lanes> KernelLowering::checkAccess(int arg, const Lanes &ptr,
                                                 const std::optional<Lanes> &mask) {
  if (!checkBounds)
    return mask;
  Type i64 = b.getI64Type(), i32 = b.getI32Type();
  StringRef fnName = "te_rt_bounds_fail";
  declareRuntimeFunction(fnName, {i32, i64, i64, i32, i32, i32});
  Value numel = arith::IndexCastOp::create(b, loc(), i64, argNumel[arg]);
  LaneEmitter emitter(b, width);
  bool vec = ptr.isVector || (mask && mask->isVector);
  Value off = vec ? emitter.toVector(loc(), ptr) : ptr.value;
  Type offType = off.getType();
  auto splat = [&](Value v) -> Value {
    return vec ? Value(vector::BroadcastOp::create(b, loc(), offType, v)) : v;
  };
  Value zero = splat(arith::ConstantIntOp::create(b, loc(), i64, 0));
  Value below = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::slt, off, zero);
  Value above = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::sge, off, splat(numel));
  Value outside = arith::OrIOp::create(b, loc(), below, above);
  Value maskV = mask ? (vec ? emitter.toVector(loc(), *mask) : mask->value) : Value();
  Value bad = maskV ? Value(arith::AndIOp::create(b, loc(), outside, maskV)) : outside;
  Value any = bad, first = off;
  if (vec) {
    any = vector::ReductionOp::create(b, loc(), vector::CombiningKind::OR, bad);
    first = vector::ExtractOp::create(b, loc(), off, ArrayRef<int64_t>{0});
  }
  {
    auto ifOp = scf::IfOp::create(b, loc(), any, false);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    Value argV = arith::ConstantIntOp::create(b, loc(), i32, arg);
    func::CallOp::create(b, loc(), fnName, TypeRange{},
                         ValueRange{argV, first, numel, pid[0], pid[1], pid[2]});
  }
  // The access keeps the kernel's own mask, minus the lanes outside.
  Value one = arith::ConstantOp::create(b, loc(), b.getOneAttr(outside.getType()));
  Value ok = arith::XOrIOp::create(b, loc(), outside, one);
  if (maskV)
    ok = arith::AndIOp::create(b, loc(), ok, maskV);
  return vec ? Lanes::vector(ok) : Lanes::uniform(ok);
}

LogicalResult KernelLowering::emitStore(tt::StoreOp op) {
  bool blockPtr = isBlockPointer(op.getPtr().getType());
  bool byAddress = !blockPtr && provenance.isReadThroughAddress(op.getPtr());
  FailureOr<int> arg = byAddress ? FailureOr<int>(-1) : pointerArg(op.getPtr());
  if (failed(arg))
    return failure();
  Value mem = byAddress ? Value() : argMemrefs[*arg];
  auto body = [&](const Where &w) -> LogicalResult {
    FailureOr<Lanes> ptr;
    std::optional<Lanes> mask;
    if (blockPtr) {
      FailureOr<BlockAccess> access = evalBlockAccess(op.getPtr(), op.getBoundaryCheck(), w);
      if (failed(access))
        return failure();
      ptr = access->ptr;
      mask = access->mask;
    } else {
      ptr = eval(op.getPtr(), w);
    }
    FailureOr<Lanes> value = eval(op.getValue(), w);
    if (failed(ptr) || failed(value))
      return failure();
    if (op.getMask()) {
      FailureOr<Lanes> m = eval(op.getMask(), w);
      if (failed(m))
        return failure();
      mask = *m;
    }
    if (byAddress)
      return failure(failed(accessByAddress(op, op.getPtr(), *ptr, mask, std::nullopt, *value)));
    mask = checkAccess(*arg, *ptr, mask);
    LaneEmitter emitter(b, width);
    Value v = value->value;
    bool vec = width > 1 && (ptr->isVector || value->isVector || (mask && mask->isVector));
    if (vec)
      v = emitter.toVector(loc(), *value);
    v = toMemory(b, loc(), v, cast<MemRefType>(mem.getType()).getElementType());
    if (!vec) {
      Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), ptr->value);
      if (mask) {
        auto ifOp = scf::IfOp::create(b, loc(), mask->value, false);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(ifOp.thenBlock());
        memref::StoreOp::create(b, loc(), v, mem, index);
      } else {
        memref::StoreOp::create(b, loc(), v, mem, index);
      }
      return success();
    }
    auto maskType = VectorType::get({width}, b.getI1Type());
    if (ptr->affine && ptr->stride == 1) {
      Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), ptr->base);
      if (mask)
        vector::MaskedStoreOp::create(b, loc(), mem, index, emitter.toVector(loc(), *mask), v);
      else
        vector::StoreOp::create(b, loc(), v, mem, index);
      return success();
    }
    Value maskV = mask ? emitter.toVector(loc(), *mask)
                       : Value(arith::ConstantOp::create(
                             b, loc(), DenseElementsAttr::get(maskType, true)));
    vector::ScatterOp::create(b, loc(), Type(), mem, ValueRange{indexConst(0)},
                              emitter.toVector(loc(), *ptr), maskV, v);
    return success();
  };
  if (blockPtr)
    return emitNest(tensorType(op.getValue()).getShape(), true, body);
  if (!isTensor(op.getPtr()))
    return emitNest({}, 1, body);
  return emitNest(tensorType(op.getPtr()).getShape(), plannedLanes(op, 0), body);
}

/// The state of one access through addresses (accessByAddress): the
/// lane shape and the bits stored or loaded so far.
struct mlir::triton_edge::AddressAccess {
  OpBuilder &b;
  Location loc;
  int64_t width;
  bool vec;
  Type accessInt;     // the pointee's bits
  Value addr;         // byte address of each lane
  Value all;          // true in every lane
  Value remaining;    // active lanes no argument has taken yet
  Value data, result; // the stored bits; the loaded bits so far

  Type like(Type t) const { return vec ? Type(VectorType::get({width}, t)) : t; }
  Value constant(Type t, int64_t v) {
    Type type = like(t);
    if (auto vt = dyn_cast<VectorType>(type))
      return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vt, b.getIntegerAttr(t, v)));
    return arith::ConstantOp::create(b, loc, b.getIntegerAttr(t, v));
  }
  /// An argument's element type, its integer of the same width, that width,
  /// and how many elements one access covers.
  std::tuple<Type, Type, unsigned, int64_t> piecesOf(Value mem) {
    Type elem = cast<MemRefType>(mem.getType()).getElementType();
    unsigned bits = elem.getIntOrFloatBitWidth();
    return {elem, b.getIntegerType(bits), bits, accessInt.getIntOrFloatBitWidth() / bits};
  }
  /// Element index + j: piece j of an access wider than the elements.
  Value pieceIndex(Value index, int64_t j) {
    return j == 0 ? index
                  : Value(arith::AddIOp::create(b, loc, index, constant(b.getI64Type(), j)));
  }
  Value splat(Value scalar) {
    return vec ? Value(vector::BroadcastOp::create(b, loc, like(scalar.getType()), scalar))
               : scalar;
  }
};

/// Refuses pointers that are not addresses of known arguments and accesses
/// that are not whole multiples of every candidate's elements.
LogicalResult KernelLowering::checkAddressAccess(Operation *op, Value ptr,
                                                 const PointerOrigins *&origins, Type &elem) {
  // Only pointers rewritten as addresses hold addresses (scf.while does
  // not carry them: its pointers stay element offsets and need one
  // argument).
  if (!ptr.getDefiningOp<tt::IntToPtrOp>()) {
    (void)provenance.argumentOf(ptr);
    return failure();
  }
  origins = provenance.originsOf(ptr);
  if (!origins || origins->unknown || origins->args.empty()) {
    if (auto fromInt = ptr.getDefiningOp<tt::IntToPtrOp>())
      return fromInt->emitError("'tt.int_to_ptr' is not supported: pointers must derive from "
                                "kernel arguments (an integer from tt.ptr_to_int of one, plus "
                                "byte offsets)");
    (void)provenance.argumentOf(ptr);
    return failure();
  }
  elem = cast<tt::PointerType>(getElementTypeOrSelf(ptr.getType())).getPointeeType();
  if (!elem.isIntOrFloat())
    return op->emitError("an access through a pointer to ") << elem << " is not supported";
  unsigned accessBits = storageType(elem).getIntOrFloatBitWidth();
  for (unsigned arg : origins->args) {
    unsigned bits = cast<MemRefType>(argMemrefs[arg].getType()).getElementTypeBitWidth();
    if (accessBits % bits != 0)
      return op->emitError("an access of ")
             << accessBits / 8 << "-byte elements into argument " << arg << ", whose elements are "
             << bits / 8 << " bytes, is not supported (only whole multiples of its elements)";
  }
  return success();
}

/// The lanes that access argument `arg` (inside its storage, on one of its
/// element boundaries, not taken by an earlier argument), removed from
/// `remaining`; `index` is each lane's element index in the argument.
Value KernelLowering::takeArgumentLanes(AddressAccess &acc, unsigned arg, Value &index) {
  Type i64 = b.getI64Type();
  Value mem = argMemrefs[arg];
  int64_t bytes = cast<MemRefType>(mem.getType()).getElementTypeBitWidth() / 8;
  Value base = arith::IndexCastOp::create(
      b, loc(), i64, memref::ExtractAlignedPointerAsIndexOp::create(b, loc(), mem));
  Value relative = arith::SubIOp::create(b, loc(), acc.addr, acc.splat(base));
  Value storageBytes = arith::MulIOp::create(
      b, loc(), arith::IndexCastOp::create(b, loc(), i64, argNumel[arg]),
      arith::ConstantIntOp::create(b, loc(), i64, bytes));
  Value last = arith::SubIOp::create(
      b, loc(), storageBytes,
      arith::ConstantIntOp::create(b, loc(), i64, acc.accessInt.getIntOrFloatBitWidth() / 8));
  Value inside = arith::AndIOp::create(
      b, loc(),
      arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::sge, relative, acc.constant(i64, 0)),
      arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::sle, relative, acc.splat(last)));
  Value aligned = arith::CmpIOp::create(
      b, loc(), arith::CmpIPredicate::eq,
      arith::AndIOp::create(b, loc(), relative, acc.constant(i64, bytes - 1)),
      acc.constant(i64, 0));
  inside = arith::AndIOp::create(b, loc(), inside, aligned);
  Value take = arith::AndIOp::create(b, loc(), acc.remaining, inside);
  acc.remaining = arith::AndIOp::create(b, loc(), acc.remaining,
                                        arith::XOrIOp::create(b, loc(), inside, acc.all));
  index = arith::ShRSIOp::create(b, loc(), relative, acc.constant(i64, llvm::Log2_64(bytes)));
  return take;
}

/// Stores the lanes `take` of argument `arg` at element `index`: piece j of
/// the stored bits goes to element index + j.
void KernelLowering::storeArgumentPieces(AddressAccess &acc, unsigned arg, Value take,
                                         Value index) {
  Value mem = argMemrefs[arg];
  auto [memElem, memInt, bits, pieces] = acc.piecesOf(mem);
  auto piece = [&](int64_t j) {
    Value bitsV = acc.data;
    if (pieces > 1)
      bitsV = arith::TruncIOp::create(
          b, loc(), acc.like(memInt),
          arith::ShRUIOp::create(b, loc(), acc.data, acc.constant(acc.accessInt, j * bits)));
    return memElem == memInt ? bitsV
                             : Value(arith::BitcastOp::create(b, loc(), acc.like(memElem), bitsV));
  };
  auto pieceIndex = [&](int64_t j) { return acc.pieceIndex(index, j); };
  if (acc.vec) {
    for (int64_t j = 0; j < pieces; ++j)
      vector::ScatterOp::create(b, loc(), Type(), mem, ValueRange{indexConst(0)}, pieceIndex(j),
                                take, piece(j));
    return;
  }
  auto ifOp = scf::IfOp::create(b, loc(), take, false);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  for (int64_t j = 0; j < pieces; ++j)
    memref::StoreOp::create(
        b, loc(), piece(j), mem,
        ValueRange{arith::IndexCastOp::create(b, loc(), b.getIndexType(), pieceIndex(j))});
}

/// Loads the lanes `take` of argument `arg` from element `index` (piece j
/// from index + j, shifted to its place) into acc.result.
void KernelLowering::loadArgumentPieces(AddressAccess &acc, unsigned arg, Value take,
                                        Value index) {
  Value mem = argMemrefs[arg];
  auto [memElem, memInt, bits, pieces] = acc.piecesOf(mem);
  auto pieceIndex = [&](int64_t j) { return acc.pieceIndex(index, j); };
  auto assemble = [&](function_ref<Value(int64_t)> loadPiece) {
    Value bitsV;
    for (int64_t j = 0; j < pieces; ++j) {
      Value p = loadPiece(j);
      if (memElem != memInt)
        p = arith::BitcastOp::create(b, loc(), acc.like(memInt), p);
      if (pieces > 1) {
        p = arith::ExtUIOp::create(b, loc(), acc.like(acc.accessInt), p);
        if (j > 0)
          p = arith::ShLIOp::create(b, loc(), p, acc.constant(acc.accessInt, j * bits));
      }
      bitsV = bitsV ? Value(arith::OrIOp::create(b, loc(), bitsV, p)) : p;
    }
    if (getElementTypeOrSelf(bitsV.getType()) != acc.accessInt)
      bitsV = arith::BitcastOp::create(b, loc(), acc.like(acc.accessInt), bitsV);
    return bitsV;
  };
  if (acc.vec) {
    Value pass = arith::ConstantOp::create(b, loc(), b.getZeroAttr(acc.like(memElem)));
    Value loaded = assemble([&](int64_t j) {
      return Value(vector::GatherOp::create(b, loc(), cast<VectorType>(acc.like(memElem)), mem,
                                            ValueRange{indexConst(0)}, pieceIndex(j), take, pass));
    });
    acc.result = arith::SelectOp::create(b, loc(), take, loaded, acc.result);
    return;
  }
  auto ifOp = scf::IfOp::create(b, loc(), TypeRange{acc.accessInt}, take, true, true);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  Value loaded = assemble([&](int64_t j) {
    return Value(memref::LoadOp::create(
        b, loc(), mem,
        ValueRange{arith::IndexCastOp::create(b, loc(), b.getIndexType(), pieceIndex(j))}));
  });
  scf::YieldOp::create(b, loc(), loaded);
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc(), acc.result);
  acc.result = ifOp.getResult(0);
}

/// With check-bounds: active lanes whose address is in no argument are
/// reported against the first candidate (`arg`, at element `index`).
void KernelLowering::reportAddressOutside(AddressAccess &acc, unsigned arg, Value index) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  StringRef fnName = "te_rt_bounds_fail";
  declareRuntimeFunction(fnName, {i32, i64, i64, i32, i32, i32});
  Value any = acc.remaining;
  if (acc.vec) {
    any = vector::ReductionOp::create(b, loc(), vector::CombiningKind::OR, acc.remaining);
    index = vector::ExtractOp::create(b, loc(), index, ArrayRef<int64_t>{0});
  }
  auto ifOp = scf::IfOp::create(b, loc(), any, false);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  Value numel = arith::IndexCastOp::create(b, loc(), i64, argNumel[arg]);
  Value argV = arith::ConstantIntOp::create(b, loc(), i32, arg);
  func::CallOp::create(b, loc(), fnName, TypeRange{},
                       ValueRange{argV, index, numel, pid[0], pid[1], pid[2]});
}

/// A lane reads or writes argument k when its address lies inside k's
/// storage at an element boundary of k; the first such argument wins
/// (arguments that alias are the same bytes). An access of a wider pointee
/// than k's elements (a view of f32 storage as f64) is the consecutive
/// elements it covers, little-endian like every target. Lanes whose
/// address lies in no candidate argument access nothing (with check-bounds
/// they are reported first).
FailureOr<Lanes> KernelLowering::accessByAddress(Operation *op, Value ptr, const Lanes &address,
                                                 std::optional<Lanes> mask,
                                                 std::optional<Lanes> other,
                                                 std::optional<Lanes> value) {
  const PointerOrigins *origins = nullptr;
  Type elem;
  if (failed(checkAddressAccess(op, ptr, origins, elem)))
    return failure();
  LaneEmitter emitter(b, width);
  bool vec = width > 1 && (address.isVector || (mask && mask->isVector) ||
                           (value && value->isVector) || (other && other->isVector));
  AddressAccess acc{b, loc(), width, vec, b.getIntegerType(storageType(elem).getIntOrFloatBitWidth())};
  auto lanes = [&](const Lanes &l) { return vec ? emitter.toVector(loc(), l) : l.value; };
  acc.addr = lanes(address);
  acc.all = acc.constant(b.getI1Type(), 1);
  acc.remaining = mask ? lanes(*mask) : acc.all;
  if (value)
    acc.data = toMemory(b, loc(), lanes(*value), acc.accessInt);
  else
    acc.result = other ? toMemory(b, loc(), lanes(*other), acc.accessInt)
                       : Value(arith::ConstantOp::create(b, loc(),
                                                         b.getZeroAttr(acc.like(acc.accessInt))));
  std::optional<std::pair<unsigned, Value>> first; // the first candidate and its indices
  for (unsigned arg : origins->args) {
    Value index;
    Value take = takeArgumentLanes(acc, arg, index);
    if (!first)
      first = {arg, index};
    if (value)
      storeArgumentPieces(acc, arg, take, index);
    else
      loadArgumentPieces(acc, arg, take, index);
  }
  if (checkBounds)
    reportAddressOutside(acc, first->first, first->second);
  if (value)
    return Lanes{};
  Value loaded = fromMemory(b, loc(), acc.result, elem);
  return vec ? Lanes::vector(loaded) : Lanes::uniform(loaded);
}

//===----------------------------------------------------------------------===//
// Transposed loads
//===----------------------------------------------------------------------===//

namespace {
/// The transpose of `rows` (n vectors of n lanes: row i, lane j is element
/// (i, j)) by log2(n) rounds of two-input shuffles: the round for block size
/// k swaps the off-diagonal k x k blocks of every 2k x 2k block, so after
/// all rounds row j, lane i is element (i, j).
SmallVector<Value> transposeInRegisters(OpBuilder &b, Location loc, SmallVector<Value> rows) {
  int64_t n = static_cast<int64_t>(rows.size());
  for (int64_t k = n / 2; k >= 1; k /= 2) {
    SmallVector<int64_t> low(n), high(n);
    for (int64_t p = 0; p < n; ++p) {
      bool second = p & k;
      low[p] = second ? n + p - k : p;  // rows i: own lane, or row i+k's lane p-k
      high[p] = second ? n + p : p + k; // rows i+k: row i's lane p+k, or own lane
    }
    for (int64_t i = 0; i < n; ++i) {
      if (i & k)
        continue;
      Value a = rows[i], c = rows[i + k];
      rows[i] = vector::ShuffleOp::create(b, loc, a, c, low);
      rows[i + k] = vector::ShuffleOp::create(b, loc, a, c, high);
    }
  }
  return rows;
}
} // namespace

LogicalResult KernelLowering::materializeTransposed(tt::LoadOp load, int64_t dim) {
  currentLoc = load.getLoc();
  auto type = tensorType(load.getResult());
  Type elem = type.getElementType();
  int64_t lanes = plannedLanes(load.getResult());
  int64_t rank = type.getRank(), last = rank - 1;
  if (failed(checkLanes(lanes, type.getDimSize(dim))) ||
      failed(checkLanes(lanes, type.getDimSize(last))))
    return failure();
  Value buffer = allocBuffer(type.getShape(), elem);
  {
    OpBuilder::InsertionGuard guard(b);
    int64_t savedWidth = width;
    llvm::scope_exit restore([&] { width = savedWidth; });
    // One tile of lanes x lanes per iteration: `dim` and the last dimension
    // step by the lanes, the others by one.
    SmallVector<Value> corner;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t step = d == dim || d == last ? lanes : 1;
      if (type.getDimSize(d) == 1) {
        corner.push_back(indexConst(0));
        continue;
      }
      auto loop = scf::ForOp::create(b, loc(), indexConst(0), indexConst(type.getDimSize(d)),
                                     indexConst(step));
      b.setInsertionPointToStart(loop.getBody());
      corner.push_back(loop.getInductionVar());
    }
    width = lanes;
    CacheScope scope(*this);
    LaneEmitter emitter(b, lanes);
    // Column c of the tile: `lanes` elements along `dim`, one vector access.
    SmallVector<Value> columns;
    for (int64_t c = 0; c < lanes; ++c) {
      Where at{corner, static_cast<int>(dim)};
      at.idx[last] = arith::AddIOp::create(b, loc(), corner[last], indexConst(c));
      FailureOr<Lanes> column = eval(load.getResult(), at);
      if (failed(column))
        return failure();
      columns.push_back(emitter.toVector(loc(), *column));
    }
    // Row r of the tile, along the last dimension, into the buffer.
    SmallVector<Value> rows = transposeInRegisters(b, loc(), columns);
    for (int64_t r = 0; r < lanes; ++r) {
      SmallVector<Value> idx = corner;
      idx[dim] = arith::AddIOp::create(b, loc(), corner[dim], indexConst(r));
      writeBuffer(buffer, elem, idx, Lanes::vector(rows[r]));
    }
  }
  buffers[load.getResult()] = buffer;
  return success();
}
