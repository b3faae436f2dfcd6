// libdevice's directed-rounding arithmetic and conversions (`__nv_fadd_rd`,
// `__nv_ll2float_rz`, ...) without changing the CPU's rounding mode: the
// round-to-nearest result r is computed, the sign of the exact error
// (true value - r) is found with error-free transformations (TwoSum,
// TwoProd through fma) or integer arithmetic, and r is stepped by one ulp
// on its bits when the wanted direction differs.
#include "ExactArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::triton_edge;

namespace {
using FP = arith::CmpFPredicate;

/// `type` (scalar or vector) with its element type replaced by `elem`.
Type withElement(Type type, Type elem) {
  if (auto v = dyn_cast<VectorType>(type))
    return v.clone(elem);
  return elem;
}

/// Element-wise arithmetic on one float type, plus the bit-level steps.
struct ExactOps {
  OpBuilder &b;
  Location loc;

  Value fconst(Type type, double v) {
    TypedAttr attr = b.getFloatAttr(getElementTypeOrSelf(type), v);
    if (auto vec = dyn_cast<VectorType>(type))
      return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vec, attr));
    return arith::ConstantOp::create(b, loc, attr);
  }
  Value iconst(Type type, int64_t v) {
    Type elem = getElementTypeOrSelf(type);
    TypedAttr attr = b.getIntegerAttr(elem, APInt(elem.getIntOrFloatBitWidth(), v, true));
    if (auto vec = dyn_cast<VectorType>(type))
      return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vec, attr));
    return arith::ConstantOp::create(b, loc, attr);
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value neg(Value x) { return arith::NegFOp::create(b, loc, x); }
  Value fma(Value x, Value y, Value z) { return math::FmaOp::create(b, loc, x, y, z); }
  Value cmp(FP p, Value x, Value y) { return arith::CmpFOp::create(b, loc, p, x, y); }
  Value sel(Value c, Value x, Value y) { return arith::SelectOp::create(b, loc, c, x, y); }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value isFinite(Value x) {
    return cmp(FP::OLT, math::AbsFOp::create(b, loc, x), fconst(x.getType(), INFINITY));
  }
  Value toF64(Value x) {
    Type f64 = withElement(x.getType(), b.getF64Type());
    return x.getType() == f64 ? x : arith::ExtFOp::create(b, loc, f64, x).getResult();
  }

  /// s + e = x + y exactly (Knuth's TwoSum; no overflow assumed).
  std::pair<Value, Value> twoSum(Value x, Value y) {
    Value s = add(x, y);
    Value yv = sub(s, x);
    Value xv = sub(s, yv);
    return {s, add(sub(x, xv), sub(y, yv))};
  }
  /// p + e = x * y exactly unless e falls below the smallest subnormal.
  std::pair<Value, Value> twoProd(Value x, Value y) {
    Value p = mul(x, y);
    return {p, fma(x, y, neg(p))};
  }

  /// A value with the sign of the exact sum of `terms` (zero when it is 0):
  /// Shewchuk's Grow-Expansion makes the terms a nonoverlapping expansion
  /// with the same sum, whose largest nonzero component carries the sign.
  Value signOfSum(ArrayRef<Value> terms) {
    SmallVector<Value> expansion{terms.front()};
    for (Value t : terms.drop_front()) {
      SmallVector<Value> grown;
      Value q = t;
      for (Value e : expansion) {
        auto [s, err] = twoSum(q, e);
        grown.push_back(err);
        q = s;
      }
      grown.push_back(q);
      expansion = std::move(grown);
    }
    Value zero = fconst(terms.front().getType(), 0.0);
    Value sign = zero;
    for (Value e : expansion) // ascending magnitude: the last nonzero wins
      sign = sel(cmp(FP::ONE, e, zero), e, sign);
    return sign;
  }

  /// The next float above x (-0 and +0 both give the smallest subnormal;
  /// -inf gives -max, +inf stays +inf's successor only when asked, never
  /// here). Bit arithmetic: magnitude + 1 for positives, - 1 for negatives.
  Value nextUp(Value x) {
    Type t = x.getType();
    unsigned width = getElementTypeOrSelf(t).getIntOrFloatBitWidth();
    Type it = withElement(t, b.getIntegerType(width));
    Value bits = arith::BitcastOp::create(b, loc, it, x);
    Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, bits,
                                           iconst(it, 0));
    Value next = arith::SelectOp::create(b, loc, negative,
                                         arith::SubIOp::create(b, loc, bits, iconst(it, 1)),
                                         arith::AddIOp::create(b, loc, bits, iconst(it, 1)));
    Value isZero = cmp(FP::OEQ, x, fconst(t, 0.0));
    next = arith::SelectOp::create(b, loc, isZero, iconst(it, 1), next);
    return arith::BitcastOp::create(b, loc, t, next);
  }
  Value nextDown(Value x) { return neg(nextUp(neg(x))); }

  /// r (the round-to-nearest result) moved to the neighbour that rounding
  /// `mode` ('d', 'u', 'z') picks, given a value whose sign is that of
  /// (exact - r): zero or NaN when r is exact.
  Value step(Value r, Value errorSign, char mode) {
    Type et = errorSign.getType();
    Value zero = fconst(et, 0.0);
    Value above = cmp(FP::OGT, errorSign, zero); // exact > r
    Value below = cmp(FP::OLT, errorSign, zero); // exact < r
    Value rZero = fconst(r.getType(), 0.0);
    Value up, down;
    switch (mode) {
    case 'd': down = below; break;
    case 'u': up = above; break;
    default: // toward zero: only when r is farther from zero than exact
      down = andI(below, cmp(FP::OGT, r, rZero));
      up = andI(above, cmp(FP::OLT, r, rZero));
      break;
    }
    Value result = r;
    if (down)
      result = sel(down, nextDown(r), result);
    if (up)
      result = sel(up, nextUp(r), result);
    return result;
  }

  /// The sign of (exact - r) for an r that overflowed to +-inf from finite
  /// operands (exact is finite, so on the near side), else `finiteSign`;
  /// zero (exact) when an operand is not finite.
  Value errorSign(Value r, Value finiteInputs, Value finiteSign) {
    Type et = finiteSign.getType();
    Value rWide = toF64(r); // `finiteSign` is f64
    Value overflowed = cmp(FP::OEQ, math::AbsFOp::create(b, loc, r), fconst(r.getType(), INFINITY));
    Value sign = sel(overflowed, neg(rWide), finiteSign);
    return sel(finiteInputs, sign, fconst(et, 0.0));
  }
};

/// An f64 value (scalar or vector) rounded to `resultType` (f32) in `mode`.
Value roundF64To(ExactOps &f, Value x, Type resultType, char mode) {
  Value r = arith::TruncFOp::create(f.b, f.loc, resultType, x);
  Value sign = f.signOfSum({x, f.neg(f.toF64(r))});
  return f.step(r, f.errorSign(r, f.isFinite(x), sign), mode);
}
} // namespace

std::optional<DirectedOp> mlir::triton_edge::parseDirectedOp(StringRef name) {
  auto [op, mode] = name.rsplit('_');
  if (mode.size() != 2 || mode[0] != 'r' || !StringRef("dzu").contains(mode[1]))
    return std::nullopt;
  auto kind = llvm::StringSwitch<std::optional<DirectedOp::Kind>>(op)
                  .Cases({"fadd", "dadd"}, DirectedOp::Add)
                  .Cases({"fsub", "dsub"}, DirectedOp::Sub)
                  .Cases({"fmul", "dmul"}, DirectedOp::Mul)
                  .Cases({"fdiv", "ddiv"}, DirectedOp::Div)
                  .Cases({"fmaf", "fma"}, DirectedOp::Fma)
                  .Cases({"fsqrt", "dsqrt"}, DirectedOp::Sqrt)
                  .Cases({"frcp", "drcp"}, DirectedOp::Rcp)
                  .Case("double2float", DirectedOp::DoubleToFloat)
                  .Default(std::nullopt);
  if (!kind)
    return std::nullopt;
  return DirectedOp{*kind, mode[1]};
}

unsigned DirectedOp::arity() const {
  switch (kind) {
  case Add: case Sub: case Mul: case Div: return 2;
  case Fma: return 3;
  default: return 1;
  }
}

namespace {

/// The error of a round-to-nearest result `r` against the exact one, in
/// f64: f32 operands widen exactly, and their products are then exact too
/// (TwoProd's low part is 0). TwoProd's low part is exact while the
/// exponents of its factors sum to at least -970: a tiny product, dividend
/// or radicand is first scaled by powers of two (exact), and so is r.
struct ErrorTerms {
  ExactOps &f;
  SmallVector<Value> w; // the operands in f64
  Value rw, minusR;     // r in f64, and -r
  Type wt;
  Value tinyLimit, operandLimit;

  Value lt(Value v, Value limit) {
    return f.cmp(FP::OLT, math::AbsFOp::create(f.b, f.loc, v), limit);
  }
  Value scaleIf(Value cond, Value v, double factor) {
    return f.sel(cond, f.mul(v, f.fconst(wt, factor)), v);
  }
  /// (a', b', r') with a'b' - r' = (ab - r) 2^(600 n), n the factors scaled.
  std::pair<Value, Value> scaledProduct(Value tiny, Value &rs) {
    Value sa = f.andI(tiny, lt(w[0], operandLimit));
    Value sb = f.andI(tiny, lt(w[1], operandLimit));
    rs = scaleIf(sb, scaleIf(sa, rw, 0x1p600), 0x1p600);
    return f.twoProd(scaleIf(sa, w[0], 0x1p600), scaleIf(sb, w[1], 0x1p600));
  }

  Value fmaSign() {
    // A tiny product next to a small addend: everything scaled. Next to a
    // larger addend (|c| >= 2^-400) the product only decides when c = r.
    Value tiny = lt(f.mul(w[0], w[1]), tinyLimit);
    Value smallAddend = lt(w[2], operandLimit);
    Value rs;
    auto [p, e] = scaledProduct(f.andI(tiny, smallAddend), rs);
    // c scaled as r was.
    Value scaled = f.andI(tiny, smallAddend);
    Value cs = scaleIf(f.andI(scaled, lt(w[1], operandLimit)),
                       scaleIf(f.andI(scaled, lt(w[0], operandLimit)), w[2], 0x1p600), 0x1p600);
    Value full = f.signOfSum({p, e, cs, f.neg(rs)});
    Value addendSign = f.signOfSum({w[2], minusR});
    // The product's sign, however far it underflows (0 when a factor is 0).
    Value one = f.fconst(wt, 1.0), zero = f.fconst(wt, 0.0);
    Value productSign = f.mul(math::CopySignOp::create(f.b, f.loc, one, w[0]),
                              math::CopySignOp::create(f.b, f.loc, one, w[1]));
    Value zeroFactor = arith::OrIOp::create(f.b, f.loc, f.cmp(FP::OEQ, w[0], zero),
                                            f.cmp(FP::OEQ, w[1], zero));
    productSign = f.sel(zeroFactor, zero, productSign);
    Value byAddend = f.sel(f.cmp(FP::ONE, addendSign, zero), addendSign, productSign);
    return f.sel(
        f.andI(tiny, f.cmp(FP::OGE, math::AbsFOp::create(f.b, f.loc, w[2]), operandLimit)),
        byAddend, full);
  }

  /// The sign of exact - r (null for an unknown kind); `finite` drops the
  /// lanes whose exact result is an infinity.
  Value sign(DirectedOp::Kind kind, Value &finite) {
    switch (kind) {
    case DirectedOp::Add: return f.signOfSum({w[0], w[1], minusR});
    case DirectedOp::Sub: return f.signOfSum({w[0], f.neg(w[1]), minusR});
    case DirectedOp::Mul: {
      Value rs;
      auto [p, e] = scaledProduct(lt(f.mul(w[0], w[1]), tinyLimit), rs);
      return f.signOfSum({p, e, f.neg(rs)});
    }
    case DirectedOp::Fma: return fmaSign();
    case DirectedOp::Sqrt: {
      // exact - r has the sign of x - r^2.
      Value tiny = lt(w[0], tinyLimit);
      Value rs = scaleIf(tiny, rw, 0x1p300);
      auto [p, e] = f.twoProd(rs, rs);
      return f.signOfSum({scaleIf(tiny, w[0], 0x1p600), f.neg(p), f.neg(e)});
    }
    case DirectedOp::Div: case DirectedOp::Rcp: {
      // exact - r = (a - r b) / b: the residual's sign, flipped for b < 0.
      Value a = kind == DirectedOp::Div ? w[0] : f.fconst(wt, 1.0);
      Value d = kind == DirectedOp::Div ? w[1] : w[0];
      Value tiny = lt(a, tinyLimit);
      auto [p, e] = f.twoProd(scaleIf(tiny, rw, 0x1p600), d);
      Value residual = f.signOfSum({scaleIf(tiny, a, 0x1p600), f.neg(p), f.neg(e)});
      Value s = f.sel(f.cmp(FP::OLT, d, f.fconst(wt, 0.0)), f.neg(residual), residual);
      // x / 0 is an exact infinity (or NaN), not an overflow.
      finite = f.andI(finite, f.cmp(FP::ONE, d, f.fconst(wt, 0.0)));
      return s;
    }
    default: return {};
    }
  }
};

/// The round-to-nearest result of `op` in the operands' type.
Value nearestResult(ExactOps &f, DirectedOp op, ValueRange args) {
  Value x = args[0];
  switch (op.kind) {
  case DirectedOp::Add: return f.add(x, args[1]);
  case DirectedOp::Sub: return f.sub(x, args[1]);
  case DirectedOp::Mul: return f.mul(x, args[1]);
  case DirectedOp::Div: return arith::DivFOp::create(f.b, f.loc, x, args[1]);
  case DirectedOp::Fma: return f.fma(x, args[1], args[2]);
  case DirectedOp::Sqrt: return math::SqrtOp::create(f.b, f.loc, x);
  case DirectedOp::Rcp: return arith::DivFOp::create(f.b, f.loc, f.fconst(x.getType(), 1.0), x);
  default: return {};
  }
}

} // namespace

Value mlir::triton_edge::emitDirectedOp(OpBuilder &b, Location loc, DirectedOp op,
                                        ValueRange args, Type resultType) {
  ExactOps f{b, loc};
  Value x = args[0];
  if (op.kind == DirectedOp::DoubleToFloat)
    return roundF64To(f, x, resultType, op.mode);
  Type t = x.getType();
  Value r = nearestResult(f, op, args);
  if (!r)
    return {};
  SmallVector<Value> w;
  for (Value a : args)
    w.push_back(f.toF64(a));
  Value rw = f.toF64(r), minusR = f.neg(rw);
  Type wt = rw.getType();
  Value finite = f.isFinite(w[0]);
  for (Value a : ArrayRef<Value>(w).drop_front())
    finite = f.andI(finite, f.isFinite(a));
  Value tinyLimit = f.fconst(wt, 0x1p-900), operandLimit = f.fconst(wt, 0x1p-400);
  ErrorTerms terms{f, w, rw, minusR, wt, tinyLimit, operandLimit};
  Value sign = terms.sign(op.kind, finite);
  if (!sign)
    return {};
  Value errorSign = f.errorSign(r, finite, sign);
  Value result = f.step(r, errorSign, op.mode);
  if (op.mode != 'd' ||
      (op.kind != DirectedOp::Add && op.kind != DirectedOp::Sub && op.kind != DirectedOp::Fma))
    return result;
  // An exact zero sum of operands of opposite signs is -0 when rounding
  // down (+0 otherwise): -((-a) + (-b)) in round-to-nearest gives exactly
  // that sign, and +0 + +0 stays +0.
  Value negated;
  if (op.kind == DirectedOp::Add)
    negated = f.neg(f.add(f.neg(x), f.neg(args[1])));
  else if (op.kind == DirectedOp::Sub)
    negated = f.neg(f.sub(f.neg(x), f.neg(args[1])));
  else
    negated = f.neg(f.fma(f.neg(x), args[1], f.neg(args[2])));
  Value exactZero = f.andI(f.cmp(FP::OEQ, r, f.fconst(t, 0.0)),
                           f.cmp(FP::OEQ, errorSign, f.fconst(wt, 0.0)));
  return f.sel(exactZero, negated, result);
}

Value mlir::triton_edge::emitDirectedIntToFloat(OpBuilder &b, Location loc, Value x,
                                                bool isUnsigned, char mode,
                                                Type resultType) {
  ExactOps f{b, loc};
  Type it = x.getType();
  unsigned width = getElementTypeOrSelf(it).getIntOrFloatBitWidth();
  auto convert = [&](Type to) -> Value {
    if (isUnsigned)
      return arith::UIToFPOp::create(b, loc, to, x);
    return arith::SIToFPOp::create(b, loc, to, x);
  };
  if (width <= 32) // exact in f64, then one directed rounding
    return getElementTypeOrSelf(resultType).isF64()
               ? convert(resultType)
               : roundF64To(f, convert(withElement(it, b.getF64Type())), resultType, mode);
  // 64-bit integers: r rounded to nearest, converted back to compare. r can
  // be 2^63 (2^64 unsigned), one past the range, and then exceeds x.
  Value r = convert(resultType);
  double top = isUnsigned ? 18446744073709551616.0 : 9223372036854775808.0;
  Value pastRange = f.cmp(FP::OGE, r, f.fconst(resultType, top));
  Value back = isUnsigned ? arith::FPToUIOp::create(b, loc, it, r).getResult()
                          : arith::FPToSIOp::create(b, loc, it, r).getResult();
  // |x - back| < 2^40: the wrapped difference's sign is the true one.
  Value diff = arith::SubIOp::create(b, loc, x, back);
  Value zero = f.iconst(it, 0);
  Value greater = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, diff, zero);
  Value less = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, diff, zero);
  Value sign = f.sel(less, f.fconst(resultType, -1.0),
                     f.sel(greater, f.fconst(resultType, 1.0), f.fconst(resultType, 0.0)));
  sign = f.sel(pastRange, f.fconst(resultType, -1.0), sign);
  return f.step(r, sign, mode);
}

namespace {
/// The integer type of x's width and shape, and x's bits in it.
std::pair<Type, Value> bitsOf(OpBuilder &b, Location loc, Value x) {
  unsigned width = getElementTypeOrSelf(x.getType()).getIntOrFloatBitWidth();
  Type it = withElement(x.getType(), b.getIntegerType(width));
  return {it, arith::BitcastOp::create(b, loc, it, x)};
}
unsigned mantissaBits(Type t) { return getElementTypeOrSelf(t).isF64() ? 52 : 23; }
} // namespace

Value mlir::triton_edge::emitNextAfter(OpBuilder &b, Location loc, Value x, Value y) {
  ExactOps f{b, loc};
  Type t = x.getType();
  auto [it, bits] = bitsOf(b, loc, x);
  Value zero = f.fconst(t, 0.0);
  // Away from zero (+1 on the bits) when y lies beyond x on x's side.
  Value outward = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        f.cmp(FP::OGT, y, x), f.cmp(FP::OGT, x, zero));
  Value next = f.sel(outward, arith::AddIOp::create(b, loc, bits, f.iconst(it, 1)),
                     arith::SubIOp::create(b, loc, bits, f.iconst(it, 1)));
  Value r = arith::BitcastOp::create(b, loc, t, next);
  // From zero: the smallest subnormal with y's sign.
  Value tiny = arith::BitcastOp::create(b, loc, t, f.iconst(it, 1));
  r = f.sel(f.cmp(FP::OEQ, x, zero), math::CopySignOp::create(b, loc, tiny, y), r);
  r = f.sel(f.cmp(FP::OEQ, x, y), y, r);
  return f.sel(f.cmp(FP::UNO, x, y), f.add(x, y), r);
}

Value mlir::triton_edge::emitLogb(OpBuilder &b, Location loc, Value x, Type resultType) {
  ExactOps f{b, loc};
  Type t = x.getType();
  unsigned mant = mantissaBits(t);
  int64_t bias = mant == 52 ? 1023 : 127;
  Value ax = math::AbsFOp::create(b, loc, x);
  // Subnormals scaled into the normal range first (exact).
  Value sub = f.cmp(FP::OLT, ax, f.fconst(t, std::ldexp(1.0, 1 - bias)));
  Value scaled = f.sel(sub, f.mul(ax, f.fconst(t, 0x1p64)), ax);
  auto [it, bits] = bitsOf(b, loc, scaled);
  Value field = arith::ShRUIOp::create(b, loc, bits, f.iconst(it, mant));
  Value e = arith::SubIOp::create(b, loc, field,
                                  f.sel(sub, f.iconst(it, bias + 64), f.iconst(it, bias)));
  Value isZero = f.cmp(FP::OEQ, ax, f.fconst(t, 0.0));
  Value isInf = f.cmp(FP::OEQ, ax, f.fconst(t, INFINITY));
  Value isNan = f.cmp(FP::UNO, x, x);
  if (isa<IntegerType>(getElementTypeOrSelf(resultType))) {
    unsigned rw = getElementTypeOrSelf(resultType).getIntOrFloatBitWidth();
    if (rw < getElementTypeOrSelf(it).getIntOrFloatBitWidth())
      e = arith::TruncIOp::create(b, loc, resultType, e);
    else if (rw > getElementTypeOrSelf(it).getIntOrFloatBitWidth())
      e = arith::ExtSIOp::create(b, loc, resultType, e);
    int64_t minInt = -(int64_t(1) << (rw - 1));
    e = f.sel(arith::OrIOp::create(b, loc, isZero, isNan), f.iconst(resultType, minInt), e);
    return f.sel(isInf, f.iconst(resultType, -(minInt + 1)), e);
  }
  Value r = arith::SIToFPOp::create(b, loc, t, e);
  r = f.sel(isZero, f.fconst(t, -INFINITY), r);
  r = f.sel(isInf, f.fconst(t, INFINITY), r);
  return f.sel(isNan, x, r);
}

Value mlir::triton_edge::emitRemainder(OpBuilder &b, Location loc, Value x, Value y) {
  ExactOps f{b, loc};
  Type t = x.getType();
  Value ay = math::AbsFOp::create(b, loc, y);
  // fmod by 2|y| tells the truncated quotient's parity (odd when the rest
  // is at least |y|); every subtraction below is exact (Sterbenz).
  Value r2 = arith::RemFOp::create(b, loc, x, f.mul(ay, f.fconst(t, 2.0)));
  Value odd = f.cmp(FP::OGE, math::AbsFOp::create(b, loc, r2), ay);
  Value r = f.sel(odd, f.sub(r2, math::CopySignOp::create(b, loc, ay, r2)), r2);
  Value twiceR = f.mul(math::AbsFOp::create(b, loc, r), f.fconst(t, 2.0));
  Value beyondHalf = f.cmp(FP::OGT, twiceR, ay);
  Value tieToEven = f.andI(f.cmp(FP::OEQ, twiceR, ay), odd);
  Value flip = arith::OrIOp::create(b, loc, beyondHalf, tieToEven);
  r = f.sel(flip, f.sub(r, math::CopySignOp::create(b, loc, ay, r)), r);
  // A zero remainder has x's sign.
  Value isZero = f.cmp(FP::OEQ, r, f.fconst(t, 0.0));
  Value signedZero = math::CopySignOp::create(b, loc, f.fconst(t, 0.0), x);
  // y = +-inf gives x (fmod by inf, never >= |y|); NaN, x = inf and y = 0
  // give NaN through fmod.
  return f.sel(isZero, signedZero, r);
}

Value mlir::triton_edge::emitRsqrtRn(OpBuilder &b, Location loc, Value x) {
  ExactOps f{b, loc};
  Type t = x.getType();
  // Special values (0, inf, negative, NaN) are exact in 1 / sqrt(x).
  Value plain = arith::DivFOp::create(b, loc, f.fconst(t, 1.0), math::SqrtOp::create(b, loc, x));
  // f32: y = 1/sqrt(x) in f64 rounded to r; y's error (~2^-52) can put r one
  // ulp off only near a midpoint m, which is settled exactly by the sign of
  // x m^2 - 1 (m has 25 bits: m^2 exact, x m^2 by TwoProd).
  Value xd = f.toF64(x);
  Type wt = xd.getType();
  Value y = arith::DivFOp::create(b, loc, f.fconst(wt, 1.0), math::SqrtOp::create(b, loc, xd));
  Value r = arith::TruncFOp::create(b, loc, t, y);
  Value rd = f.toF64(r);
  Value above = f.cmp(FP::OGT, y, rd);
  Value neighbor = f.sel(above, f.nextUp(r), f.nextDown(r));
  Value m = f.mul(f.add(rd, f.toF64(neighbor)), f.fconst(wt, 0.5));
  auto [p, e] = f.twoProd(xd, f.mul(m, m));
  Value s = f.signOfSum({p, e, f.fconst(wt, -1.0)}); // < 0: 1/sqrt(x) > m
  Value wrong = f.sel(above, f.cmp(FP::OLT, s, f.fconst(wt, 0.0)),
                      f.cmp(FP::OGT, s, f.fconst(wt, 0.0)));
  Value rounded = f.sel(wrong, neighbor, r);
  Value regular = f.andI(f.cmp(FP::OGT, x, f.fconst(t, 0.0)), f.isFinite(x));
  return f.sel(regular, rounded, plain);
}

Value mlir::triton_edge::emitNorm(OpBuilder &b, Location loc, ValueRange xs, bool reciprocal) {
  ExactOps f{b, loc};
  Type t = xs[0].getType();
  // In f64 (f32 operands: squares and sums nearly exact), each value divided
  // by the largest magnitude so that nothing overflows or underflows.
  SmallVector<Value> a;
  for (Value x : xs)
    a.push_back(math::AbsFOp::create(b, loc, f.toF64(x)));
  Type wt = a[0].getType();
  Value inf = f.fconst(wt, INFINITY), zero = f.fconst(wt, 0.0);
  Value m = a[0], anyInf = f.cmp(FP::OEQ, a[0], inf);
  for (Value v : ArrayRef<Value>(a).drop_front()) {
    m = arith::MaximumFOp::create(b, loc, m, v);
    anyInf = arith::OrIOp::create(b, loc, anyInf, f.cmp(FP::OEQ, v, inf));
  }
  Value isZero = f.cmp(FP::OEQ, m, zero);
  Value safe = f.sel(isZero, f.fconst(wt, 1.0), m);
  Value sum = zero;
  for (Value v : a) {
    Value q = arith::DivFOp::create(b, loc, v, safe);
    sum = f.fma(q, q, sum);
  }
  Value root = math::SqrtOp::create(b, loc, sum);
  Value n;
  if (reciprocal) {
    // (1 / root) / m, not 1 / (m root): the norm may overflow where its
    // reciprocal is still a (subnormal) number.
    Value one = f.fconst(wt, 1.0);
    n = arith::DivFOp::create(b, loc, arith::DivFOp::create(b, loc, one, root), m);
    n = f.sel(isZero, inf, n);
    n = f.sel(anyInf, zero, n); // an infinite component wins over NaN
  } else {
    n = f.mul(m, root);
    n = f.sel(isZero, zero, n);
    n = f.sel(anyInf, inf, n);
  }
  return n.getType() == t ? n : arith::TruncFOp::create(b, loc, t, n).getResult();
}
