#include "triton-edge/Target/Pipeline.h"

#include "triton-edge/Conversion/Passes.h"
#include "triton-edge/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::triton_edge;

void mlir::triton_edge::buildLoopNestPipeline(OpPassManager &pm,
                                              const PipelineOptions &options) {
  if (options.promoteF64)
    pm.addPass(createPromoteF64());
  pm.addPass(createEstimateProgramCost());
  pm.addPass(createConvertTritonToLoops(
      {options.vectorBytes(), options.checkBounds, options.asserts,
       /*stageTiles=*/options.doubleBuffer, options.target.scratchpadBytes,
       options.buffers}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.doubleBuffer)
    pm.addPass(createDoubleBuffer({options.buffers, options.prefetchInPlace}));
  else if (options.splitPrograms)
    pm.addPass(createSplitPrograms({std::max<int64_t>(2, options.target.contexts)}));
  pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addPass(createApproximateMath({options.fastMath}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (const auto &m = options.target.npu) {
    // Modeled target: count what each block costs on it (docs/npu-model.md).
    const te::npu::ComputeCosts &c = m->compute;
    pm.addPass(createAnnotateCost({options.target.vectorBytes, c.scalar_op, c.scalar_ldst,
                                   c.vector_int_op, c.vector_fp_op, c.vector_ldst,
                                   c.transcendental, c.loop_overhead}));
  }
}

void mlir::triton_edge::buildPipeline(OpPassManager &pm,
                                      const PipelineOptions &options) {
  buildLoopNestPipeline(pm, options);
  pm.addPass(createLowerDmaToRuntime());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Upstream lowering to the LLVM dialect.
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createEmitEntryPoints({options.vectorBytes()}));
  pm.addPass(createCanonicalizerPass());
}

namespace {
struct PipelineCLOptions : public PassPipelineOptions<PipelineCLOptions> {
  Option<bool> vec{*this, "vec", llvm::cl::desc("Vectorize (Vec)"), llvm::cl::init(true)};
  Option<bool> db{*this, "db", llvm::cl::desc("Double buffering (DB)"), llvm::cl::init(false)};
  Option<int64_t> buffers{*this, "buffers", llvm::cl::desc("DB buffers per stream"),
                          llvm::cl::init(2)};
  Option<int64_t> vectorBytes{*this, "vector-bytes",
                              llvm::cl::desc("SIMD width (0 = the host's)"), llvm::cl::init(0)};
};
PipelineOptions fromCL(const PipelineCLOptions &cl) {
  PipelineOptions o;
  o.vectorize = cl.vec;
  o.doubleBuffer = cl.db;
  o.buffers = cl.buffers;
  o.vectorBytesOverride = cl.vectorBytes;
  return o;
}
} // namespace

void mlir::triton_edge::registerPipelines() {
  PassPipelineRegistration<PipelineCLOptions>(
      "triton-edge-pipeline", "tt -> LLVM dialect with the kernel C ABI",
      [](OpPassManager &pm, const PipelineCLOptions &cl) { buildPipeline(pm, fromCL(cl)); });
  PassPipelineRegistration<PipelineCLOptions>(
      "triton-edge-loops", "tt -> loop nests (before the LLVM lowering)",
      [](OpPassManager &pm, const PipelineCLOptions &cl) {
        buildLoopNestPipeline(pm, fromCL(cl));
      });
}
