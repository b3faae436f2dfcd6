// libdevice functions whose exact result needs more than one math op:
// directed-rounding (_rd, _ru, _rz) arithmetic and conversions, emitted with
// round-to-nearest operations, and the bit-exact float functions
// (nextafter, ilogb, logb, remainder, frsqrt_rn, norm3d/norm4d).
#ifndef TRITON_EDGE_LIB_CONVERSION_EXACTARITHMETIC_H
#define TRITON_EDGE_LIB_CONVERSION_EXACTARITHMETIC_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mlir::triton_edge {
/// `fadd_rd`, `dsqrt_ru`, `double2float_rz`, ...: the operation and the
/// rounding ('d' down, 'u' up, 'z' toward zero).
struct DirectedOp {
  enum Kind { Add, Sub, Mul, Div, Fma, Sqrt, Rcp, DoubleToFloat } kind;
  char mode;
  unsigned arity() const;
};
/// The name without `__nv_`; nullopt for anything else.
std::optional<DirectedOp> parseDirectedOp(llvm::StringRef name);
/// The operation on f32 or f64 operands (scalar or vector), rounded as named.
Value emitDirectedOp(OpBuilder &b, Location loc, DirectedOp op, ValueRange args,
                     Type resultType);
/// An integer converted to float, rounded in `mode` ('d', 'u', 'z').
Value emitDirectedIntToFloat(OpBuilder &b, Location loc, Value x, bool isUnsigned,
                             char mode, Type resultType);
/// nextafter(x, y): the float next to x toward y.
Value emitNextAfter(OpBuilder &b, Location loc, Value x, Value y);
/// ilogb (integer `resultType`: INT_MIN for 0 and NaN, INT_MAX for inf) or
/// logb (float `resultType`): the unbiased exponent of x.
Value emitLogb(OpBuilder &b, Location loc, Value x, Type resultType);
/// IEEE remainder: x - n y with n = x / y rounded to nearest even, exact.
Value emitRemainder(OpBuilder &b, Location loc, Value x, Value y);
/// 1 / sqrt(x), correctly rounded (f32 and f64).
Value emitRsqrtRn(OpBuilder &b, Location loc, Value x);
/// sqrt of the sum of squares of 3 or 4 values, or its reciprocal.
Value emitNorm(OpBuilder &b, Location loc, ValueRange xs, bool reciprocal);
} // namespace mlir::triton_edge

#endif
