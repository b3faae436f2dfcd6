// A load contiguous along the first dimension of its block and strided along
// the last (Inductor's transposing copies: out[y][x] = in[x][y]) is read by
// tiles of 16 x 16: sixteen contiguous vectors along the first dimension,
// transposed in registers by four rounds of sixteen two-input shuffles into
// a buffer whose rows run along the last dimension; the store reads the
// buffer and writes contiguous rows. Without this the store's nest gathers
// sixteen elements 16 apart per vector (what @row_major keeps: its load is
// contiguous along the last dimension, nothing to transpose).
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @transpose_tile(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c16x = arith.constant dense<16> : tensor<1x16xi32>
    %c16y = arith.constant dense<16> : tensor<16x1xi32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %y = tt.expand_dims %r {axis = 1 : i32} : tensor<16xi32> -> tensor<16x1xi32>
    %x = tt.expand_dims %r {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    // in[y + 16 x]: unit stride along y (dim 0), 16 along x (dim 1).
    %xs = arith.muli %x, %c16x : tensor<1x16xi32>
    %yb = tt.broadcast %y : tensor<16x1xi32> -> tensor<16x16xi32>
    %xb = tt.broadcast %xs : tensor<1x16xi32> -> tensor<16x16xi32>
    %src = arith.addi %yb, %xb : tensor<16x16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %src : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    %v = tt.load %pi : tensor<16x16x!tt.ptr<f32>>
    // out[16 y + x]: unit stride along x.
    %ys = arith.muli %y, %c16y : tensor<16x1xi32>
    %ysb = tt.broadcast %ys : tensor<16x1xi32> -> tensor<16x16xi32>
    %xb2 = tt.broadcast %x : tensor<1x16xi32> -> tensor<16x16xi32>
    %dst = arith.addi %ysb, %xb2 : tensor<16x16xi32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %dst : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    tt.store %poi, %v : tensor<16x16x!tt.ptr<f32>>
    tt.return
  }

  tt.func public @row_major(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c16y = arith.constant dense<16> : tensor<16x1xi32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %y = tt.expand_dims %r {axis = 1 : i32} : tensor<16xi32> -> tensor<16x1xi32>
    %x = tt.expand_dims %r {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %ys = arith.muli %y, %c16y : tensor<16x1xi32>
    %ysb = tt.broadcast %ys : tensor<16x1xi32> -> tensor<16x16xi32>
    %xb = tt.broadcast %x : tensor<1x16xi32> -> tensor<16x16xi32>
    %off = arith.addi %ysb, %xb : tensor<16x16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %off : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    %v = tt.load %pi : tensor<16x16x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %off : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    tt.store %poi, %v : tensor<16x16x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @transpose_tile__body(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>
// CHECK: %[[TILE:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<16x16xf32>
// CHECK-NOT: vector.gather
// CHECK-COUNT-16: vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// The first round swaps the 8 x 8 blocks: lanes 8-15 of column 0 with lanes
// 0-7 of column 8.
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23] : vector<16xf32>, vector<16xf32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31] : vector<16xf32>, vector<16xf32>
// CHECK-COUNT-62: vector.shuffle
// CHECK-NOT: vector.shuffle
// CHECK-COUNT-16: vector.store %{{.*}}, %[[TILE]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<16xf32>
// CHECK-NOT: vector.gather
// CHECK: %[[ROW:[a-z0-9_]+]] = vector.load %[[TILE]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<16xf32>
// CHECK: vector.store %[[ROW]], %[[OUT]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK: return

// CHECK-LABEL: func.func @row_major__body(
// CHECK-NOT: memref.alloca
// CHECK-NOT: vector.shuffle
// CHECK: vector.load %{{.*}} : memref<?xf32>, vector<16xf32>
// CHECK: vector.store
