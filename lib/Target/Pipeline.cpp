// The whole pipeline as one list of passes; each mechanism's switch sits
// next to the pass that is the mechanism (docs/architecture.md, "Pipeline").
#include "triton-edge/Target/Pipeline.h"

#include "triton-edge/Conversion/Passes.h"
#include "triton-edge/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/Support/ErrorHandling.h"

using namespace mlir;
using namespace mlir::triton_edge;

void mlir::triton_edge::buildLoopNestPipeline(OpPassManager &pm,
                                              const PipelineOptions &options) {
  if (options.promoteF64) // check's float64 evaluation
    pm.addPass(createPromoteF64());
  // Looped reductions keep their reduced value in registers, not a block of partials.
  pm.addPass(createReassociateLoopReductions());
  // Full blocks of a reduction loop without their masks (tt level).
  pm.addPass(createVersionFullBlocks());
  // Blocks masked to a constant bound (rows of 768 in 1024 lanes) lose their dead lanes.
  pm.addPass(createTrimMaskedLanes());
  // Division by a broadcast divisor: a reciprocal per divisor, multiplies per element.
  pm.addPass(createReciprocalDivision());
  pm.addPass(createEstimateProgramCost()); // input of MT's cost model
  if (options.vectorize) // Vec: the lanes of the innermost loops
    pm.addPass(createVectorize({options.vectorBytes()}));
  pm.addPass(createConvertTritonToLoops({options.checkBounds, options.asserts}));
  if (options.doubleBuffer) // DB, part 1
    pm.addPass(createStageTiles({options.scratchpadBytes(), options.buffers,
                                 options.stagingMustFit, options.scratchpadBytesSource()}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.doubleBuffer) {
    if (options.buffers > 1) // DB, part 2 (1 buffer: staged, transfers not overlapped)
      pm.addPass(createDoubleBuffer({options.buffers, options.prefetchInPlace}));
  } else if (options.splitPrograms) // MT inside programs (K chosen at launch)
    pm.addPass(createSplitPrograms());
  pm.addPass(createLoopInvariantCodeMotionPass());
  if (options.vectorize) // Vec: full tiles without masks (after LICM: invariant bounds)
    pm.addPass(createVersionFullTiles());
  // Division by 0, wide shifts, NaN casts: one answer (docs/semantics.md).
  pm.addPass(createDefineArithSemantics());
  pm.addPass(createApproximateMath({options.fastMath}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.target.streamingStores) // whole-vector stores may bypass the caches (per launch)
    pm.addPass(createStreamStores());
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
  pm.addPass(createLowerDmaToRuntime()); // DB's transfers -> the runtime's engine
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // fp8 conversions and arithmetic as integer operations (LLVM has no fp8).
  pm.addPass(createExpandFp8Conversions());
  // Upstream lowering to the LLVM dialect.
  pm.addPass(createSCFToControlFlowPass());
  // Math before vectors: libm calls for vector math without an LLVM
  // intrinsic (f64 erf, tanh, ...) are made per lane through vector ops.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createEmitEntryPoints({options.vectorBytes()})); // the C ABI; MT runs it
  pm.addPass(createCanonicalizerPass());
  // After this: LLVM IR and LLVM's O3 (Compiler.cpp), whose loop and SLP
  // vectorizers follow `llvmVectorizers`.
}

namespace {
/// The CLI's compile options (tools/triton-edge/Driver.cpp), spelled the
/// same way, for triton-edge-opt.
struct PipelineCLOptions : public PassPipelineOptions<PipelineCLOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("host, a built-in profile or a profile file"),
                             llvm::cl::init("host")};
  ListOption<std::string> profileSet{
      *this, "profile-set",
      llvm::cl::desc("FIELD=VALUE overrides of a modeled target's profile (comma-separated)")};
  Option<bool> vec{*this, "vec", llvm::cl::desc("Vectorize (Vec)"), llvm::cl::init(true)};
  Option<bool> llvmVectorizers{
      *this, "llvm-vectorizers",
      llvm::cl::desc("LLVM's loop and SLP vectorizers (recorded; they run after this pipeline)"),
      llvm::cl::init(true)};
  Option<int64_t> vectorBytes{*this, "vector-bytes",
                              llvm::cl::desc("SIMD width (0 = the target's)"), llvm::cl::init(0)};
  Option<bool> db{*this, "db", llvm::cl::desc("Double buffering (DB)"), llvm::cl::init(false)};
  Option<std::string> dma{*this, "dma",
                          llvm::cl::desc("sync|async|prefetch (prefetch: DB compiled as "
                                         "prefetches, compute in place)"),
                          llvm::cl::init("sync")};
  Option<int64_t> buffers{*this, "buffers",
                          llvm::cl::desc("DB buffers per stream (1: staged, no overlap)"),
                          llvm::cl::init(2)};
  Option<int64_t> scratchpadBytes{*this, "scratchpad-bytes",
                                  llvm::cl::desc("DB staging budget (0 = the target's)"),
                                  llvm::cl::init(0)};
  Option<bool> splitPrograms{*this, "split-programs",
                             llvm::cl::desc("MT inside programs (virtual programs)"),
                             llvm::cl::init(true)};
  Option<std::string> math{*this, "math", llvm::cl::desc("accurate|fast"),
                           llvm::cl::init("accurate")};
  Option<bool> checkBounds{*this, "check-bounds",
                           llvm::cl::desc("Check every access against its argument's storage"),
                           llvm::cl::init(false)};
  Option<bool> asserts{*this, "asserts", llvm::cl::desc("Lower tt.assert to run-time checks"),
                       llvm::cl::init(true)};
  Option<bool> promoteF64{*this, "promote-f64",
                          llvm::cl::desc("Every float as f64 (check's float64 evaluation)"),
                          llvm::cl::init(false)};
};

/// The options; values the CLI would refuse stop triton-edge-opt with an
/// error (a pipeline builder cannot fail).
PipelineOptions fromCL(const PipelineCLOptions &cl) {
  PipelineOptions o;
  auto fail = [](const Twine &msg) {
    llvm::report_fatal_error("triton-edge-pipeline: " + msg, /*gen_crash_diag=*/false);
  };
  std::vector<std::string> sets(cl.profileSet.begin(), cl.profileSet.end());
  if (cl.target != "host") {
    auto t = TargetDescription::get(cl.target, sets);
    if (!t)
      fail(llvm::toString(t.takeError()));
    o.target = *t;
  }
  if (!sets.empty() && !o.target.npu)
    fail("profile-set needs a modeled target (an NPU profile such as generic-npu)");
  if (cl.dma != "sync" && cl.dma != "async" && cl.dma != "prefetch")
    fail("dma takes sync, async or prefetch, got '" + cl.dma + "'");
  if (cl.math != "accurate" && cl.math != "fast")
    fail("math takes accurate or fast, got '" + cl.math + "'");
  if (cl.buffers < 1 || cl.buffers > 3)
    fail("buffers takes 1, 2 or 3");
  o.vectorize = cl.vec;
  o.llvmVectorizers = cl.llvmVectorizers;
  o.vectorBytesOverride = cl.vectorBytes;
  o.doubleBuffer = cl.db;
  o.prefetchInPlace = cl.db && cl.dma == "prefetch";
  o.buffers = cl.buffers;
  o.scratchpadBytesOverride = cl.scratchpadBytes;
  o.scratchpadOverrideSource = "the scratchpad-bytes option";
  o.stagingMustFit = cl.db && o.scratchpadIsLimit(); // as the CLI's explicit --db=on
  o.splitPrograms = cl.splitPrograms;
  o.fastMath = cl.math == "fast";
  o.checkBounds = cl.checkBounds;
  o.asserts = cl.asserts;
  o.promoteF64 = cl.promoteF64;
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
