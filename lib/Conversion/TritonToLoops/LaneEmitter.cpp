#include "LaneEmitter.h"
#include "Libdevice.h"

#include "triton-edge/Analysis/AxisInfo.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include <numeric>

using namespace mlir;
using namespace mlir::triton_edge;

Type LaneEmitter::laneType(Type elem, bool isVector) const {
  if (!isVector)
    return elem;
  return VectorType::get({width}, elem);
}

Value LaneEmitter::toVector(Location loc, const Lanes &lanes) {
  if (lanes.isVector)
    return lanes.value;
  return vector::BroadcastOp::create(
      b, loc, VectorType::get({width}, lanes.value.getType()), lanes.value);
}

/// Rebuilds `op` (an integer op of AxisInfo's rules) on scalar `operands`.
static Value rebuildScalar(OpBuilder &b, Operation *op, ValueRange operands, Type type) {
  OperationState state(op->getLoc(), op->getName());
  state.addOperands(operands);
  state.addTypes(type);
  return b.create(state)->getResult(0);
}

// (base + j) % C over unit-stride lanes with a constant C >= width: channels
// of a channels-last tensor, the columns of a row-major one. Unless the
// lanes cross a multiple of C, lane j holds (base % C) + j. The test, made
// once per vector: base >= 0 (remsi and remui then agree), base + width - 1
// does not overflow, and base % C <= C - width.
void LaneEmitter::contiguousRemainder(Operation *op, ArrayRef<Lanes> ops, Lanes &out) {
  if (isa<arith::AddIOp>(op) && ops.size() == 2) {
    // Such lanes plus a uniform offset (x0 + 104 * y1): still contiguous
    // under the same test.
    for (int i = 0; i < 2; ++i) {
      const Lanes &lanes = ops[i], &offset = ops[1 - i];
      if (lanes.contiguousWhen && !offset.isVector) {
        out.contiguousWhen = lanes.contiguousWhen;
        out.contiguousBase = arith::AddIOp::create(b, op->getLoc(), lanes.contiguousBase, offset.value);
        if (lanes.halvesWhen) {
          out.halvesWhen = lanes.halvesWhen;
          out.halvesBase = arith::AddIOp::create(b, op->getLoc(), lanes.halvesBase, offset.value);
        }
        return;
      }
    }
    return;
  }
  if (!isa<arith::RemSIOp, arith::RemUIOp>(op) || ops.size() != 2)
    return;
  const Lanes &num = ops[0], &den = ops[1];
  if (!num.affine || num.stride != 1 || den.isVector || !den.affine)
    return;
  std::optional<int64_t> divisor = getConstantIntValue(den.base);
  if (!divisor || *divisor < width)
    return;
  Type type = num.base.getType();
  if (!type.isInteger() || type.getIntOrFloatBitWidth() > 64)
    return;
  Location loc = op->getLoc();
  unsigned bits = type.getIntOrFloatBitWidth();
  auto constant = [&](const APInt &v) {
    return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, v)).getResult();
  };
  Value start = rebuildScalar(b, op, {num.base, den.base}, type);
  Value zero = constant(APInt(bits, 0));
  Value lastStart = constant(APInt::getSignedMaxValue(bits) - (width - 1));
  Value lastRemainder = constant(APInt(bits, *divisor - width));
  Value nonNegative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, num.base, zero);
  Value noOverflow = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, num.base, lastStart);
  Value noWrap = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, start, lastRemainder);
  Value inRange = arith::AndIOp::create(b, loc, nonNegative, noOverflow);
  out.contiguousWhen = arith::AndIOp::create(b, loc, inRange, noWrap);
  out.contiguousBase = start;
  // base is a multiple of its divisor d, so start = base % C is a multiple
  // of g = gcd(d, C), and so is C - start, the lane where the vector wraps.
  // With g = width / 2 that lane can only be the middle one: the second half
  // then starts again at 0 (x0 = xindex % 24 under 16 lanes).
  if (width % 2 == 0 && std::gcd(num.baseDivisor, *divisor) == width / 2) {
    out.halvesWhen = inRange;
    out.halvesBase = zero;
  }
}

// Only forms that hold for every lane of every iteration are produced (the
// rules are Analysis/AxisInfo's); anything else leaves the value non-affine,
// and it then goes through gathers/scatters, which are always correct.
Lanes LaneEmitter::emitAffine(Operation *op, ArrayRef<Lanes> ops, Value result) {
  Lanes out;
  out.value = result;
  out.isVector = isa<VectorType>(result.getType());
  Type scalarType = getElementTypeOrSelf(result.getType());
  if (!scalarType.isIntOrIndex())
    return out;
  if (out.isVector && !llvm::all_of(ops, [](const Lanes &l) { return l.affine; })) {
    contiguousRemainder(op, ops, out);
    return out;
  }
  SmallVector<LaneFact> facts;
  SmallVector<std::optional<int64_t>> constants;
  for (const Lanes &l : ops) {
    facts.push_back(LaneFact{l.stride, l.baseDivisor});
    constants.push_back(l.affine ? getConstantIntValue(l.base) : std::nullopt);
  }
  std::optional<LaneFact> fact = transferLaneFact(op, facts, constants, width);
  if (!out.isVector) {
    // Uniform integer: still track its divisibility.
    return Lanes::uniform(result, fact ? fact->divisor : 1);
  }
  if (!fact) {
    contiguousRemainder(op, ops, out);
    return out;
  }
  if (isa<arith::ConstantOp>(op))
    return out;
  SmallVector<Value> bases;
  for (const Lanes &l : ops)
    bases.push_back(l.base);
  Value base = rebuildScalar(b, op, bases, scalarType);
  // A quotient of aligned lanes is the same for all of them: uniform.
  if (fact->stride == 0 && isa<arith::DivSIOp, arith::DivUIOp>(op) && ops[0].stride != 0)
    return Lanes::uniform(base, fact->divisor);
  out.affine = true;
  out.base = base;
  out.stride = fact->stride;
  out.baseDivisor = fact->divisor;
  return out;
}

Value LaneEmitter::emitFpToFp(triton::FpToFpOp op, Value src, bool anyVector) {
  Location loc = op.getLoc();
  Type resultElem = triton::getElementTypeOrSelf(op->getResult(0).getType());
  Type type = laneType(resultElem, anyVector);
  unsigned from = getElementTypeOrSelf(src.getType()).getIntOrFloatBitWidth();
  unsigned to = resultElem.getIntOrFloatBitWidth();
  if (to > from)
    return arith::ExtFOp::create(b, loc, type, src);
  // rtz: fp8 targets leave it to triton-edge-expand-fp8 (it reads the
  // attribute); f16/bf16 targets step the nearest-even result one ulp
  // toward zero where it rounded away from zero (inf from a finite value
  // steps to the largest finite), which is exact and needs no rounding-mode
  // support from the target.
  bool towardZero = op.getRounding() == triton::RoundingMode::RTZ;
  auto narrow = [&](Value v) -> Value {
    auto truncf = arith::TruncFOp::create(b, loc, type, v);
    if (to == 8 && towardZero)
      truncf.setRoundingmode(arith::RoundingMode::toward_zero);
    if (to != 16 || !towardZero)
      return truncf;
    // Rounded away from zero: back > v > 0 or back < v < 0. Written
    // without fabs: LLVM folds fabs(fpext(h)) into an f16 fabs, on which
    // its loop vectorizer crashes for RISC-V without Zvfh (LLVM 22).
    Value back = arith::ExtFOp::create(b, loc, v.getType(), truncf.getResult());
    auto cmp = [&](arith::CmpFPredicate p, Value x, Value y) -> Value {
      return arith::CmpFOp::create(b, loc, p, x, y);
    };
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(v.getType()));
    using P = arith::CmpFPredicate;
    Value awayFromZero = arith::OrIOp::create(
        b, loc, arith::AndIOp::create(b, loc, cmp(P::OGT, v, zero), cmp(P::OGT, back, v)),
        arith::AndIOp::create(b, loc, cmp(P::OLT, v, zero), cmp(P::OLT, back, v)));
    Type bitsType = laneType(b.getI16Type(), anyVector);
    Value bits = arith::BitcastOp::create(b, loc, bitsType, truncf.getResult());
    Value one = arith::ConstantOp::create(b, loc, b.getOneAttr(bitsType));
    Value stepped = arith::BitcastOp::create(
        b, loc, type, arith::SubIOp::create(b, loc, bits, one));
    return arith::SelectOp::create(b, loc, awayFromZero, stepped, truncf.getResult());
  };
  if (to < from)
    return narrow(src);
  // Same width, different format (f16 <-> bf16, fp8 <-> fp8): through f32.
  Type f32 = laneType(b.getF32Type(), anyVector);
  Value wide = arith::ExtFOp::create(b, loc, f32, src);
  return narrow(wide);
}

SmallVector<Lanes> LaneEmitter::rebuildElementwise(Operation *op, ArrayRef<Lanes> operands,
                                                   ArrayRef<Value> values, bool anyVector) {
  Location loc = op->getLoc();
  OperationState state(loc, op->getName());
  state.addOperands(values);
  for (unsigned i = 0; i < op->getNumResults(); ++i)
    state.addTypes(
        laneType(triton::getElementTypeOrSelf(op->getResult(i).getType()), anyVector));
  for (NamedAttribute attr : op->getDiscardableAttrDictionary())
    if (!isLanePlanAttr(attr.getName()))
      state.addAttribute(attr.getName(), attr.getValue());
  if (std::optional<Attribute> props = op->getPropertiesAsAttribute(); props && *props)
    state.propertiesAttr = *props;
  Operation *rebuilt = b.create(state);
  SmallVector<Lanes> results;
  for (Value r : rebuilt->getResults()) {
    results.push_back(emitAffine(op, operands, r));
  }
  return results;
}

FailureOr<SmallVector<Lanes>> LaneEmitter::emit(Operation *op,
                                                ArrayRef<Lanes> operands) {
  Location loc = op->getLoc();
  bool anyVector = llvm::any_of(operands, [](const Lanes &l) { return l.isVector; });

  auto resultElem = [&](unsigned i) {
    return triton::getElementTypeOrSelf(op->getResult(i).getType());
  };
  auto vectorOperands = [&]() {
    SmallVector<Value> values;
    for (const Lanes &l : operands)
      values.push_back(anyVector ? toVector(loc, l) : l.value);
    return values;
  };

  if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
    Attribute value = cst.getValue();
    if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
      if (!dense.isSplat())
        return op->emitError("non-splat tensor constant reached the lane emitter");
      value = dense.getSplatValue<Attribute>();
    }
    Value scalar = arith::ConstantOp::create(b, loc, cast<TypedAttr>(value));
    return SmallVector<Lanes>{Lanes::uniform(scalar, uniformDivisibility(cst))};
  }

  if (auto ext = dyn_cast<triton::ExternElementwiseOp>(op)) {
    std::string invalid = checkLibdeviceCall(
        ext.getSymbol(), ext->getOperandTypes(), ext.getType());
    if (!invalid.empty())
      return op->emitError(invalid) << " in tt.extern_elementwise";
    Type type = laneType(resultElem(0), anyVector);
    Value v = emitLibdeviceCall(b, loc, ext.getSymbol(), vectorOperands(), type);
    if (!v)
      return op->emitError("unsupported libdevice function '")
             << ext.getSymbol() << "' in tt.extern_elementwise";
    return SmallVector<Lanes>{anyVector ? Lanes::vector(v) : Lanes::uniform(v)};
  }

  auto wrap = [&](Value v) {
    return SmallVector<Lanes>{anyVector ? Lanes::vector(v) : Lanes::uniform(v)};
  };
  if (isa<triton::PreciseSqrtOp>(op))
    return wrap(math::SqrtOp::create(b, loc, vectorOperands()[0]));
  if (isa<triton::PreciseDivFOp>(op)) {
    auto values = vectorOperands();
    return wrap(arith::DivFOp::create(b, loc, values[0], values[1]));
  }
  if (auto cvt = dyn_cast<triton::FpToFpOp>(op))
    return wrap(emitFpToFp(cvt, vectorOperands()[0], anyVector));
  if (auto clamp = dyn_cast<triton::ClampFOp>(op)) {
    auto values = vectorOperands();
    bool all = clamp.getPropagateNan() == triton::PropagateNan::ALL;
    Value lo, hi;
    if (all) {
      lo = arith::MaximumFOp::create(b, loc, values[0], values[1]);
      hi = arith::MinimumFOp::create(b, loc, lo, values[2]);
    } else {
      lo = arith::MaxNumFOp::create(b, loc, values[0], values[1]);
      hi = arith::MinNumFOp::create(b, loc, lo, values[2]);
    }
    return wrap(hi);
  }
  if (isa<triton::MulhiUIOp>(op)) {
    auto values = vectorOperands();
    return wrap(arith::MulUIExtendedOp::create(b, loc, values[0], values[1]).getHigh());
  }
  if (isa<triton::BitcastOp>(op)) {
    Type type = laneType(resultElem(0), anyVector);
    if (isa<triton::PointerType>(resultElem(0)))
      // Views of one size are evaluated as their source and other sizes
      // are addresses (AddressPointers.cpp) before this point.
      return op->emitError("this bitcast between pointers is not supported here");
    return wrap(arith::BitcastOp::create(b, loc, type, vectorOperands()[0]));
  }

  Dialect *dialect = op->getDialect();
  if (!dialect || !isa<arith::ArithDialect, math::MathDialect>(dialect) ||
      op->getNumRegions() != 0)
    return op->emitError("unsupported operation in a block computation: ")
           << op->getName();

  // arith/math ops are element-wise: rebuild them on scalars or vectors.
  return rebuildElementwise(op, operands, vectorOperands(), anyVector);
}
