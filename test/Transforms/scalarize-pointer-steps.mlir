// triton-edge-scalarize-pointer-steps: a loop-carried block of pointers
// advanced by uniform steps (a splat of a scalar, a splat constant, or a
// chain of both) becomes its initial block plus a carried i64 offset, used
// inside the loop and after it. Left alone: a step that differs per element,
// and a block yielded unchanged.
// RUN: triton-edge-opt %s --split-input-file | FileCheck %s --check-prefix=BEFORE
// RUN: triton-edge-opt %s --split-input-file --triton-edge-scalarize-pointer-steps | FileCheck %s

// BEFORE-LABEL: tt.func public @walk
// BEFORE: scf.for {{.*}} -> (tensor<8x16xf32>, tensor<8x16x!tt.ptr<f32>>)
// CHECK-LABEL: tt.func public @walk
// CHECK-SAME: (%[[IN:.*]]: !tt.ptr<f32>, %[[OUT:.*]]: !tt.ptr<f32>, %[[N:.*]]: i32, %[[S:.*]]: i32)
// CHECK: %[[P0:.*]] = tt.addptr %{{.*}}, %{{.*}} : tensor<8x16x!tt.ptr<f32>>, tensor<8x16xi32>
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[R:.*]]:2 = scf.for %{{.*}} = %{{.*}} to %[[N]] step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}, %[[OFF:.*]] = %[[ZERO]]) -> (tensor<8x16xf32>, i64) : i32 {
// CHECK-NEXT: %[[SPLAT:.*]] = tt.splat %[[OFF]] : i64 -> tensor<8x16xi64>
// CHECK-NEXT: %[[P:.*]] = tt.addptr %[[P0]], %[[SPLAT]] : tensor<8x16x!tt.ptr<f32>>, tensor<8x16xi64>
// CHECK-NEXT: %[[X:.*]] = tt.load %[[P]] : tensor<8x16x!tt.ptr<f32>>
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[X]]
// CHECK-NEXT: %[[STEP:.*]] = arith.muli %[[S]], %{{.*}} : i32
// CHECK-NOT: tt.addptr
// Steps are summed last first: the constant 4, then S * 16.
// CHECK: %[[C4:.*]] = arith.constant 4 : i64
// CHECK-NEXT: %[[OFF1:.*]] = arith.addi %[[OFF]], %[[C4]] : i64
// CHECK-NEXT: %[[STEP64:.*]] = arith.extsi %[[STEP]] : i32 to i64
// CHECK-NEXT: %[[OFF2:.*]] = arith.addi %[[OFF1]], %[[STEP64]] : i64
// CHECK-NEXT: scf.yield %[[SUM]], %[[OFF2]] : tensor<8x16xf32>, i64
// After the loop, the block at its final offset.
// CHECK: %[[FS:.*]] = tt.splat %[[R]]#1 : i64 -> tensor<8x16xi64>
// CHECK-NEXT: %[[FP:.*]] = tt.addptr %[[P0]], %[[FS]] : tensor<8x16x!tt.ptr<f32>>, tensor<8x16xi64>
// CHECK-NEXT: %[[LAST:.*]] = tt.load %[[FP]]
module {
  tt.func public @walk(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32, %s: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c16 = arith.constant 16 : i32
    %four = arith.constant dense<4> : tensor<8x16xi32>
    %zero = arith.constant dense<0.0> : tensor<8x16xf32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %row = tt.expand_dims %r {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %off = tt.broadcast %row : tensor<1x16xi32> -> tensor<8x16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<8x16x!tt.ptr<f32>>
    %p0 = tt.addptr %p, %off : tensor<8x16x!tt.ptr<f32>>, tensor<8x16xi32>
    %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero, %pi = %p0) -> (tensor<8x16xf32>, tensor<8x16x!tt.ptr<f32>>) : i32 {
      %x = tt.load %pi : tensor<8x16x!tt.ptr<f32>>
      %acc2 = arith.addf %acc, %x : tensor<8x16xf32>
      %step = arith.muli %s, %c16 : i32
      %steps = tt.splat %step : i32 -> tensor<8x16xi32>
      %p1 = tt.addptr %pi, %steps : tensor<8x16x!tt.ptr<f32>>, tensor<8x16xi32>
      %p2 = tt.addptr %p1, %four : tensor<8x16x!tt.ptr<f32>>, tensor<8x16xi32>
      scf.yield %acc2, %p2 : tensor<8x16xf32>, tensor<8x16x!tt.ptr<f32>>
    }
    %last = tt.load %res#1 : tensor<8x16x!tt.ptr<f32>>
    %sum = arith.addf %res#0, %last : tensor<8x16xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<8x16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %off : tensor<8x16x!tt.ptr<f32>>, tensor<8x16xi32>
    tt.store %poi, %sum : tensor<8x16x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// A step that differs per element (a gather walk) and a block yielded
// unchanged keep their iteration arguments.
// CHECK-LABEL: tt.func public @not_uniform
// CHECK: scf.for {{.*}} -> (tensor<16x!tt.ptr<f32>>, tensor<16x!tt.ptr<f32>>) : i32 {
// CHECK: tt.addptr %{{.*}}, %{{.*}} : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
// CHECK: scf.yield
module {
  tt.func public @not_uniform(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %p0 = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%pi = %p0, %same = %p0) -> (tensor<16x!tt.ptr<f32>>, tensor<16x!tt.ptr<f32>>) : i32 {
      %p1 = tt.addptr %pi, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
      scf.yield %p1, %same : tensor<16x!tt.ptr<f32>>, tensor<16x!tt.ptr<f32>>
    }
    %x = tt.load %res#0 : tensor<16x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    tt.store %poi, %x : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}
