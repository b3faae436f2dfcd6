// triton-edge-annotate-cost's compute-cost modes (docs/npu-model.md):
// markers numbers the counted blocks with inline-assembly comments for the
// Hexagon packet count (the block's start and where its code resumes after
// a loop), and inserts no counters; packets takes each block's compute from
// block-packets (one packet per cycle) and keeps the memory fields.
// RUN: triton-edge-opt %s --triton-edge-annotate-cost="compute-cost=markers" | FileCheck %s --check-prefix=MARK
// RUN: triton-edge-opt %s --triton-edge-annotate-cost="compute-cost=packets block-packets=2.5,7.25" | FileCheck %s --check-prefix=PACK
// RUN: not triton-edge-opt %s --triton-edge-annotate-cost="compute-cost=packets block-packets=3" 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not triton-edge-opt %s --triton-edge-annotate-cost="compute-cost=bundles" 2>&1 | FileCheck %s --check-prefix=MODE
// A negative count (no code left for the block) keeps the op-count cost:
// RUN: triton-edge-opt %s --triton-edge-annotate-cost="compute-cost=packets block-packets=-1,4" | FileCheck %s --check-prefix=FALLBACK

// Blocks are numbered in walk order: the loop body (0) before the entry (1).
// MARK-NOT: te_rt_model_cost
// MARK-LABEL: func.func @k__body
// MARK-NEXT: llvm.inline_asm has_side_effects "// te.block 1", ""
// MARK: scf.for
// MARK-NEXT: llvm.inline_asm has_side_effects "// te.block 0", ""
// MARK-NEXT: vector.load
// MARK: }
// MARK-NEXT: llvm.inline_asm has_side_effects "// te.block.resume 1", ""
// MARK-NEXT: return

// The entry (block 1): 7.25 packets = 7250 mcycles; the loop body (block 0):
// 2.5 packets, and its DDR loads and stores as in ops mode (1 scalar and 1
// vector load, 132 bytes in, 4 out).
// PACK-LABEL: func.func @k__body
// PACK: %[[E:.*]] = arith.constant 7250 : i64
// PACK: call @te_rt_model_cost(%arg3, %[[E]],
// PACK: scf.for
// PACK-DAG: %[[MC:.*]] = arith.constant 2500 : i64
// PACK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// PACK-DAG: %[[LB:.*]] = arith.constant 132 : i64
// PACK-DAG: %[[SB:.*]] = arith.constant 4 : i64
// PACK: func.call @te_rt_model_cost(%arg3, %[[MC]], %[[ONE]], %{{.*}}, %[[LB]], %[[SB]])

// COUNT: 1 block packet counts for 2 counted blocks
// MODE: compute-cost 'bundles' is not one of ops, packets, markers

// The loop body keeps its op-count cost: overhead 1 + vector load 1 + mulf 1
// + local vector store 1 + scalar load 1 + scalar store 1 = 6 cycles.
// FALLBACK-LABEL: func.func @k__body
// FALLBACK: arith.constant 4000 : i64
// FALLBACK: scf.for
// FALLBACK: arith.constant 6000 : i64
module {
  func.func @k__body(%a: memref<?xf32>, %out: memref<?xf32>, %n: index, %e: !llvm.ptr {te.dma_engine}) {
    %c0 = arith.constant 0 : index
    %c32 = arith.constant 32 : index
    %buf = memref.alloca() : memref<32xf32>
    scf.for %i = %c0 to %n step %c32 {
      %v = vector.load %a[%i] : memref<?xf32>, vector<32xf32>
      %w = arith.mulf %v, %v : vector<32xf32>
      vector.store %w, %buf[%c0] : memref<32xf32>, vector<32xf32>
      %x = memref.load %a[%i] : memref<?xf32>
      memref.store %x, %out[%i] : memref<?xf32>
    }
    return
  }
}
