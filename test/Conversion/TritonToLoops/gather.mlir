// An indirect load (embedding lookup: the offsets come from memory) is not
// provably contiguous: it becomes vector.gather with the loaded indices as
// lane offsets, while the contiguous index load and the store stay
// vector.load/vector.store.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @gather(%table: !tt.ptr<f32>, %ids: !tt.ptr<i64>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %pi = tt.splat %ids : !tt.ptr<i64> -> tensor<64x!tt.ptr<i64>>
    %pii = tt.addptr %pi, %idx : tensor<64x!tt.ptr<i64>>, tensor<64xi32>
    %id = tt.load %pii : tensor<64x!tt.ptr<i64>>
    %pt = tt.splat %table : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pti = tt.addptr %pt, %id : tensor<64x!tt.ptr<f32>>, tensor<64xi64>
    %x = tt.load %pti : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @gather__body(
// CHECK-SAME: %[[TABLE:[a-z0-9]+]]: memref<?xf32>, %[[IDS:[a-z0-9]+]]: memref<?xi64>, %[[OUT:[a-z0-9]+]]: memref<?xf32>
// CHECK: %[[ID:[a-z0-9_]+]] = vector.load %[[IDS]][%{{.*}}] : memref<?xi64>, vector<16xi64>
// CHECK: %[[OFFS:[a-z0-9_]+]] = arith.addi %{{.*}}, %[[ID]] : vector<16xi64>
// CHECK: %[[X:[a-z0-9_]+]] = vector.gather %[[TABLE]][%{{.*}}] [%[[OFFS]]], %{{.*}}, %{{.*}} : memref<?xf32>, vector<16xi64>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: vector.store %[[X]], %[[OUT]][%{{.*}}] : memref<?xf32>, vector<16xf32>
