// The whole pipeline as one list of passes; each mechanism's switch sits
// next to the pass that is the mechanism (docs/architecture.md, "Pipeline").
#include "triton-edge/Target/Pipeline.h"
#include "triton-edge/Target/Options.h"

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
  // Pointer blocks advanced by a uniform step: the initial block plus a carried scalar.
  pm.addPass(createScalarizePointerSteps());
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
  // DB stages the copies of loads that feed several nests: keep them where it may run.
  bool staging = options.doubleBuffer || options.autoDoubleBuffer;
  pm.addPass(createConvertTritonToLoops({options.checkBounds, options.asserts,
                                         options.target.vectorRegisters, options.target.l1Bytes,
                                         /*rereadSharedLoads=*/!staging}));
  if (options.doubleBuffer) // DB, part 1
    pm.addPass(createStageTiles({options.scratchpadBytes(), options.buffers,
                                 options.stagingMustFit, options.scratchpadBytesSource()}));
  else if (options.autoDoubleBuffer) // DB, part 1, kept per kernel where it pays
    pm.addPass(createChooseDoubleBuffering(
        *options.target.npu, {/*profile=*/"", options.vectorBytes(), options.scratchpadBytes(),
                              options.buffers, options.scratchpadBytesSource()}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (staging && options.buffers > 1) // DB, part 2 (1 buffer: staged, transfers not overlapped)
    pm.addPass(createDoubleBuffer({options.buffers, options.prefetchInPlace}));
  // MT inside programs (K chosen at launch); with auto, the kernels left
  // direct (staged ones keep their transfers in the program: not split).
  if (!options.doubleBuffer && options.splitPrograms)
    pm.addPass(createSplitPrograms());
  pm.addPass(createLoopInvariantCodeMotionPass());
  if (options.vectorize) // Vec: full tiles without masks (after LICM: invariant bounds)
    pm.addPass(createVersionFullTiles());
  // Division by 0, wide shifts, NaN casts: one answer (docs/semantics.md).
  pm.addPass(createDefineArithSemantics({options.target.canonicalNaN}));
  pm.addPass(createApproximateMath({options.fastMath}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.target.streamingStores) // whole-vector stores may bypass the caches (per launch)
    pm.addPass(createStreamStores());
  if (const auto &m = options.target.npu) {
    // Modeled target: count what each block costs on it (docs/npu-model.md).
    const te::npu::ComputeCosts &c = m->compute;
    AnnotateCostOptions annotate{options.target.vectorBytes, c.scalar_op, c.scalar_ldst,
                                 c.vector_int_op, c.vector_fp_op, c.vector_ldst,
                                 c.transcendental, c.loop_overhead, options.computeCost,
                                 {options.blockPackets.begin(), options.blockPackets.end()}};
    pm.addPass(createAnnotateCost(annotate));
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
/// The Pipeline-layer options of Options.def, spelled as the CLI spells
/// them, for triton-edge-opt; values are checked as the CLI checks them.
struct PipelineCLOptions : public PassPipelineOptions<PipelineCLOptions> {
  PipelineCLOptions() {
    for (const OptionInfo &info : optionTable()) {
      if (!(info.layers & OptionLayer::Pipeline))
        continue;
      if (info.repeatable) // profile-set: comma-separated here, repeated on the CLI
        lists.push_back(std::make_unique<ListOption<std::string>>(*this, info.name,
                                                                  llvm::cl::desc(info.help)));
      else
        values.push_back(std::make_unique<Option<std::string>>(
            *this, info.name, llvm::cl::desc(info.help), llvm::cl::init(info.defaultValue)));
    }
  }
  std::vector<std::unique_ptr<Option<std::string>>> values;
  std::vector<std::unique_ptr<ListOption<std::string>>> lists;
  /// Not a CLI option: check's float64 evaluation sets it on the pipeline.
  Option<bool> promoteF64{*this, "promote-f64",
                          llvm::cl::desc("Every float as f64 (check's float64 evaluation)"),
                          llvm::cl::init(false)};
};

/// The options; values the CLI would refuse stop triton-edge-opt with an
/// error (a pipeline builder cannot fail).
PipelineOptions fromCL(const PipelineCLOptions &cl) {
  auto fail = [](const Twine &msg) {
    llvm::report_fatal_error("triton-edge-pipeline: " + msg, /*gen_crash_diag=*/false);
  };
  OptionValues given = OptionValues::defaults();
  for (const auto &opt : cl.values) {
    const OptionInfo *info = findOption(opt->getArgStr());
    if (opt->getValue().empty()) // unset (the option's default is unset)
      continue;
    auto v = checkOptionValue(*info, opt->getValue(), OptionSpelling::PipelineOption);
    if (!v)
      fail(llvm::toString(v.takeError()));
    given.values[info->id] = *v;
  }
  for (const auto &list : cl.lists)
    given.profileSets.assign(list->begin(), list->end());
  auto o = resolvePipelineOptions(given, OptionSpelling::PipelineOption);
  if (!o)
    fail(llvm::toString(o.takeError()));
  o->promoteF64 = cl.promoteF64;
  return *o;
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
