// triton-edge-reciprocal-division: an f32 block divided by a broadcast value
// (softmax's exp(x - max) / sum, a norm's x / rms) divides each element by
// the same few divisors. A vector division is several times the cost of a
// multiply (vdivps zmm: one per 16 cycles on Sapphire Rapids, against two
// multiplies per cycle), so the pass computes the reciprocal once per
// divisor and multiplies:
//
//   x / y  ->  (x * (1 / (y * s))) * s
//
// with s a power of two chosen per divisor: 1 for 2^-126 <= |y| <= 2^126,
// where 1/y is a normal number; 2^32 below and 2^-32 above, which keeps
// 1/(y s) normal and finite (no overflow for denormal y, no denormal
// reciprocal for huge y). Two roundings instead of one: at most 2 ULP from
// the exact quotient where the quotient is normal (the division: 0.5); zeros,
// infinities and NaN give the division's result (docs/vector-math.md,
// "Division by a broadcast value").
#include "triton-edge/Transforms/Passes.h"

#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_RECIPROCALDIVISION
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
namespace tt = mlir::triton;

namespace {

int64_t numElements(Type t) {
  if (auto r = dyn_cast<RankedTensorType>(t))
    return r.getNumElements();
  return 1;
}

/// The divisor before its broadcast (a scalar or a smaller block) and a
/// function that broadcasts a value of that type the same way; null when
/// the divisor is not a broadcast.
struct Expansion {
  Value small;
  std::function<Value(OpBuilder &, Location, Value)> expand;
};

std::optional<Expansion> expansionOf(Value d, RankedTensorType type) {
  if (auto bc = d.getDefiningOp<tt::BroadcastOp>())
    return Expansion{bc.getSrc(), [type](OpBuilder &b, Location loc, Value v) -> Value {
                       return tt::BroadcastOp::create(b, loc, type, v);
                     }};
  auto splatOf = [type](OpBuilder &b, Location loc, Value v) -> Value {
    return tt::SplatOp::create(b, loc, type, v);
  };
  if (auto sp = d.getDefiningOp<tt::SplatOp>())
    return Expansion{sp.getSrc(), splatOf};
  SplatElementsAttr c;
  if (matchPattern(d, m_Constant(&c))) {
    OpBuilder b(d.getContext());
    b.setInsertionPointAfterValue(d);
    Value s = arith::ConstantOp::create(b, d.getLoc(), c.getSplatValue<TypedAttr>());
    return Expansion{s, splatOf};
  }
  return std::nullopt;
}

void rewrite(arith::DivFOp div) {
  auto type = dyn_cast<RankedTensorType>(div.getType());
  if (!type || !type.getElementType().isF32())
    return;
  std::optional<Expansion> e = expansionOf(div.getRhs(), type);
  if (!e || numElements(e->small.getType()) >= type.getNumElements())
    return;
  OpBuilder b(div);
  Location loc = div.getLoc();
  Value y = e->small;
  Type st = y.getType();
  auto cst = [&](float v) -> Value {
    Attribute a = b.getF32FloatAttr(v);
    if (auto shaped = dyn_cast<ShapedType>(st))
      a = DenseElementsAttr::get(shaped, a);
    return arith::ConstantOp::create(b, loc, cast<TypedAttr>(a));
  };
  Value ay = math::AbsFOp::create(b, loc, y);
  Value tiny = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, ay, cst(0x1p-126f));
  Value huge = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, ay, cst(0x1p126f));
  Value s = arith::SelectOp::create(
      b, loc, tiny, cst(0x1p32f),
      arith::SelectOp::create(b, loc, huge, cst(0x1p-32f), cst(1.0f)));
  Value t = arith::MulFOp::create(b, loc, y, s);
  Value recip = arith::DivFOp::create(b, loc, cst(1.0f), t);
  Value q = arith::MulFOp::create(b, loc, div.getLhs(), e->expand(b, loc, recip));
  Value out = arith::MulFOp::create(b, loc, q, e->expand(b, loc, s));
  div.replaceAllUsesWith(out);
  div.erase();
}

struct ReciprocalDivisionPass
    : mlir::triton_edge::impl::ReciprocalDivisionBase<ReciprocalDivisionPass> {
  void runOnOperation() override {
    SmallVector<arith::DivFOp> divs;
    getOperation().walk([&](tt::FuncOp fn) { fn.walk([&](arith::DivFOp d) { divs.push_back(d); }); });
    for (arith::DivFOp d : divs)
      rewrite(d);
  }
};

} // namespace
