#ifndef TRITON_EDGE_LIB_CONVERSION_LANEEMITTER_H
#define TRITON_EDGE_LIB_CONVERSION_LANEEMITTER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"

namespace mlir::triton {
class FpToFpOp;
} // namespace mlir::triton

namespace mlir::triton_edge {

/// The value of a block tensor at one position of a loop nest: either one
/// scalar shared by all lanes (`isVector == false`) or a vector with one
/// element per lane.
///
/// Integer lanes may also carry an affine form: lane j holds
/// `base + j * stride`, where `base` is a scalar and `baseDivisor` is a power
/// of two known to divide it: the LaneFact of Analysis/AxisInfo.h, together
/// with the emitted value of `base`.
struct Lanes {
  Value value;
  bool isVector = false;
  bool affine = false;
  Value base;
  int64_t stride = 0;
  int64_t baseDivisor = 1;
  /// Non-affine integer lanes that are contiguous at run time whenever the
  /// scalar i1 `contiguousWhen` holds: lane j then holds `contiguousBase + j`
  /// (a remainder of unit-stride lanes, `(base + j) % C`, that does not wrap
  /// inside this vector). Loads through them test it and read a vector
  /// instead of gathering.
  Value contiguousWhen;
  Value contiguousBase;
  /// Set with contiguousWhen when such a remainder can wrap only at the
  /// middle lane (gcd(base's divisor, C) = width / 2): where `halvesWhen`
  /// holds and contiguousWhen does not, lanes j < width / 2 hold
  /// `contiguousBase + j` and the others `halvesBase + j - width / 2`.
  /// Loads read the two halves as two vectors instead of gathering.
  Value halvesWhen;
  Value halvesBase;

  static Lanes uniform(Value v, int64_t divisor = 1) {
    Lanes l;
    l.value = v;
    l.affine = v.getType().isIntOrIndex();
    l.base = v;
    l.baseDivisor = divisor;
    return l;
  }
  static Lanes vector(Value v) {
    Lanes l;
    l.value = v;
    l.isVector = true;
    return l;
  }
};

/// Emits scalar/vector code for one element-wise op of a block (arith, math,
/// and the element-wise tt ops) on `Lanes` operands with `width` lanes: the
/// element-wise op family of convert-triton-to-loops.
class LaneEmitter {
public:
  LaneEmitter(OpBuilder &builder, int64_t width) : b(builder), width(width) {}

  /// Emits `op` (whose operands/results may be tensors or scalars) on the
  /// given lane values. Fails with a diagnostic on `op` for ops it does not
  /// know.
  FailureOr<SmallVector<Lanes>> emit(Operation *op, ArrayRef<Lanes> operands);

  /// Broadcasts a uniform value to `width` lanes (no-op for vectors).
  Value toVector(Location loc, const Lanes &lanes);
  /// `vector<width x elem>`, or `elem` when width is 1.
  Type laneType(Type elem, bool isVector) const;
  int64_t getWidth() const { return width; }

private:
  /// tt.fp_to_fp of `src` (lanes already in vector form when `anyVector`).
  Value emitFpToFp(triton::FpToFpOp op, Value src, bool anyVector);
  /// An arith/math op rebuilt element-wise on scalars or vectors `values`.
  SmallVector<Lanes> rebuildElementwise(Operation *op, ArrayRef<Lanes> operands,
                                        ArrayRef<Value> values, bool anyVector);
  /// The lane form of the rebuilt element-wise integer op `result` (`op` is
  /// the original), from the AxisInfo transfer rules.
  Lanes emitAffine(Operation *op, ArrayRef<Lanes> operands, Value result);
  /// Sets `out`'s contiguousWhen/contiguousBase when `op` is a remainder of
  /// unit-stride lanes by a constant of at least `width`.
  void contiguousRemainder(Operation *op, ArrayRef<Lanes> operands, Lanes &out);
  OpBuilder &b;
  int64_t width;
};

} // namespace mlir::triton_edge

#endif
