// triton-edge-annotate-cost: each block of a function with a te.dma_engine
// argument starts with a te_rt_model_cost call carrying the block's own
// cost: compute in 1/1000 cycles (vector work in registers of vector-bytes),
// then scalar DDR loads, vector DDR loads, DDR bytes loaded, DDR bytes stored.
// Memrefs that are function arguments are DDR; allocas are local.
// RUN: triton-edge-opt %s --triton-edge-annotate-cost="vector-bytes=128 vector-fp-op=4" | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-annotate-cost="vector-bytes=64 vector-fp-op=4" | FileCheck %s --check-prefix=NARROW

// CHECK: func.func private @te_rt_model_cost(!llvm.ptr, i64, i64, i64, i64, i64)
// CHECK-LABEL: func.func @k__body
// Entry block: the loop op itself (1 scalar op).
// CHECK: %[[C1000:.*]] = arith.constant 1000 : i64
// CHECK: call @te_rt_model_cost(%arg3, %[[C1000]],
// Loop body: overhead 1 + vector load 1 + mulf 4 + local vector store 1
// + scalar load 1 + scalar store 1 = 9 cycles; 1 scalar and 1 vector DDR
// load, 128 + 4 bytes loaded, 4 bytes stored (the local store is not DDR).
// CHECK: scf.for
// CHECK-DAG: %[[MC:.*]] = arith.constant 9000 : i64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[LB:.*]] = arith.constant 132 : i64
// CHECK-DAG: %[[SB:.*]] = arith.constant 4 : i64
// CHECK: func.call @te_rt_model_cost(%arg3, %[[MC]], %[[ONE]], %{{.*}}, %[[LB]], %[[SB]])
// CHECK-NEXT: vector.load
// With 64-byte registers the 32-lane vectors are two registers each:
// 1 + 2 + 8 + 2 + 1 + 1 = 15 cycles.
// NARROW: scf.for
// NARROW: arith.constant 15000 : i64
// A 4-lane table read (ApproximateMath's lookup: lane extracts of the
// index, index_casts, dynamic extracts from a constant, from_elements) is
// one permute, modeled as 4 vector int ops; the per-lane ops are free:
// overhead 1 + vector load 1 + 4 + vector store 1 = 7 cycles.
// CHECK-LABEL: func.func @table__body
// CHECK: scf.for
// CHECK: arith.constant 7000 : i64
// No engine argument: not a kernel body, no counters.
// CHECK-LABEL: func.func @helper
// CHECK-NOT: te_rt_model_cost
// CHECK: return
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
  func.func @table__body(%idx: memref<?xi32>, %out: memref<?xf32>, %n: index, %e: !llvm.ptr {te.dma_engine}) {
    %c0 = arith.constant 0 : index
    %c4 = arith.constant 4 : index
    %t = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : vector<4xf32>
    scf.for %i = %c0 to %n step %c4 {
      %v = vector.load %idx[%i] : memref<?xi32>, vector<4xi32>
      %i0 = vector.extract %v[0] : i32 from vector<4xi32>
      %p0 = arith.index_cast %i0 : i32 to index
      %e0 = vector.extract %t[%p0] : f32 from vector<4xf32>
      %i1 = vector.extract %v[1] : i32 from vector<4xi32>
      %p1 = arith.index_cast %i1 : i32 to index
      %e1 = vector.extract %t[%p1] : f32 from vector<4xf32>
      %i2 = vector.extract %v[2] : i32 from vector<4xi32>
      %p2 = arith.index_cast %i2 : i32 to index
      %e2 = vector.extract %t[%p2] : f32 from vector<4xf32>
      %i3 = vector.extract %v[3] : i32 from vector<4xi32>
      %p3 = arith.index_cast %i3 : i32 to index
      %e3 = vector.extract %t[%p3] : f32 from vector<4xf32>
      %r = vector.from_elements %e0, %e1, %e2, %e3 : vector<4xf32>
      vector.store %r, %out[%i] : memref<?xf32>, vector<4xf32>
    }
    return
  }
  func.func @helper(%a: memref<?xf32>, %x: f32) {
    %c0 = arith.constant 0 : index
    %y = arith.mulf %x, %x : f32
    memref.store %y, %a[%c0] : memref<?xf32>
    return
  }
}
