// A load/store masked by `idx < n` (the Inductor xmask) becomes
// vector.maskedload/maskedstore with the compare as the lane mask and the
// `other` value as pass-through.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @masked(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ns = tt.splat %n : i32 -> tensor<64xi32>
    %m = arith.cmpi slt, %idx, %ns : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %other = arith.constant dense<2.5> : tensor<64xf32>
    %x = tt.load %pai, %m, %other : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x, %m : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @masked__body(
// CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>, %[[N:[a-z0-9]+]]: i32
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[NV:[a-z0-9_]+]] = vector.broadcast %[[N]] : i32 to vector<16xi32>
// CHECK: %[[M:[a-z0-9_]+]] = arith.cmpi slt, %{{.*}}, %[[NV]] : vector<16xi32>
// CHECK: %[[OTHER:[a-z0-9_]+]] = arith.constant 2.500000e+00 : f32
// CHECK: %[[PASS:[a-z0-9_]+]] = vector.broadcast %[[OTHER]] : f32 to vector<16xf32>
// CHECK: %[[X:[a-z0-9_]+]] = vector.maskedload %[[A]][%{{.*}}], %[[M]], %[[PASS]] : memref<?xf32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: vector.maskedstore %[[OUT]][%{{.*}}], %[[M]], %[[X]] : memref<?xf32>, vector<16xi1>, vector<16xf32>
// CHECK-NOT: vector.load
// CHECK-NOT: vector.gather
