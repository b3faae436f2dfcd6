#ifndef TRITON_EDGE_ANALYSIS_BLOCKCOST_H
#define TRITON_EDGE_ANALYSIS_BLOCKCOST_H

#include "mlir/IR/Block.h"

#include <cstdint>

namespace mlir::triton_edge {

/// Cycles per operation on a modeled target (a profile's "compute" costs,
/// docs/npu-model.md); vector work is counted in registers of `vectorBytes`.
struct OpCycles {
  int64_t vectorBytes = 128;
  double scalarOp = 1, scalarLdSt = 1, vectorIntOp = 1, vectorFpOp = 1, vectorLdSt = 1;
  double transcendental = 20, loopOverhead = 1;
};

/// What one execution of a block costs by itself (nested regions count
/// their own blocks): compute cycles, and the loads and stores that go to
/// main memory directly (function arguments, not local buffers or
/// scratchpad tiles). triton-edge-annotate-cost turns it into the counters
/// the timing model records; triton-edge-choose-double-buffering sums it
/// over a program to predict DB statically.
struct BlockCost {
  double cycles = 0;
  int64_t scalarLoads = 0, vectorLoads = 0, loadBytes = 0, storeBytes = 0;
  bool empty() const {
    return cycles == 0 && !scalarLoads && !vectorLoads && !loadBytes && !storeBytes;
  }
};

BlockCost countBlockCost(Block &block, const OpCycles &cycles);

/// True when `memref` is main memory: a function argument (through views,
/// casts and buffer selects); local buffers and scratchpad tiles are allocas.
bool isMainMemory(Value memref);

} // namespace mlir::triton_edge

#endif
