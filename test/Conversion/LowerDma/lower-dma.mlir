// triton-edge-lower-dma: dma_start -> te_rt_dma_start(engine, dst, src,
// bytes) with the token stored in the tag; dma_wait -> load the token,
// te_rt_dma_wait(engine, token). The engine is the te.dma_engine argument.
// RUN: triton-edge-opt %s --split-input-file --triton-edge-lower-dma --verify-diagnostics | FileCheck %s

// CHECK-DAG: func.func private @te_rt_dma_start(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64) -> i64
// CHECK-DAG: func.func private @te_rt_dma_wait(!llvm.ptr, i64)
// CHECK-LABEL: func.func @stage
// CHECK: %[[SRC_BASE:.*]] = memref.extract_aligned_pointer_as_index %arg0
// CHECK: %[[DST_BASE:.*]] = memref.extract_aligned_pointer_as_index %[[TILE:.*]] :
// CHECK: %[[BYTES:.*]] = arith.muli %{{.*}}, %c4_i64
// CHECK: %[[TOKEN:.*]] = call @te_rt_dma_start(%arg2, %{{.*}}, %{{.*}}, %[[BYTES]])
// CHECK: memref.store %[[TOKEN]], %[[TAG:.*]][%c0]
// CHECK: %[[T:.*]] = memref.load %[[TAG]][%c0]
// CHECK: call @te_rt_dma_wait(%arg2, %[[T]])
// CHECK-NOT: memref.dma_
func.func @stage(%src: memref<?xf32>, %start: index, %engine: !llvm.ptr {te.dma_engine}) {
  %tile = memref.alloca() : memref<64xf32>
  %tag = memref.alloca() : memref<1xi64>
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  memref.dma_start %src[%start], %tile[%c0], %c64, %tag[%c0] : memref<?xf32>, memref<64xf32>, memref<1xi64>
  memref.dma_wait %tag[%c0], %c64 : memref<1xi64>
  return
}

// -----

// expected-error@+1 {{DMA operations in a function without a te.dma_engine argument}}
func.func @no_engine(%src: memref<?xf32>) {
  %tile = memref.alloca() : memref<64xf32>
  %tag = memref.alloca() : memref<1xi64>
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  memref.dma_start %src[%c0], %tile[%c0], %c64, %tag[%c0] : memref<?xf32>, memref<64xf32>, memref<1xi64>
  memref.dma_wait %tag[%c0], %c64 : memref<1xi64>
  return
}
