// tt.ptr_to_int: a pointer is an element offset into its argument's memref
// here, so its integer is the memref's address plus the offset in bytes
// (the address the GPU would see for the same storage).
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

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
