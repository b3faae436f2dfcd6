// Vectorizable approximations of the transcendental math ops.
//
// The f32 functions Inductor kernels use most: erf, tanh and exp (GELU,
// sigmoid, softmax) are evaluated in f32: erf and tanh by table-driven
// minimax polynomials over 16 intervals, exp by range reduction and one
// polynomial (all fitted by bench/ulp/fit_f32.py); the measured bounds are
// in docs/vector-math.md; exp2, log, sin, cos and pow are evaluated in f64 and rounded
// once to f32 (series accurate to ~1e-12 relative: correctly rounded except
// in rare near-halfway cases). Measured with bench/ulp/te-ulp
// (docs/vector-math.md). Upstream's f32 polynomials reach 4.4-4.6 ulp (erf,
// tanh), mishandle denormals (log, sin) and lose accuracy through
// exp(y*log(x)) (pow), hence these. Everything else goes to upstream MLIR's
// math expansions and polynomial approximations.
#include "triton-edge/Transforms/Passes.h"

#include "ApproximateMathTables.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/StringExtras.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <optional>

namespace mlir::triton_edge {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

#include <type_traits>

using namespace mlir;

namespace {

/// f32 scalar or vector of f32.
bool isF32Like(Type t) { return getElementTypeOrSelf(t).isF32(); }

/// Element-wise arithmetic on values shaped like an f32 value (a scalar or a
/// vector of f32), carried out in `Scalar` (float or double) with integers
/// of the same width for bit manipulation.
template <typename Scalar> struct ShapedMath {
  static constexpr bool kWide = std::is_same_v<Scalar, double>;
  OpBuilder &b;
  Location loc;
  Type f32Ty, fTy, iTy;

  ShapedMath(OpBuilder &b, Location loc, Type f32Like) : b(b), loc(loc), f32Ty(f32Like) {
    fTy = like(kWide ? Type(b.getF64Type()) : Type(b.getF32Type()));
    iTy = like(kWide ? Type(b.getI64Type()) : Type(b.getI32Type()));
  }
  Type like(Type elem) const {
    if (auto v = dyn_cast<VectorType>(f32Ty))
      return v.clone(elem);
    return elem;
  }
  Value splat(Type ty, TypedAttr a) {
    if (auto v = dyn_cast<VectorType>(ty))
      return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(v, a));
    return arith::ConstantOp::create(b, loc, a);
  }
  Value c(Scalar v) { return splat(fTy, b.getFloatAttr(getElementTypeOrSelf(fTy), v)); }
  Value ci(int64_t v) { return splat(iTy, b.getIntegerAttr(getElementTypeOrSelf(iTy), v)); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value neg(Value x) { return arith::NegFOp::create(b, loc, x); }
  Value fma(Value x, Value y, Value z) { return math::FmaOp::create(b, loc, x, y, z); }
  Value abs(Value x) { return math::AbsFOp::create(b, loc, x); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value sel(Value c, Value x, Value y) { return arith::SelectOp::create(b, loc, c, x, y); }
  /// x clamped to [lo, hi]; NaN stays NaN (both compares are false).
  Value clamp(Value x, Scalar lo, Scalar hi) {
    Value l = c(lo), h = c(hi);
    x = sel(cmp(arith::CmpFPredicate::OLT, x, l), l, x);
    return sel(cmp(arith::CmpFPredicate::OGT, x, h), h, x);
  }
  /// Horner, coefficients highest degree first.
  Value poly(Value x, ArrayRef<Scalar> coeffs) {
    Value r = c(coeffs.front());
    for (Scalar k : coeffs.drop_front())
      r = fma(r, x, c(k));
    return r;
  }
  Value bitsOf(Value x) { return arith::BitcastOp::create(b, loc, iTy, x); }
  Value fromBits(Value i) { return arith::BitcastOp::create(b, loc, fTy, i); }
};

/// Functions evaluated in f64 (and i64/i1) on values shaped like an f32 value.
struct F64 : ShapedMath<double> {
  using ShapedMath::ShapedMath;

  Value c32(float v) { return splat(f32Ty, b.getF32FloatAttr(v)); }

  Value ext(Value x) { return arith::ExtFOp::create(b, loc, fTy, x); }
  Value trunc(Value x) { return arith::TruncFOp::create(b, loc, f32Ty, x); }
  Value floor(Value x) { return math::FloorOp::create(b, loc, x); }
  Value isNan(Value x) { return cmp(arith::CmpFPredicate::UNO, x, x); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  /// 2^k for an integer-valued k in [-1022, 1023], built in the exponent field.
  Value pow2(Value k) {
    Value ki = arith::FPToSIOp::create(b, loc, iTy, k);
    Value biased = arith::AddIOp::create(b, loc, ki, ci(1023));
    return fromBits(arith::ShLIOp::create(b, loc, biased, ci(52)));
  }

  /// 2^t for NaN-free t; |t| <= 1000 keeps 2^k a normal double.
  Value exp2(Value t) {
    t = clamp(t, -1000.0, 1000.0);
    Value k = floor(add(t, c(0.5)));
    Value u = mul(sub(t, k), c(0.6931471805599453)); // |u| <= ln2/2
    // e^u, Taylor to u^13 (remainder < 2e-17 on |u| <= 0.347).
    double coeffs[14];
    double f = 1.0;
    for (int n = 0; n <= 13; ++n) {
      if (n) f *= n;
      coeffs[13 - n] = 1.0 / f;
    }
    return mul(poly(u, coeffs), pow2(k));
  }
  Value exp(Value x) { return exp2(mul(x, c(1.4426950408889634))); }

  /// log2 of a positive finite normal double.
  Value log2(Value x) {
    Value bits = bitsOf(x);
    Value e = arith::SubIOp::create(
        b, loc, arith::ShRUIOp::create(b, loc, bits, ci(52)), ci(1023));
    Value m = fromBits(orI(andI(bits, ci((int64_t(1) << 52) - 1)), ci(int64_t(1023) << 52)));
    // m in [sqrt(1/2), sqrt(2)) so that s below stays small.
    Value big = cmp(arith::CmpFPredicate::OGT, m, c(1.4142135623730951));
    m = sel(big, mul(m, c(0.5)), m);
    Value ef = arith::SIToFPOp::create(b, loc, fTy, e);
    ef = sel(big, add(ef, c(1.0)), ef);
    // ln m = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716: series to s^19.
    Value s = div(sub(m, c(1.0)), add(m, c(1.0)));
    Value s2 = mul(s, s);
    double coeffs[10];
    for (int k = 0; k < 10; ++k)
      coeffs[9 - k] = 2.0 / (2 * k + 1);
    Value lnm = mul(s, poly(s2, coeffs));
    return fma(lnm, c(1.4426950408889634), ef);
  }
};

/// Arithmetic on f32 (and i32/i1) values shaped like an f32 value: the
/// functions evaluated in f32 (no widening; a 512-bit vector holds 16 lanes).
struct F32 : ShapedMath<float> {
  using ShapedMath::ShapedMath;

  Value copysign(Value x, Value y) { return math::CopySignOp::create(b, loc, x, y); }
  Value lt(Value x, float v) { return cmp(arith::CmpFPredicate::OLT, x, c(v)); }
  Value addi(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value subi(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  /// 2^k for an integer k in [-126, 127], built in the exponent field.
  Value pow2(Value k) {
    return fromBits(arith::ShLIOp::create(b, loc, addi(k, ci(127)), ci(23)));
  }

  /// e^(x + xlo), |xlo| <= 2^-20 |x|, error < 1 ulp (plus the rounding of a
  /// denormal result). k = round(x log2 e) by the 1.5 * 2^23 trick (no
  /// fptosi, so NaN lanes stay poison-free and give NaN), r = x - k ln2 with
  /// ln2 in two parts (the first fma is exact), e^r = 1 + r P(r) (minimax,
  /// bench/ulp/fit_f32.py exp_poly), scaled by 2^k as two factors so that
  /// k in [-150, 128] needs no denormal or infinite scale.
  ///
  /// When every lane has x in [-86, 87] (k in [-124, 126], a normal result),
  /// a branch skips the clamps and scales by adding k to P's exponent field:
  /// the same value bit for bit (a product by a power of two is exact there),
  /// without the clamps and the two-factor scaling (about 5 instructions
  /// fewer per vector on AVX-512, the range check included).
  Value exp(Value x, Value xlo = {}) {
    using P = arith::CmpFPredicate;
    Value normal = arith::AndIOp::create(b, loc, cmp(P::OGE, x, c(-86.0f)),
                                         cmp(P::OLE, x, c(87.0f)));
    if (isa<VectorType>(normal.getType()))
      normal = vector::ReductionOp::create(b, loc, vector::CombiningKind::AND, normal);
    auto branch = scf::IfOp::create(b, loc, TypeRange{x.getType()}, normal,
                                    /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(branch.thenBlock());
    auto [k, p] = expReduced(x, xlo);
    scf::YieldOp::create(b, loc, fromBits(addi(bitsOf(p), shli(k, 23))));
    b.setInsertionPointToStart(branch.elseBlock());
    // e^-104 < 2^-150 rounds to 0; e^89 > 2^128 overflows.
    auto [ki, pe] = expReduced(clamp(x, -104.0f, 89.0f), xlo);
    Value k1 = arith::ShRSIOp::create(b, loc, ki, ci(1));
    Value k2 = subi(ki, k1);
    scf::YieldOp::create(b, loc, mul(mul(pe, pow2(k1)), pow2(k2)));
    return branch.getResult(0);
  }

  /// k (as an integer) and e^(x + xlo - k ln2) for exp above.
  std::pair<Value, Value> expReduced(Value x, Value xlo) {
    Value magic = c(12582912.0f); // 1.5 * 2^23
    Value t = fma(x, c(1.44269502f), magic);
    Value kf = sub(t, magic);
    Value ki = subi(bitsOf(t), bitsOf(magic));
    Value nk = neg(kf);
    Value r = fma(nk, c(0.693147182f), x);    // ln2 rounded to f32
    r = fma(nk, c(-1.90465421e-09f), r);       // ln2 - that
    if (xlo)
      r = add(r, xlo);
    Value p = fma(r,
                  poly(r, {0.001382172922603786f, 0.008368855342268944f,
                           0.04166825860738754f, 0.1666651964187622f,
                           0.4999999403953552f, 1.0f}),
                  c(1.0f));
    return {ki, p};
  }
  Value shli(Value x, int64_t n) { return arith::ShLIOp::create(b, loc, x, ci(n)); }

  /// table[i] lane by lane, i an i32 value shaped like x with lanes in
  /// [0, 16). Vectors go 16 lanes at a time as per-lane extracts, which the
  /// x86 backend turns into one vpermps; narrower vectors (W lanes) look up
  /// 16/W sub-tables (a W-lane permute each) and select by the high bits.
  /// Scalar code loads from a constant global (no vector registers).
  Value lookup(ArrayRef<float> table, Value i) {
    if (!isa<VectorType>(i.getType()))
      return loadFromGlobal(table, i);
    Type f32 = b.getF32Type(), i32 = b.getI32Type();
    auto constTable = [&](ArrayRef<float> t) -> Value {
      auto ty = VectorType::get({(int64_t)t.size()}, f32);
      return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(ty, t));
    };
    auto at = [&](Value tbl, Value lane) -> Value {
      Value pos = arith::IndexCastOp::create(b, loc, b.getIndexType(), lane);
      return vector::ExtractOp::create(b, loc, tbl, OpFoldResult(pos));
    };
    auto vt = cast<VectorType>(i.getType());
    int64_t n = vt.getNumElements(), k = 16;
    while (n % k)
      k /= 2;
    auto lanes = [&](Value tbl, Value idx) -> Value {
      SmallVector<Value> out;
      for (int64_t j = 0; j < k; ++j)
        out.push_back(at(tbl, vector::ExtractOp::create(b, loc, idx, j)));
      return vector::FromElementsOp::create(b, loc, VectorType::get({k}, f32), out);
    };
    auto chunkTy = VectorType::get({k}, i32);
    auto splatI = [&](int64_t v) {
      return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(chunkTy, b.getI32IntegerAttr(v)));
    };
    Value flat = vt.getRank() == 1 ? i : vector::ShapeCastOp::create(b, loc, VectorType::get({n}, i32), i);
    Value result = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(VectorType::get({n}, f32), b.getF32FloatAttr(0)));
    for (int64_t c = 0; c < n; c += k) {
      Value idx = n == k ? flat
                         : vector::ExtractStridedSliceOp::create(b, loc, flat, ArrayRef<int64_t>{c},
                                                                ArrayRef<int64_t>{k},
                                                                ArrayRef<int64_t>{1});
      Value v;
      if (k == 16 || k < 4) {
        v = lanes(constTable(table), idx);
      } else {
        Value lo = arith::AndIOp::create(b, loc, idx, splatI(k - 1));
        Value hi = arith::ShRUIOp::create(b, loc, idx, splatI(llvm::Log2_64(k)));
        for (int64_t s = 0; s < 16 / k; ++s) {
          Value part = lanes(constTable(table.slice(s * k, k)), lo);
          v = s == 0 ? part
                     : sel(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, hi, splatI(s)),
                           part, v);
        }
      }
      result = n == k ? v
                      : vector::InsertStridedSliceOp::create(b, loc, v, result, ArrayRef<int64_t>{c},
                                                            ArrayRef<int64_t>{1});
    }
    return vt.getRank() == 1 ? result : vector::ShapeCastOp::create(b, loc, vt.clone(f32), result);
  }

  /// table[i] for a scalar i: a load from a private constant memref.global
  /// (one per table, named by its contents).
  Value loadFromGlobal(ArrayRef<float> table, Value i) {
    auto mod = b.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
    auto ty = MemRefType::get({(int64_t)table.size()}, b.getF32Type());
    // Named by the table's bytes: stable across runs, shared by every use.
    size_t h = llvm::hash_value(
        StringRef(reinterpret_cast<const char *>(table.data()), table.size() * sizeof(float)));
    std::string name = "__te_math_table_" + llvm::utohexstr(h);
    if (!SymbolTable::lookupSymbolIn(mod, name)) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(mod.getBody());
      auto data = DenseElementsAttr::get(RankedTensorType::get({(int64_t)table.size()}, b.getF32Type()), table);
      memref::GlobalOp::create(b, loc, name, b.getStringAttr("private"), ty, data, /*constant=*/true,
                               b.getI64IntegerAttr(64));
    }
    Value g = memref::GetGlobalOp::create(b, loc, ty, name);
    Value pos = arith::IndexCastOp::create(b, loc, b.getIndexType(), i);
    return memref::LoadOp::create(b, loc, g, ValueRange{pos});
  }
};

template <typename Op>
struct F32Pattern : OpRewritePattern<Op> {
  F32Pattern(MLIRContext *ctx) : OpRewritePattern<Op>(ctx, /*benefit=*/10) {}
  LogicalResult matchAndRewrite(Op op, PatternRewriter &rw) const override {
    if (!isF32Like(op.getType()))
      return failure();
    F64 f(rw, op.getLoc(), op.getType());
    Value r = build(f, op);
    if (!r)
      return failure();
    rw.replaceOp(op, r);
    return success();
  }
  virtual Value build(F64 &f, Op op) const = 0;
};

/// x with NaN lanes replaced by 0 (keeps poison out of fptosi), as f64.
Value extClean(F64 &f, Value x) {
  Value xd = f.ext(x);
  return f.sel(f.isNan(xd), f.c(0.0), xd);
}
/// Puts NaN back where the input was NaN.
Value keepNan(F64 &f, Value x, Value r) {
  return arith::SelectOp::create(f.b, f.loc, f.isNan(x), x, r);
}

struct Exp2Pattern : F32Pattern<math::Exp2Op> {
  using F32Pattern::F32Pattern;
  Value build(F64 &f, math::Exp2Op op) const override {
    Value x = op.getOperand();
    Value r = f.trunc(f.exp2(f.clamp(extClean(f, x), -200.0, 200.0)));
    return keepNan(f, x, r);
  }
};

struct LogPattern : F32Pattern<math::LogOp> {
  using F32Pattern::F32Pattern;
  Value build(F64 &f, math::LogOp op) const override {
    Value x = op.getOperand();
    Value xd = f.ext(x); // f32 denormals are normal f64 numbers
    using P = arith::CmpFPredicate;
    Value inf = f.c(INFINITY);
    Value ok = f.andI(f.cmp(P::OGT, xd, f.c(0.0)), f.cmp(P::OLT, xd, inf));
    Value lg = f.log2(f.sel(ok, xd, f.c(1.0)));
    Value r = f.mul(lg, f.c(0.6931471805599453));
    // log(+-0) = -inf, log(x < 0) = NaN, log(inf) = inf, log(NaN) = NaN.
    r = f.sel(f.cmp(P::OEQ, xd, inf), inf, r);
    r = f.sel(f.cmp(P::ULT, xd, f.c(0.0)), f.c(NAN), r);
    r = f.sel(f.cmp(P::OEQ, xd, f.c(0.0)), f.c(-INFINITY), r);
    return f.trunc(r);
  }
};

/// Patterns evaluated in f32 (F32 above).
template <typename Op>
struct F32EvalPattern : OpRewritePattern<Op> {
  F32EvalPattern(MLIRContext *ctx) : OpRewritePattern<Op>(ctx, /*benefit=*/10) {}
  LogicalResult matchAndRewrite(Op op, PatternRewriter &rw) const override {
    if (!isF32Like(op.getType()))
      return failure();
    F32 f(rw, op.getLoc(), op.getType());
    rw.replaceOp(op, build(f, op.getOperand()));
    return success();
  }
  virtual Value build(F32 &f, Value x) const = 0;
};

/// exp: F32::exp; NaN propagates through the arithmetic, +-inf clamp to
/// arguments that give inf / 0.
struct ExpPattern : F32EvalPattern<math::ExpOp> {
  using F32EvalPattern::F32EvalPattern;
  Value build(F32 &f, Value x) const override { return f.exp(x); }
};

/// erf and tanh on a = |x|, then copysign (odd; f(-0) = -0): 16 intervals,
/// f = fma(u, Q_i(u), fma(u, M_i, C_i)) with u the offset in interval i and
/// the coefficients fetched from 16-entry tables (ApproximateMathTables.h,
/// fitted by bench/ulp/fit_f32.py --tables). Interval 0 gives a + u Q_0(u)
/// (u M_0 = a exactly), so denormals and small arguments keep f'(0) exactly
/// (folding M_0 into Q_0 would round 2/sqrt(pi)/4 to f32, 0.87 * 2^-24
/// relative: 2.3 ulp measured). No exp, no division. NaN reaches u and
/// propagates; the table index is computed NaN-free (no poison into fptosi
/// or out-of-range lookups).
/// `scale` (a power of two) multiplies every coefficient, hence f exactly.
/// The tables are read at i = (interval + rot) mod 16.
Value tablePoly(F32 &f, ArrayRef<float[16]> q, const float (&mc)[2][16], Value i, Value u,
                float scale, int rot = 0) {
  auto row = [&](const float(&r)[16]) {
    float scaled[16];
    for (int j = 0; j < 16; ++j)
      scaled[(j + rot) & 15] = r[j] * scale;
    return f.lookup(scaled, i);
  };
  Value r = row(q.front());
  for (const float(&coeffs)[16] : q.drop_front())
    r = f.fma(r, u, row(coeffs));
  return f.fma(u, r, f.fma(u, row(mc[0]), row(mc[1])));
}

/// A positive finite constant c with 4c normal when `v` is x * c (either
/// operand order), else nullopt.
std::optional<std::pair<Value, float>> scaledBy(Value v) {
  auto mul = v.getDefiningOp<arith::MulFOp>();
  if (!mul)
    return std::nullopt;
  for (int k = 0; k < 2; ++k) {
    FloatAttr c;
    if (!matchPattern(mul->getOperand(k), m_Constant(&c))) {
      DenseFPElementsAttr d;
      if (!matchPattern(mul->getOperand(k), m_Constant(&d)) || !d.isSplat())
        continue;
      c = dyn_cast<FloatAttr>(d.getSplatValue<Attribute>());
    }
    float cv = c ? c.getValue().convertToFloat() : 0.0f;
    if (cv > 0.0f && std::isnormal(4.0f * cv))
      return std::make_pair(mul->getOperand(1 - k), cv);
  }
  return std::nullopt;
}

/// erf: intervals of 1/4 on [0, 4) (erf rounds to 1 from 3.92) of a = |x|,
/// clamped below 4 (keeps NaN; sends +inf to erf(4^-) = 1). The interval
/// comes from the bits of t = (4a - 1/2) + 1.5 * 2^23, whose low mantissa
/// bits hold i = round(4a - 1/2) (floor(4a), or at an odd integer 4a the
/// interval below, at its end u = 1): no float-int conversion either way,
/// and u = 4a - i is exact (one fma; t - 1.5 * 2^23 is exact). For
/// erf(y * c), c > 0 a constant (GELU's x / sqrt 2), the product is folded
/// into those fmas (u = |y| 4c - i, rounded once): erf is evaluated at the
/// exact y c instead of at y c rounded to f32 (a difference within that
/// rounding; docs/vector-math.md measures GELU so), one op fewer; |y| is
/// clamped to the largest value with |y| * 4c below 16. The result is
/// `resultScale` * erf (a power of two: GELU's 0.5, exact).
Value erfF32(F32 &f, Value x, float resultScale) {
  float scale = 1.0f, limit = std::nextafter(4.0f, 0.0f);
  if (auto s = scaledBy(x)) {
    std::tie(x, scale) = *s;
    limit = 16.0f / (4.0f * scale);
    while (limit * (4.0f * scale) >= 16.0f) // f32 products, as in the kernel
      limit = std::nextafter(limit, 0.0f);
  }
  Value a = f.abs(x);
  Value top = f.c(limit);
  a = f.sel(f.cmp(arith::CmpFPredicate::OGT, a, top), top, a); // keeps NaN
  Value k4 = f.c(4.0f * scale);
  Value magic = f.c(12582912.0f); // 1.5 * 2^23
  Value t = f.add(f.fma(a, k4, f.c(-0.5f)), magic);
  // The low 4 bits: the index stays in the table for any t (NaN too).
  Value i = arith::AndIOp::create(f.b, f.loc, f.bitsOf(t), f.ci(15));
  Value u = f.fma(a, k4, f.sub(magic, t));
  // sign(y c) = sign(y)
  return f.copysign(tablePoly(f, kErfQ, kErfMC, i, u, resultScale), x);
}

struct ErfPattern : F32EvalPattern<math::ErfOp> {
  using F32EvalPattern::F32EvalPattern;
  Value build(F32 &f, Value x) const override { return erfF32(f, x, 1.0f); }
};

/// tanh: a clamped to 9.5 (tanh rounds to 1 from 9.01); the interval is read
/// from the bits of a + 1 (quarter octaves: widths 1/4 on [0, 1), 1/2 to 3,
/// 1 to 7, then 2), u = a - left_i (exact: Sterbenz). The interval is
/// q - 4 * 127 for q = bits >> 21; the tables are rotated by 4 * 127 mod 16
/// so that q & 15 reads them (one op; any q, NaN's too, stays in the table).
/// `scale` * tanh(x), scale a power of two (GELU's 0.5).
Value tanhF32(F32 &f, Value x, float resultScale) {
  constexpr int rot = (127 << 2) & 15;
  Value a = f.abs(x);
  Value top = f.c(9.5f);
  a = f.sel(f.cmp(arith::CmpFPredicate::OGT, a, top), top, a); // keeps NaN
  Value q = arith::ShRUIOp::create(f.b, f.loc, f.bitsOf(f.add(a, f.c(1.0f))), f.ci(21));
  Value i = arith::AndIOp::create(f.b, f.loc, q, f.ci(15));
  float left[16];
  for (int j = 0; j < 16; ++j)
    left[(j + rot) & 15] = kTanhLeft[0][j];
  Value u = f.sub(a, f.lookup(left, i));
  return f.copysign(tablePoly(f, kTanhQ, kTanhMC, i, u, resultScale, rot), x);
}

struct TanhPattern : F32EvalPattern<math::TanhOp> {
  using F32EvalPattern::F32EvalPattern;
  Value build(F32 &f, Value x) const override { return tanhF32(f, x, 1.0f); }
};

/// sin and cos: x - k pi/2 with pi/2 in three f64 parts (exact enough while
/// |k| < 2^53), then Taylor series on |r| <= pi/4.
template <typename Op, bool IsCos>
struct SinCosPattern : F32Pattern<Op> {
  using F32Pattern<Op>::F32Pattern;
  Value build(F64 &f, Op op) const override {
    using P = arith::CmpFPredicate;
    Value x = op.getOperand();
    Value xd = f.ext(x);
    Value finite = f.cmp(P::OLT, f.abs(xd), f.c(INFINITY));
    xd = f.sel(finite, xd, f.c(0.0));
    Value k = f.floor(f.fma(xd, f.c(0.6366197723675814), f.c(0.5)));
    Value nk = f.neg(k);
    Value r = f.fma(nk, f.c(1.5707963267948966), xd);
    r = f.fma(nk, f.c(6.123233995736766e-17), r);
    r = f.fma(nk, f.c(-1.4973849048591698e-33), r);
    // Rounding in k lets |r| exceed pi/4 a little (the series hold to 1);
    // beyond the accurate range, clamping keeps the result bounded.
    r = f.clamp(r, -1.0, 1.0);
    Value r2 = f.mul(r, r);
    // sin r = r + r^3 S(r^2) to r^15; cos r = C(r^2) to r^16.
    double sc[7], cc[9];
    auto factorial = [](int n) { double v = 1; for (int i = 2; i <= n; ++i) v *= i; return v; };
    for (int i = 0; i < 7; ++i)
      sc[6 - i] = (i % 2 ? 1.0 : -1.0) / factorial(3 + 2 * i);
    for (int j = 0; j <= 8; ++j)
      cc[8 - j] = (j % 2 ? -1.0 : 1.0) / factorial(2 * j);
    Value s = f.fma(f.mul(r, r2), f.poly(r2, sc), r);
    Value c = f.poly(r2, cc);
    // Quadrant q = k mod 4.
    Value q = f.sub(k, f.mul(f.floor(f.mul(k, f.c(0.25))), f.c(4.0)));
    Value odd = f.orI(f.cmp(P::OEQ, q, f.c(1.0)), f.cmp(P::OEQ, q, f.c(3.0)));
    Value v = IsCos ? f.sel(odd, s, c) : f.sel(odd, c, s);
    Value negate = IsCos ? f.orI(f.cmp(P::OEQ, q, f.c(1.0)), f.cmp(P::OEQ, q, f.c(2.0)))
                         : f.cmp(P::OGE, q, f.c(2.0));
    v = f.sel(negate, f.neg(v), v);
    if (!IsCos) // sin(-0) = -0: the series above gives +0 there
      v = f.sel(f.cmp(P::OEQ, xd, f.c(0.0)), xd, v);
    v = f.sel(finite, v, f.c(NAN)); // sin/cos(+-inf, NaN) = NaN
    return f.trunc(v);
  }
};

/// A splat constant exponent, if it is one.
std::optional<double> constantExponent(Value v) {
  while (auto bc = v.getDefiningOp<vector::BroadcastOp>())
    v = bc.getSource();
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  if (!cst)
    return std::nullopt;
  Attribute a = cst.getValue();
  if (auto d = dyn_cast<SplatElementsAttr>(a))
    a = d.getSplatValue<Attribute>();
  if (auto fa = dyn_cast<FloatAttr>(a))
    return fa.getValueAsDouble();
  if (auto ia = dyn_cast<IntegerAttr>(a))
    return (double)ia.getValue().getSExtValue();
  return std::nullopt;
}

/// x^n for a constant integer n, |n| <= 64: binary powering in f64 (exact
/// products up to x^2, then a few f64 roundings), one rounding to f32.
Value powInt(F64 &f, Value x, int64_t n) {
  Value xd = f.ext(x);
  if (n == 0)
    return f.c32(1.0f);
  uint64_t m = n < 0 ? -n : n;
  Value acc, sq = xd;
  while (m) {
    if (m & 1) acc = acc ? f.mul(acc, sq) : sq;
    m >>= 1;
    if (m) sq = f.mul(sq, sq);
  }
  if (n < 0)
    acc = f.div(f.c(1.0), acc);
  return f.trunc(acc);
}

/// pow(x, y) = 2^(y log2|x|) in f64, with IEEE 754 pow's special cases.
Value powGeneral(F64 &f, Value x, Value yd) {
  using P = arith::CmpFPredicate;
  Value xd = f.ext(x);
  Value ax = f.abs(xd);
  Value inf = f.c(INFINITY), zero = f.c(0.0), one = f.c(1.0);
  Value xNan = f.isNan(xd), yNan = f.isNan(yd);
  Value ok = f.andI(f.cmp(P::OGT, ax, zero), f.cmp(P::OLT, ax, inf));
  Value lg = f.log2(f.sel(ok, ax, one));
  Value t = f.mul(f.sel(yNan, zero, yd), lg);
  t = f.sel(f.isNan(t), zero, t); // 0 * inf: |x| = 1, y = +-inf gives 1
  Value r = f.exp2(f.clamp(t, -1000.0, 1000.0));
  Value yNeg = f.cmp(P::OLT, yd, zero);
  // |x| = 0: y < 0 -> inf, else 0; |x| = inf: y < 0 -> 0, else inf.
  r = f.sel(f.cmp(P::OEQ, ax, zero), f.sel(yNeg, inf, zero), r);
  r = f.sel(f.cmp(P::OEQ, ax, inf), f.sel(yNeg, zero, inf), r);
  // Sign and domain for x < 0 (and -0): odd integer y flips the sign; a
  // finite non-integer y with finite x < 0 has no real result.
  Value yInt = f.cmp(P::OEQ, f.floor(yd), yd);
  Value half = f.mul(yd, f.c(0.5));
  Value yOdd = f.andI(yInt, f.cmp(P::ONE, f.floor(half), half));
  Value bits = arith::BitcastOp::create(f.b, f.loc, f.like(f.b.getI32Type()), x);
  Value i0 = f.splat(f.like(f.b.getI32Type()), f.b.getI32IntegerAttr(0));
  Value xNeg = arith::CmpIOp::create(f.b, f.loc, arith::CmpIPredicate::slt, bits, i0);
  r = f.sel(f.andI(xNeg, yOdd), f.neg(r), r);
  Value negFinite = f.andI(f.cmp(P::OLT, xd, zero), f.cmp(P::OGT, xd, f.c(-INFINITY)));
  Value yFiniteNonInt = f.andI(f.cmp(P::OLT, f.abs(yd), inf), f.cmp(P::UNE, f.floor(yd), yd));
  Value nan = f.c(NAN);
  r = f.sel(f.andI(negFinite, yFiniteNonInt), nan, r);
  r = f.sel(f.orI(xNan, yNan), nan, r);
  // pow(x, +-0) = 1 and pow(1, y) = 1, even for NaN.
  r = f.sel(f.orI(f.cmp(P::OEQ, yd, zero), f.cmp(P::OEQ, xd, one)), one, r);
  return f.trunc(r);
}

struct PowFPattern : F32Pattern<math::PowFOp> {
  using F32Pattern::F32Pattern;
  Value build(F64 &f, math::PowFOp op) const override {
    if (auto c = constantExponent(op.getRhs()))
      if (*c == std::trunc(*c) && std::fabs(*c) <= 64)
        return powInt(f, op.getLhs(), (int64_t)*c);
    return powGeneral(f, op.getLhs(), f.ext(op.getRhs()));
  }
};

struct FPowIPattern : F32Pattern<math::FPowIOp> {
  using F32Pattern::F32Pattern;
  Value build(F64 &f, math::FPowIOp op) const override {
    if (auto c = constantExponent(op.getRhs()))
      if (std::fabs(*c) <= 64)
        return powInt(f, op.getLhs(), (int64_t)*c);
    Value yd = arith::SIToFPOp::create(f.b, f.loc, f.fTy, op.getRhs());
    return powGeneral(f, op.getLhs(), yd);
  }
};

/// x * 0.5 when `v` is that product (either operand order).
Value halfOf(Value v) {
  auto mul = v.getDefiningOp<arith::MulFOp>();
  if (!mul)
    return {};
  for (int k = 0; k < 2; ++k)
    if (FloatAttr c; matchPattern(mul->getOperand(k), m_Constant(&c)) ||
                     (isa<VectorType>(v.getType()) && [&] {
                       DenseFPElementsAttr d;
                       if (!matchPattern(mul->getOperand(k), m_Constant(&d)) || !d.isSplat())
                         return false;
                       c = dyn_cast<FloatAttr>(d.getSplatValue<Attribute>());
                       return bool(c);
                     }()))
      if (c.getValue().convertToFloat() == 0.5f)
        return mul->getOperand(1 - k);
  return {};
}

/// GELU's tail (x * 0.5) * (1 + f(y)), f = erf or tanh (Inductor's erf form
/// and tanh form), becomes x * (0.5 + f(y) / 2) with f / 2 from tables
/// scaled by 1/2: one op fewer per vector and the same result bit for bit
/// (halving is exact, 0.5 + f/2 = (1 + f) / 2 exactly; but where x * 0.5 or
/// f / 2 is denormal), signed zeros included (the product stays last).
void contractGeluTails(Operation *root) {
  root->walk([](arith::MulFOp mul) {
    if (!isF32Like(mul.getType()))
      return;
    for (int k = 0; k < 2; ++k) {
      auto add = mul->getOperand(k).getDefiningOp<arith::AddFOp>();
      Value x = halfOf(mul->getOperand(1 - k));
      if (!add || !add->hasOneUse() || !x)
        continue;
      for (int j = 0; j < 2; ++j) {
        Operation *fn = add->getOperand(j).getDefiningOp();
        if (!isa_and_nonnull<math::ErfOp, math::TanhOp>(fn) ||
            !matchPattern(add->getOperand(1 - j), m_OneFloat()))
          continue;
        OpBuilder b(mul);
        F32 f(b, fn->getLoc(), mul.getType());
        Value half = isa<math::ErfOp>(fn) ? erfF32(f, fn->getOperand(0), 0.5f)
                                          : tanhF32(f, fn->getOperand(0), 0.5f);
        Value r = f.mul(x, f.add(half, f.c(0.5f)));
        mul.replaceAllUsesWith(r);
        mul.erase();
        add.erase();
        if (fn->use_empty())
          fn->erase();
        return;
      }
    }
  });
}

struct ApproximateMathPass
    : mlir::triton_edge::impl::ApproximateMathBase<ApproximateMathPass> {
  using Base::Base;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    contractGeluTails(getOperation());
    RewritePatternSet patterns(ctx);
    // Ours first (higher benefit); f16/bf16 math is widened to f32 by the
    // upstream F32 expansion, then lands here too.
    if (!fast) {
      patterns.add<ExpPattern, Exp2Pattern, LogPattern, TanhPattern, ErfPattern, PowFPattern,
                   FPowIPattern, SinCosPattern<math::SinOp, false>,
                   SinCosPattern<math::CosOp, true>>(ctx);
    } else {
      // Fast: upstream's f32 polynomials; what they lack goes through exp/log.
      math::populateExpansionPatterns(patterns, {"powf", "fpowi", "exp2"});
    }
    // Upstream for the rest (sinh via exp, rsqrt as 1/sqrt, ...).
    math::populateExpansionPatterns(
        patterns, {"sinh", "cosh", "asinh", "acosh", "atanh", "ceil", "round", "roundeven",
                   "rsqrt"});
    populateMathF32ExpansionPatterns(patterns, [](StringRef) { return true; });
    populateMathPolynomialApproximationPatterns(patterns,
                                                [](StringRef) { return true; });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
