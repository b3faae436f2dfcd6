// CUDA libdevice functions (as Triton emits them in tt.extern_elementwise)
// mapped onto upstream math/arith ops, which the lowering later expands into
// vectorizable polynomial approximations.
#include "Libdevice.h"
#include "ExactArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <cstring>
#include <optional>

using namespace mlir;
using namespace mlir::triton_edge;

namespace {
enum class Fn {
  Unknown, Erf, Erfc, Exp, Exp2, Expm1, Log, Log2, Log10, Log1p, Tanh, Sinh, Cosh,
  Rsqrt, Sqrt, Pow, Sin, Cos, Tan, Asin, Acos, Atan, Atan2, Asinh, Acosh, Atanh,
  Abs, Floor, Ceil, Trunc, Round, Rint, Fma, Fmin, Fmax, Copysign, Isnan, Isinf,
  Signbit, Cbrt, Fmod, Div, Popc, Clz, Umulhi, Mulhi, Exp10, Hypot, Isfinite,
  Ldexp, Lrint, Erfinv, Erfcinv, Normcdf, Normcdfinv, Add, Mul, Rcp, Saturate,
  AbsI, Fdim, FloatToInt, IntToFloat, FloatAsInt, IntAsFloat, Brev, Ffs, Hadd, Rhadd,
  Rcbrt, Rhypot, Scalbn, Mul24, Sad, Sinpi, Cospi, DoubleHi, DoubleLo, HiLoToDouble,
  Sub, Llround, DoubleToFloat, Directed, NextAfter, Remainder, Ilogb, Logb, Norm3, Norm4,
  Rnorm3, Rnorm4, RsqrtRn
};

/// `float2int_rn`-style names: the float width, signedness and rounding of
/// a conversion; `int2float_rn`-style: the integer's signedness.
struct Conversion {
  bool toInt = false, isUnsigned = false;
  char rounding = 'n'; // n(earest even), z(ero), d(own), u(p)
};
std::optional<Conversion> parseConversion(StringRef s) {
  Conversion c;
  auto [from, rest] = s.split('2');
  auto [to, mode] = rest.split('_');
  if (mode.size() != 2 || mode[0] != 'r' || !StringRef("nzdu").contains(mode[1]))
    return std::nullopt;
  c.rounding = mode[1];
  auto intKind = [&](StringRef k) {
    c.isUnsigned = k == "uint" || k == "ull";
    return k == "int" || k == "uint" || k == "ll" || k == "ull";
  };
  bool isFloat = [](StringRef k) { return k == "float" || k == "double"; }(from);
  if (isFloat && intKind(to)) {
    c.toInt = true;
    return c;
  }
  // Integer to float, in any of the four roundings.
  if (intKind(from) && (to == "float" || to == "double"))
    return c;
  return std::nullopt;
}

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
        .Case("powi", Fn::Pow).Case("erfinv", Fn::Erfinv).Case("erfcinv", Fn::Erfcinv)
        .Case("normcdf", Fn::Normcdf).Case("normcdfinv", Fn::Normcdfinv)
        .Case("fdim", Fn::Fdim).Case("rcbrt", Fn::Rcbrt).Case("rhypot", Fn::Rhypot)
        .Case("scalbn", Fn::Scalbn).Case("sinpi", Fn::Sinpi).Case("cospi", Fn::Cospi)
        .Case("nextafter", Fn::NextAfter).Case("remainder", Fn::Remainder)
        .Case("ilogb", Fn::Ilogb).Case("logb", Fn::Logb).Case("norm3d", Fn::Norm3)
        .Case("norm4d", Fn::Norm4).Case("rnorm3d", Fn::Rnorm3).Case("rnorm4d", Fn::Rnorm4)
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
             .Cases({"llround", "llroundf"}, Fn::Llround)
             .Case("double2float_rn", Fn::DoubleToFloat)
             .Case("frsqrt_rn", Fn::RsqrtRn)
             // Round-to-nearest variants are the plain IEEE operations.
             .Cases({"fadd_rn", "dadd_rn"}, Fn::Add)
             .Cases({"fsub_rn", "dsub_rn"}, Fn::Sub)
             .Cases({"fmul_rn", "dmul_rn"}, Fn::Mul)
             .Cases({"fdiv_rn", "ddiv_rn", "fdividef"}, Fn::Div)
             .Cases({"fmaf_rn", "fma_rn"}, Fn::Fma)
             .Cases({"fsqrt_rn", "dsqrt_rn"}, Fn::Sqrt)
             .Cases({"frcp_rn", "drcp_rn"}, Fn::Rcp)
             .Case("saturatef", Fn::Saturate)
             .Cases({"abs", "llabs"}, Fn::AbsI)
             .Cases({"float_as_int", "float_as_uint", "double_as_longlong"}, Fn::FloatAsInt)
             .Cases({"int_as_float", "uint_as_float", "longlong_as_double"}, Fn::IntAsFloat)
             .Cases({"brev", "brevll"}, Fn::Brev)
             .Cases({"ffs", "ffsll"}, Fn::Ffs)
             .Cases({"hadd", "uhadd"}, Fn::Hadd)
             .Cases({"rhadd", "urhadd"}, Fn::Rhadd)
             .Cases({"mul24", "umul24"}, Fn::Mul24)
             .Cases({"sad", "usad"}, Fn::Sad)
             .Case("double2hiint", Fn::DoubleHi).Case("double2loint", Fn::DoubleLo)
             .Case("hiloint2double", Fn::HiLoToDouble)
             .Default(Fn::Unknown);
  if (fn == Fn::Unknown && parseDirectedOp(symbol))
    fn = Fn::Directed;
  if (fn == Fn::Unknown)
    if (auto c = parseConversion(symbol))
      fn = c->toInt ? Fn::FloatToInt : Fn::IntToFloat;
  return fn;
}

Value constantLike(OpBuilder &b, Location loc, Type type, double value) {
  Type elem = getElementTypeOrSelf(type);
  TypedAttr attr = b.getFloatAttr(elem, value);
  if (auto vec = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vec, attr));
  return arith::ConstantOp::create(b, loc, attr);
}

/// Element-wise f64 arithmetic on values of one (scalar or vector) type.
struct F64Ops {
  OpBuilder &b;
  Location loc;
  Type type;
  Value c(double v) { return constantLike(b, loc, type, v); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value sqrt(Value x) { return math::SqrtOp::create(b, loc, x); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value sel(Value cond, Value x, Value y) { return arith::SelectOp::create(b, loc, cond, x, y); }
};

/// x >= 0 with erf(x) = a, for a = |y| in [0, 1] given with its exact
/// complement c = 1 - a (so erfcinv keeps its accuracy for tiny arguments),
/// in f64: Winitzki's closed form (relative error < 2e-3) as the start, then
/// three Halley steps (cubic convergence: 2e-3 -> 1e-8 -> below f64
/// rounding) on f(x) = erf(x) - a, written as c - erfc(x) where erf(x) is
/// near 1 (no cancellation in the tail). f'' = -2x f' makes each step
/// x -= u / (1 + x u), u = f / f'. a = 1 gives +inf; a > 1 (c < 0) and NaN
/// give NaN.
Value inverseErf(OpBuilder &b, Location loc, Value a, Value c) {
  using P = arith::CmpFPredicate;
  F64Ops f{b, loc, a.getType()};
  const double k = 0.147, twoOverPiK = 2.0 / (M_PI * k);
  Value l = math::LogOp::create(b, loc, f.mul(c, f.add(f.c(1.0), a)));
  Value s = f.add(f.c(twoOverPiK), f.mul(l, f.c(0.5)));
  Value inner = f.sub(f.sqrt(f.sub(f.mul(s, s), f.div(l, f.c(k)))), s);
  // Rounding near a = 0 may leave a tiny negative difference.
  Value x = f.sqrt(arith::MaximumFOp::create(b, loc, inner, f.c(0.0)));
  Value useErfc = f.cmp(P::OGT, a, f.c(0.5));
  for (int step = 0; step < 3; ++step) {
    Value byErf = f.sub(math::ErfOp::create(b, loc, x), a);
    Value byErfc = f.sub(c, math::ErfcOp::create(b, loc, x));
    Value residual = f.sel(useErfc, byErfc, byErf);
    Value slope = f.mul(f.c(2.0 / std::sqrt(M_PI)),
                        math::ExpOp::create(b, loc, f.sub(f.c(0.0), f.mul(x, x))));
    Value u = f.div(residual, slope);
    x = f.sub(x, f.div(u, f.add(f.c(1.0), f.mul(x, u))));
  }
  x = f.sel(f.cmp(P::OEQ, c, f.c(0.0)), f.c(INFINITY), x);
  Value outside = f.cmp(P::ULT, c, f.c(0.0)); // a > 1 or NaN
  return f.sel(outside, f.c(NAN), x);
}

/// `x` as f64 (scalar or vector), and back to `like`'s element type.
Value toF64(OpBuilder &b, Location loc, Value x) {
  Type f64 = b.getF64Type();
  if (auto v = dyn_cast<VectorType>(x.getType()))
    f64 = v.clone(f64);
  return x.getType() == f64 ? x : arith::ExtFOp::create(b, loc, f64, x).getResult();
}
Value fromF64(OpBuilder &b, Location loc, Value x, Type like) {
  return x.getType() == like ? x : arith::TruncFOp::create(b, loc, like, x).getResult();
}

/// erfinv(y) (`complement` false) or erfcinv(y) = erfinv(1 - y) (true), in
/// f64 and rounded once to y's type.
Value emitInverseErf(OpBuilder &b, Location loc, Value y, bool complement) {
  using P = arith::CmpFPredicate;
  Value yd = toF64(b, loc, y);
  F64Ops f{b, loc, yd.getType()};
  Value a, c, negative;
  if (!complement) {
    a = math::AbsFOp::create(b, loc, yd);
    c = f.sub(f.c(1.0), a);
    negative = yd;
  } else {
    // erfcinv(z): erfinv(1 - z); 1 - |1 - z| is z (z <= 1) or 2 - z, exact.
    Value t = f.sub(f.c(1.0), yd);
    a = math::AbsFOp::create(b, loc, t);
    c = f.sel(f.cmp(P::ULE, yd, f.c(1.0)), yd, f.sub(f.c(2.0), yd));
    negative = t;
  }
  Value x = inverseErf(b, loc, a, c);
  // Odd: the sign of the argument (erfinv(-0) = -0).
  x = math::CopySignOp::create(b, loc, x, negative);
  return fromF64(b, loc, x, y.getType());
}

Value intConstantLike(OpBuilder &b, Location loc, Type type, uint64_t value) {
  Type elem = getElementTypeOrSelf(type);
  TypedAttr attr = b.getIntegerAttr(elem, APInt(elem.getIntOrFloatBitWidth(), value));
  if (auto vec = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vec, attr));
  return arith::ConstantOp::create(b, loc, attr);
}

/// The bits of x in reverse order: swaps of ever larger groups (1, 2, 4, ...
/// bits), log2(width) steps of shifts and masks.
Value reverseBits(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  unsigned width = getElementTypeOrSelf(t).getIntOrFloatBitWidth();
  for (unsigned group = 1; group < width; group *= 2) {
    // Mask of the low `group` bits of every 2*group-bit field.
    APInt mask = APInt::getZero(width);
    for (unsigned bit = 0; bit < width; ++bit)
      if ((bit / group) % 2 == 0)
        mask.setBit(bit);
    Value m = intConstantLike(b, loc, t, mask.getZExtValue());
    Value sh = intConstantLike(b, loc, t, group);
    Value low = arith::AndIOp::create(b, loc, x, m);
    Value high = arith::AndIOp::create(b, loc, arith::ShRUIOp::create(b, loc, x, sh), m);
    x = arith::OrIOp::create(b, loc, arith::ShLIOp::create(b, loc, low, sh), high);
  }
  return x;
}

/// hadd/rhadd: (x + y [+ 1]) >> 1 without overflow, in twice the width.
Value halvingAdd(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned, bool roundUp) {
  Type t = x.getType();
  unsigned width = getElementTypeOrSelf(t).getIntOrFloatBitWidth();
  Type wide = b.getIntegerType(2 * width);
  if (auto v = dyn_cast<VectorType>(t))
    wide = v.clone(wide);
  auto extend = [&](Value v) -> Value {
    if (isUnsigned)
      return arith::ExtUIOp::create(b, loc, wide, v);
    return arith::ExtSIOp::create(b, loc, wide, v);
  };
  Value sum = arith::AddIOp::create(b, loc, extend(x), extend(y));
  if (roundUp)
    sum = arith::AddIOp::create(b, loc, sum, intConstantLike(b, loc, wide, 1));
  Value half = arith::ShRSIOp::create(b, loc, sum, intConstantLike(b, loc, wide, 1));
  return arith::TruncIOp::create(b, loc, t, half);
}

/// hypot(x, y) = max * sqrt(1 + (min/max)^2): no overflow for large
/// operands; 0 when both are 0, inf when either is.
Value hypotOf(OpBuilder &b, Location loc, Value x, Value y) {
  Type t = x.getType();
  Value ax = math::AbsFOp::create(b, loc, x);
  Value ay = math::AbsFOp::create(b, loc, y);
  Value hi = arith::MaximumFOp::create(b, loc, ax, ay);
  Value lo = arith::MinimumFOp::create(b, loc, ax, ay);
  Value zero = constantLike(b, loc, t, 0.0);
  Value one = constantLike(b, loc, t, 1.0);
  Value isZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, hi, zero);
  Value safeHi = arith::SelectOp::create(b, loc, isZero, one, hi);
  Value r = arith::DivFOp::create(b, loc, lo, safeHi);
  Value s = math::SqrtOp::create(b, loc, math::FmaOp::create(b, loc, r, r, one));
  Value h = arith::MulFOp::create(b, loc, hi, s);
  Value isInf = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, hi,
                                      constantLike(b, loc, t, INFINITY));
  return arith::SelectOp::create(b, loc, isInf, hi, h);
}

/// cbrt(x), with cbrt(+-inf) = +-inf (the upstream expansion gives NaN there).
Value cubeRoot(OpBuilder &b, Location loc, Value x) {
  Value r = math::CbrtOp::create(b, loc, x);
  Value isInf = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                      math::AbsFOp::create(b, loc, x),
                                      constantLike(b, loc, x.getType(), INFINITY));
  return arith::SelectOp::create(b, loc, isInf, x, r);
}

/// sin(pi x) (`cosine` false) or cos(pi x), in f64: x reduced exactly to
/// r in [-1, 1] (x - 2 roundeven(x/2)), then folded to t in [-1/2, 1/2]
/// (1 - r, -1 - r, 1/2 - |r|: exact) so that integers and half-integers
/// give exact zeros; infinities and NaN give NaN.
Value sinCosPi(OpBuilder &b, Location loc, Value x, bool cosine) {
  using P = arith::CmpFPredicate;
  Value xd = toF64(b, loc, x);
  F64Ops f{b, loc, xd.getType()};
  Value k = math::RoundEvenOp::create(b, loc, f.mul(xd, f.c(0.5)));
  Value r = f.sub(xd, f.mul(k, f.c(2.0)));
  Value t;
  if (cosine) {
    t = f.sub(f.c(0.5), math::AbsFOp::create(b, loc, r));
  } else {
    t = f.sel(f.cmp(P::OGT, r, f.c(0.5)), f.sub(f.c(1.0), r), r);
    t = f.sel(f.cmp(P::OLT, r, f.c(-0.5)), f.sub(f.c(-1.0), r), t);
  }
  Value v = math::SinOp::create(b, loc, f.mul(t, f.c(M_PI)));
  return fromF64(b, loc, v, x.getType());
}

/// mul24: the low 24 bits of each operand (sign-extended for mul24, zero-
/// extended for umul24), multiplied; the low 32 bits of the product.
Value mul24(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned) {
  Type t = x.getType();
  auto low24 = [&](Value v) -> Value {
    if (isUnsigned)
      return arith::AndIOp::create(b, loc, v, intConstantLike(b, loc, t, 0xFFFFFF));
    Value sh = intConstantLike(b, loc, t, 8);
    return arith::ShRSIOp::create(b, loc, arith::ShLIOp::create(b, loc, v, sh), sh);
  };
  return arith::MulIOp::create(b, loc, low24(x), low24(y));
}

/// sad/usad: |x - y| + z, the difference taken as signed (sad) or unsigned
/// (usad) 32-bit integers, modulo 2^32.
Value absDiffAdd(OpBuilder &b, Location loc, Value x, Value y, Value z, bool isUnsigned) {
  auto pred = isUnsigned ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
  Value greater = arith::CmpIOp::create(b, loc, pred, x, y);
  Value d = arith::SelectOp::create(b, loc, greater, arith::SubIOp::create(b, loc, x, y),
                                    arith::SubIOp::create(b, loc, y, x));
  return arith::AddIOp::create(b, loc, d, z);
}

/// float2int_rn and the like: round as named, then convert (NaN and
/// out-of-range values follow docs/semantics.md, which are PTX cvt's).
Value floatToInt(OpBuilder &b, Location loc, Value x, Type resultType, Conversion c) {
  Value r = x;
  switch (c.rounding) {
  case 'n': r = math::RoundEvenOp::create(b, loc, x); break;
  case 'd': r = math::FloorOp::create(b, loc, x); break;
  case 'u': // -floor(-x): exact, and NaN stays NaN (ceil's expansion loses it)
    r = arith::NegFOp::create(
        b, loc, math::FloorOp::create(b, loc, arith::NegFOp::create(b, loc, x)));
    break;
  default: break; // toward zero is the conversion's own rounding
  }
  if (c.isUnsigned)
    return arith::FPToUIOp::create(b, loc, resultType, r);
  return arith::FPToSIOp::create(b, loc, resultType, r);
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
  case Fn::Fmod: case Fn::Div: case Fn::Add: case Fn::Sub: case Fn::Mul: case Fn::Fdim:
    return {"FF", 'F'};
  case Fn::Fma: return {"FFF", 'F'};
  case Fn::Isnan: case Fn::Isinf: case Fn::Signbit: case Fn::Isfinite:
  case Fn::Lrint: case Fn::Llround: case Fn::FloatToInt: case Fn::FloatAsInt:
    return {"F", 'I'};
  case Fn::IntToFloat: case Fn::IntAsFloat: return {"I", 'F'};
  case Fn::Hadd: case Fn::Rhadd: return {"II", 'I'};
  case Fn::Rhypot: case Fn::NextAfter: case Fn::Remainder: return {"FF", 'F'};
  case Fn::Ilogb: return {"F", 'I'};
  case Fn::Norm3: case Fn::Rnorm3: return {"FFF", 'F'};
  case Fn::Norm4: case Fn::Rnorm4: return {"FFFF", 'F'};
  case Fn::Hypot: return {"FF", 'F'};
  case Fn::Ldexp: case Fn::Scalbn: return {"FI", 'F'};
  case Fn::Mul24: return {"II", 'I'};
  case Fn::DoubleHi: case Fn::DoubleLo: return {"F", 'I'};
  case Fn::HiLoToDouble: return {"II", 'F'};
  case Fn::Sad: return {"III", 'I'};
  case Fn::Popc: case Fn::Clz: case Fn::AbsI: case Fn::Brev: case Fn::Ffs:
    return {"I", 'I'};
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
  std::optional<DirectedOp> directed;
  if (fn == Fn::Directed) {
    directed = parseDirectedOp(symbol.drop_front(strlen("__nv_")));
    static const char *floats[] = {"", "F", "FF", "FFF"};
    sig = {floats[directed->arity()], 'F'};
  }
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
  // Bit counts (popcll, clzll, ffsll) return i32 for any operand width.
  bool isCount = fn == Fn::Popc || fn == Fn::Clz || fn == Fn::Ffs;
  Type resultElem = getElementTypeOrSelf(result);
  if (fn == Fn::DoubleToFloat || (directed && directed->kind == DirectedOp::DoubleToFloat)) {
    if (!getElementTypeOrSelf(operands[0]).isF64() || !resultElem.isF32())
      return prefix + "takes a 64-bit float and returns a 32-bit float";
    return "";
  }
  // The midpoint test of frsqrt_rn needs more precision than f64 offers
  // for f64 operands; libdevice has it for f32 only.
  if (fn == Fn::RsqrtRn && !resultElem.isF32())
    return prefix + "takes and returns a 32-bit float";
  for (size_t i = 0; i < arity && !isCount; ++i)
    if (sig.operands[i] == sig.result &&
        getElementTypeOrSelf(operands[i]) != resultElem)
      return prefix + "operand " + std::to_string(i) +
             " must have the result's element type";
  // The halves of a double's bits: f64 <-> two i32.
  auto widthOf = [](Type t) { return getElementTypeOrSelf(t).getIntOrFloatBitWidth(); };
  if ((fn == Fn::DoubleHi || fn == Fn::DoubleLo) &&
      (widthOf(operands[0]) != 64 || widthOf(result) != 32))
    return prefix + "takes a 64-bit float and returns a 32-bit integer";
  if (fn == Fn::HiLoToDouble &&
      (widthOf(operands[0]) != 32 || widthOf(operands[1]) != 32 || widthOf(result) != 64))
    return prefix + "takes two 32-bit integers and returns a 64-bit float";
  if ((fn == Fn::FloatAsInt || fn == Fn::IntAsFloat) &&
      getElementTypeOrSelf(operands[0]).getIntOrFloatBitWidth() !=
          resultElem.getIntOrFloatBitWidth())
    return prefix + "result and operand differ in width";
  if (sig.result == 'I' && sig.operands[0] == 'I' &&
      getElementTypeOrSelf(operands[0]).getIntOrFloatBitWidth() <
          resultElem.getIntOrFloatBitWidth())
    return prefix + "result is wider than its operand";
  return "";
}

namespace {
/// Correctly rounded arithmetic and its relatives (null: not one of them).
Value emitArithmeticCall(OpBuilder &b, Location loc, Fn fn, StringRef symbol, ValueRange args,
                         Type resultType) {
  Value x = args.empty() ? Value() : args[0];
  switch (fn) {
  case Fn::Add: return arith::AddFOp::create(b, loc, x, args[1]);
  case Fn::Sub: return arith::SubFOp::create(b, loc, x, args[1]);
  case Fn::Mul: return arith::MulFOp::create(b, loc, x, args[1]);
  case Fn::Directed:
    return emitDirectedOp(b, loc, *parseDirectedOp(symbol.drop_front(strlen("__nv_"))),
                          args, resultType);
  case Fn::Rcp:
    return arith::DivFOp::create(b, loc, constantLike(b, loc, x.getType(), 1.0), x);
  case Fn::Saturate: {
    // Clamped to [0, 1]; NaN gives 0 (CUDA's __saturatef).
    Value lo = arith::MaxNumFOp::create(b, loc, x, constantLike(b, loc, x.getType(), 0.0));
    Value r = arith::MinNumFOp::create(b, loc, lo, constantLike(b, loc, x.getType(), 1.0));
    Value isNan = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
    return arith::SelectOp::create(b, loc, isNan, constantLike(b, loc, x.getType(), 0.0), r);
  }
  case Fn::AbsI: return math::AbsIOp::create(b, loc, x);
  case Fn::Fdim: {
    // x - y where x > y, +0 otherwise; NaN when either is NaN.
    Value d = arith::SubFOp::create(b, loc, x, args[1]);
    Value greater = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UGT, x, args[1]);
    return arith::SelectOp::create(b, loc, greater, d, constantLike(b, loc, x.getType(), 0.0));
  }
  case Fn::Fmod: return arith::RemFOp::create(b, loc, x, args[1]);
  case Fn::Div: return arith::DivFOp::create(b, loc, x, args[1]);
  default: return {};
  }
}

/// Conversions between number formats and their bits (null: not one of them).
Value emitConversionCall(OpBuilder &b, Location loc, Fn fn, StringRef symbol, ValueRange args,
                         Type resultType) {
  Value x = args.empty() ? Value() : args[0];
  switch (fn) {
  case Fn::DoubleToFloat: return arith::TruncFOp::create(b, loc, resultType, x);
  case Fn::Llround:
    // Halfway cases away from zero; NaN and out-of-range values follow the
    // float-to-int rule (docs/semantics.md).
    return arith::FPToSIOp::create(b, loc, resultType, math::RoundOp::create(b, loc, x));
  case Fn::FloatToInt: {
    StringRef name = symbol;
    name.consume_front("__nv_");
    return floatToInt(b, loc, x, resultType, *parseConversion(name));
  }
  case Fn::IntToFloat: {
    StringRef name = symbol;
    name.consume_front("__nv_");
    Conversion c = *parseConversion(name);
    if (c.rounding != 'n')
      return emitDirectedIntToFloat(b, loc, x, c.isUnsigned, c.rounding, resultType);
    if (c.isUnsigned)
      return arith::UIToFPOp::create(b, loc, resultType, x);
    return arith::SIToFPOp::create(b, loc, resultType, x);
  }
  case Fn::FloatAsInt: case Fn::IntAsFloat:
    return arith::BitcastOp::create(b, loc, resultType, x);
  case Fn::DoubleHi: case Fn::DoubleLo: {
    Type i64 = b.getI64Type();
    if (auto v = dyn_cast<VectorType>(x.getType()))
      i64 = v.clone(i64);
    Value bits = arith::BitcastOp::create(b, loc, i64, x);
    if (fn == Fn::DoubleHi)
      bits = arith::ShRUIOp::create(b, loc, bits, intConstantLike(b, loc, i64, 32));
    return arith::TruncIOp::create(b, loc, resultType, bits);
  }
  case Fn::HiLoToDouble: {
    Type i64 = b.getI64Type();
    if (auto v = dyn_cast<VectorType>(x.getType()))
      i64 = v.clone(i64);
    Value hi = arith::ShLIOp::create(b, loc, arith::ExtUIOp::create(b, loc, i64, x),
                                     intConstantLike(b, loc, i64, 32));
    Value bits = arith::OrIOp::create(b, loc, hi, arith::ExtUIOp::create(b, loc, i64, args[1]));
    return arith::BitcastOp::create(b, loc, resultType, bits);
  }
  default: return {};
  }
}

/// Classification and integer functions (null: not one of them).
Value emitIntegerCall(OpBuilder &b, Location loc, Fn fn, StringRef symbol, ValueRange args,
                      Type resultType) {
  Value x = args.empty() ? Value() : args[0];
  switch (fn) {
  case Fn::Brev: return reverseBits(b, loc, x);
  case Fn::Ffs: {
    // 1 + the index of the lowest set bit; 0 for 0.
    Value tz = math::CountTrailingZerosOp::create(b, loc, x);
    Value one = intConstantLike(b, loc, x.getType(), 1);
    Value zero = intConstantLike(b, loc, x.getType(), 0);
    Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, zero);
    Value r = arith::SelectOp::create(b, loc, isZero, zero, arith::AddIOp::create(b, loc, tz, one));
    return r.getType() == resultType ? r : arith::TruncIOp::create(b, loc, resultType, r).getResult();
  }
  case Fn::Hadd: case Fn::Rhadd:
    return halvingAdd(b, loc, x, args[1], symbol.contains("__nv_u"), fn == Fn::Rhadd);
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
  default: return {};
  }
}

/// Correctly rounded arithmetic, conversions, classification and integer
/// functions.
Value emitOtherCall(OpBuilder &b, Location loc, Fn fn, StringRef symbol, ValueRange args,
                   Type resultType) {
  if (Value v = emitArithmeticCall(b, loc, fn, symbol, args, resultType))
    return v;
  if (Value v = emitConversionCall(b, loc, fn, symbol, args, resultType))
    return v;
  return emitIntegerCall(b, loc, fn, symbol, args, resultType);
}

/// Float functions composed of several math/arith ops.
Value emitComposedFloat(OpBuilder &b, Location loc, Fn fn, StringRef symbol, ValueRange args,
                       Type resultType) {
  Value x = args.empty() ? Value() : args[0];
  switch (fn) {
  case Fn::Exp10: {
    // 10^x = 2^(x * log2(10)).
    Value scaled = arith::MulFOp::create(b, loc, x, constantLike(b, loc, x.getType(), M_LN10 / M_LN2));
    return math::Exp2Op::create(b, loc, scaled);
  }
  case Fn::Hypot: return hypotOf(b, loc, x, args[1]);
  case Fn::Rhypot:
    return arith::DivFOp::create(b, loc, constantLike(b, loc, x.getType(), 1.0),
                                 hypotOf(b, loc, x, args[1]));
  case Fn::Rcbrt:
    return arith::DivFOp::create(b, loc, constantLike(b, loc, x.getType(), 1.0),
                                 cubeRoot(b, loc, x));
  case Fn::Sinpi: return sinCosPi(b, loc, x, false);
  case Fn::Cospi: return sinCosPi(b, loc, x, true);
  case Fn::NextAfter: return emitNextAfter(b, loc, x, args[1]);
  case Fn::Remainder: return emitRemainder(b, loc, x, args[1]);
  case Fn::Ilogb: case Fn::Logb: return emitLogb(b, loc, x, resultType);
  case Fn::RsqrtRn: return emitRsqrtRn(b, loc, x);
  case Fn::Norm3: case Fn::Norm4: return emitNorm(b, loc, args, false);
  case Fn::Rnorm3: case Fn::Rnorm4: return emitNorm(b, loc, args, true);
  case Fn::Mul24: return mul24(b, loc, x, args[1], symbol.contains("__nv_u"));
  case Fn::Sad: return absDiffAdd(b, loc, x, args[1], args[2], symbol.contains("__nv_u"));
  case Fn::Scalbn:
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
  case Fn::Erfinv: return emitInverseErf(b, loc, x, false);
  case Fn::Erfcinv: return emitInverseErf(b, loc, x, true);
  case Fn::Normcdf: {
    // Phi(x) = erfc(-x / sqrt 2) / 2 (accurate in the lower tail).
    Value t = arith::MulFOp::create(b, loc, x, constantLike(b, loc, x.getType(), -M_SQRT1_2));
    return arith::MulFOp::create(b, loc, math::ErfcOp::create(b, loc, t),
                                 constantLike(b, loc, x.getType(), 0.5));
  }
  case Fn::Normcdfinv: {
    // Phi^-1(p) = -sqrt 2 erfcinv(2p) (2p is exact).
    Value twoP = arith::MulFOp::create(b, loc, x, constantLike(b, loc, x.getType(), 2.0));
    return arith::MulFOp::create(b, loc, emitInverseErf(b, loc, twoP, true),
                                 constantLike(b, loc, x.getType(), -M_SQRT2));
  }
  default: return emitOtherCall(b, loc, fn, symbol, args, resultType);
  }
}

} // namespace

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
  case Fn::Cbrt: return cubeRoot(b, loc, x);
  default: return emitComposedFloat(b, loc, fn, symbol, args, resultType);
  }
  return {};
}
