#ifndef TRITON_EDGE_ANALYSIS_AXISINFO_H
#define TRITON_EDGE_ANALYSIS_AXISINFO_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"

#include <optional>

namespace mlir::triton_edge {

/// Triton's AxisInfo reduced to what a loop nest with SIMD lanes needs.
///
/// An integer value evaluated at one position of the nest is described along
/// the lanes of the innermost loop by an affine fact: lane j holds
/// `base + j * stride`, where `stride` is a compile-time constant and a
/// power of two `divisor` is known to divide `base`. A stride of 0 is a value
/// uniform over the lanes. The facts prove a load or store contiguous
/// (stride 1), and keep `x // C` and `x % C` affine when C is a multiple of
/// the lane count.
struct LaneFact {
  int64_t stride = 0;
  int64_t divisor = 1;

  static LaneFact uniform(int64_t divisor = 1) { return {0, divisor}; }
};

/// Divisors are capped here: a zero is divisible by everything.
constexpr int64_t kMaxDivisor = int64_t(1) << 30;

/// Largest power of two dividing `v` (kMaxDivisor for 0).
int64_t powerOfTwoDivisor(int64_t v);

/// The lane fact of the (single integer) result of `op` given the facts of
/// its operands, for a nest of `width` lanes. `constants[i]` is operand i's
/// value when it is a known constant. Returns nullopt when the result is not
/// affine along the lanes (it then goes through gathers and scatters, which
/// are always correct). Only facts that hold for every lane of every
/// iteration are produced.
std::optional<LaneFact> transferLaneFact(Operation *op, ArrayRef<LaneFact> operands,
                                         ArrayRef<std::optional<int64_t>> constants,
                                         int64_t width);

/// The divisibility of a value that is uniform over the lanes (a scalar of
/// the tt program, or a splat of one): kernel arguments' `tt.divisibility`,
/// constants, and the transfer rules above through splats, extensions and
/// integer arithmetic. 1 when nothing is known.
int64_t uniformDivisibility(Value v);

} // namespace mlir::triton_edge

#endif
