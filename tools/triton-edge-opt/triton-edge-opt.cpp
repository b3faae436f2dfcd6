// mlir-opt with the tt dialect and triton-edge's passes registered.
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "triton-edge/InitAll.h"
#include "triton-edge/Target/Pipeline.h"

namespace mlir::triton_edge::test {
void registerTestAnalysisPasses(); // test/lib/Analysis
} // namespace mlir::triton_edge::test

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::triton_edge::registerAllDialects(registry);
  mlir::triton_edge::registerAllPasses();
  mlir::triton_edge::registerPipelines();
  mlir::triton_edge::test::registerTestAnalysisPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "triton-edge optimizer driver\n", registry));
}
