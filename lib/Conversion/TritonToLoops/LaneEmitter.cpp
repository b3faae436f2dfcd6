#include "LaneEmitter.h"
#include "Libdevice.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

using namespace mlir;
using namespace mlir::triton_edge;

int64_t LaneEmitter::powerOfTwoDivisor(int64_t v) {
  if (v == 0)
    return int64_t(1) << 30;
  int64_t d = 1;
  while ((v % (d * 2)) == 0 && d < (int64_t(1) << 30))
    d *= 2;
  return d;
}

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

static std::optional<int64_t> constantInt(Value v) {
  if (auto c = v.getDefiningOp<arith::ConstantOp>())
    if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
      return i.getInt();
  return std::nullopt;
}

// Affine lane forms of integer ops. Only forms that hold for every lane of
// every iteration are produced; anything else leaves the value non-affine
// (it then goes through gathers/scatters, which are always correct).
FailureOr<Lanes> LaneEmitter::emitAffine(Operation *op, ArrayRef<Lanes> ops,
                                         Value result) {
  Lanes out;
  out.value = result;
  out.isVector = isa<VectorType>(result.getType());
  if (!out.isVector) {
    // Uniform integer: still track its divisibility.
    if (result.getType().isIntOrIndex()) {
      int64_t div = 1;
      if (auto c = constantInt(result))
        div = powerOfTwoDivisor(*c);
      else if (isa<arith::MulIOp>(op) && ops.size() == 2)
        div = std::min<int64_t>(ops[0].baseDivisor * ops[1].baseDivisor, 1 << 30);
      else if ((isa<arith::AddIOp, arith::SubIOp>(op)) && ops.size() == 2)
        div = std::min(ops[0].baseDivisor, ops[1].baseDivisor);
      else if (isa<arith::ExtSIOp, arith::ExtUIOp, arith::IndexCastOp>(op))
        div = ops[0].baseDivisor;
      return Lanes::uniform(result, div);
    }
    return out;
  }
  auto allAffine = llvm::all_of(ops, [](const Lanes &l) { return l.affine; });
  if (!allAffine || !getElementTypeOrSelf(result.getType()).isIntOrIndex())
    return out;
  Location loc = op->getLoc();
  Type scalarType = getElementTypeOrSelf(result.getType());
  auto setAffine = [&](Value base, int64_t stride, int64_t div) {
    out.affine = true;
    out.base = base;
    out.stride = stride;
    out.baseDivisor = div;
  };
  if (isa<arith::AddIOp>(op)) {
    Value base = arith::AddIOp::create(b, loc, ops[0].base, ops[1].base);
    setAffine(base, ops[0].stride + ops[1].stride,
              std::min(ops[0].baseDivisor, ops[1].baseDivisor));
  } else if (isa<arith::SubIOp>(op)) {
    Value base = arith::SubIOp::create(b, loc, ops[0].base, ops[1].base);
    setAffine(base, ops[0].stride - ops[1].stride,
              std::min(ops[0].baseDivisor, ops[1].baseDivisor));
  } else if (isa<arith::MulIOp>(op)) {
    // Lane stride stays a compile-time constant only if the other factor is.
    for (int k = 0; k < 2; ++k) {
      const Lanes &a = ops[k], &c = ops[1 - k];
      if (c.stride != 0)
        continue;
      std::optional<int64_t> factor = constantInt(c.base);
      if (!factor && a.stride != 0)
        continue;
      Value base = arith::MulIOp::create(b, loc, a.base, c.base);
      setAffine(base, factor ? a.stride * *factor : 0,
                std::min<int64_t>(a.baseDivisor * c.baseDivisor, 1 << 30));
      break;
    }
  } else if (isa<arith::ExtSIOp, arith::ExtUIOp, arith::TruncIOp,
                 arith::IndexCastOp>(op)) {
    OperationState state(loc, op->getName());
    state.addOperands(ops[0].base);
    state.addTypes(scalarType);
    Value base = b.create(state)->getResult(0);
    setAffine(base, ops[0].stride, ops[0].baseDivisor);
  } else if (isa<arith::DivSIOp, arith::DivUIOp, arith::RemSIOp,
                 arith::RemUIOp>(op)) {
    // With base a multiple of the lane count W and a divisor C that W
    // divides, the W lanes never straddle a multiple of C: the quotient is
    // uniform and the remainder keeps unit stride.
    std::optional<int64_t> divisor =
        ops[1].stride == 0 ? constantInt(ops[1].base) : std::nullopt;
    if (divisor && *divisor > 0 && ops[0].stride == 1 &&
        ops[0].baseDivisor % width == 0 && *divisor % width == 0) {
      OperationState state(loc, op->getName());
      state.addOperands({ops[0].base, ops[1].base});
      state.addTypes(scalarType);
      Value base = b.create(state)->getResult(0);
      bool isDiv = isa<arith::DivSIOp, arith::DivUIOp>(op);
      if (isDiv) {
        // The lanes are all equal: keep the value uniform.
        return Lanes::uniform(base, 1);
      }
      setAffine(base, 1, width);
    } else if (ops[0].stride == 0 && ops[1].stride == 0) {
      OperationState state(loc, op->getName());
      state.addOperands({ops[0].base, ops[1].base});
      state.addTypes(scalarType);
      setAffine(b.create(state)->getResult(0), 0, 1);
    }
  }
  return out;
}

FailureOr<SmallVector<Lanes>> LaneEmitter::emit(Operation *op,
                                                ArrayRef<Lanes> operands) {
  Location loc = op->getLoc();
  StringRef name = op->getName().getStringRef();
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
    int64_t div = 1;
    if (auto i = dyn_cast<IntegerAttr>(value))
      div = powerOfTwoDivisor(i.getInt());
    return SmallVector<Lanes>{Lanes::uniform(scalar, div)};
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
  if (name == "tt.precise_sqrt")
    return wrap(math::SqrtOp::create(b, loc, vectorOperands()[0]));
  if (name == "tt.precise_divf") {
    auto values = vectorOperands();
    return wrap(arith::DivFOp::create(b, loc, values[0], values[1]));
  }
  if (name == "tt.fp_to_fp") {
    Type type = laneType(resultElem(0), anyVector);
    Value src = vectorOperands()[0];
    unsigned from = getElementTypeOrSelf(src.getType()).getIntOrFloatBitWidth();
    unsigned to = resultElem(0).getIntOrFloatBitWidth();
    if (to > from)
      return wrap(arith::ExtFOp::create(b, loc, type, src));
    if (to < from)
      return wrap(arith::TruncFOp::create(b, loc, type, src));
    // Same width, different format (f16 <-> bf16): go through f32.
    Type f32 = laneType(b.getF32Type(), anyVector);
    Value wide = arith::ExtFOp::create(b, loc, f32, src);
    return wrap(arith::TruncFOp::create(b, loc, type, wide));
  }
  if (name == "tt.clampf") {
    auto values = vectorOperands();
    auto propagate = op->getAttrOfType<IntegerAttr>("propagateNan");
    bool all = propagate && propagate.getInt() != 0;
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
  if (name == "tt.mulhiui") {
    auto values = vectorOperands();
    return wrap(arith::MulUIExtendedOp::create(b, loc, values[0], values[1]).getHigh());
  }
  if (name == "tt.bitcast") {
    Type type = laneType(resultElem(0), anyVector);
    if (isa<triton::PointerType>(resultElem(0)))
      return op->emitError("bitcasts between pointers to different element "
                           "types are not supported (only i1 <-> i8)");
    return wrap(arith::BitcastOp::create(b, loc, type, vectorOperands()[0]));
  }

  Dialect *dialect = op->getDialect();
  if (!dialect || !isa<arith::ArithDialect, math::MathDialect>(dialect) ||
      op->getNumRegions() != 0)
    return op->emitError("unsupported operation in a block computation: ")
           << name;

  // arith/math ops are element-wise: rebuild them on scalars or vectors.
  OperationState state(loc, op->getName());
  state.addOperands(vectorOperands());
  for (unsigned i = 0; i < op->getNumResults(); ++i)
    state.addTypes(laneType(resultElem(i), anyVector));
  state.addAttributes(op->getDiscardableAttrDictionary().getValue());
  if (std::optional<Attribute> props = op->getPropertiesAsAttribute(); props && *props)
    state.propertiesAttr = *props;
  Operation *rebuilt = b.create(state);
  SmallVector<Lanes> results;
  for (Value r : rebuilt->getResults()) {
    FailureOr<Lanes> lanes = emitAffine(op, operands, r);
    if (failed(lanes))
      return failure();
    results.push_back(*lanes);
  }
  return results;
}
