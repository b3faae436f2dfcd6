// tt.dot_scaled (tl.dot_scaled): microscaled operands are decoded to f32
// buffers, each element times its block's scale, then multiplied by the
// tt.dot nest (f32 accumulation). A is [M, K] and B is [K, N]; e2m1 packs two
// values per i8 along K, the low nibble first. Scales are e8m0 bytes, one
// per 32 elements along K: A's [M, K/32], B's [N, K/32]; a byte s is
// 2^(s - 127), and 0xFF is NaN (also with fastMath, which on the GPU only
// permits skipping that check).
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
constexpr int64_t kScaleBlock = 32;

/// The f32 value of the e2m1 code in the low 4 bits of `byte` (i8): sign,
/// 2 exponent bits (bias 1), 1 mantissa bit. Twice the magnitude is an
/// integer: m for exponent 0, (2 + m) << (e - 1) otherwise.
Value decodeE2M1(OpBuilder &b, Location loc, Value byte) {
  Type i32 = b.getI32Type();
  auto c = [&](int64_t v) { return arith::ConstantIntOp::create(b, loc, i32, v); };
  Value code = arith::AndIOp::create(b, loc, arith::ExtUIOp::create(b, loc, i32, byte), c(15));
  Value mant = arith::AndIOp::create(b, loc, code, c(1));
  Value exp = arith::AndIOp::create(b, loc, arith::ShRUIOp::create(b, loc, code, c(1)), c(3));
  Value isSubnormal = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, exp, c(0));
  Value shift = arith::SelectOp::create(b, loc, isSubnormal, c(0),
                                        arith::SubIOp::create(b, loc, exp, c(1)));
  Value normal = arith::ShLIOp::create(b, loc, arith::AddIOp::create(b, loc, mant, c(2)), shift);
  Value twice = arith::SelectOp::create(b, loc, isSubnormal, mant, normal);
  Type f32 = b.getF32Type();
  Value mag = arith::MulFOp::create(b, loc, arith::UIToFPOp::create(b, loc, f32, twice),
                                    arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.5)));
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                         arith::AndIOp::create(b, loc, code, c(8)), c(0));
  return arith::SelectOp::create(b, loc, negative, arith::NegFOp::create(b, loc, mag), mag);
}

/// 2^(s - 127) for the e8m0 byte `s` (i8), NaN for 0xFF. s >= 1 is the f32
/// with exponent field s; s = 0 is the subnormal 2^-127.
Value decodeE8M0(OpBuilder &b, Location loc, Value byte) {
  Type i32 = b.getI32Type();
  auto c = [&](int64_t v) { return arith::ConstantIntOp::create(b, loc, i32, v); };
  Value s = arith::ExtUIOp::create(b, loc, i32, byte);
  Value bits = arith::ShLIOp::create(b, loc, s, c(23));
  bits = arith::SelectOp::create(b, loc,
                                 arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, s, c(0)),
                                 c(0x00400000), bits);
  bits = arith::SelectOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, s, c(255)),
      c(0x7fc00000), bits);
  return arith::BitcastOp::create(b, loc, b.getF32Type(), bits);
}
} // namespace

/// Decodes operand `v` (A when `isLhs`, else B) into a new f32 buffer of its
/// logical [rows, cols] shape, scaled by `scale` if given.
static FailureOr<Value> decodeOperand(KernelLowering &l, Value v, Value scale,
                                      tt::ScaleDotElemType format, bool isLhs,
                                      ArrayRef<int64_t> shape) {
  OpBuilder &b = l.b;
  Type f32 = b.getF32Type();
  Value out = l.allocBuffer(shape, f32);
  LogicalResult status = l.emitNest(shape, 1, [&](const Where &w) -> LogicalResult {
    Location loc = l.loc();
    // The index along K: A's columns, B's rows.
    Value k = w.idx[isLhs ? 1 : 0];
    Where at = w;
    bool packed = format == tt::ScaleDotElemType::E2M1;
    Value two = l.indexConst(2);
    if (packed)
      at.idx[isLhs ? 1 : 0] = arith::DivUIOp::create(b, loc, k, two);
    FailureOr<Lanes> raw = l.eval(v, at);
    if (failed(raw))
      return failure();
    Value x;
    if (packed) {
      Value odd = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                        arith::RemUIOp::create(b, loc, k, two), l.indexConst(0));
      Value high = arith::ShRUIOp::create(
          b, loc, raw->value, arith::ConstantIntOp::create(b, loc, b.getI8Type(), 4));
      x = decodeE2M1(b, loc, arith::SelectOp::create(b, loc, odd, high, raw->value));
    } else {
      x = raw->value;
      // fp8 operands may come as their i8 bits.
      if (x.getType().isInteger(8)) {
        Type fp8 = format == tt::ScaleDotElemType::E5M2 ? Type(b.getType<Float8E5M2Type>())
                                                         : Type(b.getType<Float8E4M3FNType>());
        x = arith::BitcastOp::create(b, loc, fp8, x);
      }
      if (x.getType() != f32)
        x = arith::ExtFOp::create(b, loc, f32, x);
    }
    if (scale) {
      Value block = arith::DivUIOp::create(b, loc, k, l.indexConst(kScaleBlock));
      // Scales are [rows of A, K/32] and [columns of B, K/32].
      Where sAt;
      sAt.idx = {isLhs ? w.idx[0] : w.idx[1], block};
      FailureOr<Lanes> s = l.eval(scale, sAt);
      if (failed(s))
        return failure();
      x = arith::MulFOp::create(b, loc, x, decodeE8M0(b, loc, s->value));
    }
    memref::StoreOp::create(b, loc, x, out, w.idx);
    return success();
  });
  if (failed(status))
    return failure();
  return out;
}

LogicalResult KernelLowering::emitDotScaled(tt::DotScaledOp op) {
  auto aType = tensorType(op.getA());
  auto bType = tensorType(op.getB());
  auto dType = tensorType(op.getD());
  if (aType.getRank() != 2)
    return op.emitError("tt.dot_scaled of rank ") << aType.getRank() << " is not supported (2-D)";
  if (!dType.getElementType().isF32())
    return op.emitError("tt.dot_scaled with a ") << dType.getElementType()
                                                 << " accumulator is not supported (f32)";
  if (!op.getLhsKPack() || !op.getRhsKPack())
    return op.emitError("tt.dot_scaled with e2m1 packed along M or N is not supported");
  for (tt::ScaleDotElemType format : {op.getAElemType(), op.getBElemType()})
    if (format == tt::ScaleDotElemType::E2M3 || format == tt::ScaleDotElemType::E3M2)
      return op.emitError("tt.dot_scaled of ") << tt::stringifyScaleDotElemType(format)
                                               << " (fp6) operands is not supported";
  auto isPacked = [](tt::ScaleDotElemType f) { return f == tt::ScaleDotElemType::E2M1; };
  int64_t m = aType.getDimSize(0), n = bType.getDimSize(1);
  int64_t k = aType.getDimSize(1) * (isPacked(op.getAElemType()) ? 2 : 1);
  int64_t kB = bType.getDimSize(0) * (isPacked(op.getBElemType()) ? 2 : 1);
  if (k != kB)
    return op.emitError("tt.dot_scaled: A has K = ") << k << " but B has K = " << kB;
  for (auto [scale, rows] : {std::pair(op.getAScale(), m), std::pair(op.getBScale(), n)}) {
    if (!scale)
      continue;
    auto sType = tensorType(scale);
    if (sType.getRank() != 2 || sType.getDimSize(0) != rows ||
        sType.getDimSize(1) * kScaleBlock != k || !sType.getElementType().isInteger(8))
      return op.emitError("tt.dot_scaled: scale of type ")
             << sType << " does not hold one i8 per " << kScaleBlock << " elements along K";
  }
  FailureOr<Value> aBuf = decodeOperand(*this, op.getA(), op.getAScale(), op.getAElemType(),
                                        /*isLhs=*/true, {m, k});
  if (failed(aBuf))
    return failure();
  FailureOr<Value> bBuf = decodeOperand(*this, op.getB(), op.getBScale(), op.getBElemType(),
                                        /*isLhs=*/false, {k, n});
  if (failed(bBuf))
    return failure();
  Type f32 = b.getF32Type();
  return emitMatmul(*aBuf, RankedTensorType::get({m, k}, f32), *bBuf,
                    RankedTensorType::get({k, n}, f32), op.getC(), op.getD());
}
