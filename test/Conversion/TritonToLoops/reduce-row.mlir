// Row reduction (axis = last, contiguous): each row is summed in a 64-lane
// vector accumulator (four registers of 16 lanes: first vector as init, loop
// over the remaining vectors), then folded by the strided-slice tree
// 64 -> 32 -> 16 -> 8 -> 4 -> 2 -> 1 and stored into the per-program result
// buffer.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @row_sum(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c128 = arith.constant dense<128> : tensor<4x1xi32>
    %c4 = arith.constant 4 : i32
    %pid = tt.get_program_id x : i32
    %row0 = arith.muli %pid, %c4 : i32
    %rr = tt.make_range {end = 4 : i32, start = 0 : i32} : tensor<4xi32>
    %rs = tt.splat %row0 : i32 -> tensor<4xi32>
    %rows = arith.addi %rs, %rr : tensor<4xi32>
    %rows2 = tt.expand_dims %rows {axis = 1 : i32} : tensor<4xi32> -> tensor<4x1xi32>
    %cols = tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %cols2 = tt.expand_dims %cols {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
    %rowoff = arith.muli %rows2, %c128 : tensor<4x1xi32>
    %rb = tt.broadcast %rowoff : tensor<4x1xi32> -> tensor<4x128xi32>
    %cb = tt.broadcast %cols2 : tensor<1x128xi32> -> tensor<4x128xi32>
    %off = arith.addi %rb, %cb : tensor<4x128xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<4x128x!tt.ptr<f32>>
    %pi = tt.addptr %p, %off : tensor<4x128x!tt.ptr<f32>>, tensor<4x128xi32>
    %x = tt.load %pi : tensor<4x128x!tt.ptr<f32>>
    %s = "tt.reduce"(%x) <{axis = 1 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<4x128xf32>) -> tensor<4xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<4x!tt.ptr<f32>>
    %poi = tt.addptr %po, %rows : tensor<4x!tt.ptr<f32>>, tensor<4xi32>
    tt.store %poi, %s : tensor<4x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @row_sum__body(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>
// CHECK: %[[ACC:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<4xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: scf.for %[[ROW:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[FIRST:[a-z0-9_]+]] = vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<64xf32>
// CHECK: %[[PART:[a-z0-9_]+]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[A:[a-z0-9_]+]] = %[[FIRST]]) -> (vector<64xf32>) {
// CHECK: %[[V:[a-z0-9_]+]] = vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<64xf32>
// CHECK: %[[S:[a-z0-9_]+]] = arith.addf %[[A]], %[[V]] : vector<64xf32>
// CHECK: scf.yield %[[S]] : vector<64xf32>
// CHECK: }
// CHECK: %[[L32:[a-z0-9_]+]] = vector.extract_strided_slice %[[PART]] {offsets = [0], sizes = [32], strides = [1]} : vector<64xf32> to vector<32xf32>
// CHECK: %[[H32:[a-z0-9_]+]] = vector.extract_strided_slice %[[PART]] {offsets = [32], sizes = [32], strides = [1]} : vector<64xf32> to vector<32xf32>
// CHECK: %[[S32:[a-z0-9_]+]] = arith.addf %[[L32]], %[[H32]] : vector<32xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: %[[S8:[a-z0-9_]+]] = arith.addf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK: vector.extract_strided_slice %[[S8]] {offsets = [0], sizes = [4], strides = [1]} : vector<8xf32> to vector<4xf32>
// CHECK: vector.extract_strided_slice %[[S8]] {offsets = [4], sizes = [4], strides = [1]} : vector<8xf32> to vector<4xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<2xf32>
// CHECK: %[[S1:[a-z0-9_]+]] = arith.addf %{{.*}}, %{{.*}} : vector<1xf32>
// CHECK: %[[R:[a-z0-9_]+]] = vector.extract %[[S1]][0] : f32 from vector<1xf32>
// CHECK: memref.store %[[R]], %[[ACC]][%[[ROW]]] : memref<4xf32>
// The 4 row sums are then stored to out as one vector.
// CHECK: %[[OUTV:[a-z0-9_]+]] = vector.load %[[ACC]][%{{.*}}] : memref<4xf32>, vector<4xf32>
// CHECK: vector.store %[[OUTV]], %{{.*}}[%{{.*}}] : memref<?xf32>, vector<4xf32>
