// tt.ptr_to_int: a pointer is an element offset into its argument's memref
// here, so its integer is the memref's address plus the offset in bytes
// (the address the GPU would see for the same storage). tt.int_to_ptr is
// the inverse, for addresses that derive from one argument's pointer; other
// addresses stay addresses (AddressPointers.cpp).
#include "KernelLowering.h"

#include "triton-edge/Analysis/PointerProvenance.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

FailureOr<Lanes> KernelLowering::evalPtrToInt(tt::PtrToIntOp op, const Lanes &offsets) {
  FailureOr<int> arg = pointerArg(op.getSrc());
  if (failed(arg))
    return failure();
  Value mem = argMemrefs[*arg];
  Type i64 = b.getI64Type();
  auto memType = cast<MemRefType>(mem.getType());
  int64_t bytes = memType.getElementType().getIntOrFloatBitWidth() / 8;
  Value base = arith::IndexCastOp::create(
      b, loc(), i64, memref::ExtractAlignedPointerAsIndexOp::create(b, loc(), mem));
  Value scale = arith::ConstantIntOp::create(b, loc(), i64, bytes);
  Value offset = offsets.value;
  if (offsets.isVector) {
    auto vecType = cast<VectorType>(offset.getType());
    Type vecI64 = VectorType::get(vecType.getShape(), i64);
    if (vecType.getElementType() != i64)
      offset = arith::ExtSIOp::create(b, loc(), vecI64, offset);
    base = vector::BroadcastOp::create(b, loc(), vecI64, base);
    scale = vector::BroadcastOp::create(b, loc(), vecI64, scale);
  } else if (offset.getType() != i64) {
    offset = arith::ExtSIOp::create(b, loc(), i64, offset);
  }
  Value address = arith::AddIOp::create(b, loc(), base,
                                        arith::MulIOp::create(b, loc(), offset, scale));
  return offsets.isVector ? Lanes::vector(address) : Lanes::uniform(address);
}

FailureOr<Lanes> KernelLowering::evalIntToPtr(tt::IntToPtrOp op, const Lanes &address) {
  // A pointer held as its address (AddressPointers.cpp): loads and stores
  // find its argument per lane (LoadStore.cpp).
  if (provenance.isReadThroughAddress(op.getResult())) {
    Type i64 = b.getI64Type();
    Value value = address.value;
    if (getElementTypeOrSelf(value.getType()) != i64)
      value = arith::ExtSIOp::create(
          b, loc(), address.isVector ? Type(VectorType::get({width}, i64)) : i64, value);
    return address.isVector ? Lanes::vector(value) : Lanes::uniform(value);
  }
  // Accesses are checked against the argument a pointer derives from: an
  // arbitrary integer has none.
  if (!pointerOfAddress(op.getSrc()))
    return op->emitError("'tt.int_to_ptr' is not supported: pointers must derive from "
                         "kernel arguments (an integer from tt.ptr_to_int of one, plus "
                         "byte offsets)");
  FailureOr<int> arg = pointerArg(op.getResult());
  if (failed(arg))
    return failure();
  Value mem = argMemrefs[*arg];
  auto memType = cast<MemRefType>(mem.getType());
  unsigned elemBits = memType.getElementType().getIntOrFloatBitWidth();
  auto pointee = cast<tt::PointerType>(getElementTypeOrSelf(op.getType())).getPointeeType();
  if (!pointee.isIntOrFloat() || storageType(pointee).getIntOrFloatBitWidth() != elemBits)
    return op->emitError("'tt.int_to_ptr' to a pointee of another size than the argument's "
                         "elements is not supported");
  int64_t bytes = elemBits / 8;
  // The element offset is (address - base) / bytes: exact only if every
  // byte offset added to the pointer's address is a multiple of `bytes`.
  SmallVector<Value> terms;
  pointerOfAddress(op.getSrc(), &terms);
  for (Value term : terms)
    if (!isMultipleOf(term, bytes))
      return op->emitError("'tt.int_to_ptr': cannot prove that the byte offset added to "
                           "the address is a multiple of the element size (")
             << bytes << " bytes)";
  Type i64 = b.getI64Type();
  Value base = arith::IndexCastOp::create(
      b, loc(), i64, memref::ExtractAlignedPointerAsIndexOp::create(b, loc(), mem));
  Value scale = arith::ConstantIntOp::create(b, loc(), i64, bytes);
  Value value = address.value;
  if (address.isVector) {
    auto vecType = cast<VectorType>(value.getType());
    Type vecI64 = VectorType::get(vecType.getShape(), i64);
    if (vecType.getElementType() != i64)
      value = arith::ExtSIOp::create(b, loc(), vecI64, value);
    base = vector::BroadcastOp::create(b, loc(), vecI64, base);
    scale = vector::BroadcastOp::create(b, loc(), vecI64, scale);
  } else if (value.getType() != i64) {
    value = arith::ExtSIOp::create(b, loc(), i64, value);
  }
  Value offset = arith::DivSIOp::create(b, loc(), arith::SubIOp::create(b, loc(), value, base),
                                        scale);
  return address.isVector ? Lanes::vector(offset) : Lanes::uniform(offset);
}
