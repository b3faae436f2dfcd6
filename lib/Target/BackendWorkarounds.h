#ifndef TRITON_EDGE_LIB_TARGET_BACKENDWORKAROUNDS_H
#define TRITON_EDGE_LIB_TARGET_BACKENDWORKAROUNDS_H

namespace llvm {
class Module;
}

namespace mlir::triton_edge {
/// Masked loads/stores of bf16 vectors become i16 ones plus bitcasts (some
/// backends cannot select the bf16 form).
void rewriteBFloatMaskedMemory(llvm::Module &module);
/// Shuffles of bf16 vectors become the same shuffle of i16 lanes between
/// bitcasts (x86 with AVX512-BF16 cannot select some bf16 lane permutes).
void rewriteBFloatShuffles(llvm::Module &module);
/// Compares of bf16 vectors become compares of their (exact) f32 widening.
void rewriteBFloatVectorCompares(llvm::Module &module);
/// Hexagon: float min/max selects with an ordered compare become the same
/// select on the unordered inverse, which the backend does not turn into
/// sfmax/sfmin (NaN-dropping); BackendWorkarounds.cpp says why.
void rewriteOrderedMinMaxSelects(llvm::Module &module);
/// Hexagon HVX: bitcasts of i1 vectors to integers (the lane tests of a
/// scalarized masked scatter/gather) become the same integer built lane by
/// lane; the backend's own lowering is wrong for 32 and 64 lanes.
void rewriteVectorMaskBitcasts(llvm::Module &module);
} // namespace mlir::triton_edge

#endif
