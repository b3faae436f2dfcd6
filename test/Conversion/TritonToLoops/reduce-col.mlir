// Column reduction (axis = 0 of a row-major 32x16 tile): the 16 columns are
// the vector lanes; the loop over the 32 rows carries one vector<16xf32> and
// combines with the reduction's op (maxnumf), with no horizontal tree.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @col_sum(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c16 = arith.constant dense<16> : tensor<32x1xi32>
    %rr = tt.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
    %rows = tt.expand_dims %rr {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
    %cr = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %cols = tt.expand_dims %cr {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %ro = arith.muli %rows, %c16 : tensor<32x1xi32>
    %rb = tt.broadcast %ro : tensor<32x1xi32> -> tensor<32x16xi32>
    %cb = tt.broadcast %cols : tensor<1x16xi32> -> tensor<32x16xi32>
    %off = arith.addi %rb, %cb : tensor<32x16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<32x16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %off : tensor<32x16x!tt.ptr<f32>>, tensor<32x16xi32>
    %x = tt.load %pi : tensor<32x16x!tt.ptr<f32>>
    %s = "tt.reduce"(%x) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.maxnumf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<32x16xf32>) -> tensor<16xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %cr : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    tt.store %poi, %s : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @col_sum__body(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>
// CHECK: %[[ACC:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<16xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: scf.for %[[COL:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[FIRST:[a-z0-9_]+]] = vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK: %[[C32:[a-z0-9_]+]] = arith.constant 32 : index
// CHECK: %[[RED:[a-z0-9_]+]] = scf.for %{{.*}} = %{{.*}} to %[[C32]] step %{{.*}} iter_args(%[[A:[a-z0-9_]+]] = %[[FIRST]]) -> (vector<16xf32>) {
// CHECK: %[[V:[a-z0-9_]+]] = vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK: %[[M:[a-z0-9_]+]] = arith.maxnumf %[[A]], %[[V]] : vector<16xf32>
// CHECK: scf.yield %[[M]] : vector<16xf32>
// CHECK: }
// CHECK-NOT: vector.extract_strided_slice
// CHECK: vector.store %[[RED]], %[[ACC]][%[[COL]]] : memref<16xf32>, vector<16xf32>
// CHECK: %[[R:[a-z0-9_]+]] = vector.load %[[ACC]][%{{.*}}] : memref<16xf32>, vector<16xf32>
// CHECK: vector.store %[[R]], %[[OUT]][%{{.*}}] : memref<?xf32>, vector<16xf32>
