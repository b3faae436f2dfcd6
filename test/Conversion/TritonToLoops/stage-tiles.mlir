// stage-tiles=true (DB on): each program's contiguous load footprint is
// copied into a scratchpad tile by memref.dma_start/dma_wait before use, and
// the bound-masked store goes to a tile written back after the nest, its
// count clamped by the storage size and by the mask's limit. Accesses whose
// footprint is not affine (an indirect load here) stay direct, with a remark.
// RUN: triton-edge-opt %s --convert-triton-to-loops="vector-bytes=64 stage-tiles=true" 2>&1 | FileCheck %s
// RUN: triton-edge-opt %s --convert-triton-to-loops="vector-bytes=64" | FileCheck %s --check-prefix=DIRECT
// A scratchpad too small for the tiles: nothing is staged, and a remark says why.
// RUN: triton-edge-opt %s --convert-triton-to-loops="vector-bytes=64 stage-tiles=true scratchpad-bytes=256" 2>&1 | FileCheck %s --check-prefix=SMALL

// SMALL: remark: DB: load not staged: its tiles need 512 bytes and only 256 of the scratchpad are left
// SMALL-NOT: memref.dma_start

// CHECK: remark: DB: load not staged: its offsets use 'tt.load', which is not an affine function of the block ranges
// CHECK-LABEL: func.func @add_gather__body
// CHECK: scf.for %[[PID:.*]] = %{{.*}} to %{{.*}} step
// CHECK: memref.dma_start %arg0[%{{.*}}], %[[TILE:[a-z_0-9]+]][%{{.*}}], %[[COUNT:[a-z_0-9]+]], %[[TAG:[a-z_0-9]+]][%{{.*}}] : memref<?xf32>, memref<64xf32>, memref<1xi64>
// CHECK-NEXT: memref.dma_wait %[[TAG]][%{{.*}}], %[[COUNT]]
// CHECK: memref.dma_start %arg2[
// CHECK: scf.for
// CHECK: vector.maskedload %[[TILE]][
// CHECK: vector.gather %arg1[
// CHECK: vector.maskedstore %[[OUT:[a-z_0-9]+]][
// CHECK: arith.minui
// CHECK: memref.dma_start %[[OUT]][%{{.*}}], %arg3[%{{.*}}], %{{.*}}, %[[OTAG:[a-z_0-9]+]][%{{.*}}] : memref<64xf32>, memref<?xf32>, memref<1xi64>
// CHECK-NEXT: memref.dma_wait %[[OTAG]]

// DIRECT-LABEL: func.func @add_gather__body
// DIRECT-NOT: memref.dma_start
// DIRECT: vector.maskedload %arg0[
// DIRECT: vector.maskedstore %arg3[

module {
  tt.func public @add_gather(%in: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %table: !tt.ptr<f32>, %idxp: !tt.ptr<i32>, %out: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %n: i32) {
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
    %pi = tt.splat %idxp : !tt.ptr<i32> -> tensor<64x!tt.ptr<i32>>
    %pi2 = tt.addptr %pi, %r : tensor<64x!tt.ptr<i32>>, tensor<64xi32>
    %k = tt.load %pi2 : tensor<64x!tt.ptr<i32>>
    %pt = tt.splat %table : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pt2 = tt.addptr %pt, %k : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %t = tt.load %pt2 : tensor<64x!tt.ptr<f32>>
    %y = arith.addf %x, %t : tensor<64xf32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %q = tt.addptr %pout, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %q, %y, %mask : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}
