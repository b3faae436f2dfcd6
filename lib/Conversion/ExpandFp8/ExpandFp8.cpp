// triton-edge-expand-fp8: fp8 conversions as integer operations on the bits.
//
// LLVM has no fp8 types (MLIR's LLVM type converter stores them as i8, so
// fp8 loads, stores, selects and bitcasts lower as bytes); upstream
// `arith-expand` expands only f8E8M0 and f4E2M1, and APFloat's rules for
// f8E4M3B11FNUZ (bias 11) and for overflow are not Triton's. The rules here
// are Triton's on the GPU (docs/semantics.md, "fp8").
#include "triton-edge/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <cstring>

namespace mlir::triton_edge {
#define GEN_PASS_DEF_EXPANDFP8CONVERSIONS
#include "triton-edge/Conversion/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;

namespace {

/// Where a format keeps its special values.
enum class Specials {
  Ieee, // all-ones exponent: infinity (mantissa 0) or NaN (e5m2)
  Fn,   // no infinity; 0x7F/0xFF is NaN (e4m3fn, Triton's e4b15)
  Fnuz, // no infinity, no -0; 0x80 is the only NaN
};

struct Fp8Format {
  int manBits;
  int bias;
  Specials specials;

  int expBits() const { return 7 - manBits; }
  /// The largest finite magnitude code.
  uint32_t maxCode() const {
    switch (specials) {
    case Specials::Ieee: return ((((1u << expBits()) - 2) << manBits) | ((1u << manBits) - 1));
    case Specials::Fn: return 0x7E;
    case Specials::Fnuz: return 0x7F;
    }
    return 0;
  }
  /// The value of a magnitude code that is finite.
  double magnitude(uint32_t code) const {
    uint32_t e = code >> manBits, m = code & ((1u << manBits) - 1);
    if (e == 0)
      return std::ldexp(static_cast<double>(m), 1 - bias - manBits);
    return std::ldexp(static_cast<double>(m + (1u << manBits)), int(e) - bias - manBits);
  }
  /// The f32 bits of the largest finite value.
  uint32_t maxF32Bits() const {
    float f = static_cast<float>(magnitude(maxCode()));
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
  }
  uint32_t nanCode() const { return specials == Specials::Fnuz ? 0x80 : 0x7F; }
};

std::optional<Fp8Format> fp8Format(Type t) {
  if (isa<Float8E4M3FNType>(t)) return Fp8Format{3, 7, Specials::Fn};
  if (isa<Float8E5M2Type>(t)) return Fp8Format{2, 15, Specials::Ieee};
  if (isa<Float8E4M3FNUZType>(t)) return Fp8Format{3, 8, Specials::Fnuz};
  if (isa<Float8E5M2FNUZType>(t)) return Fp8Format{2, 16, Specials::Fnuz};
  // Triton's float8e4b15 is carried by this MLIR type but has bias 15 and
  // e4m3fn's specials (Triton's own conversions define it so).
  if (isa<Float8E4M3B11FNUZType>(t)) return Fp8Format{3, 15, Specials::Fn};
  return std::nullopt;
}

/// `elem`, or a vector of `elem` shaped like `like`.
Type shapedLike(Type like, Type elem) {
  if (auto v = dyn_cast<VectorType>(like))
    return v.clone(elem);
  return elem;
}

/// Integer helpers on i32 scalars or vectors of the shape of `like`.
struct Bits {
  PatternRewriter &b;
  Location loc;
  Type i32;

  Value cst(int64_t v) {
    auto scalar = b.getI32IntegerAttr(static_cast<int32_t>(v));
    if (auto vec = dyn_cast<VectorType>(i32))
      return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vec, scalar.getValue()));
    return arith::ConstantOp::create(b, loc, scalar);
  }
  Value andI(Value x, int64_t m) { return arith::AndIOp::create(b, loc, x, cst(m)); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value shl(Value x, Value s) { return arith::ShLIOp::create(b, loc, x, s); }
  Value shr(Value x, Value s) { return arith::ShRUIOp::create(b, loc, x, s); }
  Value shl(Value x, int64_t s) { return shl(x, cst(s)); }
  Value shr(Value x, int64_t s) { return shr(x, cst(s)); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value cmp(arith::CmpIPredicate p, Value x, int64_t y) { return cmp(p, x, cst(y)); }
  Value select(Value c, Value x, Value y) { return arith::SelectOp::create(b, loc, c, x, y); }
  Value select(Value c, int64_t x, Value y) { return select(c, cst(x), y); }
};

using Pred = arith::CmpIPredicate;

/// fp8 -> f32, exactly: normal codes move their fields into f32 positions
/// and rebias the exponent by an integer add; subnormals are m * 2^(1-bias-M)
/// (an exact product), so no f32 denormal is ever an intermediate.
Value decodeToF32(PatternRewriter &rw, Location loc, Value in, const Fp8Format &f) {
  Type i8 = shapedLike(in.getType(), rw.getI8Type());
  Type f32 = shapedLike(in.getType(), rw.getF32Type());
  Bits k{rw, loc, shapedLike(in.getType(), rw.getI32Type())};
  Value byte = arith::BitcastOp::create(rw, loc, i8, in);
  Value code = arith::ExtUIOp::create(rw, loc, k.i32, byte);
  Value sign = k.shl(k.andI(code, 0x80), 24);
  Value mag = k.andI(code, 0x7F);
  Value exp = k.shr(mag, f.manBits);
  Value normal = k.add(k.shl(mag, 23 - f.manBits), k.cst(int64_t(127 - f.bias) << 23));
  Value man = k.andI(mag, (1 << f.manBits) - 1);
  Value manF = arith::UIToFPOp::create(rw, loc, f32, man);
  float scale = std::ldexp(1.0f, 1 - f.bias - f.manBits);
  TypedAttr scaleAttr = rw.getF32FloatAttr(scale);
  if (auto vec = dyn_cast<VectorType>(f32))
    scaleAttr = DenseElementsAttr::get(vec, scaleAttr);
  Value scaleV = arith::ConstantOp::create(rw, loc, scaleAttr);
  Value sub = arith::BitcastOp::create(rw, loc, k.i32, arith::MulFOp::create(rw, loc, manF, scaleV));
  Value bits = k.select(k.cmp(Pred::eq, exp, 0), sub, normal);
  uint32_t allOnes = ((1u << f.expBits()) - 1) << f.manBits;
  if (f.specials == Specials::Ieee)
    bits = k.select(k.cmp(Pred::eq, mag, allOnes), 0x7F800000, bits);
  bits = k.orI(bits, sign);
  Value isNan = f.specials == Specials::Fnuz ? k.cmp(Pred::eq, code, 0x80)
                : f.specials == Specials::Fn ? k.cmp(Pred::eq, mag, 0x7F)
                                             : k.cmp(Pred::ugt, mag, allOnes);
  bits = k.select(isNan, 0x7FC00000, bits);
  return arith::BitcastOp::create(rw, loc, f32, bits);
}

/// f32 -> fp8: clamp the magnitude to the largest finite value (satfinite),
/// then round the significand to the target's bits by an integer shift, to
/// nearest even or toward zero; subnormal targets shift further.
Value encodeFromF32(PatternRewriter &rw, Location loc, Value x, Type fp8, const Fp8Format &f,
                    bool towardZero) {
  Bits k{rw, loc, shapedLike(x.getType(), rw.getI32Type())};
  Value u = arith::BitcastOp::create(rw, loc, k.i32, x);
  Value sign = k.shl(k.shr(u, 31), 7);
  Value a = k.andI(u, 0x7FFFFFFF);
  Value clamped = arith::MinUIOp::create(rw, loc, a, k.cst(f.maxF32Bits()));
  int emin = 1 - f.bias;
  Value eUnb = k.sub(k.shr(clamped, 23), k.cst(127));
  Value effE = arith::MaxSIOp::create(rw, loc, eUnb, k.cst(emin));
  Value shift = k.add(k.cst(23 - f.manBits), k.sub(effE, eUnb));
  shift = arith::MinUIOp::create(rw, loc, shift, k.cst(31));
  Value sig = k.orI(k.andI(clamped, 0x7FFFFF), k.cst(0x800000));
  Value rounded;
  if (towardZero) {
    rounded = k.shr(sig, shift);
  } else {
    Value halfMinusOne = k.sub(k.shl(k.cst(1), k.sub(shift, k.cst(1))), k.cst(1));
    Value odd = k.andI(k.shr(sig, shift), 1);
    rounded = k.shr(k.add(k.add(sig, halfMinusOne), odd), shift);
  }
  Value mag = k.add(k.shl(k.add(effE, k.cst(f.bias - 1)), f.manBits), rounded);
  if (towardZero && f.specials == Specials::Ieee) // rtz keeps infinities
    mag = k.select(k.cmp(Pred::eq, a, 0x7F800000), int64_t(((1u << f.expBits()) - 1) << f.manBits),
                   mag);
  Value code = k.orI(mag, sign);
  if (f.specials == Specials::Fnuz) // no negative zero
    code = k.select(k.cmp(Pred::eq, mag, 0), int64_t(0), code);
  code = k.select(k.cmp(Pred::ugt, a, 0x7F800000), f.nanCode(), code);
  Type i8 = shapedLike(x.getType(), rw.getI8Type());
  Value byte = arith::TruncIOp::create(rw, loc, i8, code);
  return arith::BitcastOp::create(rw, loc, shapedLike(x.getType(), fp8), byte);
}

/// `v` as f32 (from f16/bf16 exactly; from f64 rounded once to f32).
Value toF32(PatternRewriter &rw, Location loc, Value v) {
  Type elem = getElementTypeOrSelf(v.getType());
  Type f32 = shapedLike(v.getType(), rw.getF32Type());
  if (elem.isF32())
    return v;
  if (elem.getIntOrFloatBitWidth() < 32)
    return arith::ExtFOp::create(rw, loc, f32, v);
  return arith::TruncFOp::create(rw, loc, f32, v);
}

struct ExpandExtF : OpRewritePattern<arith::ExtFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::ExtFOp op, PatternRewriter &rw) const override {
    auto format = fp8Format(getElementTypeOrSelf(op.getIn().getType()));
    if (!format)
      return failure();
    Value f32 = decodeToF32(rw, op.getLoc(), op.getIn(), *format);
    Type out = op.getType();
    Type outElem = getElementTypeOrSelf(out);
    if (outElem.isF32())
      rw.replaceOp(op, f32);
    else if (outElem.getIntOrFloatBitWidth() > 32)
      rw.replaceOpWithNewOp<arith::ExtFOp>(op, out, f32);
    else // f16/bf16 hold every fp8 value: this truncation is exact
      rw.replaceOpWithNewOp<arith::TruncFOp>(op, out, f32);
    return success();
  }
};

struct ExpandTruncF : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::TruncFOp op, PatternRewriter &rw) const override {
    Type outElem = getElementTypeOrSelf(op.getType());
    auto format = fp8Format(outElem);
    if (!format)
      return failure();
    bool towardZero = false;
    if (auto mode = op.getRoundingmode()) {
      if (*mode == arith::RoundingMode::toward_zero)
        towardZero = true;
      else if (*mode != arith::RoundingMode::to_nearest_even)
        return op.emitOpError("only to_nearest_even and toward_zero roundings are supported "
                              "for conversions to ")
               << outElem;
    }
    Value in = op.getIn();
    Value f32 = fp8Format(getElementTypeOrSelf(in.getType()))
                    ? decodeToF32(rw, op.getLoc(), in, *fp8Format(getElementTypeOrSelf(in.getType())))
                    : toF32(rw, op.getLoc(), in);
    rw.replaceOp(op, encodeFromF32(rw, op.getLoc(), f32, outElem, *format, towardZero));
    return success();
  }
};

/// fp8 constants become their bit patterns (LLVM has no fp8 constants).
struct ExpandConstant : OpRewritePattern<arith::ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::ConstantOp op, PatternRewriter &rw) const override {
    Type elem = getElementTypeOrSelf(op.getType());
    if (!fp8Format(elem))
      return failure();
    Type i8 = rw.getI8Type();
    Attribute bits;
    if (auto f = dyn_cast<FloatAttr>(op.getValue()))
      bits = rw.getIntegerAttr(i8, f.getValue().bitcastToAPInt());
    else if (auto dense = dyn_cast<DenseElementsAttr>(op.getValue()))
      bits = dense.bitcast(i8);
    else
      return failure();
    Value c = arith::ConstantOp::create(rw, op.getLoc(), cast<TypedAttr>(bits));
    rw.replaceOpWithNewOp<arith::BitcastOp>(op, op.getType(), c);
    return success();
  }
};

/// |x| of fp8 clears the sign bit, as the GPU does: exact for every code
/// (the f32 round trip the other arithmetic takes would canonicalise NaNs).
/// In the fnuz formats 0x80 is their NaN, not -0: it stays.
struct ExpandAbsF : OpRewritePattern<math::AbsFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::AbsFOp op, PatternRewriter &rw) const override {
    Type type = op.getType();
    auto format = fp8Format(getElementTypeOrSelf(type));
    if (!format)
      return failure();
    Location loc = op.getLoc();
    Type i8 = shapedLike(type, rw.getI8Type());
    auto splat = [&](int64_t v) -> Value {
      auto scalar = rw.getIntegerAttr(rw.getI8Type(), v);
      if (auto vec = dyn_cast<VectorType>(i8))
        return arith::ConstantOp::create(rw, loc, DenseElementsAttr::get(vec, scalar.getValue()));
      return arith::ConstantOp::create(rw, loc, scalar);
    };
    Value bits = arith::BitcastOp::create(rw, loc, i8, op.getOperand());
    Value abs = arith::AndIOp::create(rw, loc, bits, splat(0x7F));
    if (format->specials == Specials::Fnuz) {
      Value isNaN = arith::CmpIOp::create(rw, loc, arith::CmpIPredicate::eq, bits, splat(0x80));
      abs = arith::SelectOp::create(rw, loc, isNaN, bits, abs);
    }
    rw.replaceOpWithNewOp<arith::BitcastOp>(op, type, abs);
    return success();
  }
};

struct ExpandFp8Conversions
    : mlir::triton_edge::impl::ExpandFp8ConversionsBase<ExpandFp8Conversions> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    {
      RewritePatternSet bitOps(ctx);
      bitOps.add<ExpandAbsF>(ctx);
      if (failed(applyPatternsGreedily(getOperation(), std::move(bitOps))))
        return signalPassFailure();
    }
    // Arithmetic on fp8 values: widen to f32, compute, narrow (upstream).
    SmallVector<Type> fp8Types = {Float8E4M3FNType::get(ctx), Float8E5M2Type::get(ctx),
                                  Float8E4M3FNUZType::get(ctx), Float8E5M2FNUZType::get(ctx),
                                  Float8E4M3B11FNUZType::get(ctx)};
    TypeConverter converter;
    arith::populateEmulateUnsupportedFloatsConversions(converter, fp8Types,
                                                       Float32Type::get(ctx));
    RewritePatternSet emulate(ctx);
    arith::populateEmulateUnsupportedFloatsPatterns(emulate, converter);
    ConversionTarget target(*ctx);
    arith::populateEmulateUnsupportedFloatsLegality(target, converter);
    if (failed(applyPartialConversion(getOperation(), target, std::move(emulate))))
      return signalPassFailure();

    RewritePatternSet patterns(ctx);
    patterns.add<ExpandExtF, ExpandTruncF, ExpandConstant>(ctx);
    // No folding: it would turn the bitcast of an i8 constant back into the
    // fp8 constant this pass replaces, forever.
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      return signalPassFailure();
  }
};

} // namespace
