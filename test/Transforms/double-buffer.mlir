// triton-edge-double-buffer on the staged program loop: N buffers per
// stream selected by the iteration's slot, a prologue starting program
// `begin`'s input, each iteration starting program i+N-1's input before
// waiting for its own, write-backs started into a per-slot tag and waited for
// when the slot comes round and after the loop. prefetch-in-place: views of
// main memory and memref.prefetch instead of copies.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --triton-edge-stage-tiles --canonicalize --triton-edge-double-buffer | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --triton-edge-stage-tiles --canonicalize --triton-edge-double-buffer=buffers=3 | FileCheck %s --check-prefix=THREE
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --triton-edge-stage-tiles --canonicalize --triton-edge-double-buffer=prefetch-in-place=true | FileCheck %s --check-prefix=PREFETCH
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --triton-edge-double-buffer 2>&1 | FileCheck %s --check-prefix=NOSTAGE

// CHECK-LABEL: func.func @add__body
// CHECK-SAME: te.double_buffered = #te.double_buffering<dma>
// CHECK-COUNT-2: memref.alloca() : memref<2xi64>
// Prologue: program `begin` goes out into slot 0.
// CHECK: scf.if
// CHECK: memref.dma_start %arg0[%{{.*}}], %{{.*}}[%{{.*}}], %{{.*}}, %[[INTAGS:[a-z_0-9]+]][%c0{{.*}}]
// CHECK: scf.for %[[IV:.*]] = %arg6 to %arg7
// CHECK: %[[SLOT:.*]] = arith.remui %{{.*}}, %c2
// Program i+1's input goes out while program i runs.
// CHECK: scf.if
// CHECK: arith.select %{{.*}} {te.buffer_select} : memref<64xf32>
// CHECK: memref.dma_start %arg0[%{{.*}}], %{{.*}}, %[[INTAGS]][%{{.*}}]
// CHECK: %[[CUR:.*]] = arith.select %{{.*}} {te.buffer_select} : memref<64xf32>
// CHECK: memref.dma_wait %{{.*}}[%[[SLOT]]]
// CHECK: memref.dma_wait %[[INTAGS]][%[[SLOT]]]
// CHECK: vector.maskedload %[[CUR]][
// CHECK: memref.dma_start %{{.*}}[%{{.*}}], %arg1[%{{.*}}], %{{.*}}, %[[OUTTAGS:[a-z_0-9]+]][%[[SLOT]]]
// CHECK-NOT: memref.dma_wait %[[OUTTAGS]][%[[SLOT]]]
// CHECK: }
// Epilogue: the last write-backs.
// CHECK: memref.dma_wait %[[OUTTAGS]][%c0
// CHECK: memref.dma_wait %[[OUTTAGS]][%c1

// THREE: memref.alloca() : memref<3xi64>
// THREE: arith.remui %{{.*}}, %c3
// THREE: arith.select {{.*}}te.buffer_select
// THREE: arith.select {{.*}}te.buffer_select

// PREFETCH-LABEL: func.func @add__body
// PREFETCH-SAME: te.double_buffered = #te.double_buffering<prefetch>
// PREFETCH-NOT: memref.dma_start
// PREFETCH: scf.for
// PREFETCH: memref.prefetch %arg0[%{{.*}}], read, locality<3>, data
// PREFETCH: scf.for %{{.*}} = %arg6 to %arg7
// PREFETCH: memref.prefetch %arg0[
// PREFETCH: %[[IN:.*]] = memref.subview %arg0[%{{.*}}] [64] [1]
// PREFETCH: %[[OUT:.*]] = memref.subview %arg1[%{{.*}}] [64] [1]
// PREFETCH: vector.maskedload %[[IN]][
// PREFETCH: vector.maskedstore %[[OUT]][
// PREFETCH-NOT: memref.dma_wait

// NOSTAGE: remark: DB: no staged transfer to overlap in add__body

module {
  tt.func public @add(%in: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %out: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %n: i32) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ns = tt.splat %n : i32 -> tensor<64xi32>
    %mask = arith.cmpi slt, %idx, %ns : tensor<64xi32>
    %pin = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %p = tt.addptr %pin, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %p, %mask : tensor<64x!tt.ptr<f32>>
    %y = arith.addf %x, %x : tensor<64xf32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %q = tt.addptr %pout, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %q, %y, %mask : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}
