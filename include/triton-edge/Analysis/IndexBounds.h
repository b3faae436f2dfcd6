#ifndef TRITON_EDGE_ANALYSIS_INDEXBOUNDS_H
#define TRITON_EDGE_ANALYSIS_INDEXBOUNDS_H

#include <cstdint>
#include <map>

namespace mlir::triton {
class FuncOp;
} // namespace mlir::triton

namespace mlir::triton_edge {

/// The index ranges a kernel states for its integer inputs: Inductor guards
/// every indirect index with `tl.device_assert((0 <= tmp) & (tmp < N))`,
/// where `tmp` is computed from a value loaded from an integer argument. For
/// each tt.assert, every comparison `x < C` (signed or unsigned, C a
/// constant) in its condition whose `x` depends on a load from an integer
/// pointer argument bounds that argument's values by C (the smallest C
/// wins). Returns kernel argument number -> exclusive upper bound; inputs
/// generated in [0, bound) then pass the kernel's own checks.
std::map<unsigned, int64_t> assertedIndexBounds(triton::FuncOp kernel);

} // namespace mlir::triton_edge

#endif
