// --db=auto on a modeled NPU: DB where a static prediction says it pays.
// The equations are the runtime model's closed form (te::npu::predict); what
// feeds them here is counted from the IR, not recorded from a run.
#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Analysis/BlockCost.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "triton-edge-model/predict.h"
#include "triton-edge-model/profile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"

#include <optional>

namespace mlir::triton_edge {
#define GEN_PASS_DEF_CHOOSEDOUBLEBUFFERING
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;

namespace {

// Launch-time facts the compiler does not know, fixed: the programs of one
// context in a long launch, so the pipeline's fill is amortized as it is
// over a large grid (docs/npu-model.md, "--db=auto").
constexpr int64_t kProgramsPerContext = 1024;
constexpr int kContexts = 1;
// A loop with dynamic bounds runs this many trips (as triton-edge-estimate-cost counts).
constexpr double kDynamicTrips = 8;

/// How many times one program runs `block`: the trips of the loops around it
/// inside the program loop.
double timesPerProgram(Block *block, Operation *programLoop) {
  double times = 1;
  for (Operation *op = block->getParentOp(); op && op != programLoop; op = op->getParentOp()) {
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()),
                             ub = getConstantIntValue(loop.getUpperBound()),
                             step = getConstantIntValue(loop.getStep());
      times *= lb && ub && step && *step > 0
                   ? double(std::max<int64_t>(0, (*ub - *lb + *step - 1) / *step))
                   : kDynamicTrips;
    } else if (isa<scf::WhileOp>(op)) {
      times *= kDynamicTrips;
    }
  }
  return times;
}

int64_t elementBytes(MemRefType type) {
  Type e = type.getElementType();
  return e.isIntOrFloat() ? std::max<int64_t>(1, e.getIntOrFloatBitWidth() / 8) : 8;
}

/// One program's cost as the predictor takes it: compute and direct DDR
/// traffic from the blocks' counted costs, DMA from the staged transfers.
te::npu::TileCost programCost(scf::ForOp programLoop, const OpCycles &cycles) {
  te::npu::TileCost t;
  programLoop.getRegion().walk([&](Block *block) {
    double times = timesPerProgram(block, programLoop);
    BlockCost c = countBlockCost(*block, cycles);
    t.mcycles += times * c.cycles * 1000.0;
    t.scalar_loads += times * double(c.scalarLoads);
    t.vector_loads += times * double(c.vectorLoads);
    t.load_bytes += times * double(c.loadBytes);
    t.store_bytes += times * double(c.storeBytes);
  });
  programLoop.walk([&](memref::DmaStartOp start) {
    double times = timesPerProgram(start->getBlock(), programLoop);
    Value tile =
        isMainMemory(start.getSrcMemRef()) ? start.getDstMemRef() : start.getSrcMemRef();
    auto type = cast<MemRefType>(tile.getType());
    // The transfer is clamped to the argument at run time: the tile bounds it.
    std::optional<int64_t> n = getConstantIntValue(start.getNumElements());
    int64_t elements = n ? *n : type.getNumElements();
    t.dma_bytes += times * double(elements * elementBytes(type));
    t.dma_transfers += times;
    // Staged per iteration of a kernel loop: one transfer round per trip.
    t.rounds = std::max(t.rounds, start->getBlock()->getParentOp() == programLoop ? 1 : times);
  });
  t.rounds = std::max(1.0, t.rounds);
  return t;
}

scf::ForOp programLoopOf(func::FuncOp fn) {
  scf::ForOp programLoop;
  fn.walk([&](scf::ForOp loop) {
    if (isProgramLoop(loop))
      programLoop = loop;
  });
  return programLoop;
}

bool hasStagedTransfers(scf::ForOp programLoop) {
  return programLoop
      .walk([](memref::DmaStartOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

struct ChooseDoubleBufferingPass
    : mlir::triton_edge::impl::ChooseDoubleBufferingBase<ChooseDoubleBufferingPass> {
  using Base::Base;
  ChooseDoubleBufferingPass(const te::npu::Profile &profile,
                            const ChooseDoubleBufferingOptions &options)
      : Base(options), profile(profile) {}

  LogicalResult initialize(MLIRContext *context) override {
    if (profile)
      return success();
    if (profilePath.empty())
      return emitError(UnknownLoc::get(context))
             << "triton-edge-choose-double-buffering needs a modeled target's profile "
                "(its `profile` option)";
    te::npu::Profile loaded;
    std::string error = te::npu::try_load_profile(profilePath, loaded);
    if (!error.empty())
      return emitError(UnknownLoc::get(context)) << error;
    profile = std::move(loaded);
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The direct variant: the module as it is before staging.
    OwningOpRef<ModuleOp> direct(module.clone());
    OpPassManager stage(ModuleOp::getOperationName());
    stage.addPass(createStageTiles(
        {scratchpadBytes > 0 ? scratchpadBytes : profile->scratchpad_bytes, buffersPerStream,
         /*mustFit=*/false, budgetSource}));
    if (failed(runPipeline(stage, module)))
      return signalPassFailure();
    OpCycles cycles{vectorBytes > 0 ? vectorBytes : profile->vector_bytes,
                    profile->compute.scalar_op,      profile->compute.scalar_ldst,
                    profile->compute.vector_int_op,  profile->compute.vector_fp_op,
                    profile->compute.vector_ldst,    profile->compute.transcendental,
                    profile->compute.loop_overhead};
    for (auto fn : module.getOps<func::FuncOp>()) {
      scf::ForOp staged = programLoopOf(fn);
      if (!staged || !hasStagedTransfers(staged))
        continue;
      auto directFn = direct->lookupSymbol<func::FuncOp>(fn.getSymName());
      if (!keepStaged(fn, staged, programLoopOf(directFn), cycles))
        fn.getBody().takeBody(directFn.getBody());
    }
  }

  /// Whether DB pays for `fn` (staged around `staged`; `direct` is the
  /// program loop of its unstaged copy), with a remark saying why.
  bool keepStaged(func::FuncOp fn, scf::ForOp staged, scf::ForOp direct,
                  const OpCycles &cycles) {
    const te::npu::Profile &p = *profile;
    InFlightDiagnostic remark = emitRemark(fn.getLoc());
    remark << "DB (auto) on " << p.name << ": ";
    if (p.dma_engines == 0) {
      remark << "direct access: the profile has no DMA engine";
      return false;
    }
    te::npu::TileCost directCost = programCost(direct, cycles);
    te::npu::TileCost stagedCost = programCost(staged, cycles);
    te::npu::Prediction r = te::npu::predict(p, directCost, stagedCost, kProgramsPerContext,
                                             kProgramsPerContext, kContexts);
    bool pays = r.db_ns < r.direct_ns;
    auto ns = [](double v) { return llvm::formatv("{0:F1}", v).str(); };
    remark << (pays ? "double buffering" : "direct access") << ": predicted "
           << ns(r.direct_ns / kProgramsPerContext) << " ns per program direct, "
           << ns(r.db_ns / kProgramsPerContext)
           << " ns double-buffered (compute " << ns(r.compute_ns)
           << " ns, transfers " << ns(r.transfer_ns) << " ns of "
           << int64_t(stagedCost.dma_bytes) << " bytes in " << int64_t(stagedCost.dma_transfers)
           << " transfer(s))";
    return pays;
  }

  std::optional<te::npu::Profile> profile;
};
} // namespace

std::unique_ptr<Pass>
mlir::triton_edge::createChooseDoubleBuffering(const te::npu::Profile &profile,
                                               const ChooseDoubleBufferingOptions &options) {
  return std::make_unique<ChooseDoubleBufferingPass>(profile, options);
}
