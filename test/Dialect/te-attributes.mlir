// The te dialect's attributes, the contracts between triton-edge's passes:
// each parses and prints back unchanged where it belongs (placement and
// types are checked by the dialect's verifier: invalid-te-attributes.mlir).
// RUN: triton-edge-opt %s | triton-edge-opt | FileCheck %s

// The lane plan and the cost on a tt kernel (triton-edge-vectorize,
// triton-edge-trim-masked-lanes, triton-edge-estimate-cost).
// CHECK-LABEL: tt.func public @planned
// CHECK-SAME: te.program_cost = #te.program_cost<bytes = 5.120000e+02, ops = 1.280000e+02>
// CHECK-SAME: te.trimmed_lanes
tt.func public @planned(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) attributes {te.program_cost = #te.program_cost<bytes = 5.120000e+02, ops = 1.280000e+02>, te.trimmed_lanes} {
  // CHECK: tt.make_range {end = 64 : i32, start = 0 : i32, te.lanes = array<i64: 16>}
  %r = tt.make_range {end = 64 : i32, start = 0 : i32, te.lanes = array<i64: 16>} : tensor<64xi32>
  %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
  %a = tt.addptr %p, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
  %x = tt.load %a {te.lanes = array<i64: 16>} : tensor<64x!tt.ptr<f32>>
  // CHECK: }) {te.lanes = array<i64: 1>, te.reduce_lanes = 16 : i64}
  %s = "tt.reduce"(%x) ({
  ^bb0(%l: f32, %rr: f32):
    %t = arith.addf %l, %rr : f32
    tt.reduce.return %t : f32
  }) {axis = 0 : i32, te.lanes = array<i64: 1>, te.reduce_lanes = 16 : i64} : (tensor<64xf32>) -> f32
  // An op without results (a store) plans the block it stores.
  // CHECK: tt.store %{{.*}}, %{{.*}} {te.lanes = array<i64: 16>}
  %q = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
  %b = tt.addptr %q, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
  tt.store %b, %x {te.lanes = array<i64: 16>} : tensor<64x!tt.ptr<f32>>
  tt.return
}

// A kernel body as convert-triton-to-loops and the mechanisms leave it: its
// ABI, its launch arguments, its loops, what DB and MT applied.
// CHECK-LABEL: func.func @k__body
// CHECK-SAME: %{{.*}}: !llvm.ptr {te.dma_engine}, %{{.*}}: i32 {te.program_split}, %{{.*}}: i32 {te.stream_stores}, %{{.*}}: i1)
// CHECK-SAME: te.double_buffered = #te.double_buffering<prefetch>
// CHECK-SAME: te.kernel = #te.kernel<"k", [!tt.ptr<f32>, i32, !tt.ptr<bf16>], ["x", "n", "arg2"]>
// CHECK-SAME: te.max_program_split = 8 : i32
func.func @k__body(%x: memref<?xf32>, %n: i32, %y: memref<?xbf16>, %begin: index, %end: index, %dma: !llvm.ptr {te.dma_engine}, %split: i32 {te.program_split}, %stream: i32 {te.stream_stores}, %c: i1) attributes {te.double_buffered = #te.double_buffering<prefetch>, te.kernel = #te.kernel<"k", [!tt.ptr<f32>, i32, !tt.ptr<bf16>], ["x", "n", "arg2"]>, te.max_program_split = 8 : i32} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // CHECK: scf.for
  // CHECK: scf.for
  // CHECK: } {te.full_tiles}
  // CHECK: } {te.kernel_region}
  // CHECK: } {te.program_loop}
  scf.for %pid = %begin to %end step %c1 {
    scf.for %i = %c0 to %c1 step %c1 {
      scf.for %j = %c0 to %c1 step %c1 {
      } {te.full_tiles}
    } {te.kernel_region}
  } {te.program_loop}
  // CHECK: scf.if %{{.*}} {
  // CHECK: } {te.kernel_region}
  scf.if %c {
  } {te.kernel_region}
  // CHECK: arith.select %{{.*}} {te.buffer_select} : index
  %s = arith.select %c, %c0, %c1 {te.buffer_select} : index
  // CHECK: builtin.unrealized_conversion_cast to !tt.ptr<f32> {te.undef}
  %u = builtin.unrealized_conversion_cast to !tt.ptr<f32> {te.undef}
  return
}

// A kernel without arguments, and DMA double buffering.
// CHECK-LABEL: func.func @empty__body
// CHECK-SAME: te.double_buffered = #te.double_buffering<dma>
// CHECK-SAME: te.kernel = #te.kernel<"empty", [], []>
func.func @empty__body() attributes {te.double_buffered = #te.double_buffering<dma>, te.kernel = #te.kernel<"empty", [], []>} {
  return
}
