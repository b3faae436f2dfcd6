// DB in a kernel's own loop (the r-block loop of an Inductor reduction):
// triton-edge-stage-tiles stages each iteration's load footprint (it moves
// with the loop index) into a tile filled at the top of the loop body;
// triton-edge-double-buffer then fetches iteration i+1's tile while
// iteration i computes: a prologue before the loop starts the first
// iteration's transfer, each iteration starts the next one's (guarded by
// r + step < rnumel, signed as the i32 loop) and waits for its own slot,
// (r - 0) / step mod 2. The store after the loop stays at program level.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s --check-prefix=BEFORE
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --triton-edge-stage-tiles --canonicalize 2>&1 | FileCheck %s --check-prefix=STAGED
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --triton-edge-stage-tiles --canonicalize --cse --triton-edge-double-buffer | FileCheck %s --check-prefix=DB

// BEFORE-LABEL: func.func @row_sum__body
// BEFORE: scf.for %[[R:.*]] = %c0_i32 to %arg{{[0-9]+}} step %c64_i32
// BEFORE-NOT: memref.dma_start
// BEFORE: vector.maskedload %arg0[
// BEFORE: } {te.kernel_region}

// STAGED-LABEL: func.func @row_sum__body
// STAGED: %[[TILE:.*]] = memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// STAGED: scf.for %[[R:[a-z_0-9]+]] = %c0_i32 to %{{.*}} step %c64_i32
// The footprint starts at r + pid * rnumel: the loop index is one of its bases.
// STAGED: %[[R64:.*]] = arith.extsi %[[R]] : i32 to i64
// STAGED: %[[LOW:.*]] = arith.addi %[[R64]], %{{.*}} : i64
// STAGED: arith.maxsi %[[LOW]], %c0_i64
// STAGED: memref.dma_start %arg0[%{{.*}}], %[[TILE]][%c0], %{{.*}}, %[[TAG:[a-z_0-9]+]][%c0]
// STAGED-NEXT: memref.dma_wait %[[TAG]][%c0]
// STAGED: scf.for
// STAGED: vector.maskedload %[[TILE]][
// STAGED: } {te.kernel_region}

// DB-LABEL: func.func @row_sum__body
// DB-SAME: te.double_buffered = #te.double_buffering<dma>
// DB: scf.for %{{.*}} = %arg{{[0-9]+}} to %arg{{[0-9]+}} step %c1 {
// Prologue: iteration 0's tile goes out into slot 0 when the loop runs at all.
// DB: %[[RUNS:.*]] = arith.cmpi slt, %{{.*}}, %[[RNUMEL:arg[0-9]+]] : i32
// DB: scf.if %[[RUNS]] {
// DB: memref.dma_start %arg0[%{{.*}}], %{{.*}}[%c0], %{{.*}}, %[[TAGS:[a-z_0-9]+]][%{{.*}}]
// DB: scf.for %[[R:[a-z_0-9]+]] = %c0_i32 to %[[RNUMEL]] step %c64_i32
// DB: %[[REL:.*]] = arith.divui %{{.*}}, %c64_i32
// DB: %[[SLOT32:.*]] = arith.remui %[[REL]], %c2_i32
// DB: %[[SLOT:.*]] = arith.index_castui %[[SLOT32]] : i32 to index
// Iteration i+1's tile goes out while iteration i computes.
// DB: %[[NEXT:.*]] = arith.addi %[[R]], %c64_i32
// DB: %[[MORE:.*]] = arith.cmpi slt, %[[NEXT]], %[[RNUMEL]] : i32
// DB: scf.if %[[MORE]] {
// DB: memref.dma_start %arg0[%{{.*}}], %{{.*}}, %[[TAGS]][%{{.*}}]
// DB: %[[CUR:.*]] = arith.select %{{.*}} {te.buffer_select} : memref<64xf32>
// DB: memref.dma_wait %[[TAGS]][%[[SLOT]]]
// DB: vector.maskedload %[[CUR]][
// DB: } {te.kernel_region}

module {
  tt.func public @row_sum(%in: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %out: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %rnumel: i32) {
    %c0 = arith.constant 0 : i32
    %c64 = arith.constant 64 : i32
    %zero = arith.constant dense<0.0> : tensor<64xf32>
    %pid = tt.get_program_id x : i32
    %row = arith.muli %pid, %rnumel : i32
    %rbase = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %rn = tt.splat %rnumel : i32 -> tensor<64xi32>
    %acc = scf.for %r = %c0 to %rnumel step %c64 iter_args(%a = %zero) -> (tensor<64xf32>) : i32 {
      %rs = tt.splat %r : i32 -> tensor<64xi32>
      %ri = arith.addi %rs, %rbase : tensor<64xi32>
      %mask = arith.cmpi slt, %ri, %rn : tensor<64xi32>
      %rowv = tt.splat %row : i32 -> tensor<64xi32>
      %idx = arith.addi %ri, %rowv : tensor<64xi32>
      %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
      %pp = tt.addptr %p, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
      %x = tt.load %pp, %mask, %zero : tensor<64x!tt.ptr<f32>>
      %s = arith.addf %a, %x : tensor<64xf32>
      scf.yield %s : tensor<64xf32>
    }
    %sum = "tt.reduce"(%acc) <{axis = 0 : i32}> ({
    ^bb0(%l: f32, %rr: f32):
      %t = arith.addf %l, %rr : f32
      tt.reduce.return %t : f32
    }) : (tensor<64xf32>) -> f32
    %o = tt.addptr %out, %pid : !tt.ptr<f32>, i32
    tt.store %o, %sum : !tt.ptr<f32>
    tt.return
  }
}
