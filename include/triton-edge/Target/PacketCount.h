#ifndef TRITON_EDGE_TARGET_PACKETCOUNT_H
#define TRITON_EDGE_TARGET_PACKETCOUNT_H

// Instruction packets of Hexagon assembly, attributed to the cost blocks that
// triton-edge-annotate-cost (compute-cost=markers) marked with
// `// te.block N` and `// te.block.resume N`: the compute cost of a block on an
// in-order VLIW core that issues one packet per cycle (docs/npu-model.md).
// Plain C++: no MLIR, no LLVM.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mlir::triton_edge {

struct BlockPackets {
  int64_t copies = 0;  // `te.block N` markers found (LLVM's unrolling duplicates them)
  int64_t packets = 0; // packets after a marker of N, up to the next marker
  int64_t nopPackets = 0; // of which nothing but nops
};

struct PacketCount {
  std::map<int64_t, BlockPackets> blocks;
  int64_t packets = 0;         // every packet of the text
  int64_t nopPackets = 0;      // packets of nothing but nops
  int64_t unattributed = 0;    // before a function's first marker (entry points, prologues)

  /// Packets of one execution of blocks 0..count-1: packets / copies (an
  /// unrolled loop body holds `copies` iterations); -1 where no marker of the
  /// block is left in the code.
  std::vector<double> perExecution(int64_t count) const;
};

/// Counts the packets (`{ ... }`) of Hexagon assembly as LLVM prints it. A
/// packet belongs to the last marker before it in the text; a function's
/// label starts it with none. Machine blocks without a marker of their own
/// (LLVM's loop preheaders and exits) thus count for the block laid out
/// before them.
PacketCount countPackets(const std::string &assembly);

} // namespace mlir::triton_edge

#endif
