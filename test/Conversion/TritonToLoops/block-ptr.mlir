// Block pointers: tt.make_tensor_ptr is a set of i64 program scalars (base
// offset, shape, strides, offsets), tt.advance adds to the offsets, and a
// load through one is a tile access at base + sum_d (offset_d + i_d) *
// stride_d, masked by 0 <= offset_d + i_d < shape_d on the boundaryCheck
// dimensions (padding zero: the masked lanes read 0). A block pointer
// carried by scf.for is carried as its scalars. The unit stride of the last
// dimension is a constant, so the lanes are one masked vector access.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @row_sum(%X: !tt.ptr<f32>, %Out: !tt.ptr<f32>, %M: i32, %N: i32) {
    %c0 = arith.constant 0 : i32
    %c64 = arith.constant 64 : i32
    %c1_i64 = arith.constant 1 : i64
    %zeros = arith.constant dense<0.0> : tensor<4x64xf32>
    %m = arith.extsi %M : i32 to i64
    %n = arith.extsi %N : i32 to i64
    %p0 = tt.make_tensor_ptr %X, [%m, %n], [%n, %c1_i64], [%c0, %c0] {order = array<i32: 1, 0>} : <tensor<4x64xf32>>
    %r:2 = scf.for %k = %c0 to %N step %c64 iter_args(%p = %p0, %acc = %zeros) -> (!tt.ptr<tensor<4x64xf32>>, tensor<4x64xf32>) : i32 {
      %x = tt.load %p {boundaryCheck = array<i32: 1>, padding = 1 : i32} : !tt.ptr<tensor<4x64xf32>>
      %a = arith.addf %acc, %x : tensor<4x64xf32>
      %p2 = tt.advance %p, [%c0, %c64] : <tensor<4x64xf32>>
      scf.yield %p2, %a : !tt.ptr<tensor<4x64xf32>>, tensor<4x64xf32>
    }
    %o = tt.make_tensor_ptr %Out, [%m, %n], [%n, %c1_i64], [%c0, %c0] {order = array<i32: 1, 0>} : <tensor<4x64xf32>>
    tt.store %o, %r#1 {boundaryCheck = array<i32: 0, 1>} : !tt.ptr<tensor<4x64xf32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @row_sum__body(
// CHECK-SAME: %[[X:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>, %[[M:[a-z0-9]+]]: i32, %[[N:[a-z0-9]+]]: i32
// CHECK: %[[ONE:[a-z0-9_]+]] = arith.constant 1 : i64
// CHECK: %[[M64:[a-z0-9_]+]] = arith.extsi %[[M]] : i32 to i64
// CHECK: %[[N64:[a-z0-9_]+]] = arith.extsi %[[N]] : i32 to i64
// The block pointer's scalars (base, shape, strides, offsets) are iter_args.
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[N]] step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[M64]], %{{.*}} = %[[N64]], %{{.*}} = %[[N64]], %{{.*}} = %[[ONE]], %[[O0:[a-z0-9_]+]] = %{{.*}}, %[[O1:[a-z0-9_]+]] = %{{.*}}) -> (i64, i64, i64, i64, i64, i64, i64) : i32 {
// tt.advance: offset 1 plus 64.
// CHECK: %[[ADV:[a-z0-9_]+]] = arith.addi %[[O1]], %{{.*}} : i64
// CHECK: scf.for %[[I:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: scf.for %[[J:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// Position of lane 0: offsets plus the nest indices; the element offset,
// with the strides known before the loop (only the offsets are advanced).
// CHECK: %[[PI:[a-z0-9_]+]] = arith.addi %[[O0]], %{{.*}} : i64
// CHECK: %[[PJ:[a-z0-9_]+]] = arith.addi %[[O1]], %{{.*}} : i64
// CHECK: arith.muli %[[PI]], %[[N64]] : i64
// CHECK: arith.muli %[[PJ]], %[[ONE]] : i64
// Only dimension 1 is checked: 0 <= pos < shape over the lanes.
// CHECK: %[[LO:[a-z0-9_]+]] = arith.cmpi sge, %{{.*}}, %{{.*}} : vector<16xi64>
// CHECK: %[[HI:[a-z0-9_]+]] = arith.cmpi slt, %{{.*}}, %{{.*}} : vector<16xi64>
// CHECK: %[[IN:[a-z0-9_]+]] = arith.andi %[[LO]], %[[HI]] : vector<16xi1>
// The constant unit stride makes the lanes one masked contiguous load.
// CHECK: vector.maskedload %[[X]][%{{.*}}], %[[IN]], %{{.*}} : memref<?xf32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: scf.yield %{{.*}}, %[[M64]], %[[N64]], %[[N64]], %[[ONE]], %{{.*}}, %[[ADV]] : i64, i64, i64, i64, i64, i64, i64
// The store checks both dimensions, the row and the column (one element at
// a time: Vec's plan does not cover block-pointer stores yet).
// CHECK: arith.cmpi sge, %{{.*}}, %{{.*}} : i64
// CHECK: arith.cmpi slt, %{{.*}}, %[[M64]] : i64
// CHECK: arith.cmpi sge, %{{.*}}, %{{.*}} : i64
// CHECK: arith.cmpi slt, %{{.*}}, %[[N64]] : i64
// CHECK: memref.store %{{.*}}, %[[OUT]][%{{.*}}] : memref<?xf32>
