// The test passes of lib/Analysis, registered together for triton-edge-opt.
namespace mlir::triton_edge::test {
void registerTestAxisInfoPasses();
void registerTestIndexBoundsPass();
void registerTestPointerProvenancePass();

void registerTestAnalysisPasses() {
  registerTestAxisInfoPasses();
  registerTestIndexBoundsPass();
  registerTestPointerProvenancePass();
}
} // namespace mlir::triton_edge::test
