// triton-edge-define-arith-semantics: the integer and conversion cases that
// LLVM leaves undefined (and x86 turns into SIGFPE) get the one answer of
// docs/semantics.md, the same on every target, scalar or vector, and where
// it is a per-type rule, the answer measured on a GPU (H100, Triton 3.6):
//
//   x / 0 = -1 (all bits set)   x % 0 = -1         (signed and unsigned)
//   MIN / -1 = MIN              MIN % -1 = 0
//   x << s, x >>u s = 0 and x >>s s = sign fill   for s >= width (unsigned s)
//   fptosi/fptoui: converted at the conversion width (16 bits for an 8-bit
//     result, else the result's width), saturated to that width's range,
//     then truncated to the result; NaN -> 0, or the conversion width's MIN
//     bit pattern from f64 or to 64 bits
//   truncf/extf (nan-sign: targets with canonical NaNs): a NaN keeps its sign
//
// Each rewrite keeps the original op on operands where it is defined (the
// divisor selected to 1 where it is 0 or in MIN / -1, the arithmetic shift
// amount clamped) and selects the defined answer where it is not, so no lane
// traps, including masked-off lanes of a tail loaded with other=0. Constant
// divisors and shift amounts that are always defined keep the plain op.
#include "triton-edge/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_DEFINEARITHSEMANTICS
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;

namespace {

/// Every lane of an integer constant (a scalar, a splat or dense constant, or
/// a broadcast of one); nullopt when the value is not a constant.
std::optional<SmallVector<APInt>> constantLanes(Value v) {
  while (auto bc = v.getDefiningOp<vector::BroadcastOp>())
    v = bc.getSource();
  Attribute attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  if (auto i = dyn_cast<IntegerAttr>(attr))
    return SmallVector<APInt>{i.getValue()};
  auto dense = dyn_cast<DenseIntElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  if (dense.isSplat())
    return SmallVector<APInt>{dense.getSplatValue<APInt>()};
  return SmallVector<APInt>(dense.getValues<APInt>());
}

/// Builds constants, compares and selects shaped like `type` (a scalar, a
/// vector or a tensor of its element type).
struct Emitter {
  OpBuilder &b;
  Location loc;

  Value constant(Type type, TypedAttr scalar) {
    Attribute a = scalar;
    if (auto shaped = dyn_cast<ShapedType>(type))
      a = DenseElementsAttr::get(shaped, a);
    return arith::ConstantOp::create(b, loc, cast<TypedAttr>(a));
  }
  Value intConst(Type type, const APInt &v) {
    return constant(type, b.getIntegerAttr(getElementTypeOrSelf(type), v));
  }
  Value floatConst(Type type, const APFloat &v) {
    return constant(type, b.getFloatAttr(getElementTypeOrSelf(type), v));
  }
  Value cmpi(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value cmpf(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value select(Value c, Value t, Value f) { return arith::SelectOp::create(b, loc, c, t, f); }
};

/// divsi/divui/remsi/remui: the divisor selected to 1 where it is 0 (and,
/// signed, where the quotient overflows), then the defined result selected.
void defineDivision(Operation *op, bool isSigned) {
  Value x = op->getOperand(0), y = op->getOperand(1);
  auto elem = dyn_cast<IntegerType>(getElementTypeOrSelf(y.getType()));
  if (!elem) // index: the compiler's own address and grid arithmetic
    return;
  unsigned w = elem.getWidth();
  if (auto lanes = constantLanes(y)) {
    bool defined = llvm::all_of(*lanes, [&](const APInt &v) {
      return !v.isZero() && !(isSigned && v.isAllOnes());
    });
    if (defined)
      return;
  }
  Type type = y.getType();
  OpBuilder b(op);
  Emitter e{b, op->getLoc()};
  Value allOnes = e.intConst(type, APInt::getAllOnes(w));
  Value isZero = e.cmpi(arith::CmpIPredicate::eq, y, e.intConst(type, APInt(w, 0)));
  Value undefined = isZero;
  if (isSigned) {
    Value isMin = e.cmpi(arith::CmpIPredicate::eq, x, e.intConst(type, APInt::getSignedMinValue(w)));
    Value isMinusOne = e.cmpi(arith::CmpIPredicate::eq, y, allOnes);
    undefined = arith::OrIOp::create(b, e.loc, isZero,
                                     arith::AndIOp::create(b, e.loc, isMin, isMinusOne));
  }
  // MIN / 1 = MIN and MIN % 1 = 0: the overflow case needs no second select.
  op->setOperand(1, e.select(undefined, e.intConst(type, APInt(w, 1)), y));
  b.setInsertionPointAfter(op);
  // x % 0 is all bits set as well: the GPU's rem.s/rem.u answer, measured
  // at 8, 16 and 32 bits (docs/semantics.md).
  Value out = e.select(isZero, allOnes, op->getResult(0));
  op->getResult(0).replaceAllUsesExcept(out, out.getDefiningOp());
}

/// shli/shrui: 0 where the amount (unsigned) is >= the width; shrsi: the
/// amount clamped to width - 1 (the sign fill).
void defineShift(Operation *op) {
  Value amount = op->getOperand(1);
  auto elem = dyn_cast<IntegerType>(getElementTypeOrSelf(amount.getType()));
  if (!elem)
    return;
  unsigned w = elem.getWidth();
  if (auto lanes = constantLanes(amount))
    if (llvm::all_of(*lanes, [&](const APInt &v) { return v.ult(w); }))
      return;
  Type type = amount.getType();
  OpBuilder b(op);
  Emitter e{b, op->getLoc()};
  if (isa<arith::ShRSIOp>(op)) {
    Value last = e.intConst(type, APInt(w, w - 1));
    op->setOperand(1, arith::MinUIOp::create(b, e.loc, amount, last));
    return;
  }
  // The width itself may not fit i1: compare with width - 1 instead.
  Value tooFar = e.cmpi(arith::CmpIPredicate::ugt, amount, e.intConst(type, APInt(w, w - 1)));
  b.setInsertionPointAfter(op);
  Value out = e.select(tooFar, e.intConst(type, APInt(w, 0)), op->getResult(0));
  op->getResult(0).replaceAllUsesExcept(out, out.getDefiningOp());
}

/// 2^k (negated if asked) in `sem`: exact, or infinite (NaN for types
/// without infinities) where 2^k is beyond the type's range; either way every
/// finite value of the type then fits the integer on that side.
APFloat powerOfTwo(const llvm::fltSemantics &sem, unsigned k, bool negate) {
  APFloat f(sem);
  f.convertFromAPInt(APInt::getOneBitSet(k + 1, k), /*IsSigned=*/false,
                     APFloat::rmNearestTiesToEven);
  if (negate)
    f.changeSign();
  return f;
}

/// `type` (a scalar or a shaped type) with element type `elem`.
Type withElement(Type type, Type elem) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.clone(elem);
  return elem;
}

/// fptosi/fptoui as a GPU's cvt: the conversion happens at `cw` bits (16
/// for an 8-bit result: NVPTX holds i8 in 16-bit registers, converts to 16
/// bits and truncates, so 128.0 -> i8 wraps to -128 and inf -> i8 is -1),
/// saturated to that width's range, then truncated to the result's width.
/// NaN gives 0, except from f64 or at 64 bits, where the GPU's cvt gives
/// the conversion width's MIN bit pattern (measured, docs/semantics.md).
/// The conversion's own result is read only where it is defined.
void defineFloatToInt(Operation *op, bool isSigned) {
  Value x = op->getOperand(0);
  Type resultType = op->getResult(0).getType();
  auto elem = dyn_cast<IntegerType>(getElementTypeOrSelf(resultType));
  auto fElem = dyn_cast<FloatType>(getElementTypeOrSelf(x.getType()));
  if (!elem || !fElem)
    return;
  unsigned w = elem.getWidth();
  unsigned cw = w == 8 ? 16 : w;
  const llvm::fltSemantics &sem = fElem.getFloatSemantics();
  APInt nanBits = fElem.getWidth() == 64 || cw == 64 ? APInt::getSignedMinValue(cw) : APInt(cw, 0);
  Type fType = x.getType();
  OpBuilder b(op);
  Emitter e{b, op->getLoc()};
  // An 8-bit result: the op itself converts to 16 bits; a trunci after the
  // selects gives the 8-bit result (no work a direct conversion to i8,
  // itself widened by LLVM, would not do).
  Type intType = resultType;
  if (cw != w) {
    intType = withElement(resultType, b.getIntegerType(cw));
    op->getResult(0).setType(intType);
  }
  b.setInsertionPointAfter(op);
  Value r = op->getResult(0);
  Value first, out;
  if (isSigned) {
    Value low = e.cmpf(arith::CmpFPredicate::OLE, x, e.floatConst(fType, powerOfTwo(sem, cw - 1, true)));
    Value high = e.cmpf(arith::CmpFPredicate::OGE, x, e.floatConst(fType, powerOfTwo(sem, cw - 1, false)));
    Value nan = e.cmpf(arith::CmpFPredicate::UNO, x, x);
    first = e.select(low, e.intConst(intType, APInt::getSignedMinValue(cw)), r);
    out = e.select(high, e.intConst(intType, APInt::getSignedMaxValue(cw)), first);
    out = e.select(nan, e.intConst(intType, nanBits), out);
  } else {
    Value high = e.cmpf(arith::CmpFPredicate::OGE, x, e.floatConst(fType, powerOfTwo(sem, cw, false)));
    first = e.select(high, e.intConst(intType, APInt::getMaxValue(cw)), r);
    if (nanBits.isZero()) {
      // Unordered or below zero: NaN and negative values give 0.
      Value low = e.cmpf(arith::CmpFPredicate::ULT, x, e.floatConst(fType, APFloat::getZero(sem)));
      out = e.select(low, e.intConst(intType, APInt(cw, 0)), first);
    } else {
      Value low = e.cmpf(arith::CmpFPredicate::OLT, x, e.floatConst(fType, APFloat::getZero(sem)));
      Value nan = e.cmpf(arith::CmpFPredicate::UNO, x, x);
      out = e.select(low, e.intConst(intType, APInt(cw, 0)), first);
      out = e.select(nan, e.intConst(intType, nanBits), out);
    }
  }
  Value result = out;
  if (cw != w)
    result = arith::TruncIOp::create(b, e.loc, resultType, out);
  r.replaceAllUsesExcept(result, SmallPtrSet<Operation *, 2>{first.getDefiningOp(),
                                                              result.getDefiningOp()});
}

/// truncf/extf between f16, bf16, f32 and f64 on ISAs whose conversions
/// return a canonical positive NaN: the result of a NaN whose sign bit is
/// set gets its sign bit set (other results already have their operand's
/// sign). fp8 conversions follow triton-edge-expand-fp8's rules.
void keepNaNSign(Operation *op) {
  Value x = op->getOperand(0), r = op->getResult(0);
  auto from = dyn_cast<FloatType>(getElementTypeOrSelf(x.getType()));
  auto to = dyn_cast<FloatType>(getElementTypeOrSelf(r.getType()));
  if (!from || !to || from.getWidth() < 16 || to.getWidth() < 16)
    return;
  OpBuilder b(op);
  b.setInsertionPointAfter(op);
  Emitter e{b, op->getLoc()};
  // In integers: bits | (sign of x where x is NaN). A select between the
  // two floats would become LLVM's fneg(fabs(r)), which its loop
  // vectorizer crashes on for f16 on RISC-V without Zvfh (LLVM 22).
  unsigned fw = from.getWidth(), tw = to.getWidth();
  Type fromInt = withElement(x.getType(), b.getIntegerType(fw));
  Type toInt = withElement(r.getType(), b.getIntegerType(tw));
  Value sign = arith::ShRUIOp::create(b, e.loc, arith::BitcastOp::create(b, e.loc, fromInt, x),
                                      e.intConst(fromInt, APInt(fw, fw - 1)));
  if (fw > tw)
    sign = arith::TruncIOp::create(b, e.loc, toInt, sign);
  else if (fw < tw)
    sign = arith::ExtUIOp::create(b, e.loc, toInt, sign);
  sign = arith::ShLIOp::create(b, e.loc, sign, e.intConst(toInt, APInt(tw, tw - 1)));
  Value nanMask = arith::ExtSIOp::create(b, e.loc, toInt, e.cmpf(arith::CmpFPredicate::UNO, x, x));
  auto bits = arith::BitcastOp::create(b, e.loc, toInt, r);
  Value out = arith::BitcastOp::create(
      b, e.loc, r.getType(),
      arith::OrIOp::create(b, e.loc, bits, arith::AndIOp::create(b, e.loc, sign, nanMask)));
  r.replaceAllUsesExcept(out, SmallPtrSet<Operation *, 2>{bits, out.getDefiningOp()});
}

struct DefineArithSemanticsPass
    : mlir::triton_edge::impl::DefineArithSemanticsBase<DefineArithSemanticsPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<arith::DivSIOp, arith::DivUIOp, arith::RemSIOp, arith::RemUIOp, arith::ShLIOp,
              arith::ShRUIOp, arith::ShRSIOp, arith::FPToSIOp, arith::FPToUIOp>(op) ||
          (nanSign && isa<arith::TruncFOp, arith::ExtFOp>(op)))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      if (isa<arith::TruncFOp, arith::ExtFOp>(op))
        keepNaNSign(op);
      else if (isa<arith::DivSIOp, arith::RemSIOp>(op))
        defineDivision(op, /*isSigned=*/true);
      else if (isa<arith::DivUIOp, arith::RemUIOp>(op))
        defineDivision(op, /*isSigned=*/false);
      else if (isa<arith::FPToSIOp, arith::FPToUIOp>(op))
        defineFloatToInt(op, isa<arith::FPToSIOp>(op));
      else
        defineShift(op);
    }
  }
};

} // namespace
