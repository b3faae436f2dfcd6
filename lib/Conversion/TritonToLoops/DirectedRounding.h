// libdevice's directed-rounding (_rd, _ru, _rz) arithmetic and conversions,
// emitted exactly with round-to-nearest operations (DirectedRounding.cpp).
#ifndef TRITON_EDGE_LIB_CONVERSION_DIRECTEDROUNDING_H
#define TRITON_EDGE_LIB_CONVERSION_DIRECTEDROUNDING_H

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
} // namespace mlir::triton_edge

#endif
