// triton-edge-stage-tiles (DB, part 1) on the loop nests of
// convert-triton-to-loops: each program's contiguous load footprint is
// copied into a scratchpad tile by memref.dma_start/dma_wait before its nest
// and read from there; the bound-masked store writes a tile that goes back
// after the nest, its count clamped by the storage size and by the mask's
// limit. The indirect load (a gather whose offsets come from memory) keeps
// its direct access, with a remark.
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s --check-prefix=BEFORE
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --triton-edge-stage-tiles --canonicalize --cse 2>&1 | FileCheck %s
// A scratchpad too small for the tiles: nothing is staged, and a remark says why.
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --triton-edge-stage-tiles="scratchpad-bytes=256" 2>&1 | FileCheck %s --check-prefix=SMALL
// With must-fit (an explicit --db=on), the same budget is an error that
// names it and its source.
// RUN: not triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --triton-edge-stage-tiles="scratchpad-bytes=256 must-fit=true budget-source='p.json, field scratchpad_bytes'" 2>&1 | FileCheck %s --check-prefix=MUSTFIT

// SMALL: remark: DB: load not staged: its tiles need 512 bytes and only 256 of the scratchpad are left (budget 256 bytes, the scratchpad-bytes option); it keeps direct access
// SMALL-NOT: memref.dma_start
// MUSTFIT: error: DB: the scratchpad budget of 256 bytes (p.json, field scratchpad_bytes) cannot hold this program's tiles: 3 stream(s) x 2 buffer(s) need 1536 bytes; this load's tiles need 512 and only 256 are left

// BEFORE-LABEL: func.func @add_gather__body
// BEFORE-NOT: memref.dma_start
// BEFORE: vector.maskedload %arg0[
// BEFORE: vector.maskedstore %arg3[

// CHECK: remark: DB: load not staged: its index uses 'vector.load', which is not an affine function of the nest's indices
// CHECK-LABEL: func.func @add_gather__body
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step
// The footprint starts at pid * 64 (the index math is looked through down
// to the program id).
// CHECK: %[[PID:.*]] = arith.trunci %{{.*}} : i64 to i32
// CHECK: %[[PID64:.*]] = arith.extsi %[[PID]] : i32 to i64
// CHECK: %[[LOW:.*]] = arith.muli %[[PID64]], %c64_i64 : i64
// CHECK: %[[START:.*]] = arith.maxsi %[[LOW]], %c0_i64 : i64
// CHECK: %[[STARTIDX:.*]] = arith.index_cast %[[START]] : i64 to index
// CHECK: memref.dma_start %arg0[%[[STARTIDX]]], %[[TILE:[a-z_0-9]+]][%c0], %[[COUNT:[a-z_0-9]+]], %[[TAG:[a-z_0-9]+]][%c0] : memref<?xf32>, memref<64xf32>, memref<1xi64>
// CHECK-NEXT: memref.dma_wait %[[TAG]][%c0], %[[COUNT]]
// CHECK: memref.dma_start %arg2[
// The store's count: min(footprint end, storage size, the mask's limit n).
// CHECK: arith.extsi %arg4 : i32 to i64
// CHECK: arith.minsi
// CHECK: scf.for
// CHECK: %[[REL:.*]] = arith.subi %{{.*}}, %[[STARTIDX]] : index
// CHECK: vector.maskedload %[[TILE]][%[[REL]]]
// CHECK: vector.gather %arg1[
// CHECK: vector.maskedstore %[[OUT:[a-z_0-9]+]][%[[REL]]]
// CHECK: }
// CHECK-NEXT: memref.dma_start %[[OUT]][%c0], %arg3[%[[STARTIDX]]], %{{.*}}, %[[OTAG:[a-z_0-9]+]][%c0] : memref<64xf32>, memref<?xf32>, memref<1xi64>
// CHECK-NEXT: memref.dma_wait %[[OTAG]]

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

// -----

// Inductor's 1-D cat: `load(in1 + (x - 64), mask = x >= 64)`. The footprint
// of in1 starts 64 elements before program 0's offset; the tile starts at
// max(start, 0) and the count runs to the footprint's end, so program 0
// transfers nothing from before in1 (count max(0, min(off, numel) - 0) = 0).
// CHECK-LABEL: func.func @cat1d__body
// CHECK: %[[PID:.*]] = arith.trunci %{{.*}} : i64 to i32
// CHECK: %[[PID64:.*]] = arith.extsi %[[PID]] : i32 to i64
// CHECK: %[[LOW0:.*]] = arith.muli %[[PID64]], %c64_i64 : i64
// CHECK: memref.dma_start %arg0[
// CHECK: %[[LOW1:.*]] = arith.addi %[[LOW0]], %c-64_i64 : i64
// CHECK-NEXT: %[[START1:.*]] = arith.maxsi %[[LOW1]], %c0_i64 : i64
// CHECK: %[[END1:.*]] = arith.minsi %[[LOW0]], %{{.*}} : i64
// CHECK-NEXT: %[[N1:.*]] = arith.subi %[[END1]], %[[START1]] : i64
// CHECK-NEXT: %[[C1:.*]] = arith.maxsi %[[N1]], %c0_i64 : i64
// CHECK-NEXT: %[[C1I:.*]] = arith.index_cast %[[C1]] : i64 to index
// CHECK-NEXT: %[[S1I:.*]] = arith.index_cast %[[START1]] : i64 to index
// CHECK-NEXT: memref.dma_start %arg1[%[[S1I]]], %{{.*}}[%c0], %[[C1I]]
module {
  tt.func public @cat1d(%in0: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %in1: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %out: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %n: i32) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %x = arith.addi %s, %r : tensor<64xi32>
    %k64 = arith.constant dense<64> : tensor<64xi32>
    %zero = arith.constant dense<0.0> : tensor<64xf32>
    %lo = arith.cmpi slt, %x, %k64 : tensor<64xi32>
    %hi = arith.cmpi sge, %x, %k64 : tensor<64xi32>
    %p0s = tt.splat %in0 : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %p0 = tt.addptr %p0s, %x : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %a = tt.load %p0, %lo, %zero : tensor<64x!tt.ptr<f32>>
    %km64 = arith.constant dense<-64> : tensor<64xi32>
    %xm = arith.addi %x, %km64 : tensor<64xi32>
    %p1s = tt.splat %in1 : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %p1 = tt.addptr %p1s, %xm : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %b = tt.load %p1, %hi, %zero : tensor<64x!tt.ptr<f32>>
    %v = arith.select %lo, %a, %b : tensor<64xi1>, tensor<64xf32>
    %ns = tt.splat %n : i32 -> tensor<64xi32>
    %m = arith.cmpi slt, %x, %ns : tensor<64xi32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %q = tt.addptr %po, %x : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %q, %v, %m : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}
