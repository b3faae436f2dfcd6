// triton-edge-vectorize (Vec): the plan of SIMD lanes on a tt kernel. At
// vector-bytes=16 (4 lanes of 32 bits), every tensor result and stored
// block gets `te.lanes` (one entry per result): 4, or its last dimension
// when that is smaller; a reduction along its last axis gets
// `te.reduce_lanes` (at least 16 partial sums where the axis allows: all 8
// here); a last dimension of 1 takes no lanes (no attribute).
// The IR is otherwise unchanged. At vector-bytes=64 the lanes are capped by
// the dimension (8 along a dimension of 8); at vector-bytes=4 (one lane)
// the kernel gets no plan and stays scalar.
// RUN: triton-edge-opt %s --split-input-file | FileCheck %s --check-prefix=BEFORE
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=16" | FileCheck %s
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" | FileCheck %s --check-prefix=WIDE
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=4" | FileCheck %s --check-prefix=BEFORE

// BEFORE-NOT: te.lanes
// BEFORE-NOT: te.reduce_lanes

// CHECK-LABEL: tt.func public @rows
// CHECK: tt.make_range {end = 2 : i32, start = 0 : i32, te.lanes = array<i64: 2>} : tensor<2xi32>
// CHECK: tt.make_range {end = 8 : i32, start = 0 : i32, te.lanes = array<i64: 4>} : tensor<8xi32>
// CHECK: tt.expand_dims %{{.*}} {axis = 1 : i32} : tensor<2xi32> -> tensor<2x1xi32>
// CHECK: arith.muli %{{.*}}, %{{.*}} : tensor<2x1xi32>
// CHECK: tt.broadcast %{{.*}} {te.lanes = array<i64: 4>} : tensor<2x1xi32> -> tensor<2x8xi32>
// CHECK: %[[X:.*]] = tt.load %{{.*}} {te.lanes = array<i64: 4>} : tensor<2x8x!tt.ptr<f32>>
// CHECK: "tt.reduce"(%[[X]]) <{axis = 1 : i32}> ({
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
// CHECK: }) {te.lanes = array<i64: 2>, te.reduce_lanes = 8 : i64} : (tensor<2x8xf32>) -> tensor<2xf32>
// CHECK: "tt.reduce"(%[[X]]) <{axis = 0 : i32}> ({
// CHECK: }) {te.lanes = array<i64: 4>} : (tensor<2x8xf32>) -> tensor<8xf32>
// CHECK: tt.store %{{.*}}, %{{.*}} {te.lanes = array<i64: 4>} : tensor<8x!tt.ptr<f32>>
// CHECK: tt.store %{{.*}}, %{{.*}} {te.lanes = array<i64: 2>} : tensor<2x!tt.ptr<f32>>
// WIDE-LABEL: tt.func public @rows
// WIDE: tt.load %{{.*}} {te.lanes = array<i64: 8>} : tensor<2x8x!tt.ptr<f32>>
// WIDE: {te.lanes = array<i64: 2>, te.reduce_lanes = 8 : i64} : (tensor<2x8xf32>) -> tensor<2xf32>
// WIDE: {te.lanes = array<i64: 2>} : tensor<2x!tt.ptr<f32>>
module {
  tt.func public @rows(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c8 = arith.constant dense<8> : tensor<2x1xi32>
    %r2 = tt.make_range {end = 2 : i32, start = 0 : i32} : tensor<2xi32>
    %r8 = tt.make_range {end = 8 : i32, start = 0 : i32} : tensor<8xi32>
    %rows = tt.expand_dims %r2 {axis = 1 : i32} : tensor<2xi32> -> tensor<2x1xi32>
    %rowoff = arith.muli %rows, %c8 : tensor<2x1xi32>
    %cols = tt.expand_dims %r8 {axis = 0 : i32} : tensor<8xi32> -> tensor<1x8xi32>
    %rb = tt.broadcast %rowoff : tensor<2x1xi32> -> tensor<2x8xi32>
    %cb = tt.broadcast %cols : tensor<1x8xi32> -> tensor<2x8xi32>
    %off = arith.addi %rb, %cb : tensor<2x8xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<2x8x!tt.ptr<f32>>
    %pi = tt.addptr %p, %off : tensor<2x8x!tt.ptr<f32>>, tensor<2x8xi32>
    %x = tt.load %pi : tensor<2x8x!tt.ptr<f32>>
    %rowsum = "tt.reduce"(%x) <{axis = 1 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<2x8xf32>) -> tensor<2xf32>
    %colsum = "tt.reduce"(%x) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<2x8xf32>) -> tensor<8xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<8x!tt.ptr<f32>>
    %poc = tt.addptr %po, %r8 : tensor<8x!tt.ptr<f32>>, tensor<8xi32>
    tt.store %poc, %colsum : tensor<8x!tt.ptr<f32>>
    %por = tt.splat %out : !tt.ptr<f32> -> tensor<2x!tt.ptr<f32>>
    %porr = tt.addptr %por, %r2 : tensor<2x!tt.ptr<f32>>, tensor<2xi32>
    tt.store %porr, %rowsum : tensor<2x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// A loop-carried block: the loop's result entry is the lanes of its
// iteration argument; a last dimension of 1 takes no lanes.
// CHECK-LABEL: tt.func public @carried
// CHECK: arith.constant dense<0.000000e+00> : tensor<4x1xf32>
// CHECK: scf.for {{.*}} -> (tensor<16xf32>, tensor<4x1xf32>) : i32 {
// CHECK: } {te.lanes = array<i64: 4, 1>}
module {
  tt.func public @carried(%out: !tt.ptr<f32>) {
    %zero = arith.constant dense<0.0> : tensor<16xf32>
    %zero6 = arith.constant dense<0.0> : tensor<4x1xf32>
    %one = arith.constant dense<1.0> : tensor<16xf32>
    %c0 = arith.constant 0 : i32
    %c4 = arith.constant 4 : i32
    %c1 = arith.constant 1 : i32
    %acc:2 = scf.for %i = %c0 to %c4 step %c1 iter_args(%a = %zero, %b = %zero6) -> (tensor<16xf32>, tensor<4x1xf32>) : i32 {
      %n = arith.addf %a, %one : tensor<16xf32>
      scf.yield %n, %b : tensor<16xf32>, tensor<4x1xf32>
    }
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    tt.store %pi, %acc#0 : tensor<16x!tt.ptr<f32>>
    %r4 = tt.make_range {end = 4 : i32, start = 0 : i32} : tensor<4xi32>
    %r41 = tt.expand_dims %r4 {axis = 1 : i32} : tensor<4xi32> -> tensor<4x1xi32>
    %p4 = tt.splat %out : !tt.ptr<f32> -> tensor<4x1x!tt.ptr<f32>>
    %pi4 = tt.addptr %p4, %r41 : tensor<4x1x!tt.ptr<f32>>, tensor<4x1xi32>
    tt.store %pi4, %acc#1 : tensor<4x1x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// A reduction along a long axis: four registers of partial accumulators
// (64 lanes at vector-bytes=64, 16 at vector-bytes=16), so consecutive
// combines do not wait on each other's latency.
// CHECK-LABEL: tt.func public @long_row
// CHECK: {te.lanes = array<i64: 2>, te.reduce_lanes = 16 : i64} : (tensor<2x1024xf32>) -> tensor<2xf32>
// WIDE-LABEL: tt.func public @long_row
// WIDE: {te.lanes = array<i64: 2>, te.reduce_lanes = 64 : i64} : (tensor<2x1024xf32>) -> tensor<2xf32>
module {
  tt.func public @long_row(%x: tensor<2x1024xf32>, %out: !tt.ptr<f32>) {
    %s = "tt.reduce"(%x) <{axis = 1 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<2x1024xf32>) -> tensor<2xf32>
    %r2 = tt.make_range {end = 2 : i32, start = 0 : i32} : tensor<2xi32>
    %p = tt.splat %out : !tt.ptr<f32> -> tensor<2x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r2 : tensor<2x!tt.ptr<f32>>, tensor<2xi32>
    tt.store %pi, %s : tensor<2x!tt.ptr<f32>>
    tt.return
  }
}
