// tt.dot as a register-tiled loop nest. D is computed in tiles of `rows`
// rows by `vecs` vectors of the planned lanes along N; a tile's rows x vecs
// accumulators are the iteration arguments of the loop over K, so C is read
// and D written once per tile, and each vector of B is loaded once per k for
// all rows of the tile (d[i+r, j:j+W] += a[i+r, k] * b[k, j:j+W], unit-stride
// lanes along N, a[i+r, k] broadcast). The tile is chosen from the target
// (chooseTile): as many accumulators as its vector registers hold next to
// one register per vector of B and one for the broadcast. Column tiles are
// the outer loop and row tiles the inner one, so a panel of B (the K rows of
// one column tile) is reused by every row tile; the loop over K is blocked
// so that the panel stays in the L1 data cache (blocks after the first
// start from D). Rows that do not fill a whole tile get one tile of their
// own. A batched dot ([B,M,K] x [B,K,N]) runs the same nest once per batch,
// in an outer loop whose index leads every access.
//
// When C is a loop-carried accumulator read by nothing else and D is what
// the loop carries next (acc = tl.dot(a, b, acc)), D is written in place
// into the accumulator's buffer: each tile reads its C before it writes its
// D, and tiles do not overlap.
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include "llvm/ADT/ScopeExit.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
/// The largest of `preferred`, its halves down to 1, that divides `size`.
int64_t tileSize(int64_t preferred, int64_t size) {
  int64_t t = preferred;
  while (t > 1 && size % t != 0)
    t /= 2;
  return t;
}

/// Rows of a tile at most: each is a stream of A read element by element,
/// and more rows leave larger partial tiles.
constexpr int64_t kMaxTileRows = 8;
/// Vectors of a tile at most (along N).
constexpr int64_t kMaxTileVectors = 4;

struct Tile {
  int64_t rows, vecs;
};

/// The register tile of an m x n product with `lanes` lanes on a target
/// with `registers` vector registers: the most accumulators rows * vecs
/// with rows * vecs + vecs + 1 <= registers (one register per vector of B,
/// one for the broadcast element of A), vecs dividing the vectors of a row;
/// among equals, the fewest loads per k (rows + vecs). Scalar code (no
/// lanes) keeps 4 x 2 independent chains.
Tile chooseTile(int64_t m, int64_t n, int64_t lanes, int64_t registers) {
  if (lanes == 1)
    return {tileSize(4, m), tileSize(2, n)};
  Tile best{1, 1};
  for (int64_t vecs = 1; vecs <= kMaxTileVectors; ++vecs) {
    if ((n / lanes) % vecs != 0)
      continue;
    int64_t rows = std::min({kMaxTileRows, m, (registers - vecs - 1) / vecs});
    if (rows < 1)
      continue;
    int64_t accs = rows * vecs, bestAccs = best.rows * best.vecs;
    if (accs > bestAccs || (accs == bestAccs && rows + vecs < best.rows + best.vecs))
      best = {rows, vecs};
  }
  return best;
}

/// Steps of the loop over K per block: a power of two (or all of K) whose
/// panel of B, `panelRowBytes` per k, fills at most half the L1 data cache
/// (the other half for A's rows and D's tile), dividing k.
int64_t kBlock(int64_t k, int64_t panelRowBytes, int64_t l1Bytes) {
  int64_t fit = std::max<int64_t>(1, l1Bytes / 2 / std::max<int64_t>(1, panelRowBytes));
  if (fit >= k)
    return k;
  int64_t block = 1;
  while (block * 2 <= fit)
    block *= 2;
  return tileSize(block, k);
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
  // acc = tl.dot(a, b, acc) in a loop: D in place of C when nothing else
  // reads this iteration's C and the loop carries D on in C's place.
  Value inPlace;
  if (auto arg = dyn_cast<BlockArgument>(op.getC()); arg && arg.hasOneUse())
    if (auto loop = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp()))
      if (arg.getOwner() == loop.getBody() && arg.getArgNumber() > 0 &&
          loop.getYieldedValues()[arg.getArgNumber() - 1] == op.getD())
        inPlace = buffers.lookup(arg);
  return emitMatmul(aBuf, tensorType(op.getA()), bBuf, tensorType(op.getB()), op.getC(),
                    op.getD(), inPlace);
}

namespace {

/// One D = A x B + C being emitted: the operands, the register tile and
/// accumulator type emitMatmul chose, and the index helpers its loops share.
struct MatmulEmission {
  KernelLowering &kl;
  Value aBuf, bBuf, c, dBuf;
  RankedTensorType aType, bType;
  Type dElem, acc;
  int64_t lanes, kc;
  Tile tile;
  SmallVector<Value> lead; // the batch index (if any) leads every index
  int laneDim;

  /// `v` widened to the accumulator type.
  Value extend(Value v) {
    Type e = getElementTypeOrSelf(v.getType());
    if (e == acc)
      return v;
    Type target = isa<VectorType>(v.getType())
                      ? Type(VectorType::get(cast<VectorType>(v.getType()).getShape(), acc))
                      : acc;
    if (isa<FloatType>(e))
      return arith::ExtFOp::create(kl.b, kl.loc(), target, v);
    return arith::ExtSIOp::create(kl.b, kl.loc(), target, v);
  }
  SmallVector<Value> at(Value i, Value j) {
    SmallVector<Value> idx(lead);
    idx.append({i, j});
    return idx;
  }
  Value offset(Value base, int64_t delta) {
    if (delta == 0)
      return base;
    if (std::optional<int64_t> cst = getConstantIntValue(base))
      return kl.indexConst(*cst + delta);
    return arith::AddIOp::create(kl.b, kl.loc(), base, kl.indexConst(delta));
  }
  Lanes asLanes(Value v) { return lanes > 1 ? Lanes::vector(v) : Lanes::uniform(v); }

  /// The accumulators of tile rows x vecs, from C or from D.
  FailureOr<SmallVector<Value>> initialSums(ArrayRef<Value> rowIdx, ArrayRef<Value> colIdx,
                                            bool fromC, LaneEmitter &emitter) {
    // Accumulator (r, v) at index r * vecs + v.
    SmallVector<Value> init;
    for (Value row : rowIdx)
      for (Value col : colIdx) {
        if (!fromC) {
          init.push_back(
              extend(kl.readBuffer(dBuf, dElem, Where{at(row, col), laneDim}).value));
          continue;
        }
        FailureOr<Lanes> cv = kl.eval(c, Where{at(row, col), laneDim});
        if (failed(cv))
          return failure();
        init.push_back(extend(lanes > 1 ? emitter.toVector(kl.loc(), *cv) : cv->value));
      }
    return init;
  }

  /// One tile: `rows` rows from `row0`, `vecs` vectors from `col0`, over
  /// k in [k0, k0 + kLen); the accumulators start from C or from D.
  LogicalResult emitTile(Value row0, Value col0, int64_t rows, Value k0, int64_t kLen,
                         bool fromC) {
    OpBuilder &b = kl.b;
    KernelLowering::CacheScope scope(kl);
    LaneEmitter emitter(b, lanes);
    SmallVector<Value> rowIdx, colIdx;
    for (int64_t r = 0; r < rows; ++r)
      rowIdx.push_back(offset(row0, r));
    for (int64_t v = 0; v < tile.vecs; ++v)
      colIdx.push_back(offset(col0, v * lanes));
    FailureOr<SmallVector<Value>> init = initialSums(rowIdx, colIdx, fromC, emitter);
    if (failed(init))
      return failure();
    bool isFloat = isa<FloatType>(acc);
    auto kLoop =
        scf::ForOp::create(b, kl.loc(), k0, offset(k0, kLen), kl.indexConst(1), *init);
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(kLoop.getBody());
      Value kk = kLoop.getInductionVar();
      SmallVector<Value> bVecs;
      for (Value col : colIdx)
        bVecs.push_back(extend(
            kl.readBuffer(bBuf, bType.getElementType(), Where{at(kk, col), laneDim}).value));
      SmallVector<Value> next;
      for (auto [r, row] : llvm::enumerate(rowIdx)) {
        Value a =
            extend(kl.readBuffer(aBuf, aType.getElementType(), Where{at(row, kk), -1}).value);
        if (lanes > 1)
          a = emitter.toVector(kl.loc(), Lanes::uniform(a));
        for (auto [v, bv] : llvm::enumerate(bVecs)) {
          Value sum = kLoop.getRegionIterArgs()[r * tile.vecs + v];
          next.push_back(isFloat ? Value(math::FmaOp::create(b, kl.loc(), a, bv, sum))
                                 : Value(arith::AddIOp::create(
                                       b, kl.loc(), arith::MulIOp::create(b, kl.loc(), a, bv),
                                       sum)));
        }
      }
      scf::YieldOp::create(b, kl.loc(), next);
    }
    for (auto [r, row] : llvm::enumerate(rowIdx))
      for (auto [v, col] : llvm::enumerate(colIdx)) {
        Value sum = kLoop.getResult(r * tile.vecs + v);
        if (acc != dElem) {
          auto vec = dyn_cast<VectorType>(sum.getType());
          sum = arith::TruncFOp::create(b, kl.loc(), vec ? Type(vec.clone(dElem)) : dElem, sum);
        }
        kl.writeBuffer(dBuf, dElem, at(row, col), asLanes(sum));
      }
    return success();
  }

  /// One block of K: column tiles outside, row tiles inside (whole tiles in
  /// a loop, the rows left over in one tile of their own).
  LogicalResult emitKBlock(Value k0, bool fromC, int64_t m, int64_t n) {
    OpBuilder &b = kl.b;
    int64_t wholeRows = m - m % tile.rows;
    OpBuilder::InsertionGuard g(b);
    auto colLoop = scf::ForOp::create(b, kl.loc(), kl.indexConst(0), kl.indexConst(n),
                                      kl.indexConst(lanes * tile.vecs));
    b.setInsertionPointToStart(colLoop.getBody());
    Value col0 = colLoop.getInductionVar();
    {
      OpBuilder::InsertionGuard rows(b);
      auto rowLoop = scf::ForOp::create(b, kl.loc(), kl.indexConst(0), kl.indexConst(wholeRows),
                                        kl.indexConst(tile.rows));
      b.setInsertionPointToStart(rowLoop.getBody());
      if (failed(emitTile(rowLoop.getInductionVar(), col0, tile.rows, k0, kc, fromC)))
        return failure();
    }
    if (wholeRows < m)
      return emitTile(kl.indexConst(wholeRows), col0, m - wholeRows, k0, kc, fromC);
    return success();
  }
};

} // namespace

LogicalResult KernelLowering::emitMatmul(Value aBuf, RankedTensorType aType, Value bBuf,
                                         RankedTensorType bType, Value c, Value d,
                                         Value dBuf) {
  auto dType = tensorType(d);
  int64_t rank = aType.getRank();
  int64_t batch = rank == 3 ? aType.getDimSize(0) : 1;
  int64_t m = aType.getDimSize(rank - 2), k = aType.getDimSize(rank - 1),
          n = bType.getDimSize(rank - 1);
  if (!dBuf)
    dBuf = allocBuffer(dType.getShape(), dType.getElementType());
  int64_t lanes = plannedLanes(d);
  if (failed(checkLanes(lanes, n)))
    return failure();
  Tile tile = chooseTile(m, n, lanes, vectorRegisters);
  int64_t bBytes = std::max<int64_t>(1, bType.getElementTypeBitWidth() / 8);
  // A 16-bit float accumulator sums in f32 and rounds once at the end: the
  // GPU rounds to it only between MMA steps of 8-16 products, never after
  // each one (docs/semantics.md, "tl.dot").
  Type dElem = dType.getElementType();
  Type acc = dElem.isF16() || dElem.isBF16() ? Type(b.getF32Type()) : dElem;
  // K blocks pass their sums on through D: only where D holds them exactly.
  int64_t kc = acc == dElem ? kBlock(k, tile.vecs * lanes * bBytes, l1Bytes) : k;

  OpBuilder::InsertionGuard guard(b);
  int64_t savedWidth = width;
  llvm::scope_exit restore([&] { width = savedWidth; });
  width = lanes;
  MatmulEmission e{*this, aBuf, bBuf, c, dBuf, aType, bType, dElem, acc, lanes, kc, tile,
                   {}, lanes > 1 ? static_cast<int>(rank - 1) : -1};
  if (rank == 3) {
    auto batchLoop = scf::ForOp::create(b, loc(), indexConst(0), indexConst(batch), indexConst(1));
    b.setInsertionPointToStart(batchLoop.getBody());
    e.lead.push_back(batchLoop.getInductionVar());
  }
  if (failed(e.emitKBlock(indexConst(0), /*fromC=*/true, m, n)))
    return failure();
  if (kc < k) {
    auto blockLoop = scf::ForOp::create(b, loc(), indexConst(kc), indexConst(k), indexConst(kc));
    b.setInsertionPointToStart(blockLoop.getBody());
    if (failed(e.emitKBlock(blockLoop.getInductionVar(), /*fromC=*/false, m, n)))
      return failure();
  }
  buffers[d] = dBuf;
  return success();
}
