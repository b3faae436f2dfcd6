#ifndef TRITON_EDGE_TARGET_PIPELINE_H
#define TRITON_EDGE_TARGET_PIPELINE_H

#include "triton-edge/Target/TargetDescription.h"

#include "mlir/Pass/PassManager.h"

namespace mlir::triton_edge {

/// The mechanisms of the ablation ladder, each switched independently.
struct PipelineOptions {
  TargetDescription target = TargetDescription::host();
  bool vectorize = true;       // Vec: triton-edge-vectorize
  bool llvmVectorizers = true; // LLVM's own loop and SLP vectorizers (not Vec)
  bool doubleBuffer = false;   // DB
  /// --db=auto on a modeled NPU: DB per kernel where the static prediction
  /// says it pays (triton-edge-choose-double-buffering). CPU targets: off.
  bool autoDoubleBuffer = false;
  /// DB asked for explicitly (--db=on) where the budget is a limit
  /// (scratchpadIsLimit): tiles that do not fit are an error instead of a
  /// fallback to direct access.
  bool stagingMustFit = false;
  /// DB: 2 = ping-pong, 3 = triple buffering; 1 = staged with synchronous
  /// transfers (no overlap: the baseline DB's overlap is measured against).
  int buffers = 2;
  bool prefetchInPlace = false; // DB as prefetches, compute in place (--dma=prefetch)
  int64_t vectorBytesOverride = 0;
  int64_t scratchpadBytesOverride = 0; // DB staging budget (0: the target's)
  std::string scratchpadOverrideSource = "--scratchpad-bytes"; // names the override
  bool splitPrograms = true;   // MT inside programs (virtual programs)
  bool fastMath = false;       // upstream f32 math approximations (see docs/vector-math.md)
  bool checkBounds = false;
  bool asserts = true;
  bool promoteF64 = false;     // every float as f64 (check's float64 evaluation)
  /// A modeled target's compute cost (triton-edge-annotate-cost's
  /// compute-cost): "ops", "markers" (the Hexagon packet probe) or "packets"
  /// with blockPackets, which Compiler fills from the probe.
  std::string computeCost = "ops";
  std::vector<double> blockPackets;

  int64_t vectorBytes() const {
    if (!vectorize)
      return 0;
    return vectorBytesOverride > 0 ? vectorBytesOverride : target.vectorBytes;
  }
  // Overrides apply whatever the order of --target and the override flags.
  int64_t scratchpadBytes() const {
    return scratchpadBytesOverride > 0 ? scratchpadBytesOverride : target.scratchpadBytes;
  }
  /// Whether the staging budget is a hard limit: a modeled NPU's scratchpad,
  /// or a budget the user set. The host's default (half its per-core L2) is
  /// a cache-size heuristic, so a stream over it keeps direct access.
  bool scratchpadIsLimit() const {
    return target.npu != nullptr || scratchpadBytesOverride > 0;
  }
  /// Where scratchpadBytes() comes from, for messages.
  std::string scratchpadBytesSource() const {
    if (scratchpadBytesOverride > 0)
      return scratchpadOverrideSource;
    if (target.name == "host")
      return "the host target (half its per-core L2)";
    return target.source + ", field 'scratchpad_bytes'";
  }
};

/// tt -> loop nests: everything target-independent up to the LLVM lowering.
void buildLoopNestPipeline(OpPassManager &pm, const PipelineOptions &options);
/// The whole pipeline, tt -> LLVM dialect with the C ABI entry points.
void buildPipeline(OpPassManager &pm, const PipelineOptions &options);
/// Registers `triton-edge-pipeline` (and `-loops`) for triton-edge-opt.
void registerPipelines();

} // namespace mlir::triton_edge

#endif
