// tt.dot as a register-tiled loop nest. For each tile of `rows` rows of D and
// `vecs` vectors of the planned lanes along N, the rows x vecs accumulators
// are the iteration arguments of the loop over K: C is read once, D written
// once, and each vector of B is loaded once per k for all rows of the tile
// (d[i+r, j:j+W] += a[i+r, k] * b[k, j:j+W], unit-stride lanes along N).
// A batched dot ([B,M,K] x [B,K,N]) runs the same nest once per batch, in
// an outer loop whose index leads every access.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include "llvm/ADT/ScopeExit.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
/// Rows of D per tile: independent accumulator chains that hide the
/// multiply-add latency while fitting, with two vectors each, in the 16
/// vector registers of the smallest targets.
constexpr int64_t kTileRows = 4;
constexpr int64_t kTileVectors = 2;

/// The largest of `preferred`, its halves down to 1, that divides `size`.
int64_t tileSize(int64_t preferred, int64_t size) {
  int64_t t = preferred;
  while (t > 1 && size % t != 0)
    t /= 2;
  return t;
}
} // namespace

LogicalResult KernelLowering::emitDot(tt::DotOp op) {
  int64_t rank = tensorType(op.getA()).getRank();
  if (rank != 2 && rank != 3)
    return op.emitError("tt.dot of rank ") << rank << " is not supported (2-D or batched 3-D)";
  Value aBuf = bufferFor(op.getA());
  Value bBuf = bufferFor(op.getB());
  if (!aBuf || !bBuf)
    return failure();
  return emitMatmul(aBuf, tensorType(op.getA()), bBuf, tensorType(op.getB()), op.getC(),
                    op.getD());
}

LogicalResult KernelLowering::emitMatmul(Value aBuf, RankedTensorType aType, Value bBuf,
                                         RankedTensorType bType, Value c, Value d) {
  auto dType = tensorType(d);
  int64_t rank = aType.getRank();
  int64_t batch = rank == 3 ? aType.getDimSize(0) : 1;
  int64_t m = aType.getDimSize(rank - 2), k = aType.getDimSize(rank - 1),
          n = bType.getDimSize(rank - 1);
  Value dBuf = allocBuffer(dType.getShape(), dType.getElementType());
  int64_t lanes = plannedLanes(d);
  if (failed(checkLanes(lanes, n)))
    return failure();
  int64_t rows = tileSize(kTileRows, m);
  int64_t vecs = tileSize(kTileVectors, n / lanes);

  // A 16-bit float accumulator sums in f32 and rounds once at the end: the
  // GPU rounds to it only between MMA steps of 8-16 products, never after
  // each one (docs/semantics.md, "tl.dot").
  Type dElem = dType.getElementType();
  Type acc = dElem.isF16() || dElem.isBF16() ? Type(b.getF32Type()) : dElem;
  bool isFloat = isa<FloatType>(acc);
  auto extend = [&](Value v) -> Value {
    Type e = getElementTypeOrSelf(v.getType());
    if (e == acc)
      return v;
    Type target = isa<VectorType>(v.getType())
                      ? Type(VectorType::get(cast<VectorType>(v.getType()).getShape(), acc))
                      : acc;
    if (isa<FloatType>(e))
      return arith::ExtFOp::create(b, loc(), target, v);
    return arith::ExtSIOp::create(b, loc(), target, v);
  };

  OpBuilder::InsertionGuard guard(b);
  int64_t savedWidth = width;
  llvm::scope_exit restore([&] { width = savedWidth; });
  // The batch index (if any) leads every index of A, B, C and D.
  SmallVector<Value> lead;
  if (rank == 3) {
    auto batchLoop = scf::ForOp::create(b, loc(), indexConst(0), indexConst(batch), indexConst(1));
    b.setInsertionPointToStart(batchLoop.getBody());
    lead.push_back(batchLoop.getInductionVar());
  }
  auto at = [&](Value i, Value j) {
    SmallVector<Value> idx(lead);
    idx.append({i, j});
    return idx;
  };
  auto rowLoop = scf::ForOp::create(b, loc(), indexConst(0), indexConst(m), indexConst(rows));
  b.setInsertionPointToStart(rowLoop.getBody());
  auto colLoop =
      scf::ForOp::create(b, loc(), indexConst(0), indexConst(n), indexConst(lanes * vecs));
  b.setInsertionPointToStart(colLoop.getBody());
  width = lanes;
  CacheScope scope(*this);
  int laneDim = lanes > 1 ? rank - 1 : -1;
  LaneEmitter emitter(b, lanes);
  auto offset = [&](Value base, int64_t delta) -> Value {
    return delta == 0 ? base : arith::AddIOp::create(b, loc(), base, indexConst(delta));
  };
  SmallVector<Value> rowIdx, colIdx;
  for (int64_t r = 0; r < rows; ++r)
    rowIdx.push_back(offset(rowLoop.getInductionVar(), r));
  for (int64_t v = 0; v < vecs; ++v)
    colIdx.push_back(offset(colLoop.getInductionVar(), v * lanes));
  auto asLanes = [&](Value v) { return lanes > 1 ? Lanes::vector(v) : Lanes::uniform(v); };

  // The accumulators start from C, tile element (r, v) at index r*vecs+v.
  SmallVector<Value> init;
  for (Value row : rowIdx)
    for (Value col : colIdx) {
      FailureOr<Lanes> cv = eval(c, Where{at(row, col), laneDim});
      if (failed(cv))
        return failure();
      init.push_back(extend(lanes > 1 ? emitter.toVector(loc(), *cv) : cv->value));
    }
  auto kLoop = scf::ForOp::create(b, loc(), indexConst(0), indexConst(k), indexConst(1), init);
  {
    OpBuilder::InsertionGuard inner(b);
    b.setInsertionPointToStart(kLoop.getBody());
    Value kk = kLoop.getInductionVar();
    SmallVector<Value> bVecs;
    for (Value col : colIdx)
      bVecs.push_back(
          extend(readBuffer(bBuf, bType.getElementType(), Where{at(kk, col), laneDim}).value));
    SmallVector<Value> next;
    for (auto [r, row] : llvm::enumerate(rowIdx)) {
      Value a = extend(readBuffer(aBuf, aType.getElementType(), Where{at(row, kk), -1}).value);
      if (lanes > 1)
        a = emitter.toVector(loc(), Lanes::uniform(a));
      for (auto [v, bv] : llvm::enumerate(bVecs)) {
        Value sum = kLoop.getRegionIterArgs()[r * vecs + v];
        next.push_back(isFloat ? Value(math::FmaOp::create(b, loc(), a, bv, sum))
                               : Value(arith::AddIOp::create(
                                     b, loc(), arith::MulIOp::create(b, loc(), a, bv), sum)));
      }
    }
    scf::YieldOp::create(b, loc(), next);
  }
  for (auto [r, row] : llvm::enumerate(rowIdx))
    for (auto [v, col] : llvm::enumerate(colIdx)) {
      Value sum = kLoop.getResult(r * vecs + v);
      if (acc != dElem) {
        auto vec = dyn_cast<VectorType>(sum.getType());
        sum = arith::TruncFOp::create(b, loc(), vec ? Type(vec.clone(dElem)) : dElem, sum);
      }
      writeBuffer(dBuf, dElem, at(row, col), asLanes(sum));
    }
  buffers[d] = dBuf;
  return success();
}
