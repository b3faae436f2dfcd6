// CUDA libdevice functions (as Triton emits them in tt.extern_elementwise)
// mapped onto upstream math/arith ops, which the lowering later expands into
// vectorizable polynomial approximations.
#include "Libdevice.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <cstring>

using namespace mlir;

namespace {
enum class Fn {
  Unknown, Erf, Erfc, Exp, Exp2, Expm1, Log, Log2, Log10, Log1p, Tanh, Sinh, Cosh,
  Rsqrt, Sqrt, Pow, Sin, Cos, Tan, Asin, Acos, Atan, Atan2, Asinh, Acosh, Atanh,
  Abs, Floor, Ceil, Trunc, Round, Rint, Fma, Fmin, Fmax, Copysign, Isnan, Isinf,
  Signbit, Cbrt, Fmod, Div, Popc, Clz, Umulhi, Mulhi, Exp10, Hypot, Isfinite,
  Ldexp, Lrint
};

/// libdevice names: `__nv_<name>` for f64, `__nv_<name>f` for f32; a few are
/// integer functions.
Fn classify(StringRef symbol) {
  if (!symbol.consume_front("__nv_"))
    return Fn::Unknown;
  // Fast variants compute the same function; we approximate both the same way.
  symbol.consume_front("fast_");
  auto base = [](StringRef s) -> Fn {
    return llvm::StringSwitch<Fn>(s)
        .Case("erf", Fn::Erf).Case("erfc", Fn::Erfc).Case("exp", Fn::Exp)
        .Case("exp2", Fn::Exp2).Case("expm1", Fn::Expm1).Case("log", Fn::Log)
        .Case("log2", Fn::Log2).Case("log10", Fn::Log10).Case("log1p", Fn::Log1p)
        .Case("tanh", Fn::Tanh).Case("sinh", Fn::Sinh).Case("cosh", Fn::Cosh)
        .Case("rsqrt", Fn::Rsqrt).Case("sqrt", Fn::Sqrt).Case("pow", Fn::Pow)
        .Case("sin", Fn::Sin).Case("cos", Fn::Cos).Case("tan", Fn::Tan)
        .Case("asin", Fn::Asin).Case("acos", Fn::Acos).Case("atan", Fn::Atan)
        .Case("atan2", Fn::Atan2).Case("asinh", Fn::Asinh).Case("acosh", Fn::Acosh)
        .Case("atanh", Fn::Atanh).Case("fabs", Fn::Abs).Case("floor", Fn::Floor)
        .Case("ceil", Fn::Ceil).Case("trunc", Fn::Trunc).Case("round", Fn::Round)
        .Case("rint", Fn::Rint).Case("nearbyint", Fn::Rint).Case("fma", Fn::Fma)
        .Case("fmin", Fn::Fmin).Case("fmax", Fn::Fmax).Case("copysign", Fn::Copysign)
        .Case("isnan", Fn::Isnan).Case("isinf", Fn::Isinf).Case("signbit", Fn::Signbit)
        .Case("cbrt", Fn::Cbrt).Case("fmod", Fn::Fmod).Case("div_rn", Fn::Div)
        .Case("exp10", Fn::Exp10).Case("hypot", Fn::Hypot).Case("ldexp", Fn::Ldexp)
        .Case("isfinite", Fn::Isfinite).Case("finite", Fn::Isfinite)
        .Case("powi", Fn::Pow)
        .Default(Fn::Unknown);
  };
  Fn fn = base(symbol);
  if (fn == Fn::Unknown && symbol.ends_with("f"))
    fn = base(symbol.drop_back());
  if (fn == Fn::Unknown)
    fn = llvm::StringSwitch<Fn>(symbol)
             .Cases({"popc", "popcll"}, Fn::Popc)
             .Cases({"clz", "clzll"}, Fn::Clz)
             .Cases({"umulhi", "umul64hi"}, Fn::Umulhi)
             .Cases({"mulhi", "mul64hi"}, Fn::Mulhi)
             .Case("isnand", Fn::Isnan).Case("isinfd", Fn::Isinf)
             .Cases({"isfinited", "finitef"}, Fn::Isfinite)
             .Cases({"lrint", "llrint", "lrintf", "llrintf"}, Fn::Lrint)
             .Case("signbitd", Fn::Signbit)
             .Default(Fn::Unknown);
  return fn;
}

Value constantLike(OpBuilder &b, Location loc, Type type, double value) {
  Type elem = getElementTypeOrSelf(type);
  TypedAttr attr = b.getFloatAttr(elem, value);
  if (auto vec = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vec, attr));
  return arith::ConstantOp::create(b, loc, attr);
}
} // namespace

bool mlir::triton_edge::isKnownLibdeviceSymbol(StringRef symbol) {
  return classify(symbol) != Fn::Unknown;
}

namespace {
/// What one libdevice function takes and returns: its operand count and, per
/// operand and for the result, whether it is a float or an integer. `F` float,
/// `I` integer, `N` float or integer (pow's exponent).
struct Signature {
  const char *operands;
  char result;
};

Signature signatureOf(Fn fn) {
  switch (fn) {
  case Fn::Pow: return {"FN", 'F'};
  case Fn::Atan2: case Fn::Fmin: case Fn::Fmax: case Fn::Copysign:
  case Fn::Fmod: case Fn::Div: return {"FF", 'F'};
  case Fn::Fma: return {"FFF", 'F'};
  case Fn::Isnan: case Fn::Isinf: case Fn::Signbit: case Fn::Isfinite:
  case Fn::Lrint: return {"F", 'I'};
  case Fn::Hypot: return {"FF", 'F'};
  case Fn::Ldexp: return {"FI", 'F'};
  case Fn::Popc: case Fn::Clz: return {"I", 'I'};
  case Fn::Umulhi: case Fn::Mulhi: return {"II", 'I'};
  default: return {"F", 'F'};
  }
}

bool hasKind(Type t, char kind) {
  Type elem = getElementTypeOrSelf(t);
  bool isFloat = isa<FloatType>(elem), isInt = isa<IntegerType>(elem);
  return kind == 'F' ? isFloat : kind == 'I' ? isInt : (isFloat || isInt);
}
} // namespace

std::string mlir::triton_edge::checkLibdeviceCall(StringRef symbol,
                                                  TypeRange operands,
                                                  Type result) {
  Fn fn = classify(symbol);
  if (fn == Fn::Unknown)
    return "unsupported libdevice function '" + symbol.str() + "'";
  Signature sig = signatureOf(fn);
  size_t arity = std::strlen(sig.operands);
  std::string prefix = "libdevice function '" + symbol.str() + "' ";
  if (operands.size() != arity)
    return prefix + "takes " + std::to_string(arity) + " operand" +
           (arity == 1 ? "" : "s") + ", got " + std::to_string(operands.size());
  auto kindName = [](char k) {
    return k == 'F' ? "a float" : k == 'I' ? "an integer" : "a number";
  };
  for (size_t i = 0; i < arity; ++i)
    if (!hasKind(operands[i], sig.operands[i]))
      return prefix + "operand " + std::to_string(i) + " must be " +
             kindName(sig.operands[i]);
  if (!hasKind(result, sig.result))
    return prefix + "returns " + kindName(sig.result);
  // Operands of one kind share the element type of a same-kind result (the
  // emitted math/arith op requires it).
  Type resultElem = getElementTypeOrSelf(result);
  for (size_t i = 0; i < arity; ++i)
    if (sig.operands[i] == sig.result &&
        getElementTypeOrSelf(operands[i]) != resultElem)
      return prefix + "operand " + std::to_string(i) +
             " must have the result's element type";
  if (sig.result == 'I' && sig.operands[0] == 'I' &&
      getElementTypeOrSelf(operands[0]).getIntOrFloatBitWidth() <
          resultElem.getIntOrFloatBitWidth())
    return prefix + "result is wider than its operand";
  return "";
}

Value mlir::triton_edge::emitLibdeviceCall(OpBuilder &b, Location loc,
                                           StringRef symbol, ValueRange args,
                                           Type resultType) {
  Fn fn = classify(symbol);
  Value x = args.empty() ? Value() : args[0];
  switch (fn) {
  case Fn::Unknown: return {};
  case Fn::Erf: return math::ErfOp::create(b, loc, x);
  case Fn::Erfc: return math::ErfcOp::create(b, loc, x);
  case Fn::Exp: return math::ExpOp::create(b, loc, x);
  case Fn::Exp2: return math::Exp2Op::create(b, loc, x);
  case Fn::Expm1: return math::ExpM1Op::create(b, loc, x);
  case Fn::Log: return math::LogOp::create(b, loc, x);
  case Fn::Log2: return math::Log2Op::create(b, loc, x);
  case Fn::Log10: return math::Log10Op::create(b, loc, x);
  case Fn::Log1p: return math::Log1pOp::create(b, loc, x);
  case Fn::Tanh: return math::TanhOp::create(b, loc, x);
  case Fn::Sinh: return math::SinhOp::create(b, loc, x);
  case Fn::Cosh: return math::CoshOp::create(b, loc, x);
  case Fn::Rsqrt: return math::RsqrtOp::create(b, loc, x);
  case Fn::Sqrt: return math::SqrtOp::create(b, loc, x);
  case Fn::Pow:
    if (isa<IntegerType>(getElementTypeOrSelf(args[1].getType())))
      return math::FPowIOp::create(b, loc, x, args[1]);
    return math::PowFOp::create(b, loc, x, args[1]);
  case Fn::Sin: return math::SinOp::create(b, loc, x);
  case Fn::Cos: return math::CosOp::create(b, loc, x);
  case Fn::Tan: return math::TanOp::create(b, loc, x);
  case Fn::Asin: return math::AsinOp::create(b, loc, x);
  case Fn::Acos: return math::AcosOp::create(b, loc, x);
  case Fn::Atan: return math::AtanOp::create(b, loc, x);
  case Fn::Atan2: return math::Atan2Op::create(b, loc, x, args[1]);
  case Fn::Asinh: return math::AsinhOp::create(b, loc, x);
  case Fn::Acosh: return math::AcoshOp::create(b, loc, x);
  case Fn::Atanh: return math::AtanhOp::create(b, loc, x);
  case Fn::Abs: return math::AbsFOp::create(b, loc, x);
  case Fn::Floor: return math::FloorOp::create(b, loc, x);
  case Fn::Ceil: return math::CeilOp::create(b, loc, x);
  case Fn::Trunc: return math::TruncOp::create(b, loc, x);
  case Fn::Round: return math::RoundOp::create(b, loc, x);
  case Fn::Rint: return math::RoundEvenOp::create(b, loc, x);
  case Fn::Fma: return math::FmaOp::create(b, loc, x, args[1], args[2]);
  case Fn::Fmin: return arith::MinNumFOp::create(b, loc, x, args[1]);
  case Fn::Fmax: return arith::MaxNumFOp::create(b, loc, x, args[1]);
  case Fn::Copysign: return math::CopySignOp::create(b, loc, x, args[1]);
  case Fn::Cbrt: return math::CbrtOp::create(b, loc, x);
  case Fn::Exp10: {
    // 10^x = 2^(x * log2(10)).
    Value scaled = arith::MulFOp::create(b, loc, x, constantLike(b, loc, x.getType(), M_LN10 / M_LN2));
    return math::Exp2Op::create(b, loc, scaled);
  }
  case Fn::Hypot: {
    // max * sqrt(1 + (min/max)^2): no overflow for large operands; 0 when both are.
    Value ax = math::AbsFOp::create(b, loc, x);
    Value ay = math::AbsFOp::create(b, loc, args[1]);
    Value hi = arith::MaximumFOp::create(b, loc, ax, ay);
    Value lo = arith::MinimumFOp::create(b, loc, ax, ay);
    Value zero = constantLike(b, loc, x.getType(), 0.0);
    Value one = constantLike(b, loc, x.getType(), 1.0);
    Value isZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, hi, zero);
    Value safeHi = arith::SelectOp::create(b, loc, isZero, one, hi);
    Value r = arith::DivFOp::create(b, loc, lo, safeHi);
    Value s = math::SqrtOp::create(b, loc, math::FmaOp::create(b, loc, r, r, one));
    Value h = arith::MulFOp::create(b, loc, hi, s);
    Value isInf = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, hi,
                                        constantLike(b, loc, x.getType(), INFINITY));
    return arith::SelectOp::create(b, loc, isInf, hi, h);
  }
  case Fn::Ldexp: {
    Value n = arith::SIToFPOp::create(b, loc, x.getType(), args[1]);
    return arith::MulFOp::create(b, loc, x, math::Exp2Op::create(b, loc, n));
  }
  case Fn::Isfinite: {
    Value absX = math::AbsFOp::create(b, loc, x);
    Value inf = constantLike(b, loc, x.getType(), INFINITY);
    Value finite = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, absX, inf);
    return arith::ExtUIOp::create(b, loc, resultType, finite);
  }
  case Fn::Lrint:
    return arith::FPToSIOp::create(b, loc, resultType, math::RoundEvenOp::create(b, loc, x));
  case Fn::Fmod: return arith::RemFOp::create(b, loc, x, args[1]);
  case Fn::Div: return arith::DivFOp::create(b, loc, x, args[1]);
  case Fn::Isnan: {
    Value isNan = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
    return arith::ExtUIOp::create(b, loc, resultType, isNan);
  }
  case Fn::Isinf: {
    Value absX = math::AbsFOp::create(b, loc, x);
    Value inf = constantLike(b, loc, x.getType(), INFINITY);
    Value isInf = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, absX, inf);
    return arith::ExtUIOp::create(b, loc, resultType, isInf);
  }
  case Fn::Signbit: {
    unsigned width = getElementTypeOrSelf(x.getType()).getIntOrFloatBitWidth();
    Type intType = b.getIntegerType(width);
    if (auto vec = dyn_cast<VectorType>(x.getType()))
      intType = vec.clone(intType);
    Value bits = arith::BitcastOp::create(b, loc, intType, x);
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(intType));
    Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, bits, zero);
    return arith::ExtUIOp::create(b, loc, resultType, neg);
  }
  case Fn::Popc: {
    Value count = math::CtPopOp::create(b, loc, x);
    if (count.getType() == resultType)
      return count;
    return arith::TruncIOp::create(b, loc, resultType, count);
  }
  case Fn::Clz: {
    Value count = math::CountLeadingZerosOp::create(b, loc, x);
    if (count.getType() == resultType)
      return count;
    return arith::TruncIOp::create(b, loc, resultType, count);
  }
  case Fn::Umulhi:
    return arith::MulUIExtendedOp::create(b, loc, x, args[1]).getHigh();
  case Fn::Mulhi:
    return arith::MulSIExtendedOp::create(b, loc, x, args[1]).getHigh();
  }
  return {};
}
