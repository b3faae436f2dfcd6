// triton-edge-choose-double-buffering (--db=auto on a modeled NPU): stages
// the tiles, predicts one program both ways on the profile, and keeps the
// staged body only where DB is faster. @add1024__body moves 4 KiB per
// stream: direct access pays the DDR latency of 32 vector loads, DB one
// transfer's setup, so DB pays and the staged transfers stay (for
// triton-edge-double-buffer). @add16__body moves 64 bytes per stream: two
// transfers' setup cost more than its one vector load, so it goes back to
// direct access unchanged. Without DMA engines nothing is kept.
// RUN: triton-edge-opt %s --triton-edge-choose-double-buffering="profile=%src_root/targets/hexagon-v73.json" 2>/dev/null | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-choose-double-buffering="profile=%src_root/targets/hexagon-v73.json" 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: sed 's/"dma_engines": 4/"dma_engines": 0/' %src_root/targets/hexagon-v73.json > %t.nodma.json
// RUN: triton-edge-opt %s --triton-edge-choose-double-buffering="profile=%t.nodma.json" 2>&1 | FileCheck %s --check-prefix=NODMA
// RUN: not triton-edge-opt %s --triton-edge-choose-double-buffering 2>&1 | FileCheck %s --check-prefix=NOPROFILE

// REMARK: remark: DB (auto) on hexagon-v73: double buffering: predicted 2514.2 ns per program direct, 1666.2 ns double-buffered (compute 1275.8 ns, transfers 1664.9 ns of 8192 bytes in 2 transfer(s))
// REMARK: remark: DB (auto) on hexagon-v73: direct access: predicted 89.0 ns per program direct, 223.0 ns double-buffered (compute 74.6 ns, transfers 222.9 ns of 128 bytes in 2 transfer(s))
// NODMA-COUNT-2: remark: DB (auto) on hexagon-v73: direct access: the profile has no DMA engine
// NODMA-NOT: memref.dma_start
// NOPROFILE: error: triton-edge-choose-double-buffering needs a modeled target's profile (its `profile` option)

// After: the input tile of 1024 f32 filled by a DMA pair before the
// compute, the output tile written back by one after it.
// CHECK-LABEL: func.func @add1024__body
// CHECK: %[[OUT:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1024xf32>
// CHECK: %[[IN:.*]] = memref.alloca() {alignment = 64 : i64} : memref<1024xf32>
// CHECK: scf.for
// CHECK: memref.dma_start %arg0[%{{.*}}], %[[IN]][%{{.*}}]
// CHECK: memref.dma_wait
// CHECK: vector.maskedload %[[IN]]
// CHECK: vector.maskedstore %[[OUT]]
// CHECK: memref.dma_start %[[OUT]][%{{.*}}], %arg1[%{{.*}}]
// CHECK: memref.dma_wait
// CHECK: } {te.program_loop}
// After: unchanged, direct loads and stores of the arguments.
// CHECK-LABEL: func.func @add16__body
// CHECK-NOT: memref.dma_start
// CHECK: vector.maskedload %arg0[
// CHECK-NOT: memref.dma_start
// CHECK: vector.maskedstore %arg1[
// CHECK-NOT: memref.dma_start
// CHECK: } {te.program_loop}

// Before: convert-triton-to-loops's program loops of two `y = x + x` kernels
// (tt blocks of 1024 and 16 lanes, 128-byte vectors).
module {
  func.func @add1024__body(%arg0: memref<?xf32>, %arg1: memref<?xf32>, %arg2: i32, %arg3: i32, %arg4: i32, %arg5: i32, %arg6: index, %arg7: index, %arg8: !llvm.ptr {te.dma_engine}, %arg9: i32 {te.program_split}, %arg10: i32 {te.stream_stores}) attributes {te.kernel = #te.kernel<"add1024", [!tt.ptr<f32>, !tt.ptr<f32>, i32], ["arg0", "arg1", "arg2"]>} {
    %c0_i64 = arith.constant 0 : i64
    %c0_i64_0 = arith.constant 0 : i64
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?xf32>
    %c0_1 = arith.constant 0 : index
    %dim_2 = memref.dim %arg1, %c0_1 : memref<?xf32>
    %c1 = arith.constant 1 : index
    scf.for %arg11 = %arg6 to %arg7 step %c1 {
      %0 = arith.index_cast %arg11 : index to i64
      %c1_i32 = arith.constant 1 : i32
      %1 = arith.cmpi eq, %arg4, %c1_i32 : i32
      %2 = arith.cmpi eq, %arg5, %c1_i32 : i32
      %3 = arith.andi %1, %2 : i1
      %4:3 = scf.if %3 -> (i64, i64, i64) {
        %c0_i64_4 = arith.constant 0 : i64
        scf.yield %0, %c0_i64_4, %c0_i64_4 : i64, i64, i64
      } else {
        %9 = arith.extsi %arg3 : i32 to i64
        %10 = arith.extsi %arg4 : i32 to i64
        %11 = arith.divsi %0, %9 : i64
        %12 = arith.remsi %0, %9 : i64
        %13 = arith.remsi %11, %10 : i64
        %14 = arith.divsi %11, %10 : i64
        scf.yield %12, %13, %14 : i64, i64, i64
      }
      %5 = arith.trunci %4#0 : i64 to i32
      %6 = arith.trunci %4#1 : i64 to i32
      %7 = arith.trunci %4#2 : i64 to i32
      %c1024_i32 = arith.constant 1024 : i32
      %8 = arith.muli %5, %c1024_i32 : i32
      %c0_3 = arith.constant 0 : index
      %c1024 = arith.constant 1024 : index
      %c32 = arith.constant 32 : index
      scf.for %arg12 = %c0_3 to %c1024 step %c32 {
        %9 = arith.index_cast %arg12 : index to i32
        %c0_i32 = arith.constant 0 : i32
        %10 = arith.addi %9, %c0_i32 : i32
        %cst = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]> : vector<32xi32>
        %11 = vector.broadcast %10 : i32 to vector<32xi32>
        %12 = arith.addi %11, %cst : vector<32xi32>
        %13 = vector.broadcast %8 : i32 to vector<32xi32>
        %14 = arith.addi %13, %12 : vector<32xi32>
        %15 = arith.addi %8, %10 : i32
        %16 = arith.extsi %14 : vector<32xi32> to vector<32xi64>
        %17 = arith.extsi %15 : i32 to i64
        %18 = vector.broadcast %c0_i64_0 : i64 to vector<32xi64>
        %19 = arith.addi %18, %16 : vector<32xi64>
        %20 = arith.addi %c0_i64_0, %17 : i64
        %21 = arith.extsi %14 : vector<32xi32> to vector<32xi64>
        %22 = arith.extsi %15 : i32 to i64
        %23 = vector.broadcast %c0_i64 : i64 to vector<32xi64>
        %24 = arith.addi %23, %21 : vector<32xi64>
        %25 = arith.addi %c0_i64, %22 : i64
        %26 = vector.broadcast %arg2 : i32 to vector<32xi32>
        %27 = arith.cmpi slt, %14, %26 : vector<32xi32>
        %cst_4 = arith.constant dense<0.000000e+00> : vector<32xf32>
        %28 = arith.index_cast %25 : i64 to index
        %29 = vector.maskedload %arg0[%28], %27, %cst_4 : memref<?xf32>, vector<32xi1>, vector<32xf32> into vector<32xf32>
        %30 = arith.addf %29, %29 : vector<32xf32>
        %31 = arith.index_cast %20 : i64 to index
        vector.maskedstore %arg1[%31], %27, %30 : memref<?xf32>, vector<32xi1>, vector<32xf32>
      }
    } {te.program_loop}
    return
  }
  func.func @add16__body(%arg0: memref<?xf32>, %arg1: memref<?xf32>, %arg2: i32, %arg3: i32, %arg4: i32, %arg5: i32, %arg6: index, %arg7: index, %arg8: !llvm.ptr {te.dma_engine}, %arg9: i32 {te.program_split}, %arg10: i32 {te.stream_stores}) attributes {te.kernel = #te.kernel<"add16", [!tt.ptr<f32>, !tt.ptr<f32>, i32], ["arg0", "arg1", "arg2"]>} {
    %c0_i64 = arith.constant 0 : i64
    %c0_i64_0 = arith.constant 0 : i64
    %c0 = arith.constant 0 : index
    %dim = memref.dim %arg0, %c0 : memref<?xf32>
    %c0_1 = arith.constant 0 : index
    %dim_2 = memref.dim %arg1, %c0_1 : memref<?xf32>
    %c1 = arith.constant 1 : index
    scf.for %arg11 = %arg6 to %arg7 step %c1 {
      %0 = arith.index_cast %arg11 : index to i64
      %c1_i32 = arith.constant 1 : i32
      %1 = arith.cmpi eq, %arg4, %c1_i32 : i32
      %2 = arith.cmpi eq, %arg5, %c1_i32 : i32
      %3 = arith.andi %1, %2 : i1
      %4:3 = scf.if %3 -> (i64, i64, i64) {
        %c0_i64_5 = arith.constant 0 : i64
        scf.yield %0, %c0_i64_5, %c0_i64_5 : i64, i64, i64
      } else {
        %9 = arith.extsi %arg3 : i32 to i64
        %10 = arith.extsi %arg4 : i32 to i64
        %11 = arith.divsi %0, %9 : i64
        %12 = arith.remsi %0, %9 : i64
        %13 = arith.remsi %11, %10 : i64
        %14 = arith.divsi %11, %10 : i64
        scf.yield %12, %13, %14 : i64, i64, i64
      }
      %5 = arith.trunci %4#0 : i64 to i32
      %6 = arith.trunci %4#1 : i64 to i32
      %7 = arith.trunci %4#2 : i64 to i32
      %c16_i32 = arith.constant 16 : i32
      %8 = arith.muli %5, %c16_i32 : i32
      %c0_3 = arith.constant 0 : index
      %c16 = arith.constant 16 : index
      %c16_4 = arith.constant 16 : index
      scf.for %arg12 = %c0_3 to %c16 step %c16_4 {
        %9 = arith.index_cast %arg12 : index to i32
        %c0_i32 = arith.constant 0 : i32
        %10 = arith.addi %9, %c0_i32 : i32
        %cst = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]> : vector<16xi32>
        %11 = vector.broadcast %10 : i32 to vector<16xi32>
        %12 = arith.addi %11, %cst : vector<16xi32>
        %13 = vector.broadcast %8 : i32 to vector<16xi32>
        %14 = arith.addi %13, %12 : vector<16xi32>
        %15 = arith.addi %8, %10 : i32
        %16 = arith.extsi %14 : vector<16xi32> to vector<16xi64>
        %17 = arith.extsi %15 : i32 to i64
        %18 = vector.broadcast %c0_i64_0 : i64 to vector<16xi64>
        %19 = arith.addi %18, %16 : vector<16xi64>
        %20 = arith.addi %c0_i64_0, %17 : i64
        %21 = arith.extsi %14 : vector<16xi32> to vector<16xi64>
        %22 = arith.extsi %15 : i32 to i64
        %23 = vector.broadcast %c0_i64 : i64 to vector<16xi64>
        %24 = arith.addi %23, %21 : vector<16xi64>
        %25 = arith.addi %c0_i64, %22 : i64
        %26 = vector.broadcast %arg2 : i32 to vector<16xi32>
        %27 = arith.cmpi slt, %14, %26 : vector<16xi32>
        %cst_5 = arith.constant dense<0.000000e+00> : vector<16xf32>
        %28 = arith.index_cast %25 : i64 to index
        %29 = vector.maskedload %arg0[%28], %27, %cst_5 : memref<?xf32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
        %30 = arith.addf %29, %29 : vector<16xf32>
        %31 = arith.index_cast %20 : i64 to index
        vector.maskedstore %arg1[%31], %27, %30 : memref<?xf32>, vector<16xi1>, vector<16xf32>
      }
    } {te.program_loop}
    return
  }
}

